"""CPU per ``get_tax_basis``: the per-process client and table against the former fresh-per-lookup path.

    .venv/bin/python benchmarks/fetch_cpu_benchmark.py [--lookups 100] [--rounds 5]

Needs PostgreSQL (127.0.0.1:5432, user postgres) and Redis (127.0.0.1:6379): it creates and migrates a
throwaway database ``skattedeling_fetchbench_<pid>`` (dropped at the end) and uses Redis db 11 under a
key prefix of its own (its few keys are deleted at the end; nothing is flushed). The project's
simulator runs with latency 0 and the test persons file; the person is the file's first with only an
``utkast`` for 2024 (``oppgjoer`` answers SSG-008, ``utkast`` 200), so one lookup is two HTTP calls
(three in four renewal persons are like that), plus the Maskinporten token from the shared cache.

Two paths, interleaved in rounds (alternating which goes first), in this one process:

- ``before``: what the code did until now — a new ``httpx.Client`` for every lookup (so a new
  ``ssl.create_default_context()`` loading the CA bundle) closed after it, and the classification table
  read from the database for every person;
- ``after``: the application's path — the process's shared client and SSL context
  (``integrations.http``) and the per-process table with its one cache get (``integrations.tables``).

CPU is ``time.process_time()`` of this process (the simulator runs in another). Log records are
formatted as in a worker (INFO) and written to /dev/null. Prints per-lookup medians of CPU and wall
time, the ratio after/before, the parts the change removes, and a JSON line last. Asserts nothing.
"""
import argparse
import contextlib
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_NAME = f"skattedeling_fetchbench_{os.getpid()}"
ADMIN = "postgres://postgres@127.0.0.1:5432"
os.environ["DATABASE_URL"] = f"{ADMIN}/{DB_NAME}"
os.environ["CACHE_URL"] = "rediscache://127.0.0.1:6379/11"
os.environ["DJANGO_SETTINGS_MODULE"] = "skattedeling.settings.test"
os.environ.setdefault("LOG_LEVEL", "INFO")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

PERSONS = ROOT / "tests" / "integrations" / "data" / "ssg_persons.json"
DEMO_KOMMUNE = "910753614"


def utkast_only_person() -> str:
    """The persons file's first person whose 2024 has an utkast and no oppgjoer (never printed)."""
    for person in json.loads(PERSONS.read_text(encoding="utf-8"))["persons"]:
        year = person.get("inntektsaar", {}).get("2024", {})
        if "utkast" in year and "oppgjoer" not in year and not person.get("skjermet"):
            return person["personidentifikator"]
    raise SystemExit(f"no utkast-only person for 2024 in {PERSONS}")


def psql(sql: str) -> None:
    subprocess.run(["psql", ADMIN + "/postgres", "-qAtc", sql], check=True, capture_output=True)  # noqa: S603,S607


def configure(sim) -> None:
    settings.MASKINPORTEN_ISSUER = sim.issuer
    settings.MASKINPORTEN_CLIENT_ID = sim.client(DEMO_KOMMUNE)["client_id"]
    settings.MASKINPORTEN_CERTIFICATE = str(sim.p12_path(DEMO_KOMMUNE))
    settings.MASKINPORTEN_CERTIFICATE_PASSWORD = sim.password
    settings.MASKINPORTEN_KEY = settings.MASKINPORTEN_KID = settings.MASKINPORTEN_CONSUMER_ORG = ""
    settings.MASKINPORTEN_SCOPE = "skatteetaten:summertskattegrunnlag"
    settings.SKATTEETATEN_SSG_URL = sim.ssg_base_url


@contextlib.contextmanager
def former_path():
    """Patch the service back to a fresh client (and SSL context) and a database read per lookup."""
    import httpx

    from integrations import factory, http, service, tables

    made: list[httpx.Client] = []

    def fresh_client(*, timeout_s: float) -> httpx.Client:
        client = httpx.Client(  # exactly the former build_http_client: verify=True builds a new context
            timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 5.0)),
            follow_redirects=False,
            headers={"User-Agent": http.USER_AGENT},
            trust_env=True,
        )
        made.append(client)
        return client

    saved = factory.shared_http_client, service.classification_table
    factory.shared_http_client, service.classification_table = fresh_client, tables.load_classification_table
    try:
        yield made
    finally:
        factory.shared_http_client, service.classification_table = saved


