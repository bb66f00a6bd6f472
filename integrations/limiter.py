"""A distributed counting semaphore on the Django cache: at most N simultaneous calls per name, for
sync callers (:class:`CacheSemaphore`) and for the async fetcher (:class:`AsyncCacheSemaphore`).

Skatteetaten allows at most 5 concurrent calls per API per organisation (docs/reference/skatteetaten-api.md § 5).
Each of the N slots is one cache key, taken with the atomic ``cache.add`` and a lease timeout, so a
slot held by a crashed worker frees itself. A caller that finds every slot taken sleeps a little
(with jitter) and tries again until its wait time runs out. Release deletes the slot only if it still
holds the caller's own token.

The lease must outlast one HTTP call (the caller holds a slot for one request, not across its
backoff sleeps); the callers use ``3 × timeout``. Slots are tried from a random start so that
waiters do not all hammer slot 0, and only those a single ``get_many`` shows free.

Waiting without burning CPU: on Redis (production, tests, benchmarks) a release pushes a wake-up onto a
short list per semaphore and a waiter blocks in ``BLPOP`` on it, so one release wakes one waiter in the
order they began to wait, instead of every waiter polling the cache 50 times a second (measured: one
polling waiter cost ≈ 98 ms CPU per second, and with 16 worker processes contending for 5 slots that was
most of a core). The block is capped (``wake_fallback_s``) so a slot freed by an expired lease — a
crashed holder, which pushes nothing — is still noticed. Other caches (the quick start's database cache)
poll as before.

On Redis both classes speak the same raw protocol on the same keys (the cache's ``make_key`` of the
slot names), so sync workers and async fetchers in any number of processes and hosts share the N
slots: taking a slot is one Lua script (``SET NX PX`` on the first free slot from a random start),
releasing is one Lua script (delete only if the slot still holds the caller's token, then push a
wake-up). The async class does this with ``redis.asyncio`` (``BLPOP`` on its own connection), so a
waiting coroutine never blocks the event loop; on other caches it runs the sync class in a thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis

from integrations.errors import ConcurrencyLimitTimeout

KEY_PREFIX = "integrations:slots:"
WAKE_PREFIX = "integrations:wake:"


def redis_client(cache: Any) -> Any | None:
    """The redis-py client behind Django's ``RedisCache`` (or a subclass), else None."""
    from django.core.cache import DEFAULT_CACHE_ALIAS, caches
    from django.core.cache import cache as default_cache_proxy
    from django.core.cache.backends.redis import RedisCache

    if cache is default_cache_proxy:  # django.core.cache.cache, a proxy to the default cache
        cache = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(cache, RedisCache):
        return None
    return cache._cache.get_client(write=True)


_ASYNC_CONNECTION_KWARGS = ("host", "port", "db", "username", "password", "path", "socket_timeout",
                            "socket_connect_timeout", "client_name", "health_check_interval")


def async_redis_client(cache: Any) -> Any | None:
    """A ``redis.asyncio`` client for the same server and database as the cache's sync client, else None."""
    client = redis_client(cache)
    if client is None:
        return None
    pool = client.connection_pool
    kwargs = {k: v for k, v in pool.connection_kwargs.items() if k in _ASYNC_CONNECTION_KWARGS or k.startswith("ssl")}
    if "path" in kwargs:
        connection_class = aioredis.UnixDomainSocketConnection
    elif pool.connection_class.__name__ == "SSLConnection":
        connection_class = aioredis.SSLConnection
    else:
        connection_class = aioredis.Connection
        kwargs = {k: v for k, v in kwargs.items() if not k.startswith("ssl")}
    return aioredis.Redis(connection_pool=aioredis.ConnectionPool(connection_class=connection_class, **kwargs))


@dataclass(frozen=True)
class Limit:
    """``name`` identifies the organisation (e.g. ``org:910753614`` or ``vendor:<client id>``)."""

    name: str
    size: int


