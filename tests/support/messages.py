"""Compile the parents' portal catalogues (locale/nn, locale/en) once per test run, safely when several
pytest-xdist workers start at the same time (a file lock; .mo files are not committed)."""
import fcntl
from pathlib import Path

from django.core.management import call_command

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def compile_portal_messages() -> None:
    with open(LOCALE / ".compile.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            stale = any(not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
                        for po in LOCALE.glob("*/LC_MESSAGES/django.po"))
            if stale:
                call_command("compilemessages", locale=["nn", "en"], ignore_patterns=[".venv*"], verbosity=0)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
