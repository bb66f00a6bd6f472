"""The slot relay (integrations/slot_relay.py) on the real Redis cache: a finished call hands its slot to the
next coroutine of the process, never more than N held, and the slot goes back to Redis after ``relay_s``
so that another process or a caseworker's single lookup gets its turn."""
import asyncio
import threading
import time
import uuid

import pytest
from django.core.cache import cache

from integrations.errors import ConcurrencyLimitTimeout
from integrations.limiter import AsyncCacheSemaphore, CacheSemaphore, Limit, async_redis_client
from integrations.slot_relay import SlotRelay
from tests.support.aio import run as run_async


def _semaphores(size):
    sync = CacheSemaphore(cache, Limit(f"test:{uuid.uuid4().hex}", size), lease_s=30)
    return sync, AsyncCacheSemaphore(sync, async_redis_client(cache))


async def _stream(relay, semaphore, sync, *, calls, hold_s, inside, peaks, fail_every=0):
    async def one(number):
        async with relay.hold([semaphore], wait_s=10):
            inside.append(1)
            peaks.append((len(inside), sync.in_use()))
            await asyncio.sleep(hold_s)
            inside.pop()
            if fail_every and number % fail_every == 0:
                raise RuntimeError("the call failed")

    return await asyncio.gather(*(one(n) for n in range(calls)), return_exceptions=True)


def test_never_more_than_n_inside_or_held_and_slots_are_handed_on():
    sync, semaphore = _semaphores(3)
    relay = SlotRelay(3, relay_s=5)
    inside, peaks = [], []
    results = run_async(_stream(relay, semaphore, sync, calls=40, hold_s=0.01, inside=inside, peaks=peaks,
                                  fail_every=7))
    assert sum(isinstance(r, RuntimeError) for r in results) == 6  # a failed call hands on / releases too
    assert max(p[0] for p in peaks) == 3 and max(p[1] for p in peaks) == 3
    assert relay.taken == 3 and relay.handed == 37  # three Redis acquisitions served all 40 calls
    assert sync.in_use() == 0 and relay.active == 0 and not relay.waiters  # all given back at the end


def test_after_relay_s_the_slot_goes_back_to_redis():
    sync, semaphore = _semaphores(2)
    relay = SlotRelay(2, relay_s=0.05)
    run_async(_stream(relay, semaphore, sync, calls=30, hold_s=0.02, inside=[], peaks=[]))
    assert relay.taken >= 8  # 30 × 20 ms on 2 slots ≈ 0.3 s: each slot is taken again about every 50 ms
    assert sync.in_use() == 0


def _single_lookup_while_streaming(relay_s):
    """A sync caller (a caseworker's single lookup) wants the one slot while a process streams calls."""
    sync, semaphore = _semaphores(1)
    relay = SlotRelay(1, relay_s=relay_s)
    got = []

    def single():
        time.sleep(0.2)
        waiter = CacheSemaphore(cache, sync.limit, lease_s=30, wait_s=1.2)
        try:
            handle = waiter.acquire()
        except ConcurrencyLimitTimeout:
            got.append(False)
            return
        got.append(True)
        waiter.release(handle)

    thread = threading.Thread(target=single)
    thread.start()
    run_async(_stream(relay, semaphore, sync, calls=80, hold_s=0.02, inside=[], peaks=[]))
    thread.join()
    return got


def test_a_single_lookup_gets_its_turn_while_a_process_streams_calls():
    assert _single_lookup_while_streaming(relay_s=0.1) == [True]


def test_control_without_giving_slots_back_the_single_lookup_would_starve():
    """Shows the test above can fail: a relay that never gives its slot back keeps the caller out."""
    assert _single_lookup_while_streaming(relay_s=100) == [False]


def test_a_cancelled_waiter_leaks_no_slot_and_no_place():
    sync, semaphore = _semaphores(1)
    relay = SlotRelay(1, relay_s=5)

    async def scenario():
        async def call(hold_s):
            async with relay.hold([semaphore], wait_s=10):
                await asyncio.sleep(hold_s)

        first = asyncio.create_task(call(0.1))
        await asyncio.sleep(0.01)
        waiting = [asyncio.create_task(call(0.01)) for _ in range(3)]
        await asyncio.sleep(0.01)
        waiting[1].cancel()  # cancelled while it waits for its turn
        await asyncio.gather(first, *waiting, return_exceptions=True)
        return [task.cancelled() for task in waiting]

    assert run_async(scenario()) == [False, True, False]
    assert sync.in_use() == 0 and relay.active == 0 and not relay.waiters


@pytest.mark.parametrize("size", [0, -1])
def test_a_relay_needs_a_place(size):
    with pytest.raises(ValueError):
        SlotRelay(size)
