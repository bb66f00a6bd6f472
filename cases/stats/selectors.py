"""Read queries for the statistics page: the summary rows (``StatsFigure``) summed in one query.

The figures are computed per kommune by ``cases.stats.summary.stats_refresh`` (a beat task, after
changes); the page only sums the rows of the chosen kommuner, period and service — one grouped query
over at most a few hundred rows per kommune, whatever the number of cases — plus one for when they were
computed. Every query is scoped to the municipalities where the user may see statistics
(``cases.stats.permissions``).
"""
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Min, Sum

from cases.models import RenewalItem, StatsFigure, StatsState
from cases.rules.outcome import Outcome

Figure = StatsFigure.Figure
OUTCOMES = (*(str(o) for o in Outcome), "rejected")  # innvilget, delvis, avslag; rejected cases apart
CHILD_GROUPS = ("free", "reduced", "full")


@dataclass(frozen=True)
class StatsFilters:
    municipality_ids: tuple[int, ...]
    period: str = ""
    service: str = ""


@dataclass
class Statistics:
    applications: list[dict] = field(default_factory=list)  # {"month": date, "channel": str, "count": int}
    processing: dict = field(default_factory=lambda: {"count": 0, "median": None, "p90": None})
    outcomes: dict[str, int] = field(default_factory=dict)
    children: dict[str, int] = field(default_factory=dict)  # free / reduced / full / free_core_hours
    reduction_by_month: list[tuple[datetime.date, int]] = field(default_factory=list)
    renewal: dict[str, int] = field(default_factory=dict)
    klager: dict[str, int] = field(default_factory=dict)
    computed_at: datetime.datetime | None = None  # the oldest kommune's refresh (None: not computed yet)


def percentile(ordered: list[int], pct: int) -> int:
    """Nearest-rank percentile of an ordered list (the value below which ``pct`` % of cases fall)."""
    rank = max(1, -(-pct * len(ordered) // 100))  # ceil(pct/100 * n)
    return ordered[rank - 1]


def histogram_percentile(histogram: dict[int, int], pct: int) -> int | None:
    """Nearest-rank percentile of the values a histogram {value: count} describes."""
    total = sum(histogram.values())
    if not total:
        return None
    rank, seen = max(1, -(-pct * total // 100)), 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return None  # unreachable


def _rows(filters: StatsFilters):
    qs = StatsFigure.objects.filter(municipality_id__in=filters.municipality_ids)
    if filters.period:
        qs = qs.filter(period=filters.period)
    if filters.service:
        qs = qs.filter(service=filters.service)
    return qs.values("figure", "key", "month").annotate(total=Sum("value")).order_by()


def statistics(filters: StatsFilters) -> Statistics:
    """All figures of the page: two queries (the summed rows, and when they were computed)."""
    if not filters.municipality_ids:
        return Statistics(outcomes=dict.fromkeys(OUTCOMES, 0))
    by_figure: dict[str, list[dict]] = {}
    for row in _rows(filters):
        by_figure.setdefault(row["figure"], []).append(row)
    computed = StatsState.objects.filter(municipality_id__in=filters.municipality_ids).aggregate(
        oldest=Min("refreshed_at"), kommuner=Count("municipality_id"))
    complete = computed["kommuner"] == len(set(filters.municipality_ids))
    return from_rows(by_figure, computed["oldest"] if complete else None)


def from_rows(by_figure: dict[str, list[dict]], computed_at=None) -> Statistics:
    """The page's figures from summed rows {figure: [{"key", "month", "total"}]}."""
    def keyed(figure):
        return Counter({r["key"]: r["total"] for r in by_figure.get(figure, [])})

    applications = sorted(({"month": r["month"], "channel": r["key"], "count": r["total"]}
                           for r in by_figure.get(Figure.APPLICATIONS, [])),
                          key=lambda r: (r["month"], r["channel"]))
    histogram = {int(k): v for k, v in keyed(Figure.PROCESSING_DAYS).items()}
    decisions = keyed(Figure.DECISIONS)
    outcomes = {key: decisions.get(key, 0) for key in OUTCOMES}
    outcomes["rejected"] = keyed(Figure.CASES_REJECTED).get("rejected", 0)
    children = keyed(Figure.CHILDREN)
    renewal = keyed(Figure.RENEWAL)
    return Statistics(
        applications=applications,
        processing={"count": sum(histogram.values()), "median": histogram_percentile(histogram, 50),
                    "p90": histogram_percentile(histogram, 90)},
        outcomes=outcomes,
        children={key: children.get(key, 0) for key in (*CHILD_GROUPS, "free_core_hours")},
        reduction_by_month=sorted((r["month"], r["total"]) for r in by_figure.get(Figure.REDUCTION_KR, [])),
        renewal={**{key: renewal.get(key, 0) for key in RenewalItem.Outcome.values},
                 "ends_reduction": renewal.get("ends_reduction", 0)},
        klager=dict(keyed(Figure.KLAGE)),
        computed_at=computed_at,
    )
