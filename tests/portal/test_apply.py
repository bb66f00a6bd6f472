"""The parent's application: prefilled applicant from pid, the estimate from the rules engine on a typed
income (not stored, no tax data fetched), sending creates the same application and case as caseworker
registration (channel digital) and queues the same income fetch, errors in the parent's language."""
import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from cases import rules
from cases.constants import CaseStatus, Channel
from cases.models import Application, Case, TaxBasis
from cases.services.parameters import parameter_table
from portal.estimate import first_month
from portal.sessions import LANGUAGE_KEY
from tests.portal.conftest import log_in_parent
from tests.support.person_ids import make_person_id

pytestmark = pytest.mark.django_db
PARENT = make_person_id(datetime.date(1990, 5, 17))
PARTNER = make_person_id(datetime.date(1989, 2, 3))
CHILD_1 = make_person_id(datetime.date(2022, 3, 1))
CHILD_2 = make_person_id(datetime.date(2024, 6, 2))


def form_data(**overrides):
    data = {
        "service": "barnehage", "period": "2026/27", "applicant_given_name": "Kari",
        "applicant_family_name": "Nordmann",
        "address": "Storgata 1", "email": "", "partner_relation": "samboer", "partner_person_id": PARTNER,
        "partner_given_name": "Ola", "partner_family_name": "Nordmann", "estimate_income": "",
        "child0_person_id": CHILD_1, "child0_given_name": "Ada", "child0_family_name": "Nordmann",
        "child0_institution": "Solsikken", "child0_weekly_hours": "41", "child0_monthly_price": "1200",
        "child1_person_id": CHILD_2, "child1_given_name": "Bo", "child1_family_name": "Nordmann",
        "child1_institution": "Solsikken", "child1_weekly_hours": "41", "child1_monthly_price": "1200",
    }
    data.update(overrides)
    return data


@pytest.fixture
def parent(client, portal_kommune):
    log_in_parent(client, portal_kommune, PARENT)
    return client


def url(kommune, name="portal:apply"):
    return reverse(name, args=[kommune.kommunenummer])


def test_the_form_shows_the_pid_from_idporten_and_works_without_javascript(parent, portal_kommune):
    page = parent.get(url(portal_kommune))
    html = page.content.decode()
    assert page.status_code == 200 and PARENT in html
    assert "<script" not in html and 'method="post"' in html
    assert "samboer" in html.lower() and "Skatteetaten" in html


def test_the_estimate_comes_from_the_rules_engine_and_is_not_stored(parent, portal_kommune, queued):
    page = parent.post(url(portal_kommune), form_data(estimate_income="450000", action="estimate"))
    assert page.status_code == 200
    estimate = page.context["estimate"]
    expected = rules.calculate(rules.HouseholdInput(
        service="barnehage", municipality=rules.Municipality(zone="standard"), income=Decimal(450000),
        children=(rules.BarnehageChild(id="0", birth_date=datetime.date(2022, 3, 1), weekly_hours=Decimal(41),
                                       monthly_price=Decimal(1200)),
                  rules.BarnehageChild(id="1", birth_date=datetime.date(2024, 6, 2), weekly_hours=Decimal(41),
                                       monthly_price=Decimal(1200)))),
        on=first_month("barnehage", "2026/27"), params=parameter_table())
    assert [c.monthly_fee for c in estimate.children] == [int(c.monthly_fee) for c in expected.children]
    assert estimate.total == int(expected.total_monthly_fee)
    assert estimate.children[1].monthly_fee < estimate.children[0].monthly_fee  # sibling discount
    assert 'id="estimate"' in page.content.decode()
    # nothing sent: no application, no case, no tax fetch, and the figure is nowhere in the session
    assert not Application.objects.exists() and not Case.objects.exists() and not TaxBasis.objects.exists()
    assert queued == []
    portal_session = SessionStore(parent.cookies[settings.PORTAL_SESSION_COOKIE_NAME].value).load()
    assert "450000" not in str(portal_session)


def test_a_lower_income_gives_a_lower_estimate(parent, portal_kommune):
    low = parent.post(url(portal_kommune), form_data(estimate_income="250000", action="estimate")).context["estimate"]
    high = parent.post(url(portal_kommune), form_data(estimate_income="900000", action="estimate")).context["estimate"]
    assert low.total < high.total


def test_sending_creates_the_same_application_and_case_as_registration(parent, portal_kommune, queued):
    response = parent.post(url(portal_kommune), form_data(estimate_income="450000", action="send"))
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == reverse("portal:receipt", args=[portal_kommune.kommunenummer, case.pk])
    application = case.application
    assert application.channel == Channel.DIGITAL and application.municipality == portal_kommune
    assert application.household.applicant.person_id == PARENT
    assert application.household.partner.person_id == PARTNER
    assert application.household.partner_relation == "samboer"
    assert application.children.count() == 2 and case.status == CaseStatus.RECEIVED
    assert queued == [case.pk]  # the same income fetch as caseworker registration, queued on commit
    receipt = parent.get(response["Location"])
    assert case.saksnummer in receipt.content.decode() and "Ada Nordmann, Bo Nordmann" in receipt.content.decode()


def test_errors_are_shown_and_nothing_is_saved(parent, portal_kommune, queued):
    response = parent.post(url(portal_kommune), form_data(child0_person_id="12345678901", child1_weekly_hours="0",
                                                          action="send"))
    assert response.status_code == 400 and not Case.objects.exists()
    form = response.context["form"]
    assert "child0_person_id" in form.errors and "child1_weekly_hours" in form.errors


@pytest.mark.parametrize("language, text", [("nn", "Fødselsnummeret er ikkje gyldig"),
                                            ("en", "The national identity number is not valid")])
def test_errors_follow_the_chosen_language(parent, portal_kommune, language, text):
    parent.post(reverse("portal:language", args=[portal_kommune.kommunenummer]), {"language": language})
    response = parent.post(url(portal_kommune), form_data(child0_person_id="12345678901", action="send"))
    assert text in response.content.decode()
    assert f'lang="{language}"' in response.content.decode()


def test_a_duplicate_child_is_refused_in_plain_words(parent, portal_kommune, queued):
    parent.post(url(portal_kommune), form_data(action="send"))
    again = parent.post(url(portal_kommune), form_data(action="send"))
    assert again.status_code == 400 and Case.objects.count() == 1
    assert "allerede en søknad" in again.content.decode()


def test_language_choice_is_kept_in_the_portal_session_only(parent, portal_kommune):
    parent.post(reverse("portal:language", args=[portal_kommune.kommunenummer]), {"language": "en"})
    page = parent.get(url(portal_kommune))
    assert "Apply for reduced parental fees" in page.content.decode()
    assert LANGUAGE_KEY
