"""Read queries used by views, always scoped to the user's municipalities (one place to make them fast)."""
import datetime
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from cases.constants import CaseStatus, Role
from cases.models import (
    Application,
    Case,
    CaseDocument,
    CaseTransition,
    Child,
    ChildFee,
    Decision,
    DocumentedIncome,
    Forsendelse,
    Municipality,
    TaxBasis,
)
from cases.permissions import municipality_ids

# What a case row shows everywhere (queue, case page): joined in the same query.
CASE_ROW_RELATED = ("municipality", "application", "application__household__applicant", "assigned_to")


def cases_for_user(user) -> QuerySet[Case]:
    """Every case the user may see: only those of municipalities where the user has a role."""
    return Case.objects.filter(municipality_id__in=municipality_ids(user)).select_related(*CASE_ROW_RELATED)


def municipalities_for_user(user, *roles: str) -> QuerySet[Municipality]:
    """The municipalities where the user has any of ``roles`` (any role when none is given), by name."""
    return Municipality.objects.filter(pk__in=municipality_ids(user, *roles)).order_by("name")


def workable_municipalities(user) -> QuerySet[Municipality]:
    """Where the user may register and work cases."""
    return municipalities_for_user(user, Role.SAKSBEHANDLER, Role.GODKJENNER, Role.ADMINISTRATOR)


@dataclass(frozen=True)
class QueueFilters:
    service: str = ""
    period: str = ""
    status: str = ""
    mine: bool = False
    query: str = ""
    municipality_id: int | None = None
    undelivered: bool = False  # «Ikke levert»: a forsendelse failed, was parked or did not reach the party


def _search(qs: QuerySet[Case], query: str) -> QuerySet[Case]:
    """Saksnummer (or part of it) or a name of the household's adults: every word must match.

    One column, ``Case.search_text``, served by a trigram index on PostgreSQL (migration 0007).
    """
    for word in query.split()[:5]:
        qs = qs.filter(search_text__icontains=word)
    return qs


def queue_base(user, filters: QueueFilters) -> QuerySet[Case]:
    """The user's cases with every filter applied except status (the per-status counts use this)."""
    qs = cases_for_user(user)
    if filters.municipality_id:
        qs = qs.filter(municipality_id=filters.municipality_id)
    if filters.service:
        qs = qs.filter(application__service=filters.service)
    if filters.period:
        qs = qs.filter(application__period=filters.period)
    if filters.mine:
        qs = qs.filter(assigned_to=user)
    if filters.query:
        qs = _search(qs, filters.query)
    if filters.undelivered:
        qs = qs.filter(pk__in=undelivered_case_ids())
    return qs


QUEUE_ORDER = ("-created_at", "-id")


class KnownCountPaginator(Paginator):
    """A paginator told its count (the per-status counts already hold it), so it never counts again."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # overrides the cached_property


def queue_case_ids(user, filters: QueueFilters) -> QuerySet:
    """The ids of the queue's cases, newest first: narrow, so an index serves it even on a deep page."""
    qs = queue_base(user, filters)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by(*QUEUE_ORDER).values_list("id", flat=True)


