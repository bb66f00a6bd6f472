"""The SvarUt client through ``integrations.service`` over real HTTP against the simulator."""
from __future__ import annotations

import hashlib
import time
import uuid

import pytest

from integrations import service
from integrations.service import Document, Letter, LetterError, Recipient
from integrations.svarut.errors import SvarUtAuthError, SvarUtUnavailable
from tests.svarut.conftest import ALTINN, DEMO, DIGITAL, PDF, RESERVED, UNREAD, recipient_id, svarut_requests_during

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def letter(pid: str, ref: str | None = None, documents=None) -> Letter:
    return Letter(title="Vedtak om redusert foreldrebetaling", reference=ref or f"test-{uuid.uuid4()}",
                  documents=tuple(documents or [Document("vedtak.pdf", PDF)]),
                  recipient=Recipient("Kari Nordmann", pid, ("Storgata 1",), "0155", "Oslo"))


def wait_final(forsendelse_id: str, timeout: float = 10) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = service.letter_status(orgno=DEMO, forsendelse_id=forsendelse_id)
        if not seen or seen[-1] != status.status:
            seen.append(status.status)
        if status.final:
            return seen
        time.sleep(0.05)
    raise AssertionError(f"not final: {seen}")


@pytest.mark.parametrize(("route", "final", "via_print"), [
    (DIGITAL, "LEVERT_SDP", False), (ALTINN, "LEST", False), (RESERVED, "PRINTET", True), (UNREAD, "PRINTET", True),
])
def test_every_status_path(svarut_settings, simulator, route, final, via_print):
    receipt = service.send_letter(orgno=DEMO, letter=letter(recipient_id(route)))
    assert not receipt.existed
    seen = wait_final(receipt.forsendelse_id)
    assert seen[-1] == final
    assert ("SENDT_PRINT" in seen or "PRINTET" in seen) == via_print


def test_documents_arrive_byte_exact_in_order(svarut_settings, simulator):
    second = b"%PDF-1.4\nstandardvedlegg\n%%EOF"
    receipt = service.send_letter(orgno=DEMO, letter=letter(recipient_id(DIGITAL), documents=[
        Document("vedtak.pdf", PDF), Document("klagerett.pdf", second)]))
    stored = next(f for f in simulator.svarut_forsendelser() if f["id"] == receipt.forsendelse_id)
    assert [(d["filnavn"], d["sha256Hash"]) for d in stored["dokumenter"]] == [
        ("vedtak.pdf", hashlib.sha256(PDF).hexdigest()), ("klagerett.pdf", hashlib.sha256(second).hexdigest())]
    assert stored["mottaker"]["navn"] == "Kari Nordmann" and stored["mottaker"]["postnummer"] == "0155"


def test_same_reference_is_sent_once(svarut_settings, simulator):
    the_letter = letter(recipient_id(ALTINN))
    first = service.send_letter(orgno=DEMO, letter=the_letter)
    again = service.send_letter(orgno=DEMO, letter=the_letter)
    assert again.existed and again.forsendelse_id == first.forsendelse_id
    assert len([f for f in simulator.svarut_forsendelser() if f["eksternReferanse"] == the_letter.reference]) == 1


def test_every_send_looks_the_reference_up_first(svarut_settings, simulator):
    """Counted by the simulator: a new letter costs one look-up and one send; the same letter again costs
    one look-up and no send (docs/delivery.md: why even a first attempt looks)."""
    the_letter = letter(recipient_id(DIGITAL))
    receipt, calls = svarut_requests_during(simulator, lambda: service.send_letter(orgno=DEMO, letter=the_letter))
    assert not receipt.existed and calls == {"send": 1, "lookup": 1, "status": 0}
    again, calls = svarut_requests_during(simulator, lambda: service.send_letter(orgno=DEMO, letter=the_letter))
    assert again.existed and again.forsendelse_id == receipt.forsendelse_id
    assert calls == {"send": 0, "lookup": 1, "status": 0}


def test_lost_answer_after_send_is_found_by_reference_not_sent_twice(svarut_settings, simulator):
    simulator.configure(svarut_fault_rate=1.0, svarut_fault_kinds=["lost-answer"], svarut_step_s=0.2)
    the_letter = letter(recipient_id(DIGITAL))
    receipt = service.send_letter(orgno=DEMO, letter=the_letter)
    assert receipt.existed
    stored = [f for f in simulator.svarut_forsendelser() if f["eksternReferanse"] == the_letter.reference]
    assert [f["id"] for f in stored] == [receipt.forsendelse_id]


def test_send_failing_without_a_stored_forsendelse_is_transient(svarut_settings, simulator):
    simulator.configure(svarut_fault_rate=1.0, svarut_fault_kinds=["svarut-503"])
    the_letter = letter(recipient_id(DIGITAL))
    with pytest.raises(SvarUtUnavailable) as caught:
        service.send_letter(orgno=DEMO, letter=the_letter)
    assert caught.value.http_status == 503
    simulator.configure(svarut_fault_rate=0.0)
    receipt = service.send_letter(orgno=DEMO, letter=the_letter)  # the retry sends, once
    assert not receipt.existed
    assert len([f for f in simulator.svarut_forsendelser() if f["eksternReferanse"] == the_letter.reference]) == 1


def test_wrong_password_is_a_clear_permanent_error(svarut_settings, simulator):
    svarut_settings.FIKS_INTEGRASJON_PASSORD = "feil-passord"
    pid = recipient_id(DIGITAL)
    with pytest.raises(SvarUtAuthError) as caught:
        service.send_letter(orgno=DEMO, letter=letter(pid))
    error = caught.value
    assert error.http_status == 401 and error.error_id
    assert "Autentisering feilet for integrasjon" in error.svarut_message
    assert "integrasjons-id og passord" in str(error)
    assert pid not in str(error) and pid not in error.wire_summary()


def test_one_token_cache_for_all_scopes(svarut_settings, simulator):
    """The ks:fiks token is fetched once and reused (the shared Maskinporten cache, own key per scope)."""
    simulator.reset()
    for _ in range(3):
        service.send_letter(orgno=DEMO, letter=letter(recipient_id(DIGITAL)))
    assert simulator.stats()["token_requests"]["total"] == 1


def test_invalid_letters_are_refused_before_sending(svarut_settings, simulator):
    before = len(simulator.svarut_forsendelser())
    bad = [letter("12345678901"), letter(recipient_id(DIGITAL), documents=[Document("x.pdf", b"hello")]),
           Letter(title="t", reference="r", documents=(Document("v.pdf", PDF),),
                  recipient=Recipient("K", recipient_id(DIGITAL), ("Gate 1",), "155", "Oslo"))]
    for item in bad:
        with pytest.raises(LetterError):
            service.send_letter(orgno=DEMO, letter=item)
    assert len(simulator.svarut_forsendelser()) == before


def test_not_configured(settings, db):
    for name in ("SVARUT_URL", "SVARUT_KONTO_ID", "FIKS_INTEGRASJON_ID", "FIKS_INTEGRASJON_PASSORD"):
        setattr(settings, name, "")
    setup = service.svarut_setup("910753614")
    assert not setup.configured and "SvarUt er ikke satt opp" in setup.problem and setup.archive is None
