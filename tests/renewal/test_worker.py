"""Renewal with REAL Celery workers (subprocesses), the Redis broker and PostgreSQL, under injected
faults, in production's two pools — the asynchronous fetch worker (threads, fetch queue) and the cpu
worker (prefork): both are SIGKILLed mid-batch and others started; every household still ends in a final
or parked state, none twice, none lost. Transient errors are retried with backoff, then parked with the
reason, visible on the renewal page."""
import datetime
import json
import os
import subprocess
import sys
import uuid

import pytest
import redis
from django.db import transaction
from django.db.models import Count
from django.urls import reverse

from cases.constants import Attention
from cases.models import Case, Decision, RenewalItem, RenewalRun, TaxBasis
from cases.renewal import progress, services
from cases.services.parameters import legal_parameters_load_seed
from devtools.synthetic import Adult
from skattedeling.celery import app
from skattedeling.settings.base import fetch_routes
from tests.support.simulator import ROOT, SimulatorProcess
from tests.support.worker import CeleryWorkerProcess, wait_until, worker_env

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

HOUSEHOLDS = 20
FINAL_OR_PARKED = {"approved", "sent", "needs_documentation", "parked", "closed", "not_eligible", "skipped"}


@pytest.fixture(scope="module")
def persons(tmp_path_factory):
    """Synthetic adults the simulator knows (generate-persons: pairs of persons, income years to 2025)."""
    out = tmp_path_factory.mktemp("renewal") / "persons.json"
    subprocess.run([sys.executable, "-m", "integrations.simulator", "generate-persons", "--count",
                    str(2 * HOUSEHOLDS), "--out", str(out), "--seed", "7"], cwd=ROOT, check=True,
                   capture_output=True)
    return out


@pytest.fixture(scope="module")
def renewal_simulator(persons):
    with SimulatorProcess(latency_ms=30, data=[persons], extra_args=["--quiet"]) as sim:
        yield sim


@pytest.fixture
def live(settings, renewal_simulator):
    """Tasks go to a queue of this test's own on the Redis broker, for workers started by the test.

    Transactional tests start from an empty database (the flush removes migration data): seed the rates.
    """
    legal_parameters_load_seed()
    client = renewal_simulator.client("910753614")
    settings.MASKINPORTEN_ISSUER = renewal_simulator.issuer
    settings.MASKINPORTEN_CLIENT_ID = client["client_id"]
    settings.MASKINPORTEN_CERTIFICATE = str(renewal_simulator.p12_path("910753614"))
    settings.MASKINPORTEN_CERTIFICATE_PASSWORD = renewal_simulator.password
    settings.SKATTEETATEN_SSG_URL = renewal_simulator.ssg_base_url
    renewal_simulator.reset(config=True)
    queue = f"renewal-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue", "task_routes")}
    app.conf.update(task_always_eager=False, task_default_queue=queue, task_routes=fetch_routes(queue + "-fetch"))
    app.amqp.__dict__.pop("queues", None)
    app.amqp.__dict__.pop("router", None)
    yield queue
    app.conf.update(saved)
    app.amqp.__dict__.pop("queues", None)
    app.amqp.__dict__.pop("router", None)
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete(queue, queue + "-fetch")
    renewal_simulator.reset(config=True)


def _env(queue, **extra):
    return worker_env(DJANGO_SETTINGS_MODULE="tests.renewal.worker_settings", RENEWAL_TEST_QUEUE=queue,
                      RENEWAL_TEST_FETCH_QUEUE=queue + "-fetch", **extra)


def _pools(env, queue, name):
    """Production's two pools: the asynchronous fetch worker and the cpu worker."""
    return (CeleryWorkerProcess(concurrency=4, pool="threads", env=env, queues=queue + "-fetch", name=f"{name}-fetch"),
            CeleryWorkerProcess(concurrency=3, env=env, queues=queue, name=f"{name}-cpu"))


def _households(make_household, persons, count):
    numbers = [p["personidentifikator"] for p in json.loads(persons.read_text())["persons"]]
    return [make_household(adults=[Adult(numbers[2 * i], "Voksen", "Fornyelse", 200_000),
                                   Adult(numbers[2 * i + 1], "Partner", "Fornyelse", 150_000)],
                           children=[(datetime.date(2022, 1 + i % 12, 3), None)])
            for i in range(count)]


