"""The batch income fetch (``cases.tasks.fetch_income_batch``, the asynchronous fetcher) with Celery eager
and real HTTP to the simulator: every adult of every case at once, results written once (a redelivered
batch changes nothing), the CPU work after it (conclusion, proposal) queued separately; transient
failures retried for the failing cases only, then parked; a refusal parks at once."""
import datetime
from decimal import Decimal

import pytest

from cases import dispatch
from cases.constants import Attention, AttentionReason
from cases.constants import CaseStatus as S
from cases.models import AuditEvent, Case, TaxBasis
from cases.services.intake import ApplicationInput, ChildInput, PersonInput, application_register
from cases.services.parameters import legal_parameters_load_seed
from tests.support.person_ids import make_person_id

pytestmark = pytest.mark.django_db(transaction=False)

ADULTS = ("14839412054", "02878821028")  # the simulator's built-in persons: oppgjoer found; utkast only


@pytest.fixture(autouse=True)
def _parameters(db):
    legal_parameters_load_seed()


def _case(kommune, applicant, partner=None, start_fetch=False):
    child = ChildInput(person=PersonInput(person_id=make_person_id(datetime.date(2022, 6, 1)), given_name="Barn",
                                          family_name="Testesen"),
                       institution="Solsikken", weekly_hours=Decimal(41), monthly_price=Decimal(1200))
    data = ApplicationInput(service="barnehage", period="2026/27",
                            applicant=PersonInput(person_id=applicant, given_name="Voksen", family_name="Testesen"),
                            partner=partner and PersonInput(person_id=partner, given_name="Partner",
                                                            family_name="Testesen"),
                            partner_relation="ektefelle" if partner else "", received_date=datetime.date(2026, 5, 20),
                            children=[child])
    return application_register(municipality=kommune, data=data, start_fetch=start_fetch)


def test_a_batch_fetches_every_adult_at_once_and_writes_once(kommune, integration_settings, simulator,
                                                             django_capture_on_commit_callbacks):
    from cases.tasks import fetch_income_batch

    cases = [_case(kommune, *ADULTS), _case(kommune, ADULTS[0])]
    with django_capture_on_commit_callbacks(execute=True):
        fetch_income_batch.apply(args=[[c.pk for c in cases]])
    for case in Case.objects.filter(pk__in=[c.pk for c in cases]):
        assert case.status == S.PROPOSED, case.status_reason
    rows = TaxBasis.objects.filter(case__in=cases)
    assert rows.count() == 3 and {r.status for r in rows} == {TaxBasis.FetchStatus.DONE}
    assert {r.attempts for r in rows} == {1}
    assert AuditEvent.objects.filter(case__in=cases, action="fetch_tax_data").count() == 3
    calls = simulator.stats()["ssg_calls"]
    # Redelivered (a killed worker's message): nothing fetched or written again.
    with django_capture_on_commit_callbacks(execute=True):
        fetch_income_batch.apply(args=[[c.pk for c in cases]])
    assert simulator.stats()["ssg_calls"] == calls
    assert AuditEvent.objects.filter(case__in=cases, action="fetch_tax_data").count() == 3
    assert {r.attempts for r in TaxBasis.objects.filter(case__in=cases)} == {1}


def test_registrations_gathered_into_one_batch(kommune, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(dispatch, "send", lambda name, *args, **options: sent.append((name, args)))
    with django_capture_on_commit_callbacks(execute=True):
        with dispatch.gathered(dispatch.FETCH_INCOME, into=dispatch.FETCH_INCOME_BATCH, size=2):
            cases = [_case(kommune, ADULTS[0], start_fetch=True) for _ in range(3)]
    assert sent == [(dispatch.FETCH_INCOME_BATCH, ([cases[0].pk, cases[1].pk],)),
                    (dispatch.FETCH_INCOME_BATCH, ([cases[2].pk],))]


def test_transient_failures_are_retried_for_the_failing_cases_then_parked(kommune, integration_settings, simulator):
    from cases.tasks import fetch_income_batch

    case = _case(kommune, ADULTS[0])
    simulator.configure(fault_rate=1.0)
    fetch_income_batch.app.conf.task_eager_propagates = False  # eager retries run nested inside apply()
    try:
        fetch_income_batch.apply(args=[[case.pk]], throw=False)
    finally:
        fetch_income_batch.app.conf.task_eager_propagates = True
        simulator.configure(fault_rate=0.0)
    case = Case.objects.get(pk=case.pk)
    assert case.status == S.FETCHING_INCOME
    assert (case.attention, case.attention_reason) == (Attention.PARKED_FETCH, AttentionReason.FETCH_RETRIES_EXHAUSTED)
    assert case.attention_text.startswith(f"Skatteetaten svarte ikke etter {fetch_income_batch.max_retries + 1} forsøk")
    basis = case.tax_bases.get()
    assert (basis.status, basis.attempts) == (TaxBasis.FetchStatus.PARKED, fetch_income_batch.max_retries + 1)
    assert ADULTS[0] not in basis.last_error + case.attention_text


def test_a_refusal_parks_the_case_at_once(kommune, integration_settings, simulator, settings):
    from cases.tasks import fetch_income_batch

    settings.SKATTEETATEN_SSG_URL = "https://not-allowed.example/v2"  # refused by the endpoint allowlist
    case = _case(kommune, ADULTS[0])
    fetch_income_batch.apply(args=[[case.pk]])
    case = Case.objects.get(pk=case.pk)
    assert (case.attention, case.attention_reason) == (Attention.PARKED_FETCH, AttentionReason.FETCH_REFUSED)
    assert case.tax_bases.get().status == TaxBasis.FetchStatus.PARKED
    assert simulator.stats()["ssg_calls"] == 0
