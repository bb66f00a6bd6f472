"""The statistics summary (``StatsFigure``): computed per kommune from the base tables, read by the page.

``stats_refresh(municipality_id=...)`` recomputes every figure of one kommune — grouped by period and
service, and by month where the figure has one — with a handful of grouped queries, and replaces that
kommune's rows in one short transaction (its ``StatsState`` row locked only for the swap).
What is counted (docs/statistics.md):

- applications: ``Application.received_date`` (month) × ``Application.channel``;
- processing days: from ``received_date`` to the (Oslo) date of the case's first transition to
  *approved* or *sent*, one row per number of days (a histogram: the page takes median and p90 from it);
- decisions by outcome: the decision in force (*approved*), by the stored structured outcome
  ``Decision.calculation["outcome"]["outcome"]`` (innvilget / delvis / avslag, written by
  ``cases.services.assessment``); a decision stored before the outcome existed is read through
  ``cases.outcome.decision_outcome`` (its steps); cases with status *Avslått* are counted apart;
- children: ``ChildFee`` of the decisions in force: 0 kr, below the place's price, the full price, and
  ``free_core_hours`` (the structured flag the assessment writes);
- reduction in kroner per month: Σ (the place's price − the child's fee) for each calendar month a
  decision applies in (``applies_in_month``), the fee taken from the child's dated segments. A decision
  applies on a day when it was approved (status *approved*, or *superseded* by an endring or klage), from
  ``valid_from`` to ``valid_to`` or, when superseded, its ``effective_to`` (docs/reference AFTER contract);
- renewal: ``RenewalItem.outcome`` per run period and service, and ``ends_reduction``;
- klager (``cases.klage``): every klage, by status, by the klageinstans' outcome, and those that came late.

``stats_mark_stale`` (called by signal receivers after commit) records that a kommune changed; the beat
task ``cases.stats.tasks.refresh_statistics`` refreshes changed kommuner every ``STATS_REFRESH_SECONDS``
and every kommune at least every ``STATS_MAX_AGE_SECONDS``.
"""
import datetime
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Min, Q, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cases.constants import CaseStatus
from cases.klage.models import Klage
from cases.models import Application, Case, ChildFee, Decision, Municipality, RenewalItem, StatsFigure, StatsState
from cases.models.decision import last_day_applied
from cases.outcome import decision_outcome

Figure = StatsFigure.Figure
DONE_STATUSES = (CaseStatus.APPROVED, CaseStatus.SENT)
IN_FORCE = (Decision.Status.APPROVED,)  # the vedtak in force now (one per case)
CHILD_KEYS = ("free", "reduced", "full", "free_core_hours")

Key = tuple[str, str, str, str, datetime.date | None]  # period, service, figure, key, month


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def applies_in_month(valid_from: datetime.date, valid_to: datetime.date, segments: list[dict], fee: int):
    """(month, fee) for every calendar month the decision applies in: the fee in force on the first day of
    the month it applies (``valid_from`` in its first month), from the child's dated segments."""
    month = month_start(valid_from)
    dated = [(datetime.date.fromisoformat(s["valid_from"]), datetime.date.fromisoformat(s["valid_to"]),
              int(s["monthly_fee"])) for s in segments or ()]
    while month <= valid_to:
        day = max(month, valid_from)
        yield month, next((f for start, end, f in dated if start <= day <= end), fee)
        month = next_month(month)


def _applications(municipality_id: int) -> Iterable[tuple[Key, int]]:
    rows = (Application.objects.filter(municipality_id=municipality_id)
            .values("period", "service", "channel", month=TruncMonth("received_date"))
            .annotate(n=Count("id")).order_by())
    for r in rows:
        yield (r["period"], r["service"], Figure.APPLICATIONS, r["channel"], r["month"]), r["n"]