def _states(run):
    return {state: n for state, n in progress.progress(run).counts.items() if n}


def test_killed_worker_and_faults_lose_nothing_and_duplicate_nothing(
        kommune, administrator, godkjenner, make_household, persons, renewal_simulator, live):
    sources = _households(make_household, persons, HOUSEHOLDS)
    renewal_simulator.configure(fault_rate=0.2)
    env = _env(live)
    fetcher, cpu = _pools(env, live, "renewal-a")
    with fetcher, cpu:
        run, _created = services.renewal_start(municipality=kommune, period="2026/27", actor=administrator)
        wait_until(lambda: RenewalItem.objects.filter(run=run, case__status="proposed").exists(), 90,
                   "a first proposal")
        fetcher.kill()
        cpu.kill()
    at_kill = progress.progress(RenewalRun.objects.get(pk=run.pk))
    assert at_kill.settled < HOUSEHOLDS, "the workers must be killed mid-batch"
    fetcher, cpu = _pools(env, live, "renewal-b")
    with fetcher, cpu:
        wait_until(lambda: progress.progress(run).done, 120, f"every household settled ({_states(run)})")
        with transaction.atomic():
            services.renewal_bulk_approve(run=run, actor=godkjenner)
        approved = Decision.objects.filter(case__renewal_item__run=run, status="approved")
        wait_until(lambda: not services.proposals(run).exists() and approved.exists()
              and not approved.filter(pdf="").exists(), 180, f"approval and PDFs ({_states(run)})")
        wait_until(lambda: RenewalRun.objects.get(pk=run.pk).status == RenewalRun.Status.FINISHED, 30, "the summary")
    states = _states(run)
    assert set(states) <= FINAL_OR_PARKED, states
    assert sum(states.values()) == HOUSEHOLDS  # none lost
    assert RenewalItem.objects.filter(run=run).count() == HOUSEHOLDS
    renewals = Case.objects.filter(is_renewal=True)
    assert renewals.count() == HOUSEHOLDS  # none twice ...
    assert not renewals.values("application__household__applicant").annotate(n=Count("pk")).filter(n__gt=1)
    assert not (Decision.objects.filter(case__in=renewals, status__in=["proposed", "approved"])
                .values("case").annotate(n=Count("pk")).filter(n__gt=1))
    assert set(RenewalItem.objects.filter(run=run).values_list("source_case_id", flat=True)) == {
        s.pk for s in sources}
    assert renewal_simulator.stats()["faults_injected"] > 0
    run.refresh_from_db()
    assert run.summary["households"] == HOUSEHOLDS and run.finished_at


def test_transient_errors_are_retried_then_parked_and_shown(
        client, kommune, administrator, make_household, persons, renewal_simulator, live):
    _households(make_household, persons, 2)
    renewal_simulator.configure(fault_rate=1.0)
    fetcher, cpu = _pools(_env(live, FETCH_MAX_RETRIES="2"), live, "renewal-p")
    with fetcher, cpu:
        run, _created = services.renewal_start(municipality=kommune, period="2026/27", actor=administrator)
        wait_until(lambda: RenewalRun.objects.get(pk=run.pk).status == RenewalRun.Status.FINISHED, 90, "the run to end")
    assert _states(run) == {"parked": 2}
    bases = TaxBasis.objects.filter(case__renewal_item__run=run)
    assert {(b.status, bool(b.last_error)) for b in bases} == {(TaxBasis.FetchStatus.PARKED, True)}
    # the first adult of each household was tried 1 + FETCH_MAX_RETRIES times, then the case was parked
    assert sorted(b.attempts for b in bases if b.role == "soker") == [3, 3]
    assert all(c.attention == Attention.PARKED_FETCH
               and c.attention_text.startswith("Skatteetaten svarte ikke etter 3 forsøk")
               for c in Case.objects.filter(is_renewal=True))
    client.force_login(administrator)
    page = client.get(reverse("renewal:detail", args=[run.pk]))
    assert "Parkert etter gjentatte feil" in page.content.decode()
    assert page.content.decode().count("Parkert: Skatteetaten svarte ikke") == 2
