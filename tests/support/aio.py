"""Run a coroutine to completion from a test, whatever already runs in the test's thread.

The browser tests' session-scoped Playwright (its sync API) keeps an event loop running in the main
thread of the pytest-xdist worker for the rest of the session, so ``asyncio.run`` there raises
«asyncio.run() cannot be called from a running event loop» in every later test of that worker — an
ordering-dependent failure. ``run`` gives the coroutine its own thread and its own loop.
"""
import asyncio
import concurrent.futures


def run(coroutine):
    """``asyncio.run(coroutine)`` in a fresh thread; its result, or its exception raised here."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-asyncio") as pool:
        return pool.submit(asyncio.run, coroutine).result()
