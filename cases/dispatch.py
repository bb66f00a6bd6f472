"""The seam between services and Celery: services queue work by task *name*, never by importing a tasks
module (tasks call services; services never import tasks, so there is no import cycle between them).

    on_commit_send(FETCH_INCOME, case.pk)   # queued once the current transaction commits

A registered task is applied through its own ``apply_async`` (so ``task_always_eager`` holds in tests);
a name this process has not registered is sent to the broker by name. ``tests/test_architecture.py``
checks that every name below belongs to a registered task.

Batching: inside ``with gathered(FETCH_INCOME, into=FETCH_INCOME_BATCH):`` (used outside any transaction,
e.g. by the renewal's registration of a chunk of households), each ``on_commit_send(FETCH_INCOME, id)``
only collects the id when its transaction commits; leaving the block sends the ids as
``FETCH_INCOME_BATCH([ids])`` messages of at most ``size`` ids — one asynchronous fetch for many cases.
"""
import contextlib
import threading
from collections.abc import Iterator

from celery import current_app, signature
from django.db import transaction

FETCH_INCOME = "cases.tasks.fetch_income"
FETCH_INCOME_BATCH = "cases.tasks.fetch_income_batch"
CONCLUDE_FETCH = "cases.tasks.conclude_fetch"
PROPOSE = "cases.tasks.propose"
RENDER_VEDTAK = "cases.tasks.render_vedtak"
SEND_FORSENDELSE = "cases.tasks.send_forsendelse"
RENDER_VEDTAKS = "cases.tasks.render_vedtaks"  # a batch of decision ids
PLAN_RENEWAL = "cases.renewal.tasks.plan_renewal"
APPROVE_BATCH = "cases.renewal.tasks.approve_batch"


def send(task_name: str, *args, **options) -> None:
    """Queue the task now (use ``on_commit_send`` inside a transaction)."""
    signature(task_name, args=args, app=current_app).apply_async(**options)


_gathering = threading.local()


def on_commit_send(task_name: str, *args, **options) -> None:
    """Queue the task once the current transaction commits (at once outside a transaction)."""
    for name, ids in reversed(getattr(_gathering, "stack", [])):
        if name == task_name and len(args) == 1 and not options:
            transaction.on_commit(lambda collected=ids: collected.append(args[0]))
            return
    transaction.on_commit(lambda: send(task_name, *args, **options))


def send_batches(task_name: str, ids: list, *, size: int = 25) -> None:
    """Queue ``task_name(ids[i:i + size])`` for every chunk of ``ids``."""
    for start in range(0, len(ids), size):
        send(task_name, list(ids[start:start + size]))


@contextlib.contextmanager
def gathered(task_name: str, *, into: str, size: int = 25) -> Iterator[list]:
    """Collect ``on_commit_send(task_name, id)`` inside the block; send them as ``into(ids)`` at the end."""
    ids: list = []
    stack = _gathering.__dict__.setdefault("stack", [])
    stack.append((task_name, ids))
    try:
        yield ids
    finally:
        stack.pop()
        # After the ids' own commits: at once outside a transaction, else when the outer one commits
        # (on_commit callbacks run in the order they were registered).
        transaction.on_commit(lambda: send_batches(into, ids, size=size))