def run(mode: str, person: str, lookups: int) -> tuple[float, float]:
    """Mean CPU and wall ms per lookup over ``lookups`` lookups."""
    from integrations.service import get_tax_basis

    def one() -> None:
        result = get_tax_basis(orgno=DEMO_KOMMUNE, person_id=person, income_year=2024, purpose="benchmark")
        assert result.outcome == "found", result.outcome  # noqa: S101 - a broken setup must not be timed

    cpu0, wall0 = time.process_time(), time.perf_counter()
    if mode == "before":
        with former_path() as made:
            for _ in range(lookups):
                one()
                made.pop().close()  # the former code closed its client at the end of the lookup
    else:
        for _ in range(lookups):
            one()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return cpu / lookups * 1000, wall / lookups * 1000


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def part_ms(work, repeat: int = 20) -> float:
    cpu0 = time.process_time()
    for _ in range(repeat):
        work()
    return (time.process_time() - cpu0) / repeat * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lookups", type=int, default=100, help="lookups per path per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    args.person = utkast_only_person()

    psql(f"CREATE DATABASE {DB_NAME}")
    try:
        settings.CACHES["default"]["KEY_PREFIX"] = f"fetchbench{os.getpid()}"
        django.setup()
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler):
                handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 - for the process's lifetime
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from tests.support.simulator import SimulatorProcess

        with SimulatorProcess(data=[PERSONS], extra_args=["--no-builtin-data", "--quiet"]) as sim:
            configure(sim)
            figures = measure(sim, args)
        cleanup()
    finally:
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    say(json.dumps(figures))


def measure(sim, args) -> dict:
    import httpx

    from integrations import tables

    run("after", args.person, 3)  # warm up both paths: token in the cache, imports, first connection
    run("before", args.person, 3)
    sim.reset()
    samples: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
    for number in range(args.rounds):
        order = ("before", "after") if number % 2 == 0 else ("after", "before")
        for mode in order:
            samples[mode].append(run(mode, args.person, args.lookups))
    calls = sim.stats()["ssg_calls"]
    per_lookup_calls = calls / (2 * args.rounds * args.lookups)

    def median(mode: str, index: int) -> float:
        return round(statistics.median(s[index] for s in samples[mode]), 2)

    before_cpu, after_cpu = median("before", 0), median("after", 0)
    parts = {
        "fresh_ssl_context_ms": round(part_ms(lambda: httpx.create_ssl_context(trust_env=True)), 2),
        "table_from_database_ms": round(part_ms(tables.load_classification_table), 2),
        "table_version_check_ms": round(part_ms(tables.current_version, 200), 3),
    }
    say(f"an utkast-only person: {per_lookup_calls:.1f} HTTP calls per lookup, simulator latency 0; "
          f"{args.rounds} rounds × {args.lookups} lookups per path, medians of the round means")
    say(f"  before (fresh client + table from the database): CPU {before_cpu:6.2f} ms, "
          f"wall {median('before', 1):6.2f} ms per lookup")
    say(f"  after  (per-process client + cached table):      CPU {after_cpu:6.2f} ms, "
          f"wall {median('after', 1):6.2f} ms per lookup")
    say(f"  ratio after/before (CPU): {after_cpu / before_cpu:.3f}")
    say(f"  parts removed: new SSL context {parts['fresh_ssl_context_ms']} ms, table from the database "
          f"{parts['table_from_database_ms']} ms; added: version check {parts['table_version_check_ms']} ms")
    return {
        "person": "utkast-only 2024",
        "http_calls_per_lookup": round(per_lookup_calls, 2),
        "rounds": args.rounds,
        "lookups_per_round": args.lookups,
        "before_cpu_ms": before_cpu,
        "after_cpu_ms": after_cpu,
        "before_wall_ms": median("before", 1),
        "after_wall_ms": median("after", 1),
        "cpu_ratio_after_to_before": round(after_cpu / before_cpu, 3),
        **parts,
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def cleanup() -> None:
    from django.core.cache import cache

    from integrations import conf, tables

    config = conf.from_environment()
    key = config.token_cache_key
    cache.delete_many([key, key + ":lock", key + ":failure", tables.VERSION_KEY])


if __name__ == "__main__":
    main()
