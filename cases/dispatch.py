"""The seam between services and Celery: services queue work by task *name*, never by importing a tasks
module (tasks call services; services never import tasks, so there is no import cycle between them).

    on_commit_send(FETCH_INCOME, case.pk)   # queued once the current transaction commits

A registered task is applied through its own ``apply_async`` (so ``task_always_eager`` holds in tests);
a name this process has not registered is sent to the broker by name. ``tests/test_architecture.py``
checks that every name below belongs to a registered task.
"""
from celery import current_app, signature
from django.db import transaction

FETCH_INCOME = "cases.tasks.fetch_income"
PROPOSE = "cases.tasks.propose"
RENDER_VEDTAK = "cases.tasks.render_vedtak"
RENDER_VEDTAKS = "cases.tasks.render_vedtaks"  # a batch of decision ids
PLAN_RENEWAL = "cases.renewal.tasks.plan_renewal"
APPROVE_BATCH = "cases.renewal.tasks.approve_batch"


def send(task_name: str, *args, **options) -> None:
    """Queue the task now (use ``on_commit_send`` inside a transaction)."""
    signature(task_name, args=args, app=current_app).apply_async(**options)


def on_commit_send(task_name: str, *args, **options) -> None:
    """Queue the task once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: send(task_name, *args, **options))
