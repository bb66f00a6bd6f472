"""The asynchronous income fetcher: many tax-basis lookups at once on one event loop per process.

A Celery task (``cases.tasks.fetch_income_batch``, served by the ``fetch`` worker: ``--pool threads``)
hands a batch of lookups to :func:`run_lookups` and waits for the results. The lookups run as
coroutines on this process's event loop, which lives in one daemon thread (started on first use, again
in a forked child), so the tasks of all pool threads share one loop, one ``httpx.AsyncClient``
(connection pool), one ``redis.asyncio`` client and one slot relay per organisation (``slot_relay``).
Waiting for a slot (``BLPOP``) or for Skatteetaten costs no thread and no CPU; a lookup's own CPU is a
few milliseconds.

What is shared across processes and hosts stays in the Django cache (Redis): the N call slots per
organisation (``limiter``: the same keys as the sync path) and the Maskinporten token (one request per
lifetime; renewal runs in a worker thread, ``skatteetaten.aio.AsyncTokens``). The wire logic is the
sans-IO core (``skatteetaten.wire``/``policy``) that the sync path runs too.

Django's ORM is never used on the loop: the caller resolves configurations and reads the
classification table before handing the work over, and writes the results after.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from integrations.conf import IntegrationSettings, setting
from integrations.errors import IntegrationError
from integrations.factory import default_cache, token_source
from integrations.http import build_async_http_client, shared_http_client
from integrations.limiter import AsyncCacheSemaphore, CacheSemaphore, async_redis_client
from integrations.skatteetaten.aio import AsyncSsgClient, AsyncTokens
from integrations.skatteetaten.wire import Steps, Wire
from integrations.slot_relay import SlotRelay


@dataclass(frozen=True)
class Job:
    """One lookup: its configuration and a function that builds its steps from the client's ``Wire``."""

    config: IntegrationSettings
    steps: Callable[[Wire], Steps]


class _Runtime:
    """The process's event loop thread and what lives on it."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        # The loop shares the GIL with the task threads' ORM work; a shorter switch interval (Python's
        # default is 5 ms) lets it take a finished call's answer and hand the slot on sooner
        # (docs/benchmarks.md: 0.861 → 0.875 of the limit). Only the process that runs a fetcher loop.
        interval = float(setting("FETCHER_SWITCH_INTERVAL_S", 0.0005) or 0)
        if interval > 0:
            sys.setswitchinterval(interval)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="integrations-fetcher", daemon=True)
        self.thread.start()
        self.lock = threading.Lock()
        self.http: dict[float, Any] = {}
        self.aredis: dict[int, Any] = {}
        self.relays: dict[tuple, SlotRelay] = {}

    def http_client(self, timeout_s: float):
        with self.lock:
            client = self.http.get(float(timeout_s))
            if client is None:
                client = self.http[float(timeout_s)] = build_async_http_client(timeout_s=timeout_s)
            return client

    def async_redis(self, cache: Any):
        with self.lock:
            if id(cache) not in self.aredis:
                self.aredis[id(cache)] = async_redis_client(cache)
            return self.aredis[id(cache)]

    def relay(self, config: IntegrationSettings) -> SlotRelay:
        """At most ``size`` of this process's coroutines hold or seek an organisation's shared slots;
        a finished call hands its slots to the next for up to ``SKATTEETATEN_SLOT_RELAY_S`` (never past
        one call timeout, so the slots' lease of three timeouts outlasts it)."""
        limits = config.limits()
        key = tuple(limit.name for limit in limits)
        relay_s = min(float(setting("SKATTEETATEN_SLOT_RELAY_S", 1.0)), config.timeout_s)
        with self.lock:
            if key not in self.relays:
                self.relays[key] = SlotRelay(min(limit.size for limit in limits), relay_s=relay_s)
            return self.relays[key]

    def client(self, config: IntegrationSettings, cache: Any) -> AsyncSsgClient:
        """A client for one batch (its token copy lives as long as the batch; the pools live on)."""
        config.check_endpoints()
        aredis = self.async_redis(cache)
        lease = 3 * config.timeout_s
        semaphores = [AsyncCacheSemaphore(CacheSemaphore(cache, limit, lease_s=lease), aredis)
                      for limit in config.limits()]
        tokens = AsyncTokens(token_source(config, shared_http_client(timeout_s=config.timeout_s), cache))
        wire = Wire(config.ssg_base_url, config.retry_policy())
        return AsyncSsgClient(wire, self.http_client(config.timeout_s), tokens, semaphores=semaphores,
                              relay=self.relay(config),
                              slot_wait_s=float(setting("SKATTEETATEN_SLOT_WAIT_S", 60) or 60))

    def run(self, coroutine) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()


_runtime: _Runtime | None = None
_runtime_lock = threading.Lock()


def runtime() -> _Runtime:
    """This process's runtime (a forked child builds its own: threads do not survive a fork)."""
    global _runtime
    with _runtime_lock:
        if _runtime is None or _runtime.pid != os.getpid():
            _runtime = _Runtime()
        return _runtime


async def _gather(clients: dict, jobs: Sequence[Job]) -> list:
    async def one(job: Job):
        client = clients[job.config]
        return await client.run(job.steps(client.wire))

    return await asyncio.gather(*(one(job) for job in jobs), return_exceptions=True)


def run_lookups(jobs: Sequence[Job], *, cache: Any = None) -> list:
    """Run every job concurrently; a result or the exception it raised, in the order given.

    Blocks the calling thread (not the loop) until all are done. Must not be called from the loop.
    """
    if not jobs:
        return []
    cache = cache if cache is not None else default_cache()
    rt = runtime()
    clients: dict[IntegrationSettings, AsyncSsgClient | IntegrationError] = {}
    for job in jobs:
        if job.config not in clients:
            try:
                clients[job.config] = rt.client(job.config, cache)
            except IntegrationError as exc:  # configuration or credentials: every job of it fails alike
                clients[job.config] = exc
    runnable = [job for job in jobs if isinstance(clients[job.config], AsyncSsgClient)]
    results = iter(rt.run(_gather(clients, runnable)))
    return [next(results) if isinstance(clients[job.config], AsyncSsgClient) else clients[job.config]
            for job in jobs]
