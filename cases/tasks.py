"""Celery tasks: thin wrappers that take ids, skip work already done, and call a service."""
from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def fetch_income(case_id: int) -> None:
    """Placeholder until the pipeline lands: the fetch is implemented in cases.services.income."""
    return None
