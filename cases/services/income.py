"""Income: queue the fetch of each adult's tax basis (the Celery pipeline lives in cases.tasks)."""
from django.db import transaction

from cases.models import Case


def queue_income_fetch(*, case: Case) -> None:
    """Queue ``fetch_income`` for the case once the current transaction commits."""
    from cases import tasks

    case_id = case.pk
    transaction.on_commit(lambda: tasks.fetch_income.delay(case_id))
