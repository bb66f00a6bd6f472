"""The asynchronous fetcher alone against the simulator: its share of Skatteetaten's limit, no database work.

    .venv/bin/python benchmarks/fetcher_ratio.py [--lookups 1000] [--latency-ms 50]

Needs PostgreSQL (127.0.0.1:5432, user postgres; a throwaway database ``skattedeling_fetchratio_<pid>`` is
created, migrated and dropped) and Redis (db 11, a key prefix of its own). Starts the project's simulator
with ``--latency-ms`` and runs ``integrations.service.get_tax_bases`` for N lookups of an utkast-only
person (two HTTP calls each: ``oppgjoer`` answers SSG-008, then ``utkast``) in this process, as the fetch
worker does for a batch. Prints the calls per second, their share of the limit (5 × 1000 / latency), the
CPU per call of this process, how many slot sets the relay took from Redis and how many it handed on, and
the simulator's peak of calls in flight, as one JSON line. Asserts nothing about time.
"""
import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
DB_NAME = f"skattedeling_fetchratio_{os.getpid()}"
ADMIN = "postgres://postgres@127.0.0.1:5432"
os.environ["DATABASE_URL"] = f"{ADMIN}/{DB_NAME}"
os.environ["CACHE_URL"] = "rediscache://127.0.0.1:6379/11"
os.environ["DJANGO_SETTINGS_MODULE"] = "skattedeling.settings.test"

import django  # noqa: E402
import fetch_cpu_benchmark as setup  # noqa: E402  (simulator configuration and the test person)
from django.conf import settings  # noqa: E402

from devtools.harness import api_limit_per_s  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lookups", type=int, default=1000)
    parser.add_argument("--latency-ms", type=int, default=50)
    args = parser.parse_args()
    settings.DATABASES["default"]["NAME"] = DB_NAME
    settings.CACHES["default"]["KEY_PREFIX"] = f"fetchratio{os.getpid()}"
    setup.psql(f"CREATE DATABASE {DB_NAME}")
    try:
        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        logging.disable(logging.INFO)  # one audit line per lookup would be this process's own cost
        print(json.dumps(measure(args)))  # noqa: T201
    finally:
        from django.db import connections

        connections.close_all()
        setup.psql(f"DROP DATABASE IF EXISTS {DB_NAME}")


def measure(args) -> dict:
    from integrations.fetcher import runtime
    from integrations.service import TaxBasisRequest, get_tax_bases
    from tests.support.simulator import SimulatorProcess

    with SimulatorProcess(data=[setup.PERSONS], latency_ms=args.latency_ms,
                          extra_args=["--no-builtin-data", "--quiet"]) as sim:
        setup.configure(sim)
        request = TaxBasisRequest(orgno=setup.DEMO_KOMMUNE, person_id=setup.utkast_only_person(), income_year=2024,
                                  max_years_back=1, purpose="benchmark")
        get_tax_bases([request] * 10)  # warm up: token, connections, imports
        sim.reset()
        relays = runtime().relays.values()
        taken0, handed0 = sum(r.taken for r in relays), sum(r.handed for r in relays)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        results = get_tax_bases([request] * args.lookups)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        stats = sim.stats()
    calls = stats["ssg_calls"]
    limit = api_limit_per_s(args.latency_ms)
    answer_ms = stats.get("ssg_answer_ms_mean")
    return {"lookups": args.lookups, "calls": calls, "seconds": round(wall, 2),
            "calls_per_s": round(calls / wall, 1), "ratio_to_limit": round(calls / wall / limit, 3),
            "cpu_ms_per_call": round(cpu / calls * 1000, 2),
            "slot_sets_taken": sum(r.taken for r in relays) - taken0,
            "slot_sets_handed_on": sum(r.handed for r in relays) - handed0,
            "max_concurrent_calls": max(stats["peak_concurrent_by_org"].values(), default=0),
            "api_answer_ms_mean": answer_ms,
            "ratio_to_answer_limit": round(calls / wall / api_limit_per_s(answer_ms), 3) if answer_ms else None,
            "errors": sum(isinstance(r, Exception) for r in results), "latency_ms": args.latency_ms,
            "load_average": [round(x, 2) for x in os.getloadavg()]}


if __name__ == "__main__":
    main()
