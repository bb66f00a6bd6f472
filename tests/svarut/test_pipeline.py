"""The delivery pipeline: approval → one forsendelse per adult party + archive copy through SvarUt (the
simulator over real HTTP), status polling, klagefrist (fvl. § 29), print fallback, refusals and parking."""
from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone

from cases.constants import CaseStatus as S
from cases.models import Case, Decision, Forsendelse
from cases.services import klagefrist
from cases.services.forsendelse import poll_due
from cases.services.forsendelse_parties import parse_address
from tests.svarut.conftest import ALTINN, DIGITAL, RESERVED, svarut_requests_during

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
F = Forsendelse


def poll_until_settled(timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        F.objects.filter(state=F.State.SENT).update(next_poll_at=timezone.now())
        poll_due()
        if not F.objects.filter(state=F.State.SENT).exists():
            return
        time.sleep(0.1)
    raise AssertionError(list(F.objects.values_list("role", "status")))


def test_approval_sends_one_letter_per_adult_and_an_archive_copy(svarut_settings, simulator, approve):
    case = approve(applicant_route=DIGITAL)
    rows = {f.role: f for f in case.forsendelser.all()}
    assert set(rows) == {"soker", "partner", "arkiv"}
    assert all(f.channel == "svarut" and f.state == "sent" and f.svarut_id and f.status == "MOTTATT"
               for f in rows.values())
    household = case.application.household
    assert rows["soker"].person == household.applicant and rows["partner"].person == household.partner
    decision = case.decisions.get(status="approved")
    assert case.status == S.SENT and decision.delivery_channel == "svarut" and decision.sent_at
    refs = [f["eksternReferanse"] for f in simulator.svarut_forsendelser()]
    assert all(refs.count(f.ekstern_referanse) == 1 for f in rows.values())  # each exactly once
    sent = {f["eksternReferanse"]: f for f in simulator.svarut_forsendelser()}
    soker = sent[rows["soker"].ekstern_referanse]
    assert soker["mottaker"]["navn"] == "Kari Nordmann"
    assert soker["mottaker"]["adresselinje1"] == "Storgata 1" and soker["mottaker"]["postnummer"] == "0155"
    assert soker["mottaker"]["poststed"] == "Oslo" and len(soker["dokumenter"]) == 1
    archive = sent[rows["arkiv"].ekstern_referanse]
    assert archive["mottaker"]["digitalId"] == case.municipality.organisasjonsnummer
    assert archive["metadataForImport"]["journalposttype"] == "U"


def test_statuses_are_polled_and_klagefrist_follows_delivery(svarut_settings, simulator, approve):
    simulator.configure(svarut_step_s=0.05)
    case = approve(applicant_route=RESERVED)
    poll_until_settled()
    soker = case.forsendelser.get(role="soker")
    assert soker.state == "done" and soker.status == "PRINTET" and soker.sent_to_print
    printed = datetime.datetime.fromisoformat(soker.status_history[-1]["at"])
    reached = timezone.localdate(printed + datetime.timedelta(days=5))
    assert soker.klagefrist == klagefrist.deadline(reached)
    assert soker.klagefrist >= reached + datetime.timedelta(weeks=3) and soker.klagefrist.weekday() < 5
    assert [h["status"] for h in soker.status_history][0] == "MOTTATT"
    archive = case.forsendelser.get(role="arkiv")
    assert archive.status == "LEST" and archive.archive_reference and archive.klagefrist is None


def test_digital_mailbox_klagefrist_runs_from_delivery(svarut_settings, simulator, approve):
    simulator.configure(svarut_step_s=0.05)
    case = approve(applicant_route=DIGITAL)
    poll_until_settled()
    soker = case.forsendelser.get(role="soker")
    assert soker.status == "LEVERT_SDP" and not soker.sent_to_print and soker.delivered_at
    assert soker.klagefrist == klagefrist.deadline(timezone.localdate(soker.delivered_at))


def test_altinn_read_sets_read_time(svarut_settings, simulator, approve):
    simulator.configure(svarut_step_s=0.05)
    case = approve(applicant_route=ALTINN, partner=False)
    poll_until_settled()
    soker = case.forsendelser.get(role="soker")
    assert soker.status == "LEST" and soker.read_at and soker.klagefrist


def test_returned_letter_is_not_delivered_and_flagged(svarut_settings, simulator, approve):
    case = approve(applicant_route=RESERVED, partner=False)
    soker = case.forsendelser.get(role="soker")
    simulator.svarut_force_status(soker.svarut_id, "MANUELT_HANDTERT")
    poll_until_settled()
    soker.refresh_from_db()
    assert soker.state == "not_delivered" and soker.klagefrist is None
    flagged = Case.objects.get(pk=case.pk)
    assert flagged.attention == "delivery_problem" and "kom ikke fram" in flagged.attention_text


def test_without_svarut_configuration_the_vedtak_goes_to_print(settings, simulator, approve):
    for name in ("SVARUT_URL", "SVARUT_KONTO_ID", "FIKS_INTEGRASJON_ID", "FIKS_INTEGRASJON_PASSORD"):
        setattr(settings, name, "")
    case = approve()
    rows = list(case.forsendelser.all())
    assert {f.role for f in rows} == {"soker", "partner"}
    assert all(f.channel == "print" and f.state == "print" and "ikke satt opp" in f.print_reason for f in rows)
    decision = case.decisions.get(status="approved")
    assert decision.sent_at is None and case.status == S.APPROVED  # stays on the print page


def test_without_a_postal_address_the_person_goes_to_print(svarut_settings, simulator, approve):
    case = approve(address="")
    adults = case.forsendelser.exclude(role="arkiv")
    assert {f.channel for f in adults} == {"print"}
    assert all("postadresse" in f.print_reason for f in adults)
    assert case.status == S.APPROVED


def test_wrong_password_fails_with_a_clear_error_on_the_case(svarut_settings, simulator, approve):
    svarut_settings.FIKS_INTEGRASJON_PASSORD = "feil"
    case = approve()
    soker = case.forsendelser.get(role="soker")
    assert soker.state == "failed" and not soker.svarut_id and soker.attempts == 1
    assert "HTTP 401" in soker.last_error and "Autentisering feilet" in soker.last_error
    assert case.attention == "delivery_problem" and "ble ikke sendt" in case.attention_text
    assert case.status == S.APPROVED


def test_transient_errors_are_retried_then_parked(svarut_settings, simulator, approve):
    svarut_settings.SVARUT_MAX_ATTEMPTS = 3
    svarut_settings.SVARUT_RETRY_BASE_S = 0.01
    simulator.configure(svarut_fault_rate=1.0, svarut_fault_kinds=["svarut-503"])
    case = approve(partner=False)
    soker = case.forsendelser.get(role="soker")
    assert soker.state == "parked" and soker.attempts == 3 and "Parkert etter 3 forsøk" in soker.last_error
    assert not [f for f in simulator.svarut_forsendelser() if f["eksternReferanse"] == soker.ekstern_referanse]


def test_a_retry_after_a_lost_answer_does_not_send_twice(svarut_settings, simulator, approve):
    simulator.configure(svarut_fault_rate=1.0, svarut_fault_kinds=["lost-answer"])
    case = approve(partner=False)
    soker = case.forsendelser.get(role="soker")
    assert soker.state == "sent"
    stored = [f for f in simulator.svarut_forsendelser() if f["eksternReferanse"] == soker.ekstern_referanse]
    assert [f["id"] for f in stored] == [soker.svarut_id]


def test_delivery_is_idempotent(svarut_settings, simulator, approve):
    from cases.tasks import deliver_decision, send_forsendelse

    case = approve(partner=False)
    decision = Decision.objects.get(case=case, status="approved")
    before = {f.pk: f.svarut_id for f in case.forsendelser.all()}
    deliver_decision(decision.pk)
    for pk in before:
        send_forsendelse(pk)
    assert {f.pk: f.svarut_id for f in case.forsendelser.all()} == before


def test_a_row_restored_from_a_backup_finds_its_letter_and_sends_nothing_twice(
        svarut_settings, simulator, approve, monkeypatch):
    """A snapshot taken while the rows were queued, restored after SvarUt got the letters: the rows are back
    at 0 attempts, pending, without a SvarUt id. Their next attempt looks the reference up and finds the
    letter, so no parent gets it twice (why the first attempt looks too: docs/delivery.md)."""
    from cases import tasks
    from cases.services.forsendelse import _letter, send_one
    from integrations import service

    queued: list[int] = []
    monkeypatch.setattr(tasks.send_forsendelse, "delay", queued.append)  # nothing sent by the approval
    case = approve(partner=True)
    soker, partner = (case.forsendelser.get(role=role) for role in ("soker", "partner"))
    assert {soker.pk, partner.pk} <= set(queued) and soker.attempts == partner.attempts == 0
    # After the snapshot, a worker sent the søker's letter; then the database was restored to the snapshot.
    stored = service.send_letter(orgno=case.municipality.organisasjonsnummer, letter=_letter(soker))

    outcomes, calls = svarut_requests_during(simulator, lambda: [send_one(forsendelse_id=row.pk)
                                                                 for row in (soker, partner)])
    assert all(outcome.done for outcome in outcomes) and calls == {"send": 1, "lookup": 2, "status": 0}
    soker.refresh_from_db()
    assert soker.attempts == 1 and soker.state == "sent" and soker.svarut_id == stored.forsendelse_id
    refs = [f["eksternReferanse"] for f in simulator.svarut_forsendelser()]
    assert refs.count(soker.ekstern_referanse) == 1 and refs.count(partner.ekstern_referanse) == 1


@pytest.mark.parametrize(("text", "parsed"), [
    ("Storgata 1, 0155 Oslo", (("Storgata 1",), "0155", "Oslo")),
    ("c/o Hansen, Fjellveien 2B\n9990 Båtsfjord", (("c/o Hansen", "Fjellveien 2B"), "9990", "Båtsfjord")),
    ("Storgata 1 Oslo", None), ("", None), ("0155 Oslo", None),
])
def test_parse_address(text, parsed):
    assert parse_address(text) == parsed


@pytest.mark.parametrize(("reached", "end"), [
    (datetime.date(2026, 8, 3), datetime.date(2026, 8, 24)),  # Monday → Monday
    (datetime.date(2026, 8, 8), datetime.date(2026, 8, 31)),  # Saturday + 3 weeks = Saturday → Monday
    (datetime.date(2026, 8, 9), datetime.date(2026, 8, 31)),  # Sunday → Monday
])
def test_klagefrist_three_weeks_weekend_moves_to_monday(reached, end):
    assert klagefrist.deadline(reached) == end


def test_sweep_finds_work_a_lost_task_left_behind(settings, simulator, approve):
    from cases.services.forsendelse import stalled

    for name in ("SVARUT_URL", "SVARUT_KONTO_ID", "FIKS_INTEGRASJON_ID", "FIKS_INTEGRASJON_PASSORD"):
        setattr(settings, name, "")
    case = approve()
    decision = case.decisions.get(status="approved")
    assert stalled(older_than_s=600) == ([], [])
    case.forsendelser.all().delete()  # as if the worker died before planning
    Decision.objects.filter(pk=decision.pk).update(pdf_rendered_at=timezone.now() - datetime.timedelta(minutes=30))
    assert stalled(older_than_s=600) == ([decision.pk], [])
    Decision.objects.filter(pk=decision.pk).update(pdf_rendered_at=timezone.now() - datetime.timedelta(days=3))
    assert stalled(older_than_s=600) == ([], [])  # older vedtak stay on the print page
