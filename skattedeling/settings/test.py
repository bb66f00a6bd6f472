"""Test settings: real PostgreSQL and Redis (as CI runs them), fast hashing, temporary files.

Unit tests run Celery eagerly; tests with a real worker flip ``task_always_eager`` off at run time and
start the worker with the same broker, database and private storage (see tests/support/worker.py).
"""
import os
import tempfile
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/skattedeling")
os.environ.setdefault("CACHE_URL", "rediscache://127.0.0.1:6379/1")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/2")
os.environ.setdefault("SKATTEDELING_DEVTOOLS", "1")  # the benchmark commands and synthetic data


def _per_worker(url: str, worker: int) -> str:
    """The Redis URL moved ``2 × worker`` databases on (cache and broker stay apart: 1,2 → 3,4 → 5,6 …)."""
    parts = urlsplit(url)
    if not parts.scheme.startswith(("redis", "rediscache")) or not parts.path.strip("/").isdigit():
        return url
    db = int(parts.path.strip("/")) + 2 * worker
    if db > 15:
        raise ValueError(f"pytest-xdist worker {worker} would need Redis database {db}; run fewer workers")
    return urlunsplit(parts._replace(path=f"/{db}"))


# pytest-xdist: each worker gets its own test database (pytest-django adds _gw0, _gw1, …) and here its own
# Redis cache and broker databases, since tests clear the cache. Done once, in the environment, so the
# Celery workers and servers a test starts (they inherit it) use the same databases as their test.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER.startswith("gw") and os.environ.get("SKATTEDELING_TEST_REDIS_WORKER") != _XDIST_WORKER:
    for _name in ("CACHE_URL", "CELERY_BROKER_URL"):
        os.environ[_name] = _per_worker(os.environ[_name], int(_XDIST_WORKER[2:]))
    os.environ["SKATTEDELING_TEST_REDIS_WORKER"] = _XDIST_WORKER

from .base import *  # noqa: E402,F403
from .base import DATABASES, STORAGES, env, fetch_routes  # noqa: E402

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
# One queue unless a test asks for the fetch queue: the workers tests start (tests/support/worker.py) serve
# the default queue; tests/renewal/test_worker.py starts the two pools of production.
CELERY_FETCH_QUEUE = env.str("CELERY_FETCH_QUEUE", default="")
CELERY_TASK_ROUTES = fetch_routes(CELERY_FETCH_QUEUE)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT_S", default=30)}
ACCEPT_SYNTHETIC_PERSON_IDS = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # receipts land in django.core.mail.outbox