def _processing(municipality_id: int) -> Iterable[tuple[Key, int]]:
    rows = (Case.objects.filter(municipality_id=municipality_id)
            .annotate(done_at=Min("transitions__at", filter=Q(transitions__to_status__in=DONE_STATUSES)))
            .filter(done_at__isnull=False)
            .values_list("application__period", "application__service", "application__received_date", "done_at"))
    days = Counter((period, service, max(0, (timezone.localtime(done).date() - received).days))
                   for period, service, received, done in rows)
    for (period, service, n_days), n in days.items():
        yield (period, service, Figure.PROCESSING_DAYS, str(n_days), None), n


def _in_force(municipality_id: int):
    return Decision.objects.filter(case__municipality_id=municipality_id, status__in=IN_FORCE)


def _decisions(municipality_id: int) -> Iterable[tuple[Key, int]]:
    base = _in_force(municipality_id).annotate(outcome=KeyTextTransform("outcome", "calculation__outcome"))
    rows = (base.values("case__application__period", "case__application__service", "outcome")
            .annotate(n=Count("id")).order_by())
    counts = Counter({(r["case__application__period"], r["case__application__service"], r["outcome"]): r["n"]
                      for r in rows})
    if any(outcome is None for _period, _service, outcome in counts):
        # Decisions stored before the structured outcome existed: read through the one reader (their steps).
        counts = Counter({key: n for key, n in counts.items() if key[2] is not None})
        for decision in base.filter(outcome__isnull=True).select_related("case__application").only(
                "calculation", "valid_from", "valid_to", "case__application__period",
                "case__application__service"):
            application = decision.case.application
            counts[(application.period, application.service, str(decision_outcome(decision).outcome))] += 1
    for (period, service, outcome), n in counts.items():
        yield (period, service, Figure.DECISIONS, outcome, None), n
    rejected = (Case.objects.filter(municipality_id=municipality_id, status=CaseStatus.REJECTED)
                .values("application__period", "application__service").annotate(n=Count("id")).order_by())
    for r in rejected:
        yield (r["application__period"], r["application__service"], Figure.CASES_REJECTED, "rejected", None), r["n"]


def _children_and_reduction(municipality_id: int) -> Iterable[tuple[Key, int]]:
    fees = (ChildFee.objects.filter(decision__case__municipality_id=municipality_id, decision__status__in=IN_FORCE)
            .values("decision__case__application__period", "decision__case__application__service")
            .annotate(free=Count("id", filter=Q(monthly_fee=0)),
                      reduced=Count("id", filter=Q(monthly_fee__gt=0, monthly_fee__lt=F("child__monthly_price"))),
                      full=Count("id", filter=Q(monthly_fee__gt=0, monthly_fee__gte=F("child__monthly_price"))),
                      free_core_hours=Count("id", filter=Q(free_core_hours=True))).order_by())
    for r in fees:
        period, service = r["decision__case__application__period"], r["decision__case__application__service"]
        for key in CHILD_KEYS:
            if r[key]:
                yield (period, service, Figure.CHILDREN, key, None), r[key]
    reduction: Counter = Counter()
    rows = (ChildFee.objects.filter(decision__case__municipality_id=municipality_id,
                                    decision__status__in=Decision.APPLIED, decision__approved_at__isnull=False)
            .values_list("decision__case__application__period", "decision__case__application__service",
                         "decision__valid_from", "decision__valid_to", "decision__effective_to", "segments",
                         "monthly_fee", "child__monthly_price"))
    for period, service, valid_from, valid_to, effective_to, segments, fee, price in rows.iterator(chunk_size=5000):
        last = last_day_applied(valid_to, effective_to)
        for month, month_fee in applies_in_month(valid_from, last, segments, fee):
            reduction[(period, service, month)] += max(0, int(price) - month_fee)
    for (period, service, month), amount in reduction.items():
        yield (period, service, Figure.REDUCTION_KR, "kr", month), amount


def _renewal(municipality_id: int) -> Iterable[tuple[Key, int]]:
    rows = (RenewalItem.objects.filter(run__municipality_id=municipality_id)
            .values("run__period", "service", "outcome")
            .annotate(n=Count("id"), ends=Count("id", filter=Q(ends_reduction=True))).order_by())
    ends: Counter = Counter()
    for r in rows:
        yield (r["run__period"], r["service"], Figure.RENEWAL, r["outcome"], None), r["n"]
        ends[(r["run__period"], r["service"])] += r["ends"]
    for (period, service), n in ends.items():
        if n:
            yield (period, service, Figure.RENEWAL, "ends_reduction", None), n


