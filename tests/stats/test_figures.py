"""The figures of the statistics page against hand-made households, the CSV, and a fixed query count."""
import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.constants import CaseStatus
from cases.models import Decision, RenewalItem, RenewalRun
from cases.outcome import decision_outcome
from cases.stats.charts import Series, bar_chart
from cases.stats.selectors import StatsFilters, histogram_percentile, percentile, statistics

pytestmark = pytest.mark.django_db


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def test_percentile_nearest_rank():
    assert percentile([1], 90) == 1
    assert percentile(list(range(1, 11)), 90) == 9
    assert percentile(list(range(1, 11)), 50) == 5


def test_figures(kommune, household, refresh):
    aug = datetime.date(2025, 8, 1)
    household(kommune, fees=(0,), received=datetime.date(2025, 5, 10), done=_at(datetime.date(2025, 5, 20)),
              free_core_hours=True, outcome="innvilget")                   # 10 days, free
    household(kommune, fees=(500, 1200), received=datetime.date(2025, 5, 12), done=_at(datetime.date(2025, 6, 11)),
              channel="papir", outcome="delvis")                           # 30 days, reduced
    household(kommune, fees=(1200,), received=datetime.date(2025, 6, 1), done=_at(datetime.date(2025, 6, 21)),
              outcome="avslag")
    household(kommune, fees=(1200,), status=CaseStatus.REJECTED, received=datetime.date(2025, 6, 3))
    household(kommune, fees=(1200,), period="2026/27", received=datetime.date(2026, 5, 1), outcome="avslag")
    refresh()

    stats = statistics(StatsFilters(municipality_ids=(kommune.pk,), period="2025/26"))
    assert {(r["month"], r["channel"]): r["count"] for r in stats.applications} == {
        (datetime.date(2025, 5, 1), "digital"): 1, (datetime.date(2025, 5, 1), "papir"): 1,
        (datetime.date(2025, 6, 1), "digital"): 2}
    assert stats.processing == {"count": 3, "median": 20, "p90": 30}
    assert stats.outcomes == {"innvilget": 1, "delvis": 1, "avslag": 1, "rejected": 1}
    assert stats.children == {"free": 1, "reduced": 1, "full": 2, "free_core_hours": 1}
    # (1200 − 0) + (1200 − 500) = 1 900 kr each month of the barnehage year (August–July).
    months = dict(stats.reduction_by_month)
    assert len(months) == 12 and min(months) == aug and set(months.values()) == {1900}

    both = statistics(StatsFilters(municipality_ids=(kommune.pk,)))
    assert both.outcomes["avslag"] == 2
    assert statistics(StatsFilters(municipality_ids=(kommune.pk,), service="sfo")).outcomes["avslag"] == 0


def test_outcome_is_the_stored_structured_outcome_not_the_fee(kommune, household, refresh):
    """A vedtak at full price whose stored outcome says innvilget counts as innvilget: the page reads
    ``Decision.calculation["outcome"]``, never a fee comparison."""
    household(kommune, fees=(1200,), outcome="innvilget")
    household(kommune, fees=(0,), outcome="delvis")
    refresh()
    outcomes = statistics(StatsFilters(municipality_ids=(kommune.pk,))).outcomes
    assert outcomes == {"innvilget": 1, "delvis": 1, "avslag": 0, "rejected": 0}


def test_decision_stored_before_the_outcome_existed_is_read_through_its_steps(kommune, household, refresh):
    case = household(kommune, fees=(1200,))
    decision = Decision.objects.get(case=case)
    del decision.calculation["outcome"]
    decision.save(update_fields=["calculation"])
    refresh()
    expected = str(decision_outcome(Decision.objects.get(pk=decision.pk)).outcome)
    assert statistics(StatsFilters(municipality_ids=(kommune.pk,))).outcomes[expected] == 1


