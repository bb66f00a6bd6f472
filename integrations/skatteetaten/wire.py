"""The Summert skattegrunnlag wire logic without I/O: one implementation for the sync and async clients.

A lookup is a generator that *yields effects* and receives their results; it never touches a socket,
a clock or the cache itself. A transport (``client.SsgClient`` with ``httpx.Client``, or
``aio.AsyncSsgClient`` with ``httpx.AsyncClient``) performs each effect and sends the answer back:

| effect              | the transport does                                                      | sends back |
|---------------------|-------------------------------------------------------------------------|------------|
| :class:`Send`       | renew the token if due, hold one slot of every semaphore, GET with      | :class:`Sent` |
|                     | ``Authorization: Bearer <token>``, release the slots                    |            |
| :class:`Sleep`      | wait (``time.sleep`` / ``asyncio.sleep``)                               | None       |
| :class:`Invalidate` | drop the token the API refused (SSG-004) from the shared cache          | None       |

Everything else — the URL and headers, the mapping of a response to a reply or a typed error
(``errors.classify_error``), the retry and 429 decisions, the token renewal after SSG-004, the stadie
and year policy (``policy.tax_basis_steps``) — lives here once. ``run_sync`` drives a generator with a
sync ``perform``; the async client drives the same generator with ``await perform``.

Logs carry the status, the ``kode``, the ``korrelasjonsid``, the stadie, the year and the masked
person id — never the full fødselsnummer, never the URL.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

import httpx

from integrations.errors import (
    SkatteetatenAccessDenied,
    SkatteetatenAuthError,
    SkatteetatenRequestError,
    SkatteetatenUnavailable,
    mask_person_id,
)
from integrations.http import RetryPolicy, describe_transport_error
from integrations.skatteetaten.errors import Kind, SsgError, classify_error

logger = logging.getLogger("integrations.skatteetaten.client")

RETTIGHETSPAKKE = "kommuneforeldrebetaling"
STADIER = ("oppgjoer", "utkast")


@dataclass(frozen=True)
class Send:
    """GET ``url`` with ``headers`` plus the current token, holding the call slots."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sent:
    """What a :class:`Send` gave: the response or the network error, and the token that was sent."""

    response: httpx.Response | None
    error: httpx.HTTPError | None
    token: str


@dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclass(frozen=True)
class Invalidate:
    token: str


Effect = Send | Sleep | Invalidate
Steps = Generator[Effect, Any, Any]


@dataclass(frozen=True)
class SsgReply:
    """The 200 body (``body``) or a domain outcome (``error``) for one stadie and year."""

    stadie: str
    inntektsaar: int
    body: dict | None = None
    error: SsgError | None = None
    korrelasjonsid: str = ""


def check_person_id(person_id: str) -> str:
    """A fødselsnummer or D-nummer is 11 digits; anything else is never sent."""
    value = str(person_id).strip()
    if len(value) != 11 or not value.isdigit():
        raise ValueError("personidentifikator must be 11 digits")
    return value


def run_sync(steps: Steps, perform: Callable[[Effect], Any]) -> Any:
    """Drive ``steps`` to its return value, performing each effect with ``perform``."""
    answer = None
    while True:
        try:
            effect = steps.send(answer)
        except StopIteration as stop:
            return stop.value
        answer = perform(effect)