def _klager(municipality_id: int) -> Iterable[tuple[Key, int]]:
    rows = (Klage.objects.filter(case__municipality_id=municipality_id)
            .values("case__application__period", "case__application__service", "status", "outcome")
            .annotate(n=Count("id"), late=Count("id", filter=Q(late=True))).order_by())
    counts: Counter = Counter()
    for r in rows:
        where = (r["case__application__period"], r["case__application__service"])
        counts[(*where, "received")] += r["n"]
        counts[(*where, f"status:{r['status']}")] += r["n"]
        if r["outcome"]:
            counts[(*where, f"outcome:{r['outcome']}")] += r["n"]
        counts[(*where, "late")] += r["late"]
    for (period, service, key), n in counts.items():
        yield (period, service, Figure.KLAGE, key, None), n


SOURCES = (_applications, _processing, _decisions, _children_and_reduction, _renewal, _klager)


def compute_figures(municipality_id: int) -> dict[Key, int]:
    """Every figure of one kommune from the base tables: {(period, service, figure, key, month): value}."""
    figures: Counter = Counter()
    for source in SOURCES:
        for key, value in source(municipality_id):
            figures[key] += value
    return {key: value for key, value in figures.items() if value}


def stats_refresh(*, municipality_id: int) -> int:
    """Replace the kommune's summary rows with freshly computed figures; returns the number of rows.

    The figures are computed without a lock; only the swap of the rows holds the kommune's ``StatsState``
    row, briefly. A change that commits after ``started`` has marked the kommune stale after ``started``,
    so it stays due; a refresh that started before one already stored is dropped."""
    started = timezone.now()
    figures = compute_figures(municipality_id)
    with transaction.atomic():
        StatsState.objects.get_or_create(municipality_id=municipality_id)
        state = StatsState.objects.select_for_update().get(municipality_id=municipality_id)
        if state.refreshed_at and state.refreshed_at > started:
            return 0  # a later refresh got there first
        StatsFigure.objects.filter(municipality_id=municipality_id).delete()
        StatsFigure.objects.bulk_create(
            [StatsFigure(municipality_id=municipality_id, period=period, service=service, figure=figure, key=key,
                         month=month, value=value)
             for (period, service, figure, key, month), value in figures.items()], batch_size=2000)
        StatsState.objects.filter(pk=state.pk).update(refreshed_at=started)
        StatsState.objects.filter(pk=state.pk, stale_since__lte=started).update(stale_since=None)
    return len(figures)


def stats_mark_stale(*, municipality_id: int | None = None, case_id: int | None = None) -> None:
    """Record that something the statistics count changed in a kommune (given directly or as the kommune of
    ``case_id``): one short UPDATE after the change commits (never waiting for a refresh's computation)."""
    kommune = municipality_id if municipality_id is not None else Subquery(
        Case.objects.filter(pk=case_id).values("municipality_id")[:1])

    def mark():
        StatsState.objects.filter(municipality_id=kommune).update(stale_since=timezone.now())
    transaction.on_commit(mark)


def municipalities_due(now: datetime.datetime | None = None) -> list[int]:
    """Kommuner whose figures are stale, never computed, or older than ``STATS_MAX_AGE_SECONDS``."""
    now = now or timezone.now()
    too_old = now - datetime.timedelta(seconds=settings.STATS_MAX_AGE_SECONDS)
    states = StatsState.objects.filter(Q(stale_since__isnull=False) | Q(refreshed_at__isnull=True)
                                       | Q(refreshed_at__lt=too_old)).values_list("municipality_id", flat=True)
    never = Municipality.objects.exclude(pk__in=StatsState.objects.values("municipality_id")).values_list(
        "pk", flat=True)
    return sorted({*states, *never})
