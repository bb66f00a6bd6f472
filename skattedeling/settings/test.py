"""Test settings: real PostgreSQL and Redis (as CI runs them), fast hashing, temporary files."""
import os
import tempfile

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/skattedeling")
os.environ.setdefault("CACHE_URL", "rediscache://127.0.0.1:6379/1")

from .base import *  # noqa: E402,F403
from .base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
_TMP = tempfile.mkdtemp(prefix="skattedeling-test-")
MEDIA_ROOT = os.path.join(_TMP, "media")
PRIVATE_STORAGE_ROOT = os.path.join(_TMP, "private")
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_STORAGE_ROOT
CELERY_TASK_ALWAYS_EAGER = True
ACCEPT_SYNTHETIC_PERSON_IDS = True
