"""Typed errors of the integrations app and the redaction of personal identifiers.

Two families matter to callers: :class:`TransientIntegrationError` (try again later) and
:class:`PermanentIntegrationError` (configuration or access; a person must act). Every message is
safe to show a caseworker: it is in Norwegian, it carries Maskinporten's ``trace_id`` or
Skatteetaten's ``korrelasjonsid`` when there is one, and it never contains a fødselsnummer
(all text that comes from outside passes through :func:`redact`).
"""

from __future__ import annotations

import re

_PERSON_ID = re.compile(r"(?<!\d)(\d{6})\d{5}(?!\d)")


def mask_person_id(person_id: str) -> str:
    """``DDMMÅÅIIIKK`` → ``DDMMÅÅ*****`` (birth date kept, individual number and checksum hidden)."""
    digits = str(person_id)
    return digits[:6] + "*****" if len(digits) >= 6 else "*****"


def redact(text: object) -> str:
    """Mask every 11-digit run (a fødselsnummer or D-nummer) in ``text``."""
    return _PERSON_ID.sub(lambda m: m.group(1) + "*****", str(text))


class IntegrationError(Exception):
    """Base class. ``code`` is an MP-/SSG-/DAS- code or a short internal code."""

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        trace_id: str = "",
        korrelasjonsid: str = "",
        status: int | None = None,
    ) -> None:
        self.message = redact(message)
        self.code = code
        self.trace_id = trace_id
        self.korrelasjonsid = korrelasjonsid
        self.status = status
        super().__init__(self.__str__())

    def __str__(self) -> str:
        refs = [f"kode: {self.code}"] if self.code else []
        if self.trace_id:
            refs.append(f"trace_id: {self.trace_id}")
        if self.korrelasjonsid:
            refs.append(f"korrelasjonsid: {self.korrelasjonsid}")
        return f"{self.message} ({', '.join(refs)})" if refs else self.message

    def __reduce__(self):
        # Keyword-only constructors do not survive pickling by default (Celery results, multiprocessing).
        return (_rebuild, (type(self), dict(self.__dict__)))


def _rebuild(cls: type[IntegrationError], state: dict) -> IntegrationError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, str(error))
    return error


class TransientIntegrationError(IntegrationError):
    """The outside system is unavailable or busy; the same request may succeed later."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kw)


class PermanentIntegrationError(IntegrationError):
    """Configuration, credentials or access are wrong; retrying will not help."""


class NotConfiguredError(PermanentIntegrationError):
    """No active integration configuration for the organisation."""


class CredentialsError(PermanentIntegrationError):
    """The virksomhetssertifikat or the key cannot be used (missing, wrong password, expired, …)."""


class MaskinportenError(PermanentIntegrationError):
    """Maskinporten refused the grant (``{error, error_description, error_uri}``)."""

    def __init__(
        self, message: str, *, error: str = "", error_description: str = "", error_uri: str = "", **kw
    ) -> None:
        self.error = error
        self.error_description = redact(error_description)
        self.error_uri = error_uri
        super().__init__(message, **kw)


class MaskinportenUnavailable(TransientIntegrationError):
    """Maskinporten answered 5xx or could not be reached, after the retries."""


class SkatteetatenAuthError(PermanentIntegrationError):
    """SSG-004: the token was refused even after one renewal."""


class SkatteetatenAccessDenied(PermanentIntegrationError):
    """SSG-005 / DAS-008: the organisation lacks the rettighetspakke, scope or delegation."""


class SkatteetatenRequestError(PermanentIntegrationError):
    """The request itself is wrong (SSG-006 other than the income year, SSG-003, SSG-009, …)."""


class SkatteetatenUnavailable(TransientIntegrationError):
    """5xx, DAS-003, 429 or a network error that did not clear within the retries."""


class ConcurrencyLimitTimeout(TransientIntegrationError):
    """No free call slot (the 5-concurrent-calls limit) within the wait time."""
