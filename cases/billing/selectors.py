"""Every read of the billing export: the vedtak in force as fee periods, what earlier exports billed, runs.

A vedtak applies on a day d when it was approved (status approved or, once replaced, superseded, with an
approver) and ``valid_from ≤ d ≤ min(valid_to, effective_to or valid_to)`` — the rule of docs/changes.md,
whose day selector ``cases.selectors.decisions_in_force`` gives the same price per child on every day
(``tests/billing/test_acceptance.py`` checks it day by day). Proposals, rejected proposals and proposals
retired before approval never count.
"""
import base64
import datetime as dt
import hashlib
import hmac
from decimal import ROUND_FLOOR, Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from cases.constants import Role
from cases.models import ChildFee, Decision, Municipality
from cases.outcome import decision_outcome
from cases.permissions import municipality_ids
from cases.rules.outcome import RuleId

from .models import ExportLine, ExportRun
from .months import Billed, BilledLine, FeePeriod

EXPORT_ROLES = (Role.SAKSBEHANDLER, Role.ADMINISTRATOR)


def export_municipalities(user):
    """The kommuner whose billing export ``user`` may see and make (saksbehandler or administrator)."""
    return Municipality.objects.filter(pk__in=municipality_ids(user, *EXPORT_ROLES)).order_by("name")


def child_key(*, kommunenummer: str, service: str, person_id: str) -> str:
    """The child's reference in the billing files: a keyed hash, stable across years, never the number.

    HMAC-SHA-256 under ``BILLING_REFERENCE_KEY`` of kommune, service and fødselsnummer, in base32: the
    same child at the same service in the same kommune always gets the same reference, and without the
    key nobody can go from a reference back to a number (docs/billing.md, «The child's reference»).
    """
    key = (settings.BILLING_REFERENCE_KEY or settings.SECRET_KEY).encode()
    digest = hmac.new(key, f"billing:{kommunenummer}:{service}:{person_id}".encode(), hashlib.sha256).digest()
    return "B" + base64.b32encode(digest).decode()[:15]


def approved_decisions(municipality_id: int):
    """Every approved vedtak of the kommune (in force or superseded), oldest first; ``Decision.applies_to`` says until
    when. The same criterion as ``cases.selectors.applied_decisions`` (docs/changes.md), over all days."""
    fees = ChildFee.objects.select_related("child__person", "child__application").order_by("child_id")
    return (Decision.objects.filter(case__municipality_id=municipality_id, status__in=Decision.APPLIED,
                                    approved_at__isnull=False)
            .select_related("case__municipality", "case__application")
            .prefetch_related(Prefetch("child_fees", queryset=fees))
            .order_by("valid_from", "pk"))


def _ordinary(steps: list[dict], fallback: int) -> int:
    """The price of the place before any reduction (the ``price_of_place`` step), in whole kroner."""
    for step in steps or ():
        if step.get("rule") == RuleId.PRICE_OF_PLACE:
            return int(Decimal(str(step.get("amount"))).to_integral_value(rounding=ROUND_FLOOR))
    return fallback


def _segment_steps(decision: Decision, child_id: int, valid_from: str, fee: ChildFee) -> list[dict]:
    for segment in (decision.calculation or {}).get("segments") or ():
        if segment.get("valid_from") == valid_from:
            for child in (segment.get("result") or {}).get("children") or ():
                if str(child.get("id")) == str(child_id):
                    return child.get("steps") or []
    return fee.steps


