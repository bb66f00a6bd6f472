"""``benchmark_renewal``: the annual renewal end to end, as in docs/reference/contracts/benchmark.md.

    python manage.py benchmark_renewal --households N [--latency-ms 50] [--fault-rate 0.0] [--workers 2]
        [--layout split|shared]

Creates a throwaway PostgreSQL database (dropped afterwards), generates a simulator persons file for
the adults and starts the simulator, starts W real Celery workers on a Redis broker, and runs the
driver (devtools.bench_driver) in a child process on that database: N households with an
approved decision are renewed through the real pipeline (real HTTP, real PDF rendering on approval of
every proposal). Prints progress on stderr and ONE JSON object as the last line of stdout. Exit 0 when
the run finished (whatever the figures), 1 when it could not run.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import redis
from django.core.management.base import BaseCommand, CommandError

from devtools import task_stats
from devtools.bench_driver import drive
from devtools.harness import (
    ROOT,
    PeakMemory,
    Simulator,
    Workers,
    api_limit_per_s,
    child_env,
    cpu_seconds,
    simulator_cli,
    stop_process,
    uptime,
)
from devtools.phases import phase_figures

TASKS = ("cases.renewal.tasks.renew_households", "cases.tasks.fetch_income", "cases.tasks.fetch_income_batch",
         "cases.tasks.conclude_fetch", "cases.tasks.propose", "cases.renewal.tasks.approve_batch",
         "cases.tasks.render_vedtak", "cases.tasks.render_vedtaks", "cases.tasks.send_forsendelse")


def _median_ms(seconds: list[float]) -> float | None:
    return round(sorted(seconds)[len(seconds) // 2] * 1000, 1) if seconds else None


class Command(BaseCommand):
    help = "Benchmark the annual renewal end to end (prints one JSON object last)."

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, required=True)
        parser.add_argument("--latency-ms", type=int, default=50)
        parser.add_argument("--fault-rate", type=float, default=0.0)
        parser.add_argument("--layout", default="split", choices=["split", "shared"],
                            help="split: async fetch worker + cpu worker (cores, niced); shared: W workers for all")
        parser.add_argument("--fetch-threads", type=int, default=4,
                            help="split: task threads of the fetch worker (they share one event loop)")
        parser.add_argument("--cpu-nice", type=int, default=10, help="split: nice level of the cpu worker")
        parser.add_argument("--fetch-nice", type=int, default=0,
                            help="split: nice level of the fetch worker (negative: root only; for a shared host)")
        parser.add_argument("--workers", type=int, default=2, help="shared: Celery worker processes")
        parser.add_argument("--until", default="letters", choices=["letters", "fetched"],
                            help="fetched: stop once every household is past the income fetch (fetch figures only)")
        parser.add_argument("--hold-fetch", action="store_true",
                            help="start the fetch worker only when every household is registered, so the fetch "
                                 "runs from a backlog (its capacity, not the registration's pace); needs a fetch "
                                 "queue (split layout, or --fetch-workers)")
        parser.add_argument("--concurrency", type=int, default=8, help="pool size of each worker")
        parser.add_argument("--pool", default="prefork", choices=["prefork", "threads"])
        parser.add_argument("--fetch-workers", type=int, default=0,
                            help="pool size of one extra worker serving only the income fetch "
                                 "(CELERY_FETCH_QUEUE=fetch); 0: the fetch shares the workers")
        parser.add_argument("--period", default="2026/27", help="the period renewed into")
        parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL",
                                                                 "postgres://postgres@127.0.0.1:5432/postgres"))
        parser.add_argument("--redis", default="redis://127.0.0.1:6379",
                            help="Redis server; databases --redis-db (broker) and --redis-db + 1 (cache) are flushed")
        parser.add_argument("--redis-db", type=int, default=8)
        parser.add_argument("--timeout", type=float, default=3600)
        parser.add_argument("--seed", type=int, default=2027)
        parser.add_argument("--pdf-sample", type=int, default=10)
        parser.add_argument("--keep-db", action="store_true")
        parser.add_argument("--driver", help="internal: run the driver and write its result to this file")
        parser.add_argument("--persons", help="internal: the simulator persons file")
        parser.add_argument("--simulator-url", help="internal")

    def handle(self, *args, **options):
        if options["driver"]:
            return self.drive(options)
        try:
            result = self.orchestrate(options)
        except (OSError, RuntimeError, subprocess.SubprocessError, CommandError) as exc:
            self.stderr.write(f"benchmark could not run: {exc}")
            sys.exit(1)
        self.stdout.write(json.dumps(result))

    def log(self, message: str) -> None:
        self.stderr.write(f"[{time.strftime('%H:%M:%S')}] {message}")

    def drive(self, options) -> None:
        result = drive(households=options["households"], persons_file=Path(options["persons"]),
                       period=options["period"], seed_value=options["seed"], timeout_s=options["timeout"],
                       simulator_url=options["simulator_url"], pdf_sample=options["pdf_sample"],
                       until=options["until"])
        Path(options["driver"]).write_text(json.dumps(result), encoding="utf-8")

    def orchestrate(self, options) -> dict:
        n, latency = options["households"], options["latency_ms"]
        if n < 1 or latency < 1:
            raise CommandError("--households and --latency-ms must be at least 1")
        work = Path(tempfile.mkdtemp(prefix="bench-renewal-"))
        name = f"skattedeling_bench_{os.getpid()}"
        admin_url = options["postgres"]
        db_url = admin_url.rsplit("/", 1)[0] + f"/{name}"
        broker = f"{options['redis']}/{options['redis_db']}"
        cache = f"{options['redis']}/{options['redis_db'] + 1}"
        for url in (broker, cache):
            redis.Redis.from_url(url).flushdb()
        with psycopg.connect(admin_url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        simulator = workers = fetchers = driver = None
        uptime_before, fetch_cpu_s = uptime(), None
        try:
            base = child_env(DJANGO_SETTINGS_MODULE="skattedeling.settings.base", DATABASE_URL=db_url,
                             CELERY_BROKER_URL=broker, CACHE_URL=f"rediscache://{cache.split('://', 1)[1]}",
                             CELERY_TASK_ALWAYS_EAGER="false", DJANGO_DEBUG="false",
                             PRIVATE_STORAGE_ROOT=str(work / "private"), ACCEPT_SYNTHETIC_PERSON_IDS="true",
                             BENCH_TASK_STATS_URL=cache)
            self.log(f"database {name}: migrating")
            subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=base, check=True,
                           timeout=600)
            persons = work / "persons.json"
            simulator_cli("generate-persons", "--count", str(2 * n), "--out", str(persons), "--seed",
                          str(options["seed"]))
            simulator = Simulator(data=persons, latency_ms=latency, fault_rate=options["fault_rate"])
            simulator.start()
            env = {**base, **simulator.client_env()}
            if options["layout"] == "split":
                env["CELERY_FETCH_QUEUE"] = "fetch"
                cores = os.cpu_count() or 1
                self.log(f"simulator at {simulator.base_url}; starting the fetch worker (threads, "
                         f"{options['fetch_threads']}) and the cpu worker (prefork, {cores}, "
                         f"nice {options['cpu_nice']})")
                workers = Workers(count=1, concurrency=cores, pool="prefork", env=env, queues="celery",
                                  name="cpu", nice=options["cpu_nice"])
                workers.start()
                fetchers = Workers(count=1, concurrency=options["fetch_threads"], pool="threads", env=env,
                                   queues="fetch", name="fetch", nice=options["fetch_nice"])
            else:
                fetch_workers = options["fetch_workers"]
                env["CELERY_FETCH_QUEUE"] = "fetch" if fetch_workers else ""
                self.log(f"simulator at {simulator.base_url}; starting {options['workers']} workers "
                         f"({options['pool']}, concurrency {options['concurrency']})")
                workers = Workers(count=options["workers"], concurrency=options["concurrency"], pool=options["pool"],
                                  env=env, queues="celery" if fetch_workers else "")
                workers.start()
                if fetch_workers:
                    fetchers = Workers(count=1, concurrency=fetch_workers, pool=options["pool"], env=env,
                                       queues="fetch", name="fetch")
            result_file = work / "result.json"
            driver = subprocess.Popen(
                [sys.executable, "manage.py", "benchmark_renewal", "--driver", str(result_file),
                 "--households", str(n), "--period", options["period"], "--seed", str(options["seed"]),
                 "--timeout", str(options["timeout"]), "--persons", str(persons),
                 "--simulator-url", simulator.base_url, "--pdf-sample", str(options["pdf_sample"]),
                 "--until", options["until"]],
                cwd=ROOT, env=env)
            if fetchers and options["hold_fetch"]:
                self.log("holding the fetch worker until every household is registered")
                self.wait_registered(db_url, n, driver)
            if fetchers:
                fetchers.start()
            # The product's processes (workers, fetcher) apart from the harness's (this orchestrator, the
            # driver that writes the households and plays the godkjenner, the simulator).
            memory = PeakMemory({os.getpid(): "orchestrator", simulator.process.pid: "simulator",
                                 driver.pid: "driver"}
                                | {p.pid: "workers" for p in workers.processes}
                                | {p.pid: "fetch_worker" for p in (fetchers.processes if fetchers else [])})
            memory.start()
            self.log(f"driver running {n} households")
            if driver.wait(timeout=options["timeout"] + 900) != 0 or not result_file.exists():
                raise RuntimeError("the benchmark driver failed (see above)")
            peak = memory.stop()
            loads = sorted(memory.loads)
            load = {"median": round(loads[len(loads) // 2], 1), "max": round(loads[-1], 1), "cpus": os.cpu_count()}
            result = json.loads(result_file.read_text(encoding="utf-8"))
            task_ms = {name.rsplit(".", 1)[1]: _median_ms(workers.task_seconds(name)
                                                          + (fetchers.task_seconds(name) if fetchers else []))
                       for name in TASKS}
            lifetime = simulator.token_lifetime_s()
            if options["layout"] == "split":  # the fetch worker is one process (threads pool)
                fetch_cpu_s = cpu_seconds(fetchers.processes[0].pid)
            per_task = task_stats.read(cache)
        finally:
            stop_process(driver)
            for pool in (workers, fetchers):
                if pool:
                    pool.stop()
            if simulator:
                simulator.stop()
            if not options["keep_db"]:
                self.drop(admin_url, name)
        limit = api_limit_per_s(latency)
        per_s = result["lookups"] / result["fetch_seconds"] if result["fetch_seconds"] else 0.0
        answer_ms = result.get("api_answer_ms_mean")
        return {
            "households": result["households"], "lookups": result["lookups"],
            "seconds_total": result["seconds_total"], "fetch_lookups_per_s": round(per_s, 1),
            "api_limit_lookups_per_s": round(limit, 1), "fetch_ratio_to_limit": round(per_s / limit, 3),
            # The simulator sleeps the latency and then does its own work, so a call takes longer than the
            # latency: the share of what 5 calls in flight allow at the simulator's real answer time.
            "api_answer_ms_mean": answer_ms,
            "fetch_ratio_to_answer_limit": (round(per_s / api_limit_per_s(answer_ms), 3)
                                            if answer_ms else None),
            "max_concurrent_calls": result["max_concurrent_calls"], "token_requests": result["token_requests"],
            "token_lifetime_s": lifetime, "pdf_ms_median": result.get("pdf_ms_median"),
            "naive_pdf_ms_median": result.get("naive_pdf_ms_median"),
            "pdf_ratio_to_naive": result.get("pdf_ratio_to_naive"), "peak_rss_mb": round(peak, 1),
            "peak_rss_mb_by_role": {role: round(mb, 1) for role, mb in sorted(memory.by_role.items())},
            "rss_mb_timeline": memory.timeline,  # [seconds, {role: largest resident set now}] every minute
            # --until fetched stops before households are final: "lost" would count them all
            "lost": result["lost"] if options["until"] == "letters" else None,
            "duplicated": result["duplicated"], "parked": result["parked"],
            "fetch_seconds": result["fetch_seconds"],
            "phases_s": result["phases_s"], "task_ms_median_in_workers": task_ms,
            "ends_reduction": result["ends_reduction"], "outcomes": result["outcomes"],
            "faults_injected": result["faults_injected"], "latency_ms": latency,
            "fault_rate": options["fault_rate"], "workers": options["workers"],
            "concurrency": options["concurrency"], "pool": options["pool"], "layout": options["layout"],
            "nice": ({"cpu": options["cpu_nice"], "fetch": options["fetch_nice"]}
                     if options["layout"] == "split" else None),
            "fetch_workers": options["fetch_workers"], "load_average_1m": load,
            "until": options["until"], "hold_fetch": options["hold_fetch"],
            "uptime_before": uptime_before, "uptime_after": uptime(),
            "fetch_worker_cpu_ms_per_lookup": (round(fetch_cpu_s * 1000 / result["lookups"], 2)
                                               if fetch_cpu_s and result["lookups"] else None),
            "delivery": result.get("delivery"),  # SvarUt in the loop: letters/s, forsendelser per household
            **{key: result.get(key) for key in ("pdf_cpu_ms_median", "naive_pdf_cpu_ms_median",
                                                "pdf_wall_ratio_to_naive", "attachment_cpu_ms_once",
                                                "letter_cpu_ms_median", "naive_letter_cpu_ms_median")},
            **phase_figures(per_task, households=result["households"], letters=result.get("pdfs", 0)),
        }

    def wait_registered(self, db_url: str, households: int, driver, timeout: float = 3600) -> None:
        """Until the run has registered every household (its renewal cases exist)."""
        import psycopg

        deadline = time.monotonic() + timeout
        with psycopg.connect(db_url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            while time.monotonic() < deadline and driver.poll() is None:
                try:
                    (count,) = conn.execute("SELECT count(*) FROM cases_case WHERE is_renewal").fetchone()
                except psycopg.Error:
                    count = 0
                if count >= households:
                    return
                time.sleep(0.5)

    def drop(self, admin_url: str, name: str) -> None:
        with psycopg.connect(admin_url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
