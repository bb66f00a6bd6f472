"""A caseworker records that the kommune posted or handed over a party's letter that went to print or manual
handling (cases/services/forsendelse.py ``forsendelse_record_manual_delivery``; the case page's delivery section).

Attackers first: another kommune's caseworker (404, no existence leak), a user without any role (404 on the
page, refused by the service), anonymous (to the login page). Then the happy paths and the refusals."""
import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.constants import Attention, AttentionReason, Role
from cases.models import AuditEvent, Case, Forsendelse
from cases.services import klagefrist
from cases.services.forsendelse import forsendelse_record_manual_delivery
from cases.services.workflow import case_set_attention
from tests import factories
from tests.svarut.test_views import case_with

pytestmark = pytest.mark.django_db
F = Forsendelse
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def url(f: Forsendelse) -> str:
    return reverse("cases:record_manual_delivery", args=[f.case_id, f.pk])


def form(f: Forsendelse, *, how="post", on=YESTERDAY, note="Sendt som rekommandert brev") -> dict:
    prefix = f"levert-{f.pk}"
    return {f"{prefix}-how": how, f"{prefix}-delivered_on": on.isoformat() if on else "", f"{prefix}-note": note}


@pytest.fixture
def returned(kommune, saksbehandler):
    """A case whose søker's letter SvarUt returned (manual handling) and whose partner's letter was read."""
    case = case_with(kommune, saksbehandler, "not_delivered", "done")
    case_set_attention(case_id=case.pk, attention=Attention.DELIVERY_PROBLEM,
                       reason_code=AttentionReason.LETTER_NOT_DELIVERED, text="Vedtaket kom ikke fram")
    return case.forsendelser.get(role="soker")


def unchanged(f: Forsendelse) -> bool:
    fresh = F.objects.get(pk=f.pk)
    return (fresh.state == f.state and fresh.klagefrist == f.klagefrist and fresh.delivered_at == f.delivered_at
            and not AuditEvent.objects.filter(action="record_delivery").exists())


# --- attackers ---------------------------------------------------------------------------------------
def test_caseworker_of_another_kommune_gets_404(client, returned, other_kommune):
    client.force_login(factories.staff("annen", other_kommune, Role.SAKSBEHANDLER))
    assert client.post(url(returned), form(returned)).status_code == 404
    assert unchanged(returned)


def test_caseworker_of_another_kommune_is_refused_by_the_service(returned, other_kommune):
    outsider = factories.staff("annen", other_kommune, Role.GODKJENNER)
    with pytest.raises(PermissionDenied):
        forsendelse_record_manual_delivery(forsendelse_id=returned.pk, delivered_on=YESTERDAY, note="x", actor=outsider)
    assert unchanged(returned)


def test_user_without_role_is_refused(client, returned):
    nobody = get_user_model().objects.create_user(username="ingenrolle", password="passord-123")
    client.force_login(nobody)
    assert client.post(url(returned), form(returned)).status_code == 404
    with pytest.raises(PermissionDenied):
        forsendelse_record_manual_delivery(forsendelse_id=returned.pk, delivered_on=YESTERDAY, note="x", actor=nobody)
    assert unchanged(returned)


def test_anonymous_goes_to_login(client, returned):
    response = client.post(url(returned), form(returned))
    assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))
    assert unchanged(returned)


def test_forsendelse_of_another_case_is_404(caseworker_client, returned, kommune, saksbehandler):
    other = case_with(kommune, saksbehandler, "print").forsendelser.get()
    wrong = reverse("cases:record_manual_delivery", args=[returned.case_id, other.pk])
    assert caseworker_client.post(wrong, form(other)).status_code == 404
    assert unchanged(other)


def test_get_is_not_allowed(caseworker_client, returned):
    assert caseworker_client.get(url(returned)).status_code == 405


