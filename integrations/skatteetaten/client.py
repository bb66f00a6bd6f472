"""The synchronous transport for Summert skattegrunnlag V2 (``httpx.Client``), rettighetspakke
``kommuneforeldrebetaling``.

The wire logic — URL, headers, response and error mapping, retries, the SSG-004 token renewal — is in
``wire.py`` and shared with the async transport (``aio.py``). This module only performs the effects
a lookup yields: each HTTP request holds one slot of every configured semaphore (per organisation,
and per vendor client), and the token is renewed (if due) before queueing for a slot, not while
holding one.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, Protocol

import httpx

from integrations.http import RetryPolicy
from integrations.limiter import CacheSemaphore, slots
from integrations.skatteetaten.wire import (
    RETTIGHETSPAKKE,
    STADIER,
    Effect,
    Invalidate,
    Send,
    Sent,
    Sleep,
    SsgReply,
    Steps,
    Wire,
    check_person_id,
    run_sync,
)

__all__ = ["RETTIGHETSPAKKE", "STADIER", "SsgClient", "SsgReply", "TokenSource", "check_person_id"]


class TokenSource(Protocol):
    def token(self) -> str: ...

    def invalidate(self, token_value: str) -> None: ...


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
        self.wire = Wire(base_url, retry or RetryPolicy(), rate_limit_attempts)
        self.base_url = self.wire.base_url
        self.http = http
        self.tokens = tokens
        self.semaphores = tuple(semaphores)
        self.slot_wait_s = slot_wait_s
        self.retry = self.wire.retry

    def url(self, stadie: str, inntektsaar: int, person_id: str) -> str:
        return self.wire.url(stadie, inntektsaar, person_id)

    def get(self, *, stadie: str, inntektsaar: int, person_id: str) -> SsgReply:
        """One (stadie, year) lookup: the 200 body or a domain outcome; typed errors otherwise."""
        return self.run(self.wire.lookup(stadie=stadie, inntektsaar=inntektsaar, person_id=person_id))

    def run(self, steps: Steps) -> Any:
        """Drive a ``wire``/``policy`` generator to its result on this client."""
        return run_sync(steps, self.perform)

    def perform(self, effect: Effect) -> Sent | None:
        if isinstance(effect, Send):
            self.tokens.token()  # renew (if due) before queueing for a slot, not while holding one
            token = ""
            try:
                with slots(self.semaphores, wait_s=self.slot_wait_s):
                    token = self.tokens.token()  # a cache read; still fresh after a long wait for a slot
                    response = self.http.get(effect.url, headers={**effect.headers,
                                                                  "Authorization": f"Bearer {token}"})
            except httpx.HTTPError as exc:
                return Sent(None, exc, token)
            return Sent(response, None, token)
        if isinstance(effect, Sleep):
            time.sleep(effect.seconds)
            return None
        if isinstance(effect, Invalidate):
            self.tokens.invalidate(effect.token)
            return None
        raise TypeError(f"unknown effect {effect!r}")
