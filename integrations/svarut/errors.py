"""SvarUt's errors as typed exceptions, built from its ``ErrorMessage`` body.

Fiks answers every failure with ``{timestamp, status, error, errorId, path, originalPath, message,
errorCode, errorJson}`` (docs/reference/svarut.md § Hosts and authentication). We keep the HTTP status,
SvarUt's ``message`` and ``errorId`` (the id Fiks support asks for); the text shown to a caseworker is
Norwegian and never contains a fødselsnummer (``IntegrationError`` redacts every message).
"""

from __future__ import annotations

import httpx

from integrations.errors import PermanentIntegrationError, TransientIntegrationError, redact


class SvarUtMixin:
    """The wire facts of one refused call (also set on transient errors when there was an answer)."""

    http_status: int | None
    svarut_message: str
    error_id: str

    def __init__(self, message: str, *, http_status: int | None = None, svarut_message: str = "",
                 error_id: str = "", **kw) -> None:
        self.http_status = http_status
        self.svarut_message = svarut_message
        self.error_id = error_id
        kw.setdefault("status", http_status)
        kw.setdefault("trace_id", error_id)
        super().__init__(message, **kw)

    def __str__(self) -> str:  # SvarUt's reference is its errorId (Fiks support asks for it)
        refs = [f"kode: {self.code}"] if self.code else []
        if self.error_id:
            refs.append(f"errorId: {self.error_id}")
        return f"{self.message} ({', '.join(refs)})" if refs else self.message

    def wire_summary(self) -> str:
        """``HTTP 401: <message> (errorId: …)`` — the one stderr line of the contract commands."""
        status = f"HTTP {self.http_status}" if self.http_status else "ingen HTTP-status"
        error_id = f" (errorId: {self.error_id})" if self.error_id else ""
        return redact(f"{status}: {self.svarut_message or self}{error_id}")


class SvarUtError(SvarUtMixin, PermanentIntegrationError):
    """SvarUt refused the call; retrying the same call will not help."""


class SvarUtAuthError(SvarUtError):
    """401: the token, the integration id or its password was refused (Fiks does not say which)."""


class SvarUtAccessDenied(SvarUtError):
    """403: authenticated, but the integration has no access to the konto."""


class SvarUtRequestError(SvarUtError):
    """4xx: the forsendelse or the query is malformed, or the id is unknown on this konto."""


class SvarUtUnavailable(SvarUtMixin, TransientIntegrationError):
    """5xx, 429 or a network error that did not clear within the client's retries."""


class SvarUtSendUncertain(SvarUtUnavailable):
    """The send timed out or the connection broke and the eksternReferanse lookup found nothing yet.

    The forsendelse may still appear: the caller retries later, and the retry looks it up again first.
    """


def error_body(response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def error_from_response(response: httpx.Response, what: str) -> SvarUtError | SvarUtUnavailable:
    """Map a non-200 answer to a typed error. ``what`` names the call in Norwegian ("sending", …)."""
    body = error_body(response)
    status = response.status_code
    message = redact(str(body.get("message") or body.get("error") or "")[:500])
    error_id = str(body.get("errorId") or "")
    code = str(body.get("errorCode") or f"svarut-{status}")
    fields = {"http_status": status, "svarut_message": message, "error_id": error_id, "code": code}
    detail = f": {message}" if message else ""
    if status >= 500 or status == 429:
        return SvarUtUnavailable(f"SvarUt er ikke tilgjengelig ({what}, HTTP {status}){detail}", **fields)
    if status == 401:
        return SvarUtAuthError(
            f"SvarUt avviste autentiseringen (HTTP 401){detail}. Sjekk integrasjons-id og passord i "
            "Fiks forvaltning, og at Maskinporten-klienten har scope ks:fiks.", **fields)
    if status == 403:
        return SvarUtAccessDenied(
            f"Integrasjonen har ikke tilgang til SvarUt-kontoen (HTTP 403){detail}. Gi integrasjonen "
            "rettigheten «Sende forsendelser» på kontoen i Fiks forvaltning.", **fields)
    return SvarUtRequestError(f"SvarUt avviste {what} (HTTP {status}){detail}", **fields)
