"""A distributed counting semaphore on the Django cache: at most N simultaneous calls per name.

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
"""

from __future__ import annotations

import contextlib
import random
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class Limit:
    """``name`` identifies the organisation (e.g. ``org:910753614`` or ``vendor:<client id>``)."""

    name: str
    size: int


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

    def try_acquire(self) -> str | None:
        """Take a free slot now, or return None. Returns the slot key."""
        self.tries += 1
        token = uuid.uuid4().hex
        start = random.randrange(self.limit.size)
        keys = [self._slot_key((start + offset) % self.limit.size) for offset in range(self.limit.size)]
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

    def _wake_one(self) -> None:
        if self.redis is not None:
            # At most `size` wake-ups are kept: a stale one costs a waiter one extra try, nothing more.
            with self.redis.pipeline(transaction=False) as pipe:
                pipe.lpush(self.wake_key, 1).ltrim(self.wake_key, 0, self.limit.size - 1)
                pipe.expire(self.wake_key, max(1, int(self.lease_s))).execute()

    def acquire(self, deadline: float | None = None) -> str:
        """Wait for a slot until ``deadline`` (time.monotonic()) or ``wait_s`` from now."""
        deadline = deadline if deadline is not None else time.monotonic() + self.wait_s
        while True:
            handle = self.try_acquire()
            if handle:
                return handle
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ConcurrencyLimitTimeout(
                    f"Alle {self.limit.size} samtidige kall til Skatteetaten er i bruk; prøv igjen senere.",
                    code="concurrency_limit",
                )
            self._wait(remaining)

    def release(self, handle: str) -> None:
        key, _, token = handle.partition("|")
        if self.cache.get(key) == token:
            self.cache.delete(key)
            self._wake_one()

    def in_use(self) -> int:
        """How many slots are taken right now (for status pages and tests)."""
        return sum(1 for i in range(self.limit.size) if self.cache.get(self._slot_key(i)) is not None)


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
