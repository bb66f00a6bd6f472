"""The figures of the statistics page against hand-made households, the CSV, and a fixed query count."""
import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.constants import CaseStatus
from cases.models import RenewalItem, RenewalRun
from cases.stats.charts import Series, bar_chart
from cases.stats.selectors import StatsFilters, percentile, statistics

pytestmark = pytest.mark.django_db


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def test_percentile_nearest_rank():
    assert percentile([1], 90) == 1
    assert percentile(list(range(1, 11)), 90) == 9
    assert percentile(list(range(1, 11)), 50) == 5


def test_figures(kommune, household):
    aug = datetime.date(2025, 8, 1)
    household(kommune, fees=(0,), received=datetime.date(2025, 5, 10), done=_at(datetime.date(2025, 5, 20)),
              free_core_hours=True)                                       # 10 days, free
    household(kommune, fees=(500, 1200), received=datetime.date(2025, 5, 12), done=_at(datetime.date(2025, 6, 11)),
              channel="papir")                                            # 30 days, reduced
    household(kommune, fees=(1200,), received=datetime.date(2025, 6, 1), done=_at(datetime.date(2025, 6, 21)))
    household(kommune, fees=(1200,), status=CaseStatus.REJECTED, received=datetime.date(2025, 6, 3))
    household(kommune, fees=(1200,), period="2026/27", received=datetime.date(2026, 5, 1))

    stats = statistics(StatsFilters(municipality_ids=(kommune.pk,), period="2025/26"))
    assert {(r["month"], r["channel"]): r["count"] for r in stats.applications} == {
        (datetime.date(2025, 5, 1), "digital"): 1, (datetime.date(2025, 5, 1), "papir"): 1,
        (datetime.date(2025, 6, 1), "digital"): 2}
    assert stats.processing == {"count": 3, "median": 20, "p90": 30}
    assert stats.outcomes == {"free": 1, "reduced": 1, "full": 1, "rejected": 1}
    assert stats.children == {"free": 1, "reduced": 1, "full": 2, "free_core_hours": 1}
    # (1200 − 0) + (1200 − 500) = 1 900 kr each month of the barnehage year (August–July).
    months = dict(stats.reduction_by_month)
    assert len(months) == 12 and min(months) == aug and set(months.values()) == {1900}

    both = statistics(StatsFilters(municipality_ids=(kommune.pk,)))
    assert both.outcomes["full"] == 2
    assert statistics(StatsFilters(municipality_ids=(kommune.pk,), service="sfo")).outcomes["full"] == 0


def test_processing_time_in_python_matches_the_database(kommune, household, monkeypatch):
    """The quick start (SQLite) computes the percentiles in Python; both give the nearest rank."""
    from django.db import connection

    from cases.stats.selectors import processing_time

    for i, days in enumerate((3, 8, 8, 15, 40, 41, 60)):
        received = datetime.date(2025, 3, 1 + i)
        household(kommune, fees=(500,), received=received, done=_at(received + datetime.timedelta(days=days)))
    filters = StatsFilters(municipality_ids=(kommune.pk,))
    in_database = processing_time(filters)
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert processing_time(filters) == in_database == {"count": 7, "median": 15, "p90": 60}


def test_renewal_results(kommune, household):
    source = household(kommune, fees=(500,))
    other = household(kommune, fees=(0,))
    run = RenewalRun.objects.create(municipality=kommune, period="2026/27", status="finished")
    RenewalItem.objects.create(run=run, source_case=source, service="barnehage", outcome="not_eligible")
    RenewalItem.objects.create(run=run, source_case=other, service="barnehage", outcome="failed",
                               ends_reduction=True)
    stats = statistics(StatsFilters(municipality_ids=(kommune.pk,), period="2026/27"))
    assert stats.renewal["not_eligible"] == 1 and stats.renewal["failed"] == 1 and stats.renewal["created"] == 0
    assert stats.renewal["ends_reduction"] == 1
    assert statistics(StatsFilters(municipality_ids=(kommune.pk,), period="2027/28")).renewal["failed"] == 0


def test_page_shows_charts_with_tables_and_csv_has_the_numbers(client, kommune, household, leader):
    household(kommune, fees=(0, 500), received=datetime.date(2025, 6, 2), done=_at(datetime.date(2025, 6, 9)))
    client.force_login(leader)
    html = client.get(reverse("stats:index"), {"period": "2025/26"}).content.decode()
    for chart in ("applications", "outcomes", "children", "reduction"):
        assert f'id="chart-{chart}"' in html
        assert f'aria-labelledby="chart-{chart}-title chart-{chart}-desc"' in html
    assert html.count("<table") == 5
    assert "<script" not in html.split("<main", 1)[1]

    response = client.get(reverse("stats:csv"), {"period": "2025/26"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert ["processing_days", "median", "7"] in rows
    assert ["outcomes", "reduced", "1"] in rows
    assert ["children", "free", "1"] in rows
    assert ["reduction_kr", "2025-08", "1900"] in rows


def test_chart_escapes_text():
    svg = bar_chart("c", title="<b>", desc="a & b", labels=["<x>"], series=[Series("s<", (3,))])
    assert "<b>" not in svg and "&lt;x&gt;" in svg and "a &amp; b" in svg


@pytest.mark.parametrize("cases", [1, 12])
def test_query_count_is_fixed(client, kommune, household, leader, django_assert_num_queries, cases):
    for i in range(cases):
        household(kommune, fees=(i * 100 % 1300, 1200), received=datetime.date(2025, 1 + i % 6, 1),
                  channel=("digital", "papir", "import")[i % 3], done=_at(datetime.date(2025, 7, 1)))
    client.force_login(leader)
    client.get(reverse("stats:index"))  # warm the session
    # session, user and login bookkeeping, the leader's kommuner and their names, and seven figure queries
    with django_assert_num_queries(13):
        assert client.get(reverse("stats:index"), {"period": "2025/26"}).status_code == 200


def test_figures_are_cached_when_configured(client, kommune, household, leader, settings, django_assert_num_queries):
    from django.core.cache import cache

    cache.clear()
    settings.STATS_CACHE_SECONDS = 60
    household(kommune, fees=(0,))
    client.force_login(leader)
    client.get(reverse("stats:index"))
    household(kommune, fees=(1200,))  # not seen until the cached figures expire
    with django_assert_num_queries(6):  # session, user and login bookkeeping, the leader's kommuner: no figures
        page = client.get(reverse("stats:index"))
    assert dict(page.context["outcome_rows"])["Full pris"] == 0
    settings.STATS_CACHE_SECONDS = 0
    assert dict(client.get(reverse("stats:index")).context["outcome_rows"])["Full pris"] == 1
    cache.clear()