# KEYS: the slot keys in the order to try; ARGV: token, lease in ms. Returns the key taken, or false.
_ACQUIRE = """
for _, key in ipairs(KEYS) do
  if redis.call('set', key, ARGV[1], 'NX', 'PX', ARGV[2]) then return key end
end
return false
"""
# KEYS: slot key, wake key; ARGV: token, wake-ups kept, wake key lifetime (s). Deletes only our own slot.
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  redis.call('del', KEYS[1])
  redis.call('lpush', KEYS[2], 1)
  redis.call('ltrim', KEYS[2], 0, tonumber(ARGV[2]) - 1)
  redis.call('expire', KEYS[2], ARGV[3])
  return 1
end
return 0
"""


class CacheSemaphore:
    """N slots named ``integrations:slots:<name>:<i>``."""

    def __init__(
        self, cache: Any, limit: Limit, *, lease_s: float = 30.0, wait_s: float = 60.0, poll_s: float = 0.02,
        wake_fallback_s: float = 0.25,
    ) -> None:
        if limit.size < 1:
            raise ValueError("a semaphore needs at least one slot")
        self.cache = cache
        self.limit = limit
        self.lease_s = lease_s
        self.wait_s = wait_s
        self.poll_s = poll_s
        self.wake_fallback_s = wake_fallback_s
        self.redis = redis_client(cache)
        self.wake_key = cache.make_key(f"{WAKE_PREFIX}{limit.name}") if self.redis is not None else ""
        self.tries = 0  # try_acquire calls made by this object (for tests and benchmarks)

    def _slot_key(self, index: int) -> str:
        return f"{KEY_PREFIX}{self.limit.name}:{index}"

    def order(self) -> list[str]:
        """The slot names, from a random start (so that waiters do not all hammer slot 0)."""
        start = random.randrange(self.limit.size)
        return [self._slot_key((start + offset) % self.limit.size) for offset in range(self.limit.size)]

    def acquire_args(self, keys: list[str], token: str) -> tuple[list[str], list]:
        return [self.cache.make_key(k) for k in keys], [token, max(1, int(self.lease_s * 1000))]

    def release_args(self, key: str, token: str) -> tuple[list[str], list]:
        return [self.cache.make_key(key), self.wake_key], [token, self.limit.size, max(1, int(self.lease_s))]

    def handle(self, taken: Any, keys: list[str], token: str) -> str | None:
        """``<slot name>|<token>`` for the raw key the acquire script returned (None: no slot free)."""
        if not taken:
            return None
        raw = taken.decode() if isinstance(taken, bytes) else str(taken)
        return next(f"{k}|{token}" for k in keys if self.cache.make_key(k) == raw)

    def try_acquire(self) -> str | None:
        """Take a free slot now, or return None. Returns the slot handle."""
        self.tries += 1
        token = uuid.uuid4().hex
        keys = self.order()
        if self.redis is not None:
            names, args = self.acquire_args(keys, token)
            return self.handle(self.redis.eval(_ACQUIRE, len(names), *names, *args), keys, token)
        taken = self.cache.get_many(keys)
        for key in keys:
            if key not in taken and self.cache.add(key, token, timeout=self.lease_s):
                return f"{key}|{token}"
        return None

    def _wait(self, remaining_s: float) -> None:
        """Block until a release wakes us (Redis) or a short poll interval passes (other caches)."""
        if self.redis is not None:
            self.redis.blpop([self.wake_key], timeout=max(0.01, min(remaining_s, self.wake_fallback_s)))
        else:
            time.sleep(min(remaining_s, self.poll_s * random.uniform(0.5, 1.5)))

    def timeout_error(self) -> ConcurrencyLimitTimeout:
        return ConcurrencyLimitTimeout(
            f"Alle {self.limit.size} samtidige kall til Skatteetaten er i bruk; prøv igjen senere.",
            code="concurrency_limit",
        )

    def acquire(self, deadline: float | None = None) -> str:
        """Wait for a slot until ``deadline`` (time.monotonic()) or ``wait_s`` from now."""
        deadline = deadline if deadline is not None else time.monotonic() + self.wait_s
        while True:
            handle = self.try_acquire()
            if handle:
                return handle
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self.timeout_error()
            self._wait(remaining)

    def release(self, handle: str) -> None:
        key, _, token = handle.partition("|")
        if self.redis is not None:
            names, args = self.release_args(key, token)
            self.redis.eval(_RELEASE, len(names), *names, *args)
        elif self.cache.get(key) == token:
            self.cache.delete(key)

    def in_use(self) -> int:
        """How many slots are taken right now (for status pages and tests)."""
        keys = [self._slot_key(i) for i in range(self.limit.size)]
        if self.redis is not None:
            return sum(1 for value in self.redis.mget([self.cache.make_key(k) for k in keys]) if value is not None)
        return sum(1 for key in keys if self.cache.get(key) is not None)


class AsyncCacheSemaphore:
    """The same N slots for coroutines: on Redis through ``redis.asyncio`` (``aredis``), so waiting never
    blocks the event loop; without Redis the sync semaphore's calls run in a worker thread."""

    def __init__(self, sync: CacheSemaphore, aredis: Any | None) -> None:
        self.sync = sync
        self.limit = sync.limit
        self.aredis = aredis if sync.redis is not None else None
        if self.aredis is not None:
            self._acquire = self.aredis.register_script(_ACQUIRE)
            self._release = self.aredis.register_script(_RELEASE)

    async def try_acquire(self) -> str | None:
        if self.aredis is None:
            return await asyncio.to_thread(self.sync.try_acquire)
        self.sync.tries += 1
        token = uuid.uuid4().hex
        keys = self.sync.order()
        names, args = self.sync.acquire_args(keys, token)
        return self.sync.handle(await self._acquire(keys=names, args=args), keys, token)

    async def acquire(self, deadline: float) -> str:
        """Wait for a slot until ``deadline`` (time.monotonic())."""
        while True:
            handle = await self.try_acquire()
            if handle:
                return handle
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self.sync.timeout_error()
            if self.aredis is None:
                await asyncio.sleep(min(remaining, self.sync.poll_s * random.uniform(0.5, 1.5)))
            else:
                timeout = max(0.01, min(remaining, self.sync.wake_fallback_s))
                await self.aredis.blpop([self.sync.wake_key], timeout=timeout)

    async def release(self, handle: str) -> None:
        if self.aredis is None:
            await asyncio.to_thread(self.sync.release, handle)
            return
        key, _, token = handle.partition("|")
        names, args = self.sync.release_args(key, token)
        await self._release(keys=names, args=args)