# --- happy paths -------------------------------------------------------------------------------------
def test_posted_letter_klagefrist_from_assumed_arrival_and_audited(caseworker_client, returned, saksbehandler):
    response = caseworker_client.post(url(returned), form(returned, how="post"), follow=True)
    assert response.status_code == 200
    f = F.objects.get(pk=returned.pk)
    reached = YESTERDAY + datetime.timedelta(days=klagefrist.post_days())
    assert f.state == "done" and f.klagefrist == klagefrist.deadline(reached)
    assert timezone.localdate(f.delivered_at) == reached
    assert f.status == "MANUELT_HANDTERT"  # SvarUt's own status is kept; our entry is in the history
    entry = f.status_history[-1]
    assert entry["status"] == "MANUELT_LEVERT" and entry["by_post"] and entry["note"] == "Sendt som rekommandert brev"
    event = AuditEvent.objects.get(action="record_delivery")
    assert event.actor == saksbehandler and event.case_id == f.case_id and "rekommandert" in event.detail
    case = Case.objects.get(pk=f.case_id)
    assert case.attention == Attention.NONE  # the only delivery problem is solved
    html = response.content.decode()
    assert "Leveringen er registrert" in html and "Levert av kommunen: lagt i posten" in html
    assert f.klagefrist.strftime("%d.%m.%Y") in html


def test_handed_over_letter_klagefrist_from_that_date(returned, godkjenner):
    f = forsendelse_record_manual_delivery(forsendelse_id=returned.pk, delivered_on=YESTERDAY,
                                           note="Overlevert på servicetorget", actor=godkjenner, by_post=False)
    assert f.state == "done" and f.klagefrist == klagefrist.deadline(YESTERDAY)
    assert timezone.localdate(f.delivered_at) == YESTERDAY


def test_print_channel_letter_can_be_recorded(kommune, saksbehandler):
    f = case_with(kommune, saksbehandler, "print").forsendelser.get()
    forsendelse_record_manual_delivery(forsendelse_id=f.pk, delivered_on=YESTERDAY, note="Lagt i posten",
                                       actor=saksbehandler, by_post=True)
    assert F.objects.get(pk=f.pk).state == "done"


def test_case_page_offers_the_form_only_where_it_applies(caseworker_client, returned):
    html = caseworker_client.get(reverse("cases:detail", args=[returned.case_id])).content.decode()
    assert url(returned) in html
    partner = returned.case.forsendelser.get(role="partner")  # delivered: no form
    assert url(partner) not in html


# --- refusals change nothing -------------------------------------------------------------------------
@pytest.mark.parametrize("changes", [
    {"on": timezone.localdate() + datetime.timedelta(days=1)},  # in the future
    {"on": None},  # no date
    {"note": ""},  # no note
    {"how": "epost"},  # unknown way
])
def test_bad_input_is_refused_with_a_message(caseworker_client, returned, changes):
    response = caseworker_client.post(url(returned), form(returned, **changes), follow=True)
    assert response.status_code == 200
    assert "Leveringen ble ikke registrert" in response.content.decode() or "fram i tid" in response.content.decode()
    assert unchanged(returned)


@pytest.mark.parametrize("state", ["sent", "pending", "done"])
def test_a_letter_with_svarut_or_delivered_is_refused(kommune, saksbehandler, state):
    f = case_with(kommune, saksbehandler, state).forsendelser.get()
    with pytest.raises(ValidationError):
        forsendelse_record_manual_delivery(forsendelse_id=f.pk, delivered_on=YESTERDAY, note="x", actor=saksbehandler)
    assert unchanged(f)


def test_the_archive_copy_is_refused(returned, saksbehandler):
    archive = F.objects.create(case=returned.case, decision=returned.decision, role="arkiv", recipient_name="Demo",
                               channel="svarut", state="not_delivered", ekstern_referanse="ref-arkiv")
    with pytest.raises(ValidationError):
        forsendelse_record_manual_delivery(forsendelse_id=archive.pk, delivered_on=YESTERDAY, note="x",
                                           actor=saksbehandler)
