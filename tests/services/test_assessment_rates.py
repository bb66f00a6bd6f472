"""Assessment under the parameter policy (docs/rules.md § 6) and the law review (docs/reference/rules.md § 11):
no decision on a missing or unsourced rate, the case waits «Venter på satser», a sourced row releases it,
unverified rates need the approver's stated confirmation, and a decision period is split where makspris
changes."""
import dataclasses
import datetime
from decimal import Decimal

import pytest

from cases.constants import CaseStatus as S
from cases.constants import Role
from cases.models import AuditEvent, Case, ChildFee, Decision, LegalParameter
from cases.outcome import decision_outcome
from cases.rules.outcome import Outcome, RuleId
from cases.services.approval import ApprovalRefused, decision_approve
from cases.services.assessment import decision_propose
from cases.services.intake import application_register
from cases.services.parameters import decision_confirm_unverified_rates, unverified_parameters_confirmed
from tests import factories
from tests.views.conftest import make_ready

D = datetime.date.fromisoformat


def _case(kommune, user, *, period: str, received: str, born="2021-03-01", price=1200):
    data = factories.barnehage_application(period=period)
    child = dataclasses.replace(data.children[0], person=factories.person(D(born), given="Barn"),
                                monthly_price=Decimal(price))
    data = dataclasses.replace(data, received_date=D(received), children=[child])
    with factories.as_of(D(received)):
        return application_register(municipality=kommune, data=data, actor=user)


@pytest.fixture
def approver(kommune):
    return factories.staff("godkjenner2", kommune, Role.GODKJENNER)


def test_650000_on_2025_09_01_waits_for_rates_instead_of_deciding_on_642700(kommune, saksbehandler):
    factories.remove_test_rates()
    case = make_ready(_case(kommune, saksbehandler, period="2025/26", received="2025-08-20"),
                      applicant_income=450_000, partner_income=200_000)
    assert decision_propose(case_id=case.pk, actor=saksbehandler) is None
    case.refresh_from_db()
    assert case.status == S.WAITING_FOR_RATES
    assert "kjernetid_income_limit" in case.status_reason and "01.09.2025" in case.status_reason
    assert not Decision.objects.filter(case=case, status=Decision.Status.PROPOSED).exists()
    assert S(case.status).label == "Venter på satser"


def test_an_unsourced_row_does_not_decide_and_does_not_release(kommune, saksbehandler,
                                                                django_capture_on_commit_callbacks):
    factories.remove_test_rates()
    case = make_ready(_case(kommune, saksbehandler, period="2025/26", received="2025-08-20"))
    with django_capture_on_commit_callbacks(execute=True):
        LegalParameter.objects.create(key="kjernetid_income_limit", valid_from=D("2025-08-01"),
                                      valid_to=D("2026-07-31"), value=642700, source="", verified=False)
    assert decision_propose(case_id=case.pk, actor=saksbehandler) is None
    case.refresh_from_db()
    assert case.status == S.WAITING_FOR_RATES and "uten kilde" in case.status_reason


def test_entering_the_sourced_row_releases_every_waiting_case_audited_and_reproposed(
        kommune, saksbehandler, django_capture_on_commit_callbacks):
    factories.remove_test_rates()
    cases = [make_ready(_case(kommune, saksbehandler, period="2025/26", received="2025-08-20"),
                        applicant_income=450_000, partner_income=200_000) for _ in range(1)]
    for case in cases:
        decision_propose(case_id=case.pk, actor=saksbehandler)
    assert Case.objects.filter(status=S.WAITING_FOR_RATES).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        LegalParameter.objects.create(key="kjernetid_income_limit", valid_from=D("2025-08-01"),
                                      valid_to=D("2026-07-31"), value=660000,
                                      source="Testkilde: Stortingets vedtak (eksempel i test)", verified=True)
    case = Case.objects.get(pk=cases[0].pk)
    assert case.status == S.PROPOSED
    assert AuditEvent.objects.filter(case=case, action=AuditEvent.Action.RELEASE_WAITING).exists()
    assert case.transitions.filter(from_status=S.WAITING_FOR_RATES, to_status=S.READY_FOR_ASSESSMENT).exists()
    decision = Decision.objects.get(case=case, status=Decision.Status.PROPOSED)
    # 650 000 < 660 000: 20 of 41 hours free: 1 200 × 21/41 = 614.63 → 614 kr (not 1 200).
    assert decision.total_monthly_fee == 614
    [child] = decision_outcome(decision).children
    assert child.outcome == Outcome.DELVIS and RuleId.FREE_CORE_HOURS in {g.rule for g in child.granted}