@contextlib.contextmanager
def slots(semaphores: Sequence[CacheSemaphore], *, wait_s: float) -> Iterator[None]:
    """Hold one slot of each semaphore, taken in the given order (always the same order: no deadlock)."""
    deadline = time.monotonic() + wait_s
    held: list[tuple[CacheSemaphore, str]] = []
    try:
        for semaphore in semaphores:
            held.append((semaphore, semaphore.acquire(deadline)))
        yield
    finally:
        for semaphore, handle in reversed(held):
            semaphore.release(handle)


Held = list[tuple[AsyncCacheSemaphore, str]]  # the slots one caller holds, in the order taken


async def acquire_all(semaphores: Sequence[AsyncCacheSemaphore], *, wait_s: float) -> Held:
    """One slot of each semaphore, taken in the given order (always the same order: no deadlock) within
    ``wait_s``; on failure or cancellation the slots already taken are given back before it raises."""
    deadline = time.monotonic() + wait_s
    held: Held = []
    try:
        for semaphore in semaphores:
            held.append((semaphore, await semaphore.acquire(deadline)))
    except BaseException:
        await release_all(held)
        raise
    return held


async def release_all(held: Held) -> None:
    """Give back what :func:`acquire_all` took, in reverse order."""
    for semaphore, handle in reversed(held):
        await semaphore.release(handle)


@contextlib.asynccontextmanager
async def async_slots(semaphores: Sequence[AsyncCacheSemaphore], *, wait_s: float) -> AsyncIterator[None]:
    """:func:`slots` for coroutines."""
    held = await acquire_all(semaphores, wait_s=wait_s)
    try:
        yield
    finally:
        await release_all(held)
