"""One process's share of an organisation's shared call slots, for the asynchronous fetcher.

The N slots per organisation live in Redis (``limiter.AsyncCacheSemaphore``), shared by every process
and host. Taking one costs a round trip (a Lua script), giving it back another plus a wake-up of the
next waiter's ``BLPOP`` and its own round trip: between the end of one call and the start of the next,
a slot stood empty for those round trips and for the event loop's turn of each coroutine involved
(measured: 20 % of the fetcher loop's CPU, and the biggest part of the gap between two calls on a slot).

A :class:`SlotRelay` lets at most ``size`` of the process's coroutines hold or seek slots at once (the
former local gate), and a coroutine done with its call hands its slots straight to the next waiting
coroutine of the process: the Redis keys stay taken, no round trip, no wake-up. The shared limit is
kept — a handed-on slot is still one key in Redis, used by one coroutine at a time. A slot is handed on
only during ``relay_s`` after it was taken from Redis; then it goes back to Redis, so that other
processes, hosts and the sync path's single lookups (a caseworker's button) get their turn within about
a second, and the key's lease (three call timeouts) always outlasts the relay and the last call on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator, Sequence

from integrations.limiter import AsyncCacheSemaphore, Held, acquire_all, release_all


class SlotRelay:
    """At most ``size`` coroutines of this process hold or seek the semaphores' slots; slots pass on."""

    def __init__(self, size: int, *, relay_s: float = 1.0) -> None:
        if size < 1:
            raise ValueError("a relay needs at least one place")
        self.size = size
        self.relay_s = relay_s
        self.active = 0  # coroutines between entering and leaving (holding, or taking from Redis)
        self.waiters: deque[asyncio.Future] = deque()
        self.taken = 0  # slot sets taken from Redis (for tests and benchmarks)
        self.handed = 0  # slot sets handed straight on

    @contextlib.asynccontextmanager
    async def hold(self, semaphores: Sequence[AsyncCacheSemaphore], *, wait_s: float) -> AsyncIterator[None]:
        """Hold one slot of each semaphore for the block: handed on by a coroutine of this process, or
        taken from Redis (waiting at most ``wait_s`` there)."""
        held, since = await self._enter(semaphores, wait_s)
        try:
            yield
        finally:
            await self._leave(held, since)

    async def _enter(self, semaphores: Sequence[AsyncCacheSemaphore], wait_s: float) -> tuple[Held, float]:
        if self.active < self.size and not self.waiters:
            self.active += 1
        else:
            turn = asyncio.get_running_loop().create_future()
            self.waiters.append(turn)
            try:
                handed = await turn
            except asyncio.CancelledError:
                if turn.done() and not turn.cancelled():
                    await self._pass_on(turn.result())  # ours arrived as we were cancelled: the next one's
                else:
                    with contextlib.suppress(ValueError):
                        self.waiters.remove(turn)
                raise
            if handed is not None:
                return handed
        return await self._take(semaphores, wait_s)

    async def _take(self, semaphores: Sequence[AsyncCacheSemaphore], wait_s: float) -> tuple[Held, float]:
        try:
            held = await acquire_all(semaphores, wait_s=wait_s)  # gives back what it took when it fails
        except BaseException:
            await self._pass_on(None)  # the next waiter's turn
            raise
        self.taken += 1
        return held, time.monotonic()

    async def _leave(self, held: Held, since: float) -> None:
        await self._pass_on((held, since), relay=time.monotonic() - since < self.relay_s)

    async def _pass_on(self, slots: tuple[Held, float] | None, *, relay: bool = True) -> None:
        """Give the slots to the next waiter (``relay``), else release them and give the waiter a turn."""
        held = slots[0] if slots is not None else []
        if relay and held and self._wake(slots):
            self.handed += 1
            return
        try:
            await release_all(held)
        finally:
            if not self._wake(None):
                self.active -= 1

    def _wake(self, value: tuple[Held, float] | None) -> bool:
        """Resolve the first live waiter with ``value`` (slots, or None: a turn to take its own)."""
        while self.waiters:
            turn = self.waiters.popleft()
            if not turn.done():
                turn.set_result(value)
                return True
        return False
