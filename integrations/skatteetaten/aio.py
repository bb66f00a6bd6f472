"""The asynchronous transport for Summert skattegrunnlag V2 (``httpx.AsyncClient``).

It drives the same sans-IO steps as the sync client (``wire.py``, ``policy.py``): only the effects are
performed differently. A :class:`Send` builds its request first (outside the slot), then waits in the
process's :class:`~integrations.slot_relay.SlotRelay` (at most N of this process's coroutines hold or
seek the shared slots; a finished call hands its slots straight to the next) for one slot of every
shared semaphore (Redis, ``limiter.AsyncCacheSemaphore``: the same slots the sync workers use, in every
process and host), then sends. The token comes from :class:`AsyncTokens`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any, Protocol

import httpx

from integrations.limiter import AsyncCacheSemaphore, async_slots
from integrations.skatteetaten.wire import Effect, Invalidate, Send, Sent, Sleep, Steps, Wire
from integrations.slot_relay import SlotRelay


class TokenEntries(Protocol):
    """``maskinporten.cache.CachedTokens``: the shared entry (token, renew_at) and its invalidation."""

    def entry(self) -> tuple[str, float]: ...

    def invalidate(self, token_value: str) -> None: ...


class AsyncTokens:
    """The shared Maskinporten token cache for coroutines.

    The process keeps a copy of the shared entry until the entry's own renewal time (the same moment
    every process renews), so a call costs no cache read. Reading or renewing the shared entry — with
    its single-flight lock across processes and hosts, hence still one token request per lifetime —
    runs in a worker thread, never on the event loop; one coroutine at a time does it.
    """

    def __init__(self, source: TokenEntries) -> None:
        self.source = source
        self.value = ""
        self.renew_at = 0.0
        self.reads = 0  # shared-cache reads (for tests)
        self._lock = asyncio.Lock()

    def _fresh(self) -> bool:
        return bool(self.value) and time.time() < self.renew_at

    async def token(self) -> str:
        if self._fresh():
            return self.value
        async with self._lock:
            if not self._fresh():
                self.reads += 1
                self.value, self.renew_at = await asyncio.to_thread(self.source.entry)
        return self.value

    async def invalidate(self, token_value: str) -> None:
        if self.value == token_value:
            self.value, self.renew_at = "", 0.0
        await asyncio.to_thread(self.source.invalidate, token_value)


class AsyncSsgClient:
    def __init__(
        self,
        wire: Wire,
        http: httpx.AsyncClient,
        tokens: AsyncTokens,
        *,
        semaphores: Sequence[AsyncCacheSemaphore] = (),
        relay: SlotRelay | None = None,
        slot_wait_s: float = 60.0,
    ) -> None:
        self.wire = wire
        self.http = http
        self.tokens = tokens
        self.semaphores = tuple(semaphores)
        self.relay = relay
        self.slot_wait_s = slot_wait_s

    async def run(self, steps: Steps) -> Any:
        """Drive a ``wire``/``policy`` generator to its result on this client."""
        answer = None
        while True:
            try:
                effect = steps.send(answer)
            except StopIteration as stop:
                return stop.value
            answer = await self.perform(effect)

    def _request(self, effect: Send, token: str) -> httpx.Request:
        headers = {**effect.headers, "Authorization": f"Bearer {token}"}
        return self.http.build_request("GET", effect.url, headers=headers)

    def _slots(self):
        if self.relay is not None:
            return self.relay.hold(self.semaphores, wait_s=self.slot_wait_s)
        return async_slots(self.semaphores, wait_s=self.slot_wait_s)

    async def perform(self, effect: Effect) -> Sent | None:
        if isinstance(effect, Send):
            token = await self.tokens.token()  # renew (if due) before queueing for a slot, not while holding one
            request = self._request(effect, token)  # built outside the slot: the slot covers the call only
            try:
                async with self._slots():
                    current = await self.tokens.token()
                    if current != token:  # renewed by another coroutine while this one waited
                        token, request = current, self._request(effect, current)
                    response = await self.http.send(request)
            except httpx.HTTPError as exc:
                return Sent(None, exc, token)
            return Sent(response, None, token)
        if isinstance(effect, Sleep):
            await asyncio.sleep(effect.seconds)
            return None
        if isinstance(effect, Invalidate):
            await self.tokens.invalidate(effect.token)
            return None
        raise TypeError(f"unknown effect {effect!r}")
