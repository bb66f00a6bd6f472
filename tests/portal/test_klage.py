"""«Klag på vedtaket» in «Mine saker» (issue 14): attackers first (anonymous, a parent of another household,
a staff user, a case without a sent vedtak), then a parent filing in time and after the klagefrist."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.klage.choices import KlageChannel, KlageStatus, UtsattIverksetting
from cases.klage.models import Klage
from cases.models import AuditEvent
from portal.sessions import LANGUAGE_KEY
from tests import factories
from tests.klage.conftest import send_vedtak
from tests.portal.conftest import log_in_parent

pytestmark = pytest.mark.django_db
D = datetime.timedelta


@pytest.fixture
def approver(portal_kommune):
    return factories.staff("godkjenner-portal", portal_kommune, "godkjenner")


def _url(case, name="portal:klage"):
    return reverse(name, args=[case.municipality.kommunenummer, case.pk])


def _adults(case):
    household = case.application.household
    return household.applicant, household.partner


def test_anonymous_is_sent_to_the_portal_start_not_the_staff_login(client, household, approver):
    send_vedtak(household, approver=approver, reached=timezone.localdate() - D(days=3))
    for response in (client.get(_url(household)), client.post(_url(household), {"text": "Klage"})):
        assert response.status_code == 302 and "/innbygger/" in response["Location"]
    assert not Klage.objects.exists()


def test_a_staff_user_without_a_parent_session_cannot_file(client, household, approver):
    send_vedtak(household, approver=approver, reached=timezone.localdate() - D(days=3))
    client.force_login(approver)
    response = client.post(_url(household), {"text": "Klage"})
    assert response.status_code == 302 and "/innbygger/" in response["Location"]
    assert not Klage.objects.exists()


def test_a_parent_of_another_household_gets_404(client, portal_kommune, household, approver):
    send_vedtak(household, approver=approver, reached=timezone.localdate() - D(days=3))
    other = factories.case(portal_kommune, applicant=factories.person(datetime.date(1980, 1, 2), "Per", "Annen"))
    log_in_parent(client, portal_kommune, other.application.household.applicant.person_id)
    assert client.get(_url(household)).status_code == 404
    assert client.post(_url(household), {"text": "Klage"}).status_code == 404
    assert not Klage.objects.exists()


def test_no_klage_page_for_a_case_without_a_sent_vedtak(client, portal_kommune, household):
    applicant, _partner = _adults(household)
    log_in_parent(client, portal_kommune, applicant.person_id)
    assert client.get(_url(household)).status_code == 404
    assert client.post(_url(household), {"text": "Klage"}).status_code == 404
    page = client.get(_url(household, "portal:case")).content.decode()
    assert 'id="klag-pa-vedtaket"' not in page
    assert not Klage.objects.exists()


def test_a_parent_files_a_klage_in_time(client, portal_kommune, household, approver):
    send_vedtak(household, approver=approver, reached=timezone.localdate() - D(days=3))
    applicant, _partner = _adults(household)
    log_in_parent(client, portal_kommune, applicant.person_id)
    case_page = client.get(_url(household, "portal:case")).content.decode()
    assert 'id="klag-pa-vedtaket"' in case_page and "Fristen er" in case_page and "klagefrist-ute" not in case_page
    assert client.post(_url(household), {"text": "  "}).status_code == 200  # empty: the form again, nothing stored
    assert not Klage.objects.exists()
    response = client.post(_url(household), {"text": "Prisen er for høy.", "utsatt_iverksetting": "on"})
    assert response.status_code == 302 and response["Location"].endswith("?sendt=1")
    klage = Klage.objects.get(case=household)
    assert (klage.channel, klage.filed_by_person, klage.registered_by, klage.late) == (
        KlageChannel.PORTAL, applicant, None, False)
    assert klage.status == KlageStatus.IN_PROGRESS and klage.utsatt_iverksetting == UtsattIverksetting.REQUESTED
    assert AuditEvent.objects.filter(case=household, action="klage_register", actor=None).exists()
    receipt = client.get(response["Location"]).content.decode()
    assert 'id="klage-kvittering"' in receipt and "Til behandling i kommunen" in receipt
    case_page = client.get(_url(household, "portal:case")).content.decode()
    assert 'data-status="in_progress"' in case_page and 'id="klag-pa-vedtaket"' not in case_page
    assert client.post(_url(household), {"text": "En klage til"}).status_code == 200  # one open klage only
    assert Klage.objects.count() == 1


def test_the_partner_may_file_and_is_held_to_their_own_deadline(client, portal_kommune, household, approver):
    today = timezone.localdate()
    send_vedtak(household, approver=approver, reached=today - D(days=40), partner_reached=today - D(days=2))
    _applicant, partner = _adults(household)
    log_in_parent(client, portal_kommune, partner.person_id)
    client.post(_url(household), {"text": "Jeg er uenig."})
    klage = Klage.objects.get(case=household)
    assert klage.filed_by_person == partner and not klage.late


def test_after_the_deadline_the_parent_may_still_file_with_a_clear_note(client, portal_kommune, household, approver):
    send_vedtak(household, approver=approver, reached=timezone.localdate() - D(days=40))
    applicant, _partner = _adults(household)
    log_in_parent(client, portal_kommune, applicant.person_id)
    case_page = client.get(_url(household, "portal:case")).content.decode()
    assert 'id="klagefrist-ute"' in case_page and 'id="klag-pa-vedtaket"' in case_page
    form = client.get(_url(household)).content.decode()
    assert 'id="klagefrist-ute"' in form and "Kommunen avgjør da om klagen kan behandles" in form
    client.post(_url(household), {"text": "Jeg var på sykehus."})
    klage = Klage.objects.get(case=household)
    assert klage.late and klage.status == KlageStatus.RECEIVED


def test_the_klage_page_in_nynorsk_and_english(client, portal_kommune, household, approver):
    send_vedtak(household, approver=approver, reached=timezone.localdate() - D(days=40))
    applicant, _partner = _adults(household)
    store = log_in_parent(client, portal_kommune, applicant.person_id)
    for language, expected in (("nn", "Kommunen avgjer då om klaga kan behandlast"),
                               ("en", "The municipality then decides whether the appeal can be heard")):
        store[LANGUAGE_KEY] = language
        store.save()
        page = client.get(_url(household)).content.decode()
        assert expected in page, language
