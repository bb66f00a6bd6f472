"""A distributed counting semaphore on the Django cache: at most N simultaneous calls per name.

Skatteetaten allows at most 5 concurrent calls per API per organisation (skatteetaten-api.md § 5).
Each of the N slots is one cache key, taken with the atomic ``cache.add`` and a lease timeout, so a
slot held by a crashed worker frees itself. A caller that finds every slot taken sleeps a little
(with jitter) and tries again until its wait time runs out. Release deletes the slot only if it still
holds the caller's own token.

The lease must outlast one HTTP call (the caller holds a slot for one request, not across its
backoff sleeps); the callers use ``3 × timeout``. Slots are tried from a random start so that
waiters do not all hammer slot 0.
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


@dataclass(frozen=True)
class Limit:
    """``name`` identifies the organisation (e.g. ``org:910753614`` or ``vendor:<client id>``)."""

    name: str
    size: int


class CacheSemaphore:
    """N slots named ``integrations:slots:<name>:<i>``."""

    def __init__(
        self, cache: Any, limit: Limit, *, lease_s: float = 30.0, wait_s: float = 60.0, poll_s: float = 0.02
    ) -> None:
        if limit.size < 1:
            raise ValueError("a semaphore needs at least one slot")
        self.cache = cache
        self.limit = limit
        self.lease_s = lease_s
        self.wait_s = wait_s
        self.poll_s = poll_s

    def _slot_key(self, index: int) -> str:
        return f"{KEY_PREFIX}{self.limit.name}:{index}"

    def try_acquire(self) -> str | None:
        """Take a free slot now, or return None. Returns the slot key."""
        token = uuid.uuid4().hex
        start = random.randrange(self.limit.size)
        for offset in range(self.limit.size):
            key = self._slot_key((start + offset) % self.limit.size)
            if self.cache.add(key, token, timeout=self.lease_s):
                return f"{key}|{token}"
        return None

    def acquire(self, deadline: float | None = None) -> str:
        """Wait for a slot until ``deadline`` (time.monotonic()) or ``wait_s`` from now."""
        deadline = deadline if deadline is not None else time.monotonic() + self.wait_s
        while True:
            handle = self.try_acquire()
            if handle:
                return handle
            if time.monotonic() >= deadline:
                raise ConcurrencyLimitTimeout(
                    f"Alle {self.limit.size} samtidige kall til Skatteetaten er i bruk; prøv igjen senere.",
                    code="concurrency_limit",
                )
            time.sleep(self.poll_s * random.uniform(0.5, 1.5))

    def release(self, handle: str) -> None:
        key, _, token = handle.partition("|")
        if self.cache.get(key) == token:
            self.cache.delete(key)

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
