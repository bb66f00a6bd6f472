"""The daily retention job: one task per kommune (ids, acks_late, idempotent — a rerun deletes nothing twice)."""
import logging

from celery import shared_task

from cases.models import Municipality
from cases.retention.services import retention_apply

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def apply_retention() -> None:
    """Beat entry: queue the retention run of every kommune."""
    for municipality_id in Municipality.objects.values_list("pk", flat=True):
        apply_retention_for_municipality.delay(municipality_id)


@shared_task(acks_late=True, ignore_result=True)
def apply_retention_for_municipality(municipality_id: int) -> None:
    report = retention_apply(municipality_id=municipality_id)
    logger.info("retention: kommune %s deleted %s cases, %s held for archive, %s failed", municipality_id,
                report.cases_deleted, report.held_for_archive, report.failed)