def decision_periods(decision: Decision) -> list[FeePeriod]:
    """The fee periods of one approved vedtak, each child segment cut to the days the vedtak applies."""
    start, end = decision.valid_from, decision.applies_to
    if end < start:
        return []
    outcome = decision_outcome(decision)
    by_child = {c.child_id: c for c in outcome.children}
    kommunenummer = decision.case.municipality.kommunenummer
    periods = []
    for fee in decision.child_fees.all():
        child = fee.child
        segments = fee.segments or [{"valid_from": decision.valid_from.isoformat(),
                                     "valid_to": decision.valid_to.isoformat(), "monthly_fee": fee.monthly_fee}]
        child_outcome = by_child.get(str(child.pk))
        key = child_key(kommunenummer=kommunenummer, service=child.service, person_id=child.person.person_id)
        for segment in segments:
            seg_from, seg_to = dt.date.fromisoformat(segment["valid_from"]), dt.date.fromisoformat(segment["valid_to"])
            lo, hi = max(seg_from, start), min(seg_to, end)
            if hi < lo:
                continue
            found = next((s for s in (child_outcome.segments if child_outcome else ()) if s.valid_from == seg_from),
                         None)
            reduced = int(segment["monthly_fee"])
            steps = _segment_steps(decision, child.pk, segment["valid_from"], fee)
            periods.append(FeePeriod(
                child_key=key, child_id=child.pk, decision_id=decision.pk, case_id=decision.case_id,
                start=lo, end=hi, reduced=reduced, ordinary=max(_ordinary(steps, reduced), reduced),
                price_from=seg_from if seg_from >= decision.valid_from else decision.valid_from,
                outcome=str(found.outcome) if found else "", price_rule=str(found.price_rule) if found else "",
                reasons=tuple(str(r.reason) for r in found.refused) if found else (), place=child.institution,
            ))
    return periods


def fee_periods(municipality_id: int) -> tuple[list[FeePeriod], dict[str, FeePeriod]]:
    """All fee periods in force in the kommune; and per child, what a correction refers to when the child
    has no price left on a day: the latest vedtak in force of its case (an opphør has no price for it)."""
    periods: list[FeePeriod] = []
    latest_of_case: dict[int, Decision] = {}
    children: dict[str, tuple[int, ChildFee]] = {}
    for decision in approved_decisions(municipality_id):
        periods.extend(decision_periods(decision))
        if decision.applies_to >= decision.valid_from:
            latest_of_case[decision.case_id] = decision  # ordered by valid_from: the last one wins
        kommunenummer = decision.case.municipality.kommunenummer
        for fee in decision.child_fees.all():
            key = child_key(kommunenummer=kommunenummer, service=fee.child.service,
                            person_id=fee.child.person.person_id)
            children[key] = (decision.case_id, fee)
    fallback = {}
    for key, (case_id, fee) in children.items():
        decision = latest_of_case.get(case_id)
        if decision is None:
            continue
        fallback[key] = FeePeriod(child_key=key, child_id=fee.child_id, decision_id=decision.pk, case_id=case_id,
                                  start=decision.valid_from, end=decision.valid_from, reduced=0, ordinary=0,
                                  price_from=decision.valid_from, place=fee.child.institution)
    return periods, fallback


def run_chain(run: ExportRun | None) -> list[int]:
    """The ids of ``run`` and the runs it followed (``since_run``, back to the first)."""
    if run is None:
        return []
    parents = dict(ExportRun.objects.filter(municipality_id=run.municipality_id).values_list("pk", "since_run_id"))
    chain, current = [], run.pk
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def billed_after(run: ExportRun | None) -> Billed:
    """What the billing system holds after ``run`` (nothing before the first export)."""
    rows = ExportLine.objects.filter(run_id__in=run_chain(run)).values_list(
        "child_key", "month", "period_from", "decision_id", "reduced_price", "ordinary_amount", "reduced_amount")
    return Billed([BilledLine(*row) for row in rows])


def runs(municipality_id: int):
    return ExportRun.objects.filter(municipality_id=municipality_id).select_related(
        "created_by", "token", "since_run").order_by("-id")


def run_for(municipality_id: int, run_id: int) -> ExportRun | None:
    return runs(municipality_id).filter(pk=run_id).first()


def latest_run(municipality_id: int) -> ExportRun | None:
    return runs(municipality_id).first()


def latest_run_on(municipality_id: int, day: dt.date) -> ExportRun | None:
    """The last export made on or before ``day`` (the kommune's local time)."""
    midnight = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return runs(municipality_id).filter(created_at__lt=midnight).first()


def run_lines(run: ExportRun):
    """A run's lines with the child, the vedtak and its case (for the files and the API)."""
    return run.lines.select_related("child", "child__person", "decision", "decision__case").order_by(
        "child_key", "month", "line_type", "period_from", "id")