def test_approval_needs_a_stated_confirmation_of_unverified_rates(kommune, saksbehandler, approver):
    # 2025/26 makspris (1 200, derived from FOR-2025-10-19-2058) is sourced but unverified.
    case = make_ready(_case(kommune, saksbehandler, period="2025/26", received="2025-08-20", born="2024-10-01"))
    decision = decision_propose(case_id=case.pk, actor=saksbehandler)
    assert any(p.key == "makspris" and not p.verified for p in decision_outcome(decision).parameters)
    assert not unverified_parameters_confirmed(decision)
    with pytest.raises(ApprovalRefused, match="uverifiserte satser"):
        decision_approve(decision_id=decision.pk, actor=approver)
    with pytest.raises(Exception, match="Skriv hvorfor"):
        decision_confirm_unverified_rates(decision_id=decision.pk, actor=approver, reason="  ")
    with pytest.raises(Exception):  # noqa: B017 - a caseworker may not confirm
        decision_confirm_unverified_rates(decision_id=decision.pk, actor=saksbehandler, reason="ok")
    decision_confirm_unverified_rates(decision_id=decision.pk, actor=approver,
                                  reason="Satsen følger av FOR-2025-10-19-2058; kontrollert av jurist.")
    decision.refresh_from_db()
    assert decision.confirmed_by == approver and decision.confirmed_reason.startswith("Satsen")
    decision_approve(decision_id=decision.pk, actor=approver)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.APPROVED
    assert AuditEvent.objects.filter(case=case, action=AuditEvent.Action.CONFIRM_PARAMETERS).exists()


def test_a_2022_23_decision_states_the_fee_from_2023_01_01(kommune, saksbehandler):
    case = make_ready(_case(kommune, saksbehandler, period="2022/23", received="2022-06-01", born="2021-05-01",
                            price=3050), applicant_income=600_000, partner_income=400_000)
    decision = decision_propose(case_id=case.pk, actor=saksbehandler)
    fee = ChildFee.objects.get(decision=decision)
    assert fee.segments == [
        {"valid_from": "2022-08-01", "valid_to": "2022-12-31", "monthly_fee": 3050},
        {"valid_from": "2023-01-01", "valid_to": "2023-07-31", "monthly_fee": 3000},
    ]
    assert decision_outcome(decision).change_dates == (D("2022-08-01"), D("2023-01-01"))


def test_the_kommunes_sfo_order_decides_the_proposal_and_is_stored(kommune, saksbehandler):
    from cases.constants import Service
    from cases.models import KommuneRuleChoice
    from cases.services.intake import ChildInput

    KommuneRuleChoice.objects.create(municipality=kommune, valid_from=D("2024-08-01"), sfo_order="free_hours_first",
                                     source="Forskrift om SFO, Testkommune § 5")
    data = dataclasses.replace(
        factories.barnehage_application(period="2024/25"), service=Service.SFO, received_date=D("2024-06-01"),
        children=[ChildInput(person=factories.person(D("2018-03-01")), institution="Skolen",
                             weekly_hours=Decimal(24), monthly_price=Decimal(3000), sfo_trinn=1)])
    with factories.as_of(D("2024-06-01")):
        registered = application_register(municipality=kommune, data=data, actor=saksbehandler)
    case = make_ready(registered, applicant_income=200_000, partner_income=100_000)
    decision = decision_propose(case_id=case.pk, actor=saksbehandler)
    # Free hours first: 3 000 × 12/24 = 1 500, below the cap 1 636.36 → 1 500 (cap first would give 818).
    assert decision.total_monthly_fee == 1500
    assert decision.inputs["kommune_rules"]["choices"][0]["sfo_order"] == "free_hours_first"


def test_loading_new_seed_rows_also_releases_waiting_cases(kommune, saksbehandler, django_capture_on_commit_callbacks):
    from cases.services.parameters import legal_parameters_load_seed

    factories.remove_test_rates()
    LegalParameter.objects.filter(key="makspris", qualifier="standard", valid_from=D("2024-08-01")).delete()
    case = make_ready(_case(kommune, saksbehandler, period="2024/25", received="2024-06-01", born="2024-01-01",
                            price=2000))
    assert decision_propose(case_id=case.pk, actor=saksbehandler) is None
    with django_capture_on_commit_callbacks(execute=True):
        assert legal_parameters_load_seed() == 1
    case.refresh_from_db()
    assert case.status == S.PROPOSED
