"""«Meld endring» in «Mine saker» (portal/views_change.py): only a parent of the household, only on a case
with a sent vedtak; the report is the caseworker's change_register with source «parent»."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.constants import CaseStatus as S
from cases.constants import ChangeKind
from cases.models import AuditEvent, Case, Change, Decision
from cases.services.workflow import transition_case
from tests import factories
from tests.portal.conftest import log_in_parent
from tests.views.conftest import make_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_household(household):
    """The portal household's case with an approved vedtak that was sent (the rows delivery leaves)."""
    from cases.constants import Role
    from cases.services.approval import decision_approve
    from cases.services.assessment import decision_propose
    from cases.services.parameters import legal_parameters_load_seed

    legal_parameters_load_seed()
    kommune = household.municipality
    case = make_ready(household)
    decision = decision_propose(case_id=case.pk, actor=factories.staff("sb", kommune))
    decision_approve(decision_id=decision.pk, actor=factories.staff("gk", kommune, Role.GODKJENNER))
    Decision.objects.filter(pk=decision.pk).update(sent_at=timezone.now(), delivery_channel="print")
    transition_case(case_id=case.pk, to=S.SENT, reason="Sendt")
    return Case.objects.get(pk=case.pk)


def url(case):
    return reverse("portal:report_change", args=[case.municipality.kommunenummer, case.pk])


def child_left(case):
    return {"kind": ChangeKind.CHILD_LEFT, "change_date": "2027-03-01",
            "child_id": case.application.children.order_by("pk").first().pk}


def test_a_parent_of_another_household_gets_404(client, portal_kommune, sent_household):
    other = factories.case(portal_kommune, partner=True)
    log_in_parent(client, portal_kommune, other.application.household.applicant.person_id)
    assert client.get(url(sent_household)).status_code == 404
    assert client.post(url(sent_household), child_left(sent_household)).status_code == 404
    assert not Change.objects.exists()


def test_not_logged_in_goes_to_the_start_page(client, sent_household):
    response = client.post(url(sent_household), child_left(sent_household))
    assert response.status_code == 302 and "utlogget" in response["Location"]
    assert not Change.objects.exists()


def test_no_report_before_the_vedtak_is_sent(client, portal_kommune, household):
    log_in_parent(client, portal_kommune, household.application.household.applicant.person_id)
    page = client.get(url(household)).content.decode()
    assert 'id="kan-ikke-melde"' in page
    response = client.post(url(household), child_left(household))
    assert response.status_code == 400 and not Change.objects.exists()


def test_the_partner_reports_a_child_leaving(client, portal_kommune, sent_household):
    partner = sent_household.application.household.partner
    log_in_parent(client, portal_kommune, partner.person_id)
    case_page = client.get(reverse("portal:case", args=[portal_kommune.kommunenummer, sent_household.pk]))
    assert 'id="meld-endring"' in case_page.content.decode()
    response = client.post(url(sent_household), child_left(sent_household))
    assert response.status_code == 302 and response["Location"].endswith("?meldt=1")
    change = Change.objects.get(case=sent_household)
    assert (change.source, change.registered_by, change.change_date) == ("parent", None, datetime.date(2027, 3, 1))
    assert Case.objects.get(pk=sent_household.pk).status in (S.READY_FOR_ASSESSMENT, S.PROPOSED)
    assert AuditEvent.objects.filter(case=sent_household, action="register_change").exists()
    assert 'id="endring-meldt"' in client.get(response["Location"]).content.decode()


def test_a_bad_date_is_worded_for_parents(client, portal_kommune, sent_household):
    log_in_parent(client, portal_kommune, sent_household.application.household.applicant.person_id)
    response = client.post(url(sent_household), {**child_left(sent_household), "change_date": "2028-01-01"})
    assert response.status_code == 400
    assert "Datoen må ligge i barnehageåret" in response.content.decode()
    assert not Change.objects.exists()


def test_nynorsk_and_english_labels(client, portal_kommune, sent_household):
    from portal.sessions import LANGUAGE_KEY

    store = log_in_parent(client, portal_kommune, sent_household.application.household.applicant.person_id)
    for language, text in (("nn", "Kva har endra seg?"), ("en", "What has changed?")):
        store[LANGUAGE_KEY] = language
        store.save()
        assert text in client.get(url(sent_household)).content.decode()
