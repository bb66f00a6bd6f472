"""The ``calculate_fee`` command run for real, in a subprocess against the migrated test database, and
the contract's example household (docs/reference/contracts/fee-calculation.md).

``calculate_fee_command`` is the body of a module-scoped fixture (it needs ``django_db_setup`` and
``django_db_blocker``); its ``run(*args, payload=..., raw=...)`` returns the ``CompletedProcess``.
"""
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# Barnehageår 2024/25 (sourced rows): makspris 2 000; 6 % of 300 000 / 11 = 1 636,36; 20 of 41 hours free.
EXAMPLE = {
    "service": "barnehage", "date": "2024-09-01",
    "municipality": {"zone": "standard", "full_time_hours": 41, "sibling_order": "oldest_first"},
    "household": {"income": 300000},
    "children": [{"id": "A", "birth_date": "2021-04-10", "weekly_hours": 41, "monthly_price": 2000,
                  "deferred_school_start": False}],
}


def calculate_fee_command(django_db_blocker, *, default_payload: dict | None = None,
                          timeout: float = 180) -> Callable[..., subprocess.CompletedProcess]:
    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
    env = dict(os.environ, DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{name}",
               DJANGO_SETTINGS_MODULE="skattedeling.settings.test")

    def run(*args: str, payload: dict | None = None, raw: str | None = None) -> subprocess.CompletedProcess:
        text = raw if raw is not None else json.dumps(payload if payload is not None else default_payload)
        return subprocess.run([sys.executable, "manage.py", "calculate_fee", "--input", "-", *args], input=text,
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    return run