@dataclass(frozen=True)
class Wire:
    """One API base URL with its retry rules; :meth:`lookup` is one (stadie, year) lookup."""

    base_url: str
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    rate_limit_attempts: int = 5

    def __post_init__(self) -> None:
        if not self.base_url:
            raise ValueError("the Summert skattegrunnlag base URL (…/v2) is required")
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))

    def url(self, stadie: str, inntektsaar: int, person_id: str) -> str:
        return f"{self.base_url}/{stadie}/{RETTIGHETSPAKKE}/{int(inntektsaar)}/{person_id}"

    def lookup(self, *, stadie: str, inntektsaar: int, person_id: str) -> Generator[Effect, Any, SsgReply]:
        """The 200 body or a domain outcome; typed errors for everything else (``errors.py``)."""
        if stadie not in STADIER:
            raise ValueError(f"stadie must be one of {STADIER} for {RETTIGHETSPAKKE}")
        person_id = check_person_id(person_id)
        request = Send(self.url(stadie, inntektsaar, person_id), {"Accept": "application/json"})
        where = f"stadie={stadie} inntektsaar={inntektsaar} person={mask_person_id(person_id)}"
        token_renewed = False
        failures = rate_limited = 0
        while True:
            sent: Sent = yield request
            if sent.error is not None:
                problem, korrelasjonsid, retry_after = describe_transport_error(sent.error), "", None
            elif sent.response.status_code == 200:
                reply = _success(sent.response, stadie, inntektsaar, where)
                if reply is not None:
                    return reply
                problem, korrelasjonsid, retry_after = "200 uten JSON-objekt", "", None
            else:
                error = classify_error(sent.response)
                logger.info("SSG %s: status=%s kode=%s korrelasjonsid=%s kind=%s", where, error.status,
                            error.kode or "-", error.korrelasjonsid or "-", error.kind)
                if error.is_domain_outcome:
                    return SsgReply(stadie, int(inntektsaar), error=error, korrelasjonsid=error.korrelasjonsid)
                if error.kind is Kind.UNAUTHENTICATED and not token_renewed:
                    token_renewed = True
                    yield Invalidate(sent.token)
                    continue
                if error.kind is Kind.RATE_LIMITED:
                    rate_limited += 1
                    if rate_limited < self.rate_limit_attempts:
                        yield Sleep(self._rate_limit_wait(error, rate_limited))
                        continue
                    raise SkatteetatenUnavailable(
                        "Skatteetaten begrenser antall kall (HTTP 429). Prøv igjen senere.",
                        code=error.kode or "HTTP 429", korrelasjonsid=error.korrelasjonsid, status=429,
                        retry_after=error.retry_after_s,
                    )
                if error.kind is not Kind.RETRYABLE:
                    raise permanent_error(error)
                problem = f"HTTP {error.status} {error.kode}".strip()
                korrelasjonsid, retry_after = error.korrelasjonsid, error.retry_after_s
            failures += 1
            logger.warning("SSG %s: attempt %s failed (%s) korrelasjonsid=%s", where, failures, problem,
                           korrelasjonsid or "-")
            if failures >= self.retry.attempts:
                raise SkatteetatenUnavailable(
                    f"Skatteetaten er ikke tilgjengelig nå ({problem}). Prøv igjen senere.",
                    code="skatteetaten_unavailable", korrelasjonsid=korrelasjonsid, retry_after=retry_after,
                )
            yield Sleep(self.retry.delay(failures - 1))

    def _rate_limit_wait(self, error: SsgError, count: int) -> float:
        if error.retry_after_s is not None:
            return min(error.retry_after_s, self.retry.max_retry_after_s)
        return self.retry.rate_limit_delay(count - 1)


def _success(response: httpx.Response, stadie: str, inntektsaar: int, where: str) -> SsgReply | None:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return None
    korrelasjonsid = response.headers.get("korrelasjonsid") or response.headers.get("X-Correlation-ID") or ""
    logger.info("SSG %s: status=200 korrelasjonsid=%s", where, korrelasjonsid or "-")
    return SsgReply(stadie, int(inntektsaar), body=body, korrelasjonsid=korrelasjonsid)


def permanent_error(error: SsgError) -> Exception:
    refs = {"code": error.kode or f"HTTP {error.status}", "korrelasjonsid": error.korrelasjonsid,
            "status": error.status}
    detail = f": {error.melding}" if error.melding else ""
    if error.kind is Kind.UNAUTHENTICATED:
        return SkatteetatenAuthError(
            "Skatteetaten godtar ikke tokenet fra Maskinporten, heller ikke et nytt. Sjekk scope og "
            f"miljø (test/prod) i integrasjonsoppsettet{detail}", **refs)
    if error.kind is Kind.ACCESS_DENIED:
        return SkatteetatenAccessDenied(
            "Kommunen har ikke tilgang til Summert skattegrunnlag (rettighetspakke "
            f"{RETTIGHETSPAKKE}). Sjekk tilgangen hos Skatteetaten og delegeringen i Altinn{detail}", **refs)
    if error.kind is Kind.UNKNOWN_URL:
        return SkatteetatenRequestError(
            f"Ukjent adresse hos Skatteetaten. Sjekk grunnadressen (…/v2) i integrasjonsoppsettet{detail}", **refs)
    return SkatteetatenRequestError(f"Skatteetaten avviste forespørselen{detail}", **refs)
