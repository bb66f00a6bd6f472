"""Every documented error code → the client's action (skatteetaten-api.md § 4)."""
import httpx
import pytest

from integrations.skatteetaten.errors import Kind, classify_error


def response(status, kode=None, melding="", headers=None, text=None):
    if text is not None:
        return httpx.Response(status, text=text, headers=headers or {})
    body = {"kode": kode, "melding": melding, "korrelasjonsid": "c0ffee"} if kode else {}
    return httpx.Response(status, json=body, headers=headers or {})


@pytest.mark.parametrize("status, kode, melding, kind", [
    (404, "SSG-007", "Fant ingen person", Kind.PERSON_UNKNOWN),
    (404, "SSG-008", "Ingen summert skattegrunnlag funnet", Kind.NO_DATA),
    (400, "SSG-006", "Ugyldig inntektsår: 2031", Kind.YEAR_UNAVAILABLE),
    (400, "SSG-006", "Ugyldig personidentifikator", Kind.BAD_REQUEST),
    (410, "SSG-011", "Finnes ikke lenger", Kind.DELETED),
    (401, "SSG-004", "Autentiseringsfeil", Kind.UNAUTHENTICATED),
    (403, "SSG-005", "Autorisasjonsfeil", Kind.ACCESS_DENIED),
    (403, "SSG-010", "Feil i samtykketoken", Kind.ACCESS_DENIED),
    (403, "DAS-008", "Ikke autorisert", Kind.ACCESS_DENIED),
    (404, "SSG-003", "Ukjent url", Kind.UNKNOWN_URL),
    (404, "DAS-002", "Ikke gyldig endepunkt", Kind.UNKNOWN_URL),
    (406, "SSG-009", "Formatfeil", Kind.BAD_REQUEST),
    (500, "SSG-001", "Uventet feil", Kind.RETRYABLE),
    (500, "SSG-002", "Uventet feil i baksystem", Kind.RETRYABLE),
    (500, "DAS-001", "Uventet", Kind.RETRYABLE),
    (500, "DAS-003", "Midlertidig utilgjengelig", Kind.RETRYABLE),
    (429, None, "", Kind.RATE_LIMITED),
    (503, None, "", Kind.RETRYABLE),
])
def test_code_table(status, kode, melding, kind):
    error = classify_error(response(status, kode, melding))
    assert error.kind is kind
    if kode:
        assert error.kode == kode and error.korrelasjonsid == "c0ffee"


def test_plain_text_gateway_404_means_a_wrong_address():
    assert classify_error(response(404, text="404 NOT FOUND")).kind is Kind.UNKNOWN_URL


def test_retry_after_is_read():
    assert classify_error(response(429, headers={"Retry-After": "2"})).retry_after_s == 2.0


def test_a_melding_echoing_the_person_id_is_redacted():
    error = classify_error(response(400, "SSG-006", "Ugyldig personidentifikator 01918812345"))
    assert "01918812345" not in error.melding and "019188*****" in error.melding
