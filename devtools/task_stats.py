"""CPU time and database queries per Celery task, added up across worker processes (benchmarks only).

With ``BENCH_TASK_STATS_URL`` set (``benchmark_renewal`` sets it for its own workers), every task run
in a worker process measures its CPU time (``time.process_time`` of that process: exact for prefork
pool children, which run one task at a time) and counts its database queries (Django's
``connection.execute_wrapper``), and adds both to three Redis hashes keyed by the task's name. The
benchmark divides the sums by the number of households: CPU ms and queries per household per phase.
"""
import os
import time

import redis
from celery.signals import task_postrun, task_prerun
from django.conf import settings
from django.db import connection

PREFIX = "bench:task"
_clients: dict[int, redis.Redis] = {}
_open: dict[str, tuple[float, list[int], object]] = {}


def _client() -> redis.Redis:
    pid = os.getpid()  # one client per process (a forked pool child makes its own)
    if pid not in _clients:
        _clients[pid] = redis.Redis.from_url(settings.BENCH_TASK_STATS_URL)
    return _clients[pid]


def _counter(queries: list[int]):
    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)
    return count


def started(task_id=None, task=None, **_kwargs) -> None:
    queries = [0]
    wrapper = connection.execute_wrapper(_counter(queries))
    wrapper.__enter__()
    _open[task_id] = (time.process_time(), queries, wrapper)


def finished(task_id=None, task=None, **_kwargs) -> None:
    opened = _open.pop(task_id, None)
    if opened is None:
        return
    start, queries, wrapper = opened
    wrapper.__exit__(None, None, None)
    name = task.name if task is not None else "?"
    pipe = _client().pipeline()
    pipe.hincrbyfloat(f"{PREFIX}:cpu_ms", name, (time.process_time() - start) * 1000)
    pipe.hincrby(f"{PREFIX}:queries", name, queries[0])
    pipe.hincrby(f"{PREFIX}:runs", name, 1)
    pipe.execute()


def connect() -> None:
    """Record every task of this process (called by the devtools app when the setting is on)."""
    task_prerun.connect(started, weak=False)
    task_postrun.connect(finished, weak=False)


def read(url: str) -> dict[str, dict[str, float]]:
    """``{task name: {"cpu_ms": ..., "queries": ..., "runs": ...}}`` summed over all worker processes."""
    client = redis.Redis.from_url(url)
    result: dict[str, dict[str, float]] = {}
    for field in ("cpu_ms", "queries", "runs"):
        for name, value in client.hgetall(f"{PREFIX}:{field}").items():
            result.setdefault(name.decode(), {})[field] = float(value)
    return result


def reset(url: str) -> None:
    redis.Redis.from_url(url).delete(*(f"{PREFIX}:{field}" for field in ("cpu_ms", "queries", "runs")))
