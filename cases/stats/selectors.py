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
import statistics as pystats
from dataclasses import dataclass, field

from django.db.models import Case as Conditional
from django.db.models import (
    CharField,
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth

from cases.constants import CaseStatus
from cases.models import Application, Case, Child, ChildFee, Decision, RenewalItem

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
    processing_days: list[int] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)
    children: dict[str, int] = field(default_factory=dict)  # free / reduced / full / free_core_hours
    reduction_by_month: list[tuple[datetime.date, int]] = field(default_factory=list)
    renewal: dict[str, int] = field(default_factory=dict)

    @property
    def processing(self) -> dict:
        days = sorted(self.processing_days)
        if not days:
            return {"count": 0, "median": None, "p90": None}
        return {"count": len(days), "median": pystats.median(days), "p90": percentile(days, 90)}


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


def processing_days(filters: StatsFilters) -> list[int]:
    """Days from the application's received date to the case's first transition to approved or sent."""
    rows = (_cases(filters).annotate(done_at=Min("transitions__at", filter=Q(transitions__to_status__in=DONE_STATUSES)))
            .filter(done_at__isnull=False).values_list("application__received_date", "done_at"))
    return [max(0, (done.date() - received).days) for received, done in rows]


def decision_outcomes(filters: StatsFilters) -> dict[str, int]:
    ordinary = (Child.objects.filter(fees__decision=OuterRef("pk")).values("fees__decision")
                .annotate(total=Sum("monthly_price")).values("total"))
    rows = (_approved_decisions(filters).annotate(ordinary=Subquery(ordinary))
            .annotate(outcome=Conditional(When(total_monthly_fee=0, then=Value("free")),
                                    When(total_monthly_fee__lt=F("ordinary"), then=Value("reduced")),
                                    default=Value("full"), output_field=CharField()))
            .values("outcome").annotate(count=Count("id")).order_by())
    result = dict.fromkeys(OUTCOMES, 0)
    result.update({r["outcome"]: r["count"] for r in rows})
    return result


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
    """All figures of the page: seven queries, independent of how many cases there are."""
    if not filters.municipality_ids:
        return Statistics(outcomes=dict.fromkeys(OUTCOMES, 0))
    outcomes = decision_outcomes(filters)
    outcomes["rejected"] = rejected_count(filters)
    return Statistics(
        applications=applications_per_month(filters), processing_days=processing_days(filters), outcomes=outcomes,
        children=children_by_price(filters), reduction_by_month=reduction_by_month(filters),
        renewal=renewal_results(filters),
    )
