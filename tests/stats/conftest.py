"""Fixtures for the statistics tests: households with approved vedtak whose figures the test controls."""
import datetime
import random

import pytest

from cases.constants import CaseStatus, Role
from cases.models import Case, CaseTransition, ChildFee, Decision, Municipality
from cases.stats.summary import stats_refresh
from devtools.synthetic import Adult, HouseholdSpec, SyntheticIds, create_cases
from tests import factories


@pytest.fixture
def leader(kommune):
    return factories.staff("leder", kommune, Role.ADMINISTRATOR)


@pytest.fixture
def ids():
    return SyntheticIds(offset=random.Random().randrange(200))


@pytest.fixture
def household(godkjenner, ids):
    """``household(kommune, fees=[...], status=..., received=date, done=datetime, channel=...)`` → Case.

    Each fee is the approved monthly fee of one child whose place costs 1 200 kr (barnehage); the
    decision's total is their sum. ``done`` is when the case reached 'Godkjent'."""

    def make(kommune, *, fees=(1200,), status=CaseStatus.APPROVED, period="2025/26", received=None, done=None,
             channel="digital", free_core_hours=False, outcome=None):
        adults = [Adult(ids.make(datetime.date(1988, 4, 2)), "Kari", "Nordmann", 300_000)]
        rejected = status == CaseStatus.REJECTED
        spec = HouseholdSpec(applicant=adults[0], partner=None, service="barnehage",
                             status=CaseStatus.READY_FOR_ASSESSMENT if rejected else status,
                             children=[(datetime.date(2022, 1 + i, 3), None) for i in range(len(fees))])
        (case_id,) = create_cases(municipality=kommune, period=period, specs=[spec], approver=godkjenner, ids=ids)
        case = Case.objects.select_related("application").get(pk=case_id)
        if rejected:
            Case.objects.filter(pk=case.pk).update(status=CaseStatus.REJECTED)
        app = case.application
        app.channel = channel
        if received:
            app.received_date = received
        app.save()
        for fee, row in zip(fees, ChildFee.objects.filter(decision__case=case).order_by("child__person__birth_date"),
                            strict=False):
            row.monthly_fee = fee
            row.free_core_hours = free_core_hours
            row.segments = [{"valid_from": row.decision.valid_from.isoformat(),
                             "valid_to": row.decision.valid_to.isoformat(), "monthly_fee": fee}]
            row.save()
        Decision.objects.filter(case=case).update(total_monthly_fee=sum(fees))
        if outcome is not None:  # the structured outcome the assessment stores (statistics read only this)
            for decision in Decision.objects.filter(case=case):
                decision.calculation["outcome"]["outcome"] = outcome
                decision.save(update_fields=["calculation"])
        if done:
            CaseTransition.objects.filter(case=case, to_status=CaseStatus.APPROVED).update(at=done)
        return case

    return make


@pytest.fixture
def refresh():
    """Recompute the statistics summary of every kommune (what the beat task does after changes)."""
    def run():
        for municipality_id in Municipality.objects.values_list("pk", flat=True):
            stats_refresh(municipality_id=municipality_id)
    return run
