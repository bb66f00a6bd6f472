"""The renewal's Celery beat entry, for the lead to merge into ``CELERY_BEAT_SCHEDULE`` in settings:

    from cases.renewal.schedule import BEAT_SCHEDULE
    CELERY_BEAT_SCHEDULE.update(BEAT_SCHEDULE)

Imports only Celery, so settings can import it before Django is set up.
"""
from celery.schedules import crontab

BEAT_SCHEDULE = {
    "annual-renewal": {
        # Daily; acts only from RENEWAL_START (MM-DD, default 05-02) until 31 July, once per period.
        "task": "cases.renewal.tasks.start_scheduled_renewals",
        "schedule": crontab(hour=2, minute=15),
    },
}
