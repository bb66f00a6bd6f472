"""The renewal's Celery beat entry, merged into ``CELERY_BEAT_SCHEDULE`` by skattedeling/settings/base.py.

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