def queue_rows(ids: list[int]) -> list[Case]:
    """The rows of one page, in the order of ``ids``: related rows joined, number of children annotated."""
    children = (Child.objects.filter(application=OuterRef("application_id")).order_by().values("application")
                .annotate(n=Count("pk")).values("n"))
    rows = Case.objects.filter(pk__in=ids).select_related(*CASE_ROW_RELATED).annotate(
        children_count=Coalesce(Subquery(children, output_field=IntegerField()), Value(0)),
        klagefrist=klagefrist_subquery())
    by_id = {case.pk: case for case in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def queue_page(user, filters: QueueFilters, counts: dict[str, int], number, per_page: int):
    """One page of the queue in two queries (its ids, then its rows), counted from ``counts``."""
    total = counts.get(filters.status, 0) if filters.status else sum(counts.values())
    paginator = KnownCountPaginator(queue_case_ids(user, filters), per_page, count=total)
    page = paginator.get_page(number)
    page.object_list = queue_rows(list(page.object_list))
    return paginator, page


STATUS_COUNT_CAP = 10_000  # each status is counted exactly up to this; above it the queue says «10 000+»


def status_counts(qs: QuerySet[Case], cap: int | None = None) -> dict[str, int]:
    """Number of cases per status in ``qs``, every status present, each counted up to ``cap + 1``.

    One query whatever the number of cases: per status a count over at most ``cap + 1`` ids (an index
    walk that stops there), so a system administrator's million cases cost what ten thousand do. A value
    above ``cap`` means «more than ``cap``» (``count_label``)."""
    cap = STATUS_COUNT_CAP if cap is None else cap
    parts, params = [], []
    for i, status in enumerate(CaseStatus.values):
        try:
            sql, status_params = qs.filter(status=status).order_by().values("pk")[:cap + 1].query.sql_with_params()
        except EmptyResultSet:  # the user may see no kommune: nothing to count
            return dict.fromkeys(CaseStatus.values, 0)
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS status_{i})")  # noqa: S608  (the ORM's own SQL, params apart)
        params.extend(status_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return dict(zip(CaseStatus.values, cursor.fetchone(), strict=True))


def queue_total(counts: dict[str, int]) -> tuple[int, bool]:
    """The cases in all statuses as far as they were counted, and whether a status stopped at the cap."""
    return sum(min(n, STATUS_COUNT_CAP) for n in counts.values()), any(n > STATUS_COUNT_CAP for n in counts.values())


def count_label(count: int, *, more: bool | None = None) -> str:
    """«12»; «10 000+» for a status count that stopped at the cap (or any count when ``more``)."""
    if more is None:
        more, count = count > STATUS_COUNT_CAP, min(count, STATUS_COUNT_CAP)
    return f"{count:,}+".replace(",", "\u00a0") if more else str(count)


# A loose index scan over ``app_period_idx`` (municipality_id, period): per step, the newest period below
# the last one found, one index probe per kommune — a few hundred probes instead of a DISTINCT over every
# application of the user's kommuner (87 ms for a system administrator at 1 000 000 cases).
_PERIODS_SQL = """
WITH RECURSIVE walk(period) AS (
    SELECT MAX(x.period) FROM unnest(%(ids)s::bigint[]) AS m(id) CROSS JOIN LATERAL (
        SELECT MAX(a.period) AS period FROM cases_application a WHERE a.municipality_id = m.id) x
  UNION ALL
    SELECT (SELECT MAX(x.period) FROM unnest(%(ids)s::bigint[]) AS m(id) CROSS JOIN LATERAL (
        SELECT MAX(a.period) AS period FROM cases_application a
        WHERE a.municipality_id = m.id AND a.period < walk.period) x)
    FROM walk WHERE walk.period IS NOT NULL
)
SELECT period FROM walk WHERE period IS NOT NULL
"""


def periods_for_user(user) -> list[str]:
    """The periods (barnehageår/skoleår) of the applications in the user's municipalities, newest first."""
    ids = municipality_ids(user)
    if connection.vendor != "postgresql":  # SQLite (the quick start): the plain DISTINCT
        return list(Application.objects.filter(municipality_id__in=ids).order_by("-period")
                    .values_list("period", flat=True).distinct())
    with connection.cursor() as cursor:
        cursor.execute(_PERIODS_SQL, {"ids": ids})
        return [row[0] for row in cursor.fetchall()]


def case_for_detail(user, pk: int) -> Case:
    """One case with everything the case page shows, in a fixed number of queries; 404 outside scope."""
    qs = cases_for_user(user).select_related("application__household__partner").prefetch_related(
        Prefetch("application__children", queryset=Child.objects.select_related("person").order_by("id")),
        Prefetch("tax_bases", queryset=TaxBasis.objects.select_related("person").order_by("role", "id")),
        Prefetch("documented_incomes",
                 queryset=DocumentedIncome.objects.select_related("person", "registered_by").order_by("id")),
        Prefetch("transitions", queryset=CaseTransition.objects.select_related("actor").order_by("at", "id")),
        Prefetch(
            "decisions",
            queryset=Decision.objects.select_related("proposed_by", "approved_by").prefetch_related(
                Prefetch("child_fees", queryset=ChildFee.objects.select_related("child__person").order_by("id"))
            ).order_by("-proposed_at", "-id"),
        ),
    )
    return get_object_or_404(qs, pk=pk)


def current_decision(case: Case) -> Decision | None:
    """The decision the case page works on: the newest proposal, else the vedtak in force (a case reopened by
    an endring has both; ``case_for_detail`` loads them newest first)."""
    for decision in case.decisions.all():
        if decision.status in (Decision.Status.PROPOSED, Decision.Status.APPROVED):
            return decision
    return None


def decision_for_user(user, pk: int, *, case_pk: int | None = None) -> Decision:
    """A decision in one of the user's municipalities (and of ``case_pk`` when given); 404 otherwise."""
    qs = Decision.objects.filter(case__municipality_id__in=municipality_ids(user)).select_related(
        "case", "case__municipality"
    )
    if case_pk is not None:
        qs = qs.filter(case_id=case_pk)
    return get_object_or_404(qs, pk=pk)


def printable_decisions(user) -> QuerySet[Decision]:
    """Approved decisions with a stored PDF, not yet sent, in the user's municipalities (for batch print)."""
    return Decision.objects.filter(
        case__municipality_id__in=municipality_ids(user), status=Decision.Status.APPROVED, sent_at__isnull=True,
    ).exclude(pdf="").select_related(
        "case", "case__municipality", "case__application", "case__application__household__applicant",
    ).order_by("approved_at", "id")


def active_child_person_ids(person_ids: list[str], service: str, period: str, *, municipality) -> set[str]:
    """Which of these children already have an active application for the service and period in the
    kommune (another kommune's applications are none of its business, and are never revealed)."""
    if not person_ids:
        return set()
    return set(
        Child.objects.filter(municipality=municipality, person__person_id__in=person_ids, service=service,
                             period=period, is_active=True)
        .values_list("person__person_id", flat=True)
    )


# --- delivery (SvarUt forsendelser) for the queue and the case page -----------------------------------
UNDELIVERED_STATES = (Forsendelse.State.NOT_DELIVERED, Forsendelse.State.FAILED, Forsendelse.State.PARKED)


def undelivered_case_ids():
    """Cases with a letter to a party that failed, was parked, or did not reach them (the «Ikke levert» filter)."""
    return (Forsendelse.objects.filter(state__in=UNDELIVERED_STATES).exclude(role=Forsendelse.Role.ARCHIVE)
            .values("case_id"))


def klagefrist_subquery():
    """The case's klagefrist: the latest of its parties' deadlines (each party's own runs from its letter)."""
    latest = (Forsendelse.objects.filter(case=OuterRef("pk"), klagefrist__isnull=False, letter_key="")
              .exclude(role=Forsendelse.Role.ARCHIVE).order_by("-klagefrist").values("klagefrist")[:1])
    return Subquery(latest)


# --- which vedtak applies on a day (billing, statistics; docs/changes.md) -----------------------------
@dataclass(frozen=True)
class FeeInForce:
    """One child's reduced price on a day, and the vedtak that decides it."""

    case_id: int
    saksnummer: str
    decision_id: int
    decision_kind: str  # DecisionKind value
    child_id: int
    monthly_fee: int  # the ChildFee segment covering the day (whole kroner per month)
    applies_from: datetime.date
    applies_to: datetime.date  # min(valid_to, effective_to)


def applied_decisions(municipality_id: int, on) -> QuerySet[Decision]:
    """The approved vedtak that apply on ``on`` in the kommune: status approved or superseded (never a
    proposal, nor a superseded proposal), approved, ``valid_from ≤ on ≤ min(valid_to, effective_to)``.
    At most one per case: a later vedtak ends the earlier one the day before it starts."""
    return (Decision.objects.filter(case__municipality_id=municipality_id,
                                    status__in=Decision.APPLIED,
                                    approved_at__isnull=False, valid_from__lte=on, valid_to__gte=on)
            .exclude(effective_to__lt=on))


def sent_decision(case_id: int) -> Decision | None:
    """The case's vedtak in force that went to the parties: approved and sent (the newest, should there
    ever be two), or None. What a change replaces, what a klage is about, what the parents' portal shows."""
    return (Decision.objects.filter(case_id=case_id, status=Decision.Status.APPROVED, sent_at__isnull=False)
            .order_by("-approved_at", "-id").first())


def decisions_in_force(municipality_id: int, on) -> list[FeeInForce]:
    """Per child, the price that applies on ``on`` and the vedtak deciding it (two queries). A child
    without a row on that day has no reduced price then (no vedtak, or an opphør / the child left)."""
    decisions = applied_decisions(municipality_id, on).select_related("case").prefetch_related(
        Prefetch("child_fees", queryset=ChildFee.objects.order_by("child_id")))
    rows = []
    for decision in decisions.order_by("case_id"):
        last = decision.applies_to
        for fee in decision.child_fees.all():
            monthly = next((int(s["monthly_fee"]) for s in fee.segments or ()
                            if s["valid_from"] <= on.isoformat() <= s["valid_to"]), fee.monthly_fee)
            rows.append(FeeInForce(case_id=decision.case_id, saksnummer=decision.case.saksnummer,
                                   decision_id=decision.pk, decision_kind=decision.kind, child_id=fee.child_id,
                                   monthly_fee=monthly, applies_from=decision.valid_from, applies_to=last))
    return rows


def case_document(case: Case, pk: int) -> CaseDocument | None:
    """One documentation file a parent uploaded to ``case`` (already scoped to the viewer), or None."""
    return CaseDocument.objects.filter(case=case, pk=pk).first()
