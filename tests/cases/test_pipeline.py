"""The income pipeline end to end (Celery eager, real HTTP to the simulator): intake → fetch → proposal.

Expected fees are worked out by hand from the law (rules.md §§ 1–4) with the seeded parameters for
barnehageår 2026/27: makspris 1 200 kr, 6 % cap = 0.06 × income / 11, søskenmoderasjon 30 % for
child no. 2, gratis kjernetid fee × (1 − 20/41) when income is below the limit.
"""
import datetime
from decimal import Decimal

import pytest

from cases.constants import Attention, AttentionReason
from cases.constants import CaseStatus as S
from cases.models import AuditEvent, Case, TaxBasis
from cases.services.intake import ApplicationInput, ChildInput, PersonInput, application_register
from cases.services.parameters import legal_parameters_load_seed
from tests.support.person_ids import make_person_id

pytestmark = pytest.mark.django_db(transaction=False)


def _adult(number, given="Voksen"):
    return PersonInput(person_id=number, given_name=given, family_name="Testesen")


def _child(born, hours=41, price=1200):
    return ChildInput(person=PersonInput(person_id=make_person_id(born), given_name="Barn", family_name="Testesen"),
                      institution="Solsikken", weekly_hours=Decimal(hours), monthly_price=Decimal(price))


def _register(kommune, applicant, partner=None, children=None, received=datetime.date(2026, 5, 20)):
    data = ApplicationInput(service="barnehage", period="2026/27", applicant=applicant, partner=partner,
                            partner_relation="ektefelle" if partner else "", received_date=received,
                            children=children or [_child(datetime.date(2022, 6, 1))])
    return application_register(municipality=kommune, data=data)


@pytest.fixture(autouse=True)
def _parameters(db):
    legal_parameters_load_seed()


def test_couple_with_two_children_gets_a_proposal(kommune, integration_settings, simulator,
                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = _register(kommune, _adult("02878821028"), _adult("23919033061"),
                         children=[_child(datetime.date(2022, 6, 1)), _child(datetime.date(2024, 9, 12))])
    case.refresh_from_db()
    assert case.status == S.PROPOSED, case.status_reason
    bases = list(case.tax_bases.all())
    assert {b.outcome for b in bases} == {"found"} and {b.income_year for b in bases} == {2025}
    assert {b.stadie for b in bases} == {"utkast"}  # the simulator has no oppgjør for 2025 for these two
    income = sum(b.counted_income for b in bases)
    decision = case.decisions.get(status="proposed")
    assert decision.household_income == income
    assert income > 220_000  # above the 6 % threshold at makspris 1 200: no income cap
    fees = sorted(decision.child_fees.values_list("monthly_fee", flat=True))
    # oldest: 1200 × 21/41 = 614.63 → 614; youngest (child no. 2): 1200 × 0.7 × 21/41 = 430.24 → 430
    assert fees == [430, 614]
    assert decision.total_monthly_fee == 1044
    assert any("utkast" in w for w in decision.warnings)
    assert AuditEvent.objects.filter(case=case, action="fetch_tax_data").count() == 2
    assert simulator.stats()["token_requests"]["total"] == 1


def test_skjermet_person_needs_documentation(kommune, integration_settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = _register(kommune, _adult("16822548834", "Skjermet"))
    case.refresh_from_db()
    assert case.status == S.NEEDS_DOCUMENTATION
    assert "skjermet" in case.status_reason
    assert "16822548834" not in case.status_reason
    assert case.tax_bases.get().outcome == TaxBasis.Outcome.SKJERMET


def test_unknown_person_needs_documentation(kommune, integration_settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = _register(kommune, _adult("04848910029", "Ukjent"))
    case.refresh_from_db()
    assert case.status == S.NEEDS_DOCUMENTATION
    assert "ukjent hos Skatteetaten" in case.status_reason


def test_transient_failures_are_retried_then_parked(kommune, integration_settings, simulator):
    from cases.tasks import fetch_income

    case = application_register(
        municipality=kommune, start_fetch=False,
        data=ApplicationInput(service="barnehage", period="2026/27", applicant=_adult("14839412054"),
                              children=[_child(datetime.date(2022, 6, 1))]))
    simulator.configure(fault_rate=1.0)
    # Eager retries run nested inside apply(); keep them from propagating so the chain can finish.
    fetch_income.app.conf.task_eager_propagates = False
    try:
        fetch_income.apply(args=[case.pk], throw=False)
    finally:
        fetch_income.app.conf.task_eager_propagates = True
        simulator.configure(fault_rate=0.0)
    case = Case.objects.get(pk=case.pk)
    assert case.status == S.FETCHING_INCOME
    assert (case.attention, case.attention_reason) == (Attention.PARKED_FETCH, AttentionReason.FETCH_RETRIES_EXHAUSTED)
    assert case.attention_text.startswith("Skatteetaten svarte ikke etter")
    basis = case.tax_bases.get()
    assert basis.status == TaxBasis.FetchStatus.PARKED
    assert basis.attempts == fetch_income.max_retries + 1
    assert "14839412054" not in basis.last_error + case.attention_text
