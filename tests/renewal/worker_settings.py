"""Settings for the real Celery workers of the renewal integration tests (tests/renewal/test_worker.py).

The test settings, plus: a queue of the test run's own (so parallel test runs on one Redis never take
each other's tasks), a short Redis visibility timeout with a restore sweep every second (a killed
worker's unacknowledged tasks come back within seconds, not after kombu's default ~100 s sweep), and
short retry backoff and watch intervals. The income fetch goes to a fetch queue of the run's own
(``RENEWAL_TEST_FETCH_QUEUE``), served by the asynchronous fetch worker, as in production.
"""
import os

from skattedeling.settings.test import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ["RENEWAL_TEST_QUEUE"]
# Empty (one queue for everything) for the other real-worker tests that reuse these settings (tests/svarut).
CELERY_FETCH_QUEUE = os.environ.get("RENEWAL_TEST_FETCH_QUEUE", "")
CELERY_TASK_ROUTES = fetch_routes(CELERY_FETCH_QUEUE)  # noqa: F405
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT_S", "8")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
FETCH_RETRY_BASE_S = 0.05
FETCH_MAX_RETRIES = int(os.environ.get("FETCH_MAX_RETRIES", "5"))
RENEWAL_WATCH_S = 1
RENEWAL_STALL_S = 20
