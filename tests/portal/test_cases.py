"""«Mine saker»: plain-word states, both adults see the case, each sees only their own tax items, the
vedtak letter for both adults once sent (audited), withdrawing (applicant only, never a final case)."""
import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from cases.constants import CaseStatus, Role
from cases.models import AuditEvent, Decision, TaxBasis
from tests import factories
from tests.portal.conftest import log_in_parent
from tests.support.person_ids import make_person_id

pytestmark = pytest.mark.django_db


def _adults(case):
    household = case.application.household
    return household.applicant, household.partner


def _tax(case, person, role, amount, name):
    return TaxBasis.objects.create(case=case, person=person, role=role, status="done", outcome="found",
                                   income_year=2025, items=[{"tekniskNavn": name, "beloep": amount,
                                                             "class": "personinntekt"}])


def _set_status(case, status):
    type(case).objects.filter(pk=case.pk).update(status=status)


def test_plain_word_states(client, portal_kommune, household):
    applicant, _partner = _adults(household)
    log_in_parent(client, portal_kommune, applicant.person_id)
    kn = portal_kommune.kommunenummer
    for status, text in [(CaseStatus.RECEIVED, "Mottatt"), (CaseStatus.FETCHING_INCOME, "Henter inntekt"),
                         (CaseStatus.PROPOSED, "Til behandling"), (CaseStatus.SENT, "Vedtak sendt")]:
        _set_status(household, status)
        listing = client.get(reverse("portal:cases", args=[kn])).content.decode()
        assert household.saksnummer in listing and text in listing
        assert CaseStatus(status).label not in listing or CaseStatus(status).label == text


def test_both_adults_see_the_case_but_only_their_own_tax_items(client, portal_kommune, household):
    applicant, partner = _adults(household)
    _tax(household, applicant, "soker", 512345, "loennsinntektSoeker")
    _tax(household, partner, "partner", 398765, "arbeidsavklaringspengerPartner")
    kn = portal_kommune.kommunenummer
    log_in_parent(client, portal_kommune, partner.person_id)
    page = client.get(reverse("portal:case", args=[kn, household.pk])).content.decode()
    partners, applicants = "398\u00a0765", "512\u00a0345"  # as the page formats amounts
    assert partners in page and "arbeidsavklaringspengerPartner" in page
    assert applicants not in page and "512345" not in page and "loennsinntektSoeker" not in page
    log_in_parent(client, portal_kommune, applicant.person_id)
    page = client.get(reverse("portal:case", args=[kn, household.pk])).content.decode()
    assert applicants in page and partners not in page and "398765" not in page
    for child in household.application.children.all():
        assert f"<li>{child.full_name} – " in page  # the names this application gave
    assert AuditEvent.objects.filter(case=household, action="view_tax_data").count() == 2


def _sent_decision(case):
    approver = factories.staff(f"godkjenner{case.pk}", case.municipality, Role.GODKJENNER)
    decision = Decision.objects.create(approved_by=approver,
        case=case, status=Decision.Status.APPROVED, calculated_on=datetime.date(2026, 8, 1),
        valid_from=datetime.date(2026, 8, 1), valid_to=datetime.date(2027, 7, 31), household_income=450000,
        total_monthly_fee=2100, rules_version="test", approved_at=timezone.now(), sent_at=timezone.now())
    decision.pdf.save("vedtak-test.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    _set_status(case, CaseStatus.SENT)
    return decision


def test_both_adults_download_the_sent_vedtak_and_it_is_audited(client, portal_kommune, household):
    applicant, partner = _adults(household)
    kn = portal_kommune.kommunenummer
    url = reverse("portal:vedtak", args=[kn, household.pk])
    log_in_parent(client, portal_kommune, applicant.person_id)
    assert client.get(url).status_code == 404  # nothing sent yet
    _sent_decision(household)
    page = client.get(reverse("portal:case", args=[kn, household.pk])).content.decode()
    assert "2\u00a0100 kr" in page and 'id="vedtak-download"' in page
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(case=household, action="download_vedtak").count() == 1
    # the partner is a party too: SvarUt sends them the same letter (docs/delivery.md), so the portal shows it
    # (forvaltningsloven §§ 27 and 18; docs/portal.md); their own download is audited as theirs
    log_in_parent(client, portal_kommune, partner.person_id)
    page = client.get(reverse("portal:case", args=[kn, household.pk])).content.decode()
    assert "2\u00a0100 kr" in page and 'id="vedtak-download"' in page
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(case=household, action="download_vedtak",
                                     detail__contains="den andre voksne").count() == 1


def test_another_household_gets_404_for_the_letter(client, portal_kommune, household):
    _sent_decision(household)
    log_in_parent(client, portal_kommune, make_person_id(datetime.date(1984, 4, 4)))
    assert client.get(reverse("portal:vedtak", args=[portal_kommune.kommunenummer, household.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="download_vedtak").exists()


def test_withdraw_by_the_applicant_only(client, portal_kommune, household):
    applicant, partner = _adults(household)
    kn = portal_kommune.kommunenummer
    url = reverse("portal:withdraw", args=[kn, household.pk])
    log_in_parent(client, portal_kommune, partner.person_id)
    assert client.post(url, {"confirm": "yes"}).status_code == 404
    log_in_parent(client, portal_kommune, applicant.person_id)
    client.post(url)  # not confirmed: nothing happens
    household.refresh_from_db()
    assert household.status == CaseStatus.RECEIVED
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    household.refresh_from_db()
    assert household.status == CaseStatus.WITHDRAWN
    assert not household.application.children.filter(is_active=True).exists()
    assert "Trukket" in client.get(reverse("portal:cases", args=[kn])).content.decode()


def test_a_sent_case_cannot_be_withdrawn(client, portal_kommune, household):
    applicant, _partner = _adults(household)
    _sent_decision(household)
    log_in_parent(client, portal_kommune, applicant.person_id)
    kn = portal_kommune.kommunenummer
    assert "Trekk søknaden" not in client.get(reverse("portal:case", args=[kn, household.pk])).content.decode()
    client.post(reverse("portal:withdraw", args=[kn, household.pk]), {"confirm": "yes"})
    household.refresh_from_db()
    assert household.status == CaseStatus.SENT
