"""The fødselsnummer never reaches a log line or an exception message."""
import logging
import pickle

import httpx

import integrations.http  # noqa: F401  (installs the filter on the httpx logger)
from integrations.errors import SkatteetatenAccessDenied, mask_person_id, redact


def test_mask_keeps_birth_date_only():
    assert mask_person_id("01918812345") == "019188*****"


def test_redact_masks_every_eleven_digit_run_but_not_orgnos():
    text = "GET /v2/oppgjoer/kommuneforeldrebetaling/2024/01918812345 for 910753614"
    assert redact(text) == "GET /v2/oppgjoer/kommuneforeldrebetaling/2024/019188***** for 910753614"


def test_exception_messages_are_redacted_and_survive_pickling():
    error = SkatteetatenAccessDenied("Nei for 01918812345", code="SSG-005", korrelasjonsid="abc")
    assert "01918812345" not in str(error)
    assert "korrelasjonsid: abc" in str(error)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is SkatteetatenAccessDenied and copy.code == "SSG-005" and str(copy) == str(error)


def test_httpx_request_log_lines_are_redacted(caplog):
    def handler(request):
        return httpx.Response(200, json={})

    with caplog.at_level(logging.INFO, logger="httpx"), httpx.Client(transport=httpx.MockTransport(handler)) as c:
        c.get("http://example.invalid/v2/utkast/kommuneforeldrebetaling/2024/01918812345")
    assert caplog.records, "httpx logs requests at INFO"
    assert all("01918812345" not in r.getMessage() for r in caplog.records)
