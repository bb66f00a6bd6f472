"""The distributed semaphore on the real Django cache (Redis in tests)."""
import threading
import time
import uuid

import pytest
from django.core.cache import cache

from integrations.errors import ConcurrencyLimitTimeout, TransientIntegrationError
from integrations.limiter import CacheSemaphore, Limit, slots


def semaphore(size, **kw):
    return CacheSemaphore(cache, Limit(f"test:{uuid.uuid4().hex}", size), **kw)


def test_n_slots_then_none_until_one_is_released():
    sem = semaphore(5)
    handles = [sem.try_acquire() for _ in range(5)]
    assert all(handles) and len(set(handles)) == 5
    assert sem.try_acquire() is None
    assert sem.in_use() == 5
    sem.release(handles[0])
    assert sem.try_acquire() is not None


def test_a_crashed_holders_slot_frees_itself_after_the_lease():
    sem = semaphore(1, lease_s=1)
    assert sem.try_acquire()  # never released: the worker "crashed"
    assert sem.try_acquire() is None
    assert sem.acquire(deadline=time.monotonic() + 10)  # waits out the 1 s lease


def test_release_never_frees_someone_elses_slot():
    sem = semaphore(1, lease_s=1)
    stale = sem.try_acquire()
    time.sleep(1.2)
    fresh = sem.try_acquire()
    assert fresh
    sem.release(stale)  # the old holder finishes late
    assert sem.in_use() == 1


def test_waiting_gives_up_with_a_transient_error():
    sem = semaphore(1, wait_s=0.2)
    sem.try_acquire()
    with pytest.raises(ConcurrencyLimitTimeout) as info:
        sem.acquire()
    assert isinstance(info.value, TransientIntegrationError)


def test_threads_never_exceed_the_limit_and_all_finish():
    org, vendor = semaphore(5), semaphore(3)
    current = peak = done = 0
    lock = threading.Lock()

    def work():
        nonlocal current, peak, done
        with slots([org, vendor], wait_s=30):
            with lock:
                current += 1
                peak = max(peak, current)
            time.sleep(0.05)
            with lock:
                current -= 1
        with lock:
            done += 1

    threads = [threading.Thread(target=work) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert done == 20
    assert 1 <= peak <= 3  # the tighter (vendor) limit binds
    assert org.in_use() == vendor.in_use() == 0


def test_a_waiter_blocks_until_a_release_wakes_it_instead_of_polling():
    holder, waiter = semaphore(1), None
    handle = holder.try_acquire()
    waiter = CacheSemaphore(cache, holder.limit, wait_s=30)
    assert waiter.redis is not None  # tests run on Redis, like production
    got = []
    thread = threading.Thread(target=lambda: got.append(waiter.acquire()))
    thread.start()
    time.sleep(1.0)
    tries_while_blocked = waiter.tries
    holder.release(handle)
    thread.join(timeout=10)
    assert got and got[0].startswith(holder._slot_key(0))
    # Polling every 20 ms would have tried ≈ 50 times in that second; blocking tries once per fallback.
    assert tries_while_blocked <= 1 / holder.wake_fallback_s + 2


def test_stale_wake_ups_are_capped_at_the_number_of_slots():
    sem = semaphore(2)
    for _ in range(10):
        sem.release(sem.try_acquire())
    assert sem.redis.llen(sem.wake_key) == 2
