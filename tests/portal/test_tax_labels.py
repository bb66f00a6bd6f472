"""Tax posts in plain words: the parent reads «Lønn» (nynorsk «Løn», English «Salary») for Skatteetaten's
technical names (docs/reference: summert skattegrunnlag V2 vocabulary), in their own language, and only
for their own items; an unknown name falls back to its class, never to nothing."""
import pytest
from django.urls import reverse

from portal.sessions import LANGUAGE_KEY
from portal.tax_labels import plain_label
from tests.portal.conftest import log_in_parent
from tests.portal.test_cases import _tax

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name,cls,label", [
    ("samletLoennsinntektMedTrygdeavgiftspliktOgMedTrekkplikt", "personinntekt", "Lønn"),
    ("pensjonsinntektOmfattetAvLoennstrekkordningen", "personinntekt", "Pensjon"),
    ("ufoeretrygdOmfattetAvLoennstrekkordningen", "personinntekt", "Uføretrygd og uføreytelser"),
    ("arbeidsinntektFraKompensasjonsytelseUtbetaltAvNav", "personinntekt", "Kompensasjonsytelse fra NAV"),
    ("arbeidsavklaringspenger", "personinntekt", "Arbeidsavklaringspenger (AAP)"),
    ("samledeOpptjenteRenterIInnenlandskeBanker", "kapitalinntekt", "Renter"),
    ("minstefradragIInntekt", "not_counted", "Minstefradrag"),
    ("samletPersoninntektFraEnkeltpersonforetakInnenFiskeOgFangst", "personinntekt", "Inntekt fra eget firma"),
    ("oevrigInntekt", "kapitalinntekt", "Annen kapitalinntekt"),
    ("enHeltNyPostFraSkatteetaten", "unknown", "Annen post"),
])
def test_plain_labels(name, cls, label):
    assert plain_label({"tekniskNavn": name, "class": cls}) == label


@pytest.mark.parametrize("language,label,counts", [("nb", "Lønn", "Ja"), ("nn", "Løn", "Ja"),
                                                   ("en", "Salary", "Yes")])
def test_the_parent_reads_their_own_items_in_their_language(client, portal_kommune, household, language, label,
                                                            counts):
    household_ = household.application.household
    _tax(household, household_.applicant, "soker", 512345, "samletLoennsinntektMedTrygdeavgiftspliktOgMedTrekkplikt")
    _tax(household, household_.partner, "partner", 98765, "arbeidsavklaringspenger")
    store = log_in_parent(client, portal_kommune, household_.applicant.person_id)
    store[LANGUAGE_KEY] = language
    store.save()
    page = client.get(reverse("portal:case", args=[portal_kommune.kommunenummer, household.pk])).content.decode()
    table = page[page.index('id="own-tax"'):page.index("</table>", page.index('id="own-tax"'))]
    assert f"<td>{label}<br>" in table and f"<td>{counts}</td>" in table and "512\u00a0345 kr" in table
    assert "98765" not in page and "arbeidsavklaringspenger" not in page.lower()  # not the partner's post
