"""Delivery with REAL Celery workers (subprocesses), the Redis broker, PostgreSQL and the simulator: a
worker is SIGKILLed while sends are in flight (the simulator stores each forsendelse at once and answers
1.5 s later, so a killed worker lost answers for letters SvarUt already has). Another worker takes over:
every letter reaches SvarUt exactly once, and every forsendelse is recorded. As tests/renewal/test_worker.py."""
from collections import Counter

import pytest
from django.db import transaction

from cases.models import Case, Forsendelse
from cases.services.parameters import legal_parameters_load_seed
from tests import factories
from tests.support.worker import CeleryWorkerProcess, own_queue, wait_until, worker_env
from tests.svarut.conftest import recipient_id, svarut_environment
from tests.views.conftest import make_ready

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

HOUSEHOLDS = 4


@pytest.fixture
def live(settings, simulator):
    legal_parameters_load_seed()
    for name, value in svarut_environment(simulator).items():
        setattr(settings, name, value)
    simulator.reset(config=True)
    simulator.configure(svarut_send_latency_ms=1500, svarut_step_s=0.2)
    with own_queue("svarut-test", settings.CELERY_BROKER_URL) as queue:
        yield queue
    simulator.reset(config=True)


def test_killed_worker_mid_send_loses_nothing_and_sends_nothing_twice(
        kommune, saksbehandler, godkjenner, simulator, live):
    from cases.services.approval import decision_approve
    from cases.services.assessment import decision_propose

    decisions = []
    for i in range(HOUSEHOLDS):
        applicant = factories.PersonInput(person_id=recipient_id(i % 4, year=1980 + i), given_name=f"Voksen{i}",
                                          family_name="Levering")
        case = make_ready(factories.case(kommune, user=saksbehandler, applicant=applicant))
        case.application.household.__class__.objects.filter(pk=case.application.household_id).update(
            address=f"Leveringsveien {i + 1}, 0155 Oslo")
        decision_propose(case_id=case.pk, actor=saksbehandler)
        decisions.append(case.decisions.get(status="proposed").pk)
    env = worker_env(DJANGO_SETTINGS_MODULE="tests.renewal.worker_settings", RENEWAL_TEST_QUEUE=live,
                     SVARUT_SEND_LEASE_S="3", SVARUT_RETRY_BASE_S="0.2", SVARUT_STALLED_S="5",
                     **svarut_environment(simulator))
    expected = HOUSEHOLDS * 3  # søker, partner, archive copy
    in_flight = Forsendelse.objects.filter(attempts__gte=1, svarut_id="")
    recorded = Forsendelse.objects.exclude(svarut_id="")

    def stored_count() -> int:
        ours = set(Forsendelse.objects.values_list("ekstern_referanse", flat=True))
        return sum(f["eksternReferanse"] in ours for f in simulator.svarut_forsendelser())

    with CeleryWorkerProcess(concurrency=2, env=env, queues=live, name="svarut-a") as first:
        with transaction.atomic():
            for decision_id in decisions:
                decision_approve(decision_id=decision_id, actor=godkjenner)
        wait_until(lambda: in_flight.exists() and stored_count() > recorded.count(), 120, "an answer in flight")
        first.kill()
    at_kill = recorded.count()
    assert at_kill < expected, "the worker must be killed mid-delivery"
    assert stored_count() > at_kill, "SvarUt must hold a forsendelse whose answer the killed worker lost"
    with CeleryWorkerProcess(concurrency=2, env=env, queues=live, name="svarut-b"):
        wait_until(lambda: Forsendelse.objects.filter(state="sent").count() == expected, 180,
              f"every forsendelse sent ({Counter(Forsendelse.objects.values_list('state', flat=True))})")
    references = Counter(f["eksternReferanse"] for f in simulator.svarut_forsendelser())
    ours = {f.ekstern_referanse: f.svarut_id for f in Forsendelse.objects.all()}
    assert len(ours) == expected  # none lost
    assert all(references[ref] == 1 for ref in ours), references  # none twice
    stored = {f["eksternReferanse"]: f["id"] for f in simulator.svarut_forsendelser() if f["eksternReferanse"] in ours}
    assert stored == ours
    assert Case.objects.filter(status="sent").count() == HOUSEHOLDS