def test_processing_time_percentiles_from_the_histogram(kommune, household, refresh):
    for i, days in enumerate((3, 8, 8, 15, 40, 41, 60)):
        received = datetime.date(2025, 3, 1 + i)
        household(kommune, fees=(500,), received=received, done=_at(received + datetime.timedelta(days=days)))
    refresh()
    assert statistics(StatsFilters(municipality_ids=(kommune.pk,))).processing == {
        "count": 7, "median": 15, "p90": 60}
    assert histogram_percentile({3: 1, 8: 2, 15: 1, 40: 1, 41: 1, 60: 1}, 50) == percentile(
        [3, 8, 8, 15, 40, 41, 60], 50)


def test_renewal_results(kommune, household, refresh):
    source = household(kommune, fees=(500,))
    other = household(kommune, fees=(0,))
    run = RenewalRun.objects.create(municipality=kommune, period="2026/27", status="finished")
    RenewalItem.objects.create(run=run, source_case=source, service="barnehage", outcome="not_eligible")
    RenewalItem.objects.create(run=run, source_case=other, service="barnehage", outcome="failed",
                               ends_reduction=True)
    refresh()
    stats = statistics(StatsFilters(municipality_ids=(kommune.pk,), period="2026/27"))
    assert stats.renewal["not_eligible"] == 1 and stats.renewal["failed"] == 1 and stats.renewal["created"] == 0
    assert stats.renewal["ends_reduction"] == 1
    assert statistics(StatsFilters(municipality_ids=(kommune.pk,), period="2027/28")).renewal["failed"] == 0


def test_page_shows_charts_with_tables_and_csv_has_the_numbers(client, kommune, household, leader, refresh):
    household(kommune, fees=(0, 500), received=datetime.date(2025, 6, 2), done=_at(datetime.date(2025, 6, 9)),
              outcome="delvis")
    refresh()
    client.force_login(leader)
    html = client.get(reverse("stats:index"), {"period": "2025/26"}).content.decode()
    for chart in ("applications", "outcomes", "children", "reduction", "klager"):
        assert f'id="chart-{chart}"' in html
        assert f'aria-labelledby="chart-{chart}-title chart-{chart}-desc"' in html
    assert html.count("<table") == 6
    assert "<script" not in html.split("<main", 1)[1]

    response = client.get(reverse("stats:csv"), {"period": "2025/26"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert ["processing_days", "median", "7"] in rows
    assert ["outcomes", "delvis", "1"] in rows
    assert ["children", "free", "1"] in rows
    assert ["reduction_kr", "2025-08", "1900"] in rows


def test_chart_escapes_text():
    svg = bar_chart("c", title="<b>", desc="a & b", labels=["<x>"], series=[Series("s<", (3,))])
    assert "<b>" not in svg and "&lt;x&gt;" in svg and "a &amp; b" in svg


@pytest.mark.parametrize("cases", [1, 12])
def test_query_count_is_fixed(client, kommune, household, leader, refresh, django_assert_num_queries, cases):
    for i in range(cases):
        household(kommune, fees=(i * 100 % 1300, 1200), received=datetime.date(2025, 1 + i % 6, 1),
                  channel=("digital", "papir", "import")[i % 3], done=_at(datetime.date(2025, 7, 1)))
    refresh()
    client.force_login(leader)
    client.get(reverse("stats:index"))  # warm the session
    # session, user and login bookkeeping, the leader's kommuner and their names, the summed summary rows and
    # when they were computed
    with django_assert_num_queries(8):
        page = client.get(reverse("stats:index"), {"period": "2025/26"})
    assert page.status_code == 200 and page.context["processing"]["count"] == cases
    with django_assert_num_queries(8):
        assert client.get(reverse("stats:csv"), {"period": "2025/26"}).status_code == 200


def test_page_shows_when_the_figures_were_computed(client, kommune, household, leader, refresh):
    household(kommune, fees=(0,))
    client.force_login(leader)
    assert "ikke beregnet ennå" in client.get(reverse("stats:index")).content.decode()
    refresh()
    page = client.get(reverse("stats:index"))
    assert page.context["computed_at"] is not None and "Tallene ble beregnet" in page.content.decode()
