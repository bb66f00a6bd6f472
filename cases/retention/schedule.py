"""The retention job's Celery beat entry (merged into ``CELERY_BEAT_SCHEDULE`` in settings).

Imports only Celery, so settings can import it before Django is set up.
"""
from celery.schedules import crontab

BEAT_SCHEDULE = {
    "retention": {
        # Daily, at night: delete what is past each kommune's retention period (docs/retention.md).
        "task": "cases.retention.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=40),
    },
}
