"""Test settings: real PostgreSQL and Redis (as CI runs them), fast hashing, temporary files.

Unit tests run Celery eagerly; tests with a real worker flip ``task_always_eager`` off at run time and
start the worker with the same broker, database and private storage (see tests/support/worker.py).
"""
import os
import tempfile

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/skattedeling")
os.environ.setdefault("CACHE_URL", "rediscache://127.0.0.1:6379/1")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/2")

from .base import *  # noqa: E402,F403
from .base import DATABASES, STORAGES, env

# A test database per test run, so several runs on one machine (developers, CI) never collide.
# Tests close their connections (a worker process that kept one would stop the test database being dropped).
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {
    "NAME": env.str("TEST_DATABASE_NAME", default=f"test_skattedeling_{os.getpid()}")
}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
_TMP = tempfile.mkdtemp(prefix="skattedeling-test-")
MEDIA_ROOT = os.path.join(_TMP, "media")
PRIVATE_STORAGE_ROOT = os.environ.get("PRIVATE_STORAGE_ROOT") or os.path.join(_TMP, "private")
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_STORAGE_ROOT
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
STATS_CACHE_SECONDS = 0  # every test sees its own figures (tests/stats/test_figures.py tests the cache)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT_S", default=30)}
ACCEPT_SYNTHETIC_PERSON_IDS = True
