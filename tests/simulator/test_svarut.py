"""The simulator's KS Fiks SvarUt v2, tested on the wire (httpx + PyJWT only, not the project's client).

From contracts/svarut.md and docs/reference/svarut.md: the three headers, the multipart layout
(``forsendelse`` JSON first, then one part per document whose filename equals ``filnavn``), required
fields, the ErrorMessage shape, status-sok, lookup by eksternRef, the delivery routes per recipient and
the status moving over time.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import time
import uuid

import httpx
import pytest

from tests.support.person_ids import make_person_id
from tests.support.simulator import DEMO_KOMMUNE, OTHER_KOMMUNE

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\r\n\x00\xff binary \r\n trailer\n%%EOF\n"
ERROR_FIELDS = {"timestamp", "status", "error", "errorId", "path", "originalPath", "message", "errorCode",
                "errorJson"}


def person(route: int) -> str:
    """A synthetic fødselsnummer whose individnummer % 4 selects the documented route (docs/simulator.md)."""
    for ind in range(route, 500, 4):
        pid = make_person_id(datetime.date(1988, 3, 14), individual=ind)
        if int(pid[6:9]) % 4 == route:
            return pid
    raise AssertionError("no number")


DIGITAL, ALTINN, RESERVED, UNREAD = 0, 1, 2, 3


@pytest.fixture
def fiks_token(grants):
    return grants.token(grants.for_org(DEMO_KOMMUNE, scope="ks:fiks"))


@pytest.fixture
def account(sim):
    return sim.svarut_account(DEMO_KOMMUNE)


def headers(token, account, **override):
    base = {"Authorization": f"Bearer {token}", "IntegrasjonId": account["integrasjon_id"],
            "IntegrasjonPassord": account["passord"]}
    base.update(override)
    return {k: v for k, v in base.items() if v is not None}


def forsendelse(pid: str, ref: str, files=("vedtak.pdf",), **extra) -> dict:
    body = {"tittel": "Vedtak om redusert foreldrebetaling",
            "mottaker": {"navn": "Kari Nordmann", "digitalId": pid, "adresselinje1": "Storgata 1",
                         "postnummer": "0155", "poststed": "Oslo"},
            "eksternReferanse": ref, "dokumenter": [{"filnavn": f, "mimeType": "application/pdf"} for f in files]}
    body.update(extra)
    return body


def send(sim, token, account, metadata, files=None, konto=None, **hdr):
    files = files if files is not None else [(d["filnavn"], PDF) for d in metadata["dokumenter"]]
    parts = [("forsendelse", (None, json.dumps(metadata).encode(), "application/json;charset=UTF-8"))]
    parts += [(f"filer_{i}", (name, data, "application/octet-stream")) for i, (name, data) in enumerate(files)]
    url = f"{sim.svarut_base_url}/api/v2/kontoer/{konto or account['konto_id']}/forsendelser/"
    return httpx.post(url, files=parts, headers=headers(token, account, **hdr), timeout=10)


def status_of(sim, token, account, ids):
    url = f"{sim.svarut_base_url}/api/v2/kontoer/{account['konto_id']}/forsendelser/status-sok"
    response = httpx.post(url, json={"forsendelseIds": ids}, headers=headers(token, account), timeout=10)
    assert response.status_code == 200, response.text
    return {s["id"]: s for s in response.json()["statuser"]}


def assert_error(response, status, contains=""):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == ERROR_FIELDS and body["status"] == status
    uuid.UUID(body["errorId"])
    assert contains in body["message"]
    return body


def test_send_stores_exact_bytes_and_answers_an_id(sim, fiks_token, account):
    ref = f"t-{uuid.uuid4()}"
    second = b"%PDF-1.4\nvedlegg\n%%EOF"
    metadata = forsendelse(person(DIGITAL), ref, files=("vedtak.pdf", "vedlegg.pdf"))
    response = send(sim, fiks_token, account, metadata, files=[("vedtak.pdf", PDF), ("vedlegg.pdf", second)])
    assert response.status_code == 200, response.text
    forsendelse_id = response.json()["id"]
    uuid.UUID(forsendelse_id)
    stored = next(f for f in sim.svarut_forsendelser() if f["id"] == forsendelse_id)
    assert [d["sha256Hash"] for d in stored["dokumenter"]] == [hashlib.sha256(PDF).hexdigest(),
                                                               hashlib.sha256(second).hexdigest()]
    assert stored["mottaker"]["digitalId"].endswith("*****")  # never the full number on the control API
    meta = httpx.get(f"{sim.svarut_base_url}/api/v2/forsendelser/{forsendelse_id}/metadata",
                     headers=headers(fiks_token, account), timeout=10).json()
    assert [d["filnavn"] for d in meta["dokumenter"]] == ["vedtak.pdf", "vedlegg.pdf"]


def test_lookup_by_eksternref_does_not_deduplicate(sim, fiks_token, account):
    ref = f"t-{uuid.uuid4()}"
    ids = [send(sim, fiks_token, account, forsendelse(person(ALTINN), ref)).json()["id"] for _ in range(2)]
    url = f"{sim.svarut_base_url}/api/v2/kontoer/{account['konto_id']}/forsendelser"
    found = httpx.get(url, params={"eksternRef": ref}, headers=headers(fiks_token, account), timeout=10)
    assert found.json() == {"forsendelseIds": ids}  # SvarUt itself does not deduplicate
    none = httpx.get(url, params={"eksternRef": "nope"}, headers=headers(fiks_token, account), timeout=10)
    assert none.json() == {"forsendelseIds": []}


@pytest.mark.parametrize(("route", "path"), [
    (DIGITAL, ["MOTTATT", "AKSEPTERT", "SENDT_SDP", "LEVERT_SDP"]),
    (ALTINN, ["MOTTATT", "AKSEPTERT", "VARSLET", "LEST"]),
    (RESERVED, ["MOTTATT", "AKSEPTERT", "SENDT_PRINT", "PRINTET"]),
    (UNREAD, ["MOTTATT", "AKSEPTERT", "VARSLET", "SENDT_PRINT", "PRINTET"]),
])
def test_status_moves_over_time_along_the_recipients_route(sim, fiks_token, account, route, path):
    sim.configure(svarut_step_s=0.3)
    forsendelse_id = send(sim, fiks_token, account, forsendelse(person(route), f"t-{uuid.uuid4()}")).json()["id"]
    seen = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (not seen or seen[-1] != path[-1]):
        status = status_of(sim, fiks_token, account, [forsendelse_id])[forsendelse_id]
        datetime.datetime.fromisoformat(status["sisteStatusEndring"])
        if not seen or seen[-1] != status["status"]:
            seen.append(status["status"])
        time.sleep(0.05)
    assert seen[-1] == path[-1]
    assert [s for s in path if s in seen] == seen  # in order, never backwards


def test_archive_copy_to_an_organisation_is_fetched_and_keeps_noark_metadata(sim, fiks_token, account):
    sim.configure(svarut_step_s=0.1)
    metadata = forsendelse(DEMO_KOMMUNE, f"t-{uuid.uuid4()}")
    metadata["metadataForImport"] = {"saksaar": 2026, "sakssekvensnummer": 17, "journalposttype": "U",
                                     "journalstatus": "E", "dokumentetsDato": "2026-08-01", "tittel": "Vedtak"}
    forsendelse_id = send(sim, fiks_token, account, metadata).json()["id"]
    time.sleep(0.5)
    assert status_of(sim, fiks_token, account, [forsendelse_id])[forsendelse_id]["status"] == "LEST"
    stored = next(f for f in sim.svarut_forsendelser() if f["id"] == forsendelse_id)
    assert stored["metadataForImport"]["sakssekvensnummer"] == 17
    assert [h["status"] for h in stored["historikk"]] == ["MOTTATT", "AKSEPTERT", "KLAR_FOR_MOTTAK", "LEST"]


def test_status_sok_leaves_out_unknown_and_other_kontos_ids(sim, grants, fiks_token, account):
    other_token = grants.token(grants.for_org(OTHER_KOMMUNE, scope="ks:fiks"))
    other = sim.svarut_account(OTHER_KOMMUNE)
    theirs = send(sim, other_token, other, forsendelse(person(DIGITAL), f"t-{uuid.uuid4()}")).json()["id"]
    assert status_of(sim, fiks_token, account, [theirs, str(uuid.uuid4())]) == {}


def test_wrong_password_is_401_with_fiks_message_and_error_id(sim, fiks_token, account):
    response = send(sim, fiks_token, account, forsendelse(person(DIGITAL), "x"), IntegrasjonPassord="feil")
    assert_error(response, 401, f"Autentisering feilet for integrasjon med id {account['integrasjon_id']}")


def test_integration_of_another_organisation_is_401(sim, grants, account):
    other = sim.svarut_account(OTHER_KOMMUNE)
    token = grants.token(grants.for_org(DEMO_KOMMUNE, scope="ks:fiks"))
    response = send(sim, token, other, forsendelse(person(DIGITAL), "x"), konto=other["konto_id"])
    assert_error(response, 401, "Autentisering feilet")


def test_konto_the_integration_may_not_use_is_403(sim, fiks_token, account):
    other = sim.svarut_account(OTHER_KOMMUNE)
    response = send(sim, fiks_token, account, forsendelse(person(DIGITAL), "x"), konto=other["konto_id"])
    assert_error(response, 403)


@pytest.mark.parametrize("case", ["no token", "skatteetaten scope", "other kommune's token"])
def test_token_without_ks_fiks_or_wrong_org_is_refused(sim, grants, account, case):
    if case == "no token":
        token, status = None, 401
    elif case == "skatteetaten scope":
        token, status = grants.token(grants.for_org(DEMO_KOMMUNE)), 401
    else:
        token, status = grants.token(grants.for_org(OTHER_KOMMUNE, scope="ks:fiks")), 401
    response = send(sim, token, account, forsendelse(person(DIGITAL), "x"),
                    Authorization=None if token is None else f"Bearer {token}")
    body = assert_error(response, status)
    assert ("access_token" in body["message"]) == (case != "other kommune's token")


@pytest.mark.parametrize(("mutate", "contains"), [
    (lambda m, f: m.pop("tittel"), "tittel"),
    (lambda m, f: m["mottaker"].pop("navn"), "navn"),
    (lambda m, f: m["mottaker"].update(postnummer="155"), "postnummer"),
    (lambda m, f: m["mottaker"].pop("poststed"), "poststed"),
    (lambda m, f: m["mottaker"].update(digitalId="14839412055"), "digitalId"),
    (lambda m, f: m.update(dokumenter=[]), "dokumenter"),
    (lambda m, f: f.__setitem__(0, ("annet.pdf", PDF)), "filnavn"),
    (lambda m, f: f.__setitem__(0, ("vedtak.pdf", b"not a pdf")), "PDF"),
    (lambda m, f: f.append(("ekstra.pdf", PDF)), "Antall filer"),
    (lambda m, f: m["dokumenter"][0].update(filnavn="a/b.pdf"), "ulovlige"),
])
def test_malformed_forsendelse_is_400_and_not_stored(sim, fiks_token, account, mutate, contains):
    ref = f"t-{uuid.uuid4()}"
    metadata = forsendelse(person(DIGITAL), ref)
    files = [("vedtak.pdf", PDF)]
    mutate(metadata, files)
    assert_error(send(sim, fiks_token, account, metadata, files=files), 400, contains)
    assert not [f for f in sim.svarut_forsendelser() if f["eksternReferanse"] == ref]


def test_forsendelse_part_must_come_first(sim, fiks_token, account):
    metadata = forsendelse(person(DIGITAL), "x")
    parts = [("filer_0", ("vedtak.pdf", PDF, "application/octet-stream")),
             ("forsendelse", (None, json.dumps(metadata).encode(), "application/json"))]
    url = f"{sim.svarut_base_url}/api/v2/kontoer/{account['konto_id']}/forsendelser"
    response = httpx.post(url, files=parts, headers=headers(fiks_token, account), timeout=10)
    assert_error(response, 400, "forsendelse")


def test_password_protected_pdf_is_accepted_then_avvist(sim, fiks_token, account):
    sim.configure(svarut_step_s=0.05)
    encrypted = b"%PDF-1.7\n<< /Encrypt 5 0 R >>\n%%EOF"
    response = send(sim, fiks_token, account, forsendelse(person(DIGITAL), f"t-{uuid.uuid4()}"),
                    files=[("vedtak.pdf", encrypted)])
    time.sleep(0.2)
    forsendelse_id = response.json()["id"]
    assert status_of(sim, fiks_token, account, [forsendelse_id])[forsendelse_id]["status"] == "AVVIST"


def test_forced_status_freezes_the_route(sim, fiks_token, account):
    sim.configure(svarut_step_s=5)
    forsendelse_id = send(sim, fiks_token, account, forsendelse(person(RESERVED), f"t-{uuid.uuid4()}")).json()["id"]
    sim.svarut_force_status(forsendelse_id, "MANUELT_HANDTERT")
    assert status_of(sim, fiks_token, account, [forsendelse_id])[forsendelse_id]["status"] == "MANUELT_HANDTERT"


def test_lost_answer_fault_stores_the_forsendelse_but_drops_the_connection(sim, fiks_token, account):
    sim.configure(svarut_fault_rate=1.0, svarut_fault_kinds=["lost-answer"])
    ref = f"t-{uuid.uuid4()}"
    with pytest.raises(httpx.HTTPError):
        send(sim, fiks_token, account, forsendelse(person(DIGITAL), ref))
    assert len([f for f in sim.svarut_forsendelser() if f["eksternReferanse"] == ref]) == 1
    assert sim.stats()["faults_injected"] >= 1


def test_injected_500_is_an_error_message(sim, fiks_token, account):
    sim.configure(svarut_fault_rate=1.0, svarut_fault_kinds=["svarut-503"])
    assert_error(send(sim, fiks_token, account, forsendelse(person(DIGITAL), "x")), 503)
