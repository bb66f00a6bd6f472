"""Renewal through the ordinary pipeline (Celery eager, real HTTP to the simulator): the newest income
year is fetched, proposals are computed, and a household now above the limits gets a proposal that ends
the reduction and says so."""
import datetime

import pytest

from cases.constants import CaseStatus as S
from cases.models import RenewalItem, RenewalRun
from cases.renewal import progress, services
from devtools.synthetic import Adult

pytestmark = pytest.mark.django_db

# Simulator households (integrations/simulator/data/persons.json): H2 has a low household income,
# H4 a high one. Last year's decisions were made on lower incomes, so both had a reduction.
H2 = [Adult("02878821028", "Hanne", "Testesen", 180_000), Adult("23919033061", "Per", "Testesen", 150_000)]
H4 = [Adult("17817900550", "Ida", "Høyinntekt", 200_000), Adult("05928126074", "Lars", "Høyinntekt", 150_000)]


def test_renewal_fetches_newest_income_and_proposes(kommune, administrator, make_household, integration_settings,
                                                    simulator, django_capture_on_commit_callbacks):
    low = make_household(adults=H2, children=[(datetime.date(2022, 6, 1), None)])
    high = make_household(adults=H4, children=[(datetime.date(2023, 1, 9), None), (datetime.date(2020, 5, 5), None)])
    assert all(services.has_reduction(c.decisions.get()) for c in (low, high))
    with django_capture_on_commit_callbacks(execute=True):
        run, _created = services.renewal_start(municipality=kommune, period="2026/27", actor=administrator)
    items = {i.source_case_id: i for i in RenewalItem.objects.filter(run=run).select_related("case")}
    for source in (low, high):
        case = items[source.pk].case
        assert case.status == S.PROPOSED, case.status_reason or case.attention
        assert {b.income_year for b in case.tax_bases.all()} == {2025}
    low_proposal = items[low.pk].case.decisions.get(status="proposed")
    high_proposal = items[high.pk].case.decisions.get(status="proposed")
    assert services.has_reduction(low_proposal) and items[low.pk].ends_reduction is False
    assert not services.has_reduction(high_proposal) and items[high.pk].ends_reduction is True
    assert any("Reduksjonen opphører fra 01.08.2026" in w for w in high_proposal.warnings)
    assert not any("opphører" in w for w in low_proposal.warnings)
    assert high_proposal.child_fees.count() == 1  # the child starting school in 2026 is not renewed
    assert high_proposal.total_monthly_fee == 1200  # full price (makspris) for the one child
    run = RenewalRun.objects.get(pk=run.pk)
    assert progress.finish_if_done(run)
    run.refresh_from_db()
    assert run.status == RenewalRun.Status.FINISHED
    assert run.summary["counts"]["proposed"] == 2 and run.summary["ends_reduction"] == 1
    assert run.summary["adults_fetched"] == 4
    assert simulator.stats()["token_requests"]["total"] == 1
