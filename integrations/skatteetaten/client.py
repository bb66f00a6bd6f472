"""HTTP client for Summert skattegrunnlag V2, rettighetspakke ``kommuneforeldrebetaling``.

``GET {base}/{stadie}/kommuneforeldrebetaling/{inntektsaar}/{personidentifikator}`` with
``Authorization: Bearer <token>`` and ``Accept: application/json``. One :meth:`SsgClient.get` is one
(stadie, year) lookup: it returns the 200 body or a domain outcome (SSG-007/008/011, SSG-006 on the
year) and raises typed errors for everything else — see ``errors.py`` for the table. Each HTTP request
holds one slot of every configured semaphore (per organisation, and per vendor client).

Logs carry the status, the ``kode``, the ``korrelasjonsid``, the stadie, the year and the masked
person id (first 6 digits + *****) — never the full fødselsnummer, never the URL.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import httpx

from integrations.errors import (
    SkatteetatenAccessDenied,
    SkatteetatenAuthError,
    SkatteetatenRequestError,
    SkatteetatenUnavailable,
    mask_person_id,
)
from integrations.http import RetryPolicy, describe_transport_error
from integrations.limiter import CacheSemaphore, slots
from integrations.skatteetaten.errors import Kind, SsgError, classify_error

logger = logging.getLogger(__name__)

RETTIGHETSPAKKE = "kommuneforeldrebetaling"
STADIER = ("oppgjoer", "utkast")


class TokenSource(Protocol):
    def token(self) -> str: ...

    def invalidate(self, token_value: str) -> None: ...


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


class SsgClient:
    def __init__(
        self,
        base_url: str,
        http: httpx.Client,
        tokens: TokenSource,
        *,
        semaphores: Sequence[CacheSemaphore] = (),
        slot_wait_s: float = 60.0,
        retry: RetryPolicy | None = None,
        rate_limit_attempts: int = 5,
    ) -> None:
        if not base_url:
            raise ValueError("the Summert skattegrunnlag base URL (…/v2) is required")
        self.base_url = base_url.rstrip("/")
        self.http = http
        self.tokens = tokens
        self.semaphores = tuple(semaphores)
        self.slot_wait_s = slot_wait_s
        self.retry = retry or RetryPolicy()
        self.rate_limit_attempts = rate_limit_attempts

    def url(self, stadie: str, inntektsaar: int, person_id: str) -> str:
        return f"{self.base_url}/{stadie}/{RETTIGHETSPAKKE}/{int(inntektsaar)}/{person_id}"

    def get(self, *, stadie: str, inntektsaar: int, person_id: str) -> SsgReply:
        if stadie not in STADIER:
            raise ValueError(f"stadie must be one of {STADIER} for {RETTIGHETSPAKKE}")
        person_id = check_person_id(person_id)
        url = self.url(stadie, inntektsaar, person_id)
        where = f"stadie={stadie} inntektsaar={inntektsaar} person={mask_person_id(person_id)}"
        token_renewed = False
        failures = rate_limited = 0
        while True:
            self.tokens.token()  # renew (if due) before queueing for a slot, not while holding one
            try:
                with slots(self.semaphores, wait_s=self.slot_wait_s):
                    token = self.tokens.token()  # a cache read; still fresh after a long wait for a slot
                    response = self.http.get(
                        url, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"}
                    )
            except httpx.HTTPError as exc:
                problem, korrelasjonsid, retry_after = describe_transport_error(exc), "", None
            else:
                if response.status_code == 200:
                    reply = self._success(response, stadie, inntektsaar, where)
                    if reply is not None:
                        return reply
                    problem, korrelasjonsid, retry_after = "200 uten JSON-objekt", "", None
                else:
                    error = classify_error(response)
                    logger.info(
                        "SSG %s: status=%s kode=%s korrelasjonsid=%s kind=%s",
                        where,
                        error.status,
                        error.kode or "-",
                        error.korrelasjonsid or "-",
                        error.kind,
                    )
                    if error.is_domain_outcome:
                        return SsgReply(
                            stadie, int(inntektsaar), error=error, korrelasjonsid=error.korrelasjonsid
                        )
                    if error.kind is Kind.UNAUTHENTICATED and not token_renewed:
                        token_renewed = True
                        self.tokens.invalidate(token)
                        continue
                    if error.kind is Kind.RATE_LIMITED:
                        rate_limited += 1
                        if rate_limited < self.rate_limit_attempts:
                            self._wait_rate_limited(error, rate_limited)
                            continue
                        raise SkatteetatenUnavailable(
                            "Skatteetaten begrenser antall kall (HTTP 429). Prøv igjen senere.",
                            code=error.kode or "HTTP 429",
                            korrelasjonsid=error.korrelasjonsid,
                            status=429,
                            retry_after=error.retry_after_s,
                        )
                    if error.kind is not Kind.RETRYABLE:
                        raise self._permanent(error)
                    problem = f"HTTP {error.status} {error.kode}".strip()
                    korrelasjonsid, retry_after = error.korrelasjonsid, error.retry_after_s
            failures += 1
            logger.warning(
                "SSG %s: attempt %s failed (%s) korrelasjonsid=%s",
                where,
                failures,
                problem,
                korrelasjonsid or "-",
            )
            if failures >= self.retry.attempts:
                raise SkatteetatenUnavailable(
                    f"Skatteetaten er ikke tilgjengelig nå ({problem}). Prøv igjen senere.",
                    code="skatteetaten_unavailable",
                    korrelasjonsid=korrelasjonsid,
                    retry_after=retry_after,
                )
            self.retry.sleep(failures - 1)

    def _success(
        self, response: httpx.Response, stadie: str, inntektsaar: int, where: str
    ) -> SsgReply | None:
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return None
        korrelasjonsid = (
            response.headers.get("korrelasjonsid") or response.headers.get("X-Correlation-ID") or ""
        )
        logger.info("SSG %s: status=200 korrelasjonsid=%s", where, korrelasjonsid or "-")
        return SsgReply(stadie, int(inntektsaar), body=body, korrelasjonsid=korrelasjonsid)

    def _wait_rate_limited(self, error: SsgError, count: int) -> None:
        if error.retry_after_s is not None:
            time.sleep(min(error.retry_after_s, self.retry.max_retry_after_s))
        else:
            time.sleep(self.retry.rate_limit_delay(count - 1))

    @staticmethod
    def _permanent(error: SsgError) -> Exception:
        refs = {
            "code": error.kode or f"HTTP {error.status}",
            "korrelasjonsid": error.korrelasjonsid,
            "status": error.status,
        }
        detail = f": {error.melding}" if error.melding else ""
        if error.kind is Kind.UNAUTHENTICATED:
            return SkatteetatenAuthError(
                "Skatteetaten godtar ikke tokenet fra Maskinporten, heller ikke et nytt. Sjekk scope og "
                f"miljø (test/prod) i integrasjonsoppsettet{detail}",
                **refs,
            )
        if error.kind is Kind.ACCESS_DENIED:
            return SkatteetatenAccessDenied(
                "Kommunen har ikke tilgang til Summert skattegrunnlag (rettighetspakke "
                f"{RETTIGHETSPAKKE}). Sjekk tilgangen hos Skatteetaten og delegeringen i Altinn{detail}",
                **refs,
            )
        if error.kind is Kind.UNKNOWN_URL:
            return SkatteetatenRequestError(
                "Ukjent adresse hos Skatteetaten. Sjekk grunnadressen (…/v2) i "
                f"integrasjonsoppsettet{detail}",
                **refs,
            )
        return SkatteetatenRequestError(f"Skatteetaten avviste forespørselen{detail}", **refs)
