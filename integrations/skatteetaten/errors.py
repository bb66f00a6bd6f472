"""Map a Summert skattegrunnlag V2 error response to what the client should do (docs/reference/skatteetaten-api.md § 4).

| kode / status                      | kind              | what happens                              |
|------------------------------------|-------------------|-------------------------------------------|
| SSG-007 (404)                      | person_unknown    | domain outcome                            |
| SSG-008 (404)                      | no_data           | oppgjoer → try utkast; utkast → outcome   |
| SSG-006 (400) naming the inntektsår| year_unavailable  | domain outcome                            |
| SSG-006 (400) otherwise, SSG-009   | bad_request       | permanent error                           |
| SSG-011 (410)                      | deleted           | domain outcome                            |
| SSG-004 (401)                      | unauthenticated   | renew the token once, then permanent      |
| SSG-005, SSG-010, DAS-008 (403)    | access_denied     | permanent error                           |
| SSG-003, DAS-002, bare 404         | unknown_url       | permanent (wrong base URL)                |
| SSG-001/002, DAS-001/003..007, 5xx | retryable         | retry with backoff, then transient        |
| 429                                | rate_limited      | wait (Retry-After) and retry              |

A ``melding`` can echo the request, so it is redacted before it is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import httpx

from integrations.errors import redact


class Kind(StrEnum):
    PERSON_UNKNOWN = "person_unknown"
    NO_DATA = "no_data"
    YEAR_UNAVAILABLE = "year_unavailable"
    DELETED = "deleted"
    UNAUTHENTICATED = "unauthenticated"
    ACCESS_DENIED = "access_denied"
    BAD_REQUEST = "bad_request"
    UNKNOWN_URL = "unknown_url"
    RETRYABLE = "retryable"
    RATE_LIMITED = "rate_limited"


DOMAIN_KINDS = frozenset({Kind.PERSON_UNKNOWN, Kind.NO_DATA, Kind.YEAR_UNAVAILABLE, Kind.DELETED})

_BY_CODE = {
    "SSG-001": Kind.RETRYABLE,
    "SSG-002": Kind.RETRYABLE,
    "SSG-003": Kind.UNKNOWN_URL,
    "SSG-004": Kind.UNAUTHENTICATED,
    "SSG-005": Kind.ACCESS_DENIED,
    "SSG-007": Kind.PERSON_UNKNOWN,
    "SSG-008": Kind.NO_DATA,
    "SSG-009": Kind.BAD_REQUEST,
    "SSG-010": Kind.ACCESS_DENIED,
    "SSG-011": Kind.DELETED,
    "DAS-001": Kind.RETRYABLE,
    "DAS-002": Kind.UNKNOWN_URL,
    "DAS-003": Kind.RETRYABLE,
    "DAS-004": Kind.RETRYABLE,
    "DAS-005": Kind.RETRYABLE,
    "DAS-006": Kind.RETRYABLE,
    "DAS-007": Kind.RETRYABLE,
    "DAS-008": Kind.ACCESS_DENIED,
}
_YEAR_WORDS = ("inntektsår", "inntektsaar", "inntektsar")


@dataclass(frozen=True)
class SsgError:
    status: int
    kode: str
    melding: str
    korrelasjonsid: str
    kind: Kind
    retry_after_s: float | None = None

    @property
    def is_domain_outcome(self) -> bool:
        return self.kind in DOMAIN_KINDS


def _kind_by_status(status: int) -> Kind:
    if status == 429:
        return Kind.RATE_LIMITED
    if status >= 500:
        return Kind.RETRYABLE
    if status == 401:
        return Kind.UNAUTHENTICATED
    if status == 403:
        return Kind.ACCESS_DENIED
    if status == 410:
        return Kind.DELETED
    if status == 404:
        return Kind.UNKNOWN_URL  # a 404 without a known SSG code is the gateway's "no such address"
    return Kind.BAD_REQUEST


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


def classify_error(response: httpx.Response) -> SsgError:
    """Read ``{kode, melding, korrelasjonsid}`` if present and decide the kind."""
    try:
        body = response.json()
    except ValueError:
        body = None
    body = body if isinstance(body, dict) else {}
    kode = str(body.get("kode") or "").strip().upper()
    melding = redact(str(body.get("melding") or ""))[:500]
    korrelasjonsid = str(
        body.get("korrelasjonsid")
        or response.headers.get("korrelasjonsid")
        or response.headers.get("X-Correlation-ID")
        or ""
    )
    if response.status_code == 429:
        kind = Kind.RATE_LIMITED
    elif kode == "SSG-006":
        year = any(word in melding.lower() for word in _YEAR_WORDS)
        kind = Kind.YEAR_UNAVAILABLE if year else Kind.BAD_REQUEST
    elif kode in _BY_CODE:
        kind = _BY_CODE[kode]
    else:
        kind = _kind_by_status(response.status_code)
    return SsgError(
        status=response.status_code,
        kode=kode,
        melding=melding,
        korrelasjonsid=korrelasjonsid,
        kind=kind,
        retry_after_s=_retry_after(response),
    )
