"""Read queries for the statistics page: a fixed number of aggregate queries, whatever the case count.

Every query is scoped to the municipalities where the user may see statistics
(``cases.stats.permissions``) and narrowed by the page's filters (kommune, period, service). The
database does the grouping; Python only turns the grouped rows into the figures the page shows.

Outcome of a decision (until the rules engine stores a structured outcome on the decision, see
docs/statistics.md): derived from the approved fee against the ordinary price of the place —
``free`` when the household pays nothing, ``reduced`` when it pays less than the ordinary price of its
places, ``full`` otherwise; a rejected case counts as ``rejected``.
"""
import datetime
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, IntegerField, Min, Q, Sum
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from cases.constants import CaseStatus
from cases.models import Application, Case, ChildFee, Decision, RenewalItem

DONE_STATUSES = (CaseStatus.APPROVED, CaseStatus.SENT)
OUTCOMES = ("free", "reduced", "full", "rejected")
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


def percentile(ordered: list[int], pct: int) -> int:
    """Nearest-rank percentile of an ordered list (the value below which ``pct`` % of cases fall)."""
    rank = max(1, -(-pct * len(ordered) // 100))  # ceil(pct/100 * n)
    return ordered[rank - 1]


def _scoped(qs, filters: StatsFilters, *, municipality: str, period: str, service: str):
    """``qs`` narrowed to the filters; the arguments are the lookups of kommune, period and service."""
    qs = qs.filter(**{f"{municipality}__in": filters.municipality_ids})
    if filters.period:
        qs = qs.filter(**{period: filters.period})
    if filters.service:
        qs = qs.filter(**{service: filters.service})
    return qs


def _applications(filters: StatsFilters):
    return _scoped(Application.objects.all(), filters, municipality="municipality_id", period="period",
                   service="service")


def _cases(filters: StatsFilters):
    return _scoped(Case.objects.all(), filters, municipality="municipality_id", period="application__period",
                   service="application__service")


def _approved_decisions(filters: StatsFilters):
    return _scoped(Decision.objects.filter(status=Decision.Status.APPROVED), filters,
                   municipality="case__municipality_id", period="case__application__period",
                   service="case__application__service")


def applications_per_month(filters: StatsFilters) -> list[dict]:
    rows = (_applications(filters).annotate(month=TruncMonth("received_date")).values("month", "channel")
            .annotate(count=Count("id")).order_by("month", "channel"))
    return [{"month": r["month"], "channel": r["channel"], "count": r["count"]} for r in rows]


class PercentileDisc(Aggregate):
    """PostgreSQL's ``percentile_disc(p) WITHIN GROUP (ORDER BY expr)``: the nearest-rank percentile."""

    function = "percentile_disc"
    template = "%(function)s(%(percentile)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()

    def __init__(self, expression, percentile: float, **extra):
        super().__init__(expression, percentile=percentile, **extra)


def _days(value) -> int | None:
    return None if value is None else value.days


def processing_time(filters: StatsFilters) -> dict:
    """Days from the application's received date to the case's first transition to approved or sent:
    how many cases got there, the median and the 90th percentile (nearest rank, in whole days).

    On PostgreSQL the database computes the percentiles over a per-case subquery (one row back); on
    other databases (the SQLite quick start) Python does, from one row per case."""
    qs = (_cases(filters)
          .annotate(done_at=Min("transitions__at", filter=Q(transitions__to_status__in=DONE_STATUSES)),
                    received=Min("application__received_date")))
    if connection.vendor == "postgresql":
        days = ExpressionWrapper(TruncDate("done_at") - F("received"), output_field=DurationField())
        row = qs.aggregate(count=Count("id", filter=Q(done_at__isnull=False)),
                           median=PercentileDisc(days, 0.5), p90=PercentileDisc(days, 0.9))
        return {"count": row["count"], "median": _days(row["median"]), "p90": _days(row["p90"])}
    ordered = sorted(max(0, (timezone.localtime(done).date() - received).days)
                     for received, done in qs.filter(done_at__isnull=False).values_list("received", "done_at"))
    if not ordered:
        return {"count": 0, "median": None, "p90": None}
    return {"count": len(ordered), "median": percentile(ordered, 50), "p90": percentile(ordered, 90)}


def decision_outcomes(filters: StatsFilters) -> dict[str, int]:
    """Approved decisions by outcome, against the ordinary price of the places (module docstring)."""
    row = (_approved_decisions(filters).annotate(ordinary=Sum("child_fees__child__monthly_price"))
           .aggregate(free=Count("id", filter=Q(total_monthly_fee=0)),
                      reduced=Count("id", filter=Q(total_monthly_fee__gt=0, total_monthly_fee__lt=F("ordinary"))),
                      full=Count("id", filter=Q(total_monthly_fee__gt=0, total_monthly_fee__gte=F("ordinary")))))
    return {"free": row["free"] or 0, "reduced": row["reduced"] or 0, "full": row["full"] or 0, "rejected": 0}


def _child_fees(filters: StatsFilters):
    return _scoped(ChildFee.objects.filter(decision__status=Decision.Status.APPROVED), filters,
                   municipality="decision__case__municipality_id", period="decision__case__application__period",
                   service="decision__case__application__service")


def children_by_price(filters: StatsFilters) -> dict[str, int]:
    """Children per price group under an approved vedtak, and how many of them have free kjernetid."""
    row = _child_fees(filters).aggregate(
        free=Count("id", filter=Q(monthly_fee=0)),
        reduced=Count("id", filter=Q(monthly_fee__gt=0, monthly_fee__lt=F("child__monthly_price"))),
        full=Count("id", filter=Q(monthly_fee__gte=F("child__monthly_price"), monthly_fee__gt=0)),
        free_core_hours=Count("id", filter=Q(free_core_hours=True)),
    )
    return {key: row[key] or 0 for key in (*CHILD_GROUPS, "free_core_hours")}


def reduction_by_month(filters: StatsFilters) -> list[tuple[datetime.date, int]]:
    """Kroner the households do not pay per calendar month: Σ (ordinary price − fee) over the months each
    approved vedtak is in force. The database sums per validity range; Python spreads the ranges over months."""
    rows = (_child_fees(filters).values("decision__valid_from", "decision__valid_to")
            .annotate(reduction=Coalesce(Sum(F("child__monthly_price") - F("monthly_fee"),
                                             output_field=IntegerField()), 0))
            .order_by())
    months: dict[datetime.date, int] = {}
    for r in rows:
        amount = max(0, int(r["reduction"]))
        for month in _months(r["decision__valid_from"], r["decision__valid_to"]):
            months[month] = months.get(month, 0) + amount
    return sorted(months.items())


def _months(start: datetime.date, end: datetime.date):
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def renewal_results(filters: StatsFilters) -> dict[str, int]:
    qs = _scoped(RenewalItem.objects.all(), filters, municipality="run__municipality_id", period="run__period",
                 service="service")
    rows = qs.values("outcome").annotate(count=Count("id"), ends=Count("id", filter=Q(ends_reduction=True))).order_by()
    result = dict.fromkeys(RenewalItem.Outcome.values, 0)
    result["ends_reduction"] = 0
    for r in rows:
        result[r["outcome"]] = r["count"]
        result["ends_reduction"] += r["ends"]
    return result


def rejected_count(filters: StatsFilters) -> int:
    return _cases(filters).filter(status=CaseStatus.REJECTED).count()


def statistics(filters: StatsFilters) -> Statistics:
    """All figures of the page, kept ``STATS_CACHE_SECONDS`` in the shared cache (0: always computed).

    Computing them is seven aggregate queries whatever the number of cases, but each scans the
    kommune's rows (about 1.5 s at 100 000 cases, docs/statistics.md); leaders can live with figures a
    few minutes old."""
    seconds = settings.STATS_CACHE_SECONDS
    if not seconds:
        return compute_statistics(filters)
    key = "stats:" + hashlib.sha256(repr(filters).encode()).hexdigest()
    stats = cache.get(key)
    if stats is None:
        stats = compute_statistics(filters)
        cache.set(key, stats, seconds)
    return stats


def compute_statistics(filters: StatsFilters) -> Statistics:
    """All figures of the page: seven queries, independent of how many cases there are."""
    if not filters.municipality_ids:
        return Statistics(outcomes=dict.fromkeys(OUTCOMES, 0))
    outcomes = decision_outcomes(filters)
    outcomes["rejected"] = rejected_count(filters)
    return Statistics(
        applications=applications_per_month(filters), processing=processing_time(filters), outcomes=outcomes,
        children=children_by_price(filters), reduction_by_month=reduction_by_month(filters),
        renewal=renewal_results(filters),
    )
