"""The statistics summary's beat task: refresh the kommuner whose figures are stale (ids, acks_late,
idempotent — a rerun recomputes the same rows). Registered by ``CasesConfig.ready``; scheduled every
``STATS_REFRESH_SECONDS`` (settings)."""
import logging

from celery import shared_task

from .summary import municipalities_due, stats_refresh

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def refresh_statistics() -> None:
    """Beat entry: queue a refresh of every kommune that changed, was never computed, or is too old."""
    for municipality_id in municipalities_due():
        refresh_statistics_for_municipality.delay(municipality_id)


@shared_task(acks_late=True, ignore_result=True)
def refresh_statistics_for_municipality(municipality_id: int) -> None:
    rows = stats_refresh(municipality_id=municipality_id)
    logger.info("statistics: kommune %s refreshed (%s rows)", municipality_id, rows)
