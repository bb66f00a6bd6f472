"""Assessment: compute the proposed vedtak with the rules engine and store it with its full trace.

The inputs (income per person and its source), the engine's result (every step with its legal
basis), the structured outcome (``calculation["outcome"]``: granted/refused per child, the fee from each
date of the period, the parameters used), the warnings and the rules version are stored on the
Decision, so the vedtak can always be explained later, whatever the parameters become.

A period without a sourced parameter row the decision needs cannot be decided: the case moves to
«Venter på satser» (``WAITING_FOR_RATES``) and ``decision_propose`` returns None; entering the row releases
it (``cases.services.parameters.release_waiting_cases``).
"""
import datetime
from decimal import Decimal
from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from cases import rules
from cases.constants import Attention, Service
from cases.constants import CaseStatus as S
from cases.models import Case, CasePreparer, ChildFee, Decision, TaxBasis
from cases.permissions import actor_or_none
from cases.rules.errors import InputProblem
from cases.rules.outcome import RuleId
from cases.services.decisions import decision_conflicts_refused, decision_retire_proposal
from cases.services.kommune_rules import kommune_inputs
from cases.services.parameters import parameter_table
from cases.services.preparers import preparer_record
from cases.services.workflow import TransitionNotAllowed, case_set_attention, transition_case

RULES_VERSION = rules.RULES_VERSION
INCOME_SOKER, INCOME_PARTNER = rules.income.OWNERS


class BlockReason(StrEnum):
    """Why the assessment itself (not the rules engine) cannot compute a proposal."""

    NO_ZONE = "no_zone"
    NO_INCOME = "no_income"


class AssessmentBlocked(Exception):
    """The proposal cannot be computed. ``code`` says why: the engine's ``InputProblem`` or a ``BlockReason``;
    ``child``/``person`` name who it concerns, ``day`` the date. Text: ``cases.refusal_labels.blocked_text``."""

    def __init__(self, code: InputProblem | BlockReason, *, child: str = "", person: str = "",
                 day: datetime.date | None = None) -> None:
        super().__init__(code.value)
        self.code, self.child, self.person, self.day = code, child, person, day


def effective_from(case: Case) -> datetime.date:
    """Before the period: its first day. Later: the first full month after receipt (docs/reference/rules.md § 6)."""
    application = case.application
    received = application.received_date
    if received <= application.period_start:
        return application.period_start
    if received.day == 1:
        return received
    return (received.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def _income(case: Case) -> tuple[rules.HouseholdIncome, list[dict], list[str]]:
    household = case.application.household
    documented = {d.person_id: d for d in case.documented_incomes.all()}
    bases = {b.person_id: b for b in case.tax_bases.all()}
    items, documented_inputs, persons, warnings = [], [], [], []
    if household.partner is None:
        warnings.append("Søker er registrert uten ektefelle/partner/samboer – kontroller husholdningen.")
    for person in household.named_adults():  # the names this application gave
        is_applicant = person.pk == household.applicant_id
        owner = INCOME_SOKER if is_applicant else INCOME_PARTNER
        basis = bases.get(person.pk)
        info = {"person_id_masked": person.masked_id, "name": person.full_name,
                "role": "søker" if is_applicant else household.get_partner_relation_display()}
        if person.pk in documented:
            doc = documented[person.pk]
            documented_inputs.append(rules.DocumentedIncome(owner=owner, amount=Decimal(doc.yearly_income),
                                                            reason=doc.reason))
            info.update(source="documented", counted=doc.yearly_income, reason=doc.reason,
                        documents=doc.documents)
        elif basis is not None and basis.outcome == TaxBasis.Outcome.FOUND:
            for item in basis.items:
                items.append(rules.ClassifiedIncomeItem(amount=Decimal(item["beloep"]), income_class=item["class"],
                                                        owner=owner, name=item["tekniskNavn"]))
            for item in basis.unknown_items:
                items.append(rules.ClassifiedIncomeItem(amount=Decimal(item["beloep"]), income_class="unknown",
                                                        owner=owner, name=item["tekniskNavn"]))
            if basis.stadie == "utkast":
                warnings.append(f"{person.full_name}: inntekt fra utkast til skattemelding (ikke skatteoppgjør).")
            info.update(source="skatteetaten", income_year=basis.income_year, stadie=basis.stadie,
                        personinntekt=basis.personinntekt, kapitalinntekt=basis.kapitalinntekt,
                        counted=basis.counted_income,
                        fetched_at=basis.fetched_at.isoformat() if basis.fetched_at else None,
                        skatteoppgjoersdato=basis.skatteoppgjoersdato.isoformat()
                        if basis.skatteoppgjoersdato else None)
        else:
            raise AssessmentBlocked(BlockReason.NO_INCOME, person=person.full_name)
        persons.append(info)
    result = rules.household_income(items, documented_inputs)
    return result, persons, warnings + list(result.warnings)


def _children_input(case: Case, children: list):
    if case.application.service == Service.BARNEHAGE:
        return tuple(
            rules.BarnehageChild(id=str(c.pk), birth_date=c.person.birth_date, weekly_hours=c.weekly_hours,
                                 monthly_price=c.monthly_price, deferred_school_start=c.deferred_school_start)
            for c in children)
    return tuple(
        rules.SfoPupil(id=str(c.pk), grade=c.sfo_trinn, weekly_hours=c.weekly_hours, monthly_price=c.monthly_price)
        for c in children)


def _step_percent(steps: list[dict], rule: str) -> Decimal:
    for step in steps:
        if step["rule"] == rule and Decimal(step["amount_before"]):
            return (1 - Decimal(step["amount"]) / Decimal(step["amount_before"])) * 100
    return Decimal(0)


def _zone_dates(kommune, start: datetime.date, end: datetime.date) -> set[datetime.date]:
    """Dates inside the period where the kommune's makspris zone changes (a split point)."""
    days = set()
    for row in kommune.zones.all():
        for day in (row.valid_from, row.valid_to + datetime.timedelta(days=1) if row.valid_to else None):
            if day is not None and start < day <= end:
                days.add(day)
    return days


def _kommune_rules_input(choices, moderation) -> dict:
    """The kommune's dated choices the calculation was given, as stored facts (JSON)."""
    def day(value):
        return value.isoformat() if value else None

    return {
        "choices": [{"valid_from": day(c.valid_from), "valid_to": day(c.valid_to), "sfo_order": c.sfo_order,
                     "sfo_sibling_percent_2": str(c.sfo_sibling_percent_2),
                     "sfo_sibling_percent_3": str(c.sfo_sibling_percent_3), "source": c.source} for c in choices],
        "moderation": [{"service": m.service, "valid_from": day(m.valid_from), "valid_to": day(m.valid_to),
                        "source": m.source,
                        "bands": [[str(b.income_from), None if b.income_to is None else str(b.income_to),
                                   str(b.monthly_price)] for b in m.bands]} for m in moderation],
    }


def _wait_for_rates(case: Case, exc: rules.MissingParameter, actor) -> None:
    """Park the case in «Venter på satser», naming the parameter and the date (no personal data)."""
    what = "uten kilde" if exc.unsourced else "mangler"
    qualifier = f" [{exc.qualifier}]" if exc.qualifier else ""
    reason = f"Venter på satser: {exc.key}{qualifier} {what} for {exc.on:%d.%m.%Y}"
    who = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        decision_retire_proposal(case_id=case.pk, to=Decision.Status.SUPERSEDED, actor=who)
        if case.status != S.WAITING_FOR_RATES:
            transition_case(case_id=case.pk, to=S.WAITING_FOR_RATES, actor=who, reason=reason)
        case_set_attention(case_id=case.pk, attention=Attention.NONE)
        Case.objects.filter(pk=case.pk).update(status_reason=reason[:500], updated_at=timezone.now())


def decision_propose(*, case_id: int, actor=None) -> Decision | None:
    """Compute and store a new proposal; the case moves to 'Forslag til vedtak'.

    Returns None when a needed parameter has no sourced row for a date in the period: the case then
    waits in «Venter på satser» (no proposal is made on an unsourced or missing rate).

    ``actor`` None is the pipeline's automatic proposal; a person who proposes becomes a preparer of the
    case (four-eyes). The case row is locked and its status checked again before writing, so a proposal
    racing an approval is refused instead of tripping the database.
    """
    case = Case.objects.select_related("municipality", "application__household__applicant",
                                       "application__household__partner").get(pk=case_id)
    if case.status not in (S.READY_FOR_ASSESSMENT, S.PROPOSED, S.WAITING_FOR_RATES):
        raise TransitionNotAllowed(f"Kan ikke lage forslag når saken har status «{case.get_status_display()}».")
    kommune = case.municipality
    on = effective_from(case)
    end = case.application.period_end
    try:
        zone = kommune.zone_on(on)
    except LookupError as exc:
        raise AssessmentBlocked(BlockReason.NO_ZONE, day=on) from exc
    children = list(case.application.children.select_related("person").order_by("pk"))
    names = {str(child.pk): child.full_name for child in children}

    def zone_on(day: datetime.date) -> str:
        try:
            return zone if day == on else kommune.zone_on(day)
        except LookupError as exc:  # no makspris zone on a later date of the period
            raise AssessmentBlocked(BlockReason.NO_ZONE, day=day) from exc

    def household_on(day: datetime.date) -> rules.HouseholdInput:
        return rules.HouseholdInput(
            service=case.application.service,
            municipality=rules.Municipality(zone=zone_on(day),
                                            full_time_hours=kommune.full_time_hours,
                                            sibling_order=kommune.sibling_order, choices=choices,
                                            moderation=moderation),
            income=income.total, children=child_inputs, income_warnings=tuple(warnings),
        )

    try:
        income, persons, warnings = _income(case)
        child_inputs = _children_input(case, children)
        choices, moderation = kommune_inputs(kommune)
        period = rules.calculate_period(household_on, on, max(on, end), params=parameter_table(),
                                        extra_dates=_zone_dates(kommune, on, end))
    except rules.MissingParameter as exc:
        _wait_for_rates(case, exc, actor)
        return None
    except rules.RulesError as exc:  # bad input: refused by its code, never by its (English) message
        raise AssessmentBlocked(exc.code, child=names.get(exc.child_id, "")) from exc
    result = period.first
    calculation = result.to_dict()
    calculation["warnings"] = list(period.warnings)
    calculation["outcome"] = period.outcome.to_dict()
    if len(period.segments) > 1:
        calculation["segments"] = [{"valid_from": s.valid_from.isoformat(), "valid_to": s.valid_to.isoformat(),
                                    "result": s.result.to_dict()} for s in period.segments]
    by_id = {c["id"]: c for c in calculation["children"]}
    with decision_conflicts_refused(), transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        if case.status not in (S.READY_FOR_ASSESSMENT, S.PROPOSED, S.WAITING_FOR_RATES):  # changed meanwhile
            raise TransitionNotAllowed(f"Kan ikke lage forslag når saken har status «{case.get_status_display()}».")
        decision_retire_proposal(case_id=case.pk, to=Decision.Status.SUPERSEDED, actor=actor)
        preparer_record(case_id=case.pk, actor=actor, kind=CasePreparer.Kind.PROPOSED)
        decision = Decision.objects.create(
            case=case, calculated_on=on, valid_from=on, valid_to=case.application.period_end,
            household_income=int(result.household_income), total_monthly_fee=int(result.total_monthly_fee),
            calculation=calculation, warnings=list(period.warnings), rules_version=RULES_VERSION,
            inputs={"income": {"total": str(income.total), "persons": persons}, "zone": zone,
                    "full_time_hours": str(kommune.full_time_hours), "sibling_order": kommune.sibling_order,
                    "kommune_rules": _kommune_rules_input(choices, moderation)},
            four_eyes_required=kommune.requires_four_eyes,
            proposed_by=actor_or_none(actor),
        )
        for child in children:
            child_result = by_id[str(child.pk)]
            outcome = period.outcome.child(child.pk)
            ChildFee.objects.create(
                decision=decision, child=child, monthly_fee=child_result["monthly_fee"],
                steps=child_result["steps"],
                free_core_hours=any(g.rule == RuleId.FREE_CORE_HOURS for g in outcome.segments[0].granted),
                sibling_discount_percent=_step_percent(child_result["steps"], RuleId.SIBLING_DISCOUNT).quantize(
                    Decimal("0.01")),
                segments=[{"valid_from": s.valid_from.isoformat(), "valid_to": s.valid_to.isoformat(),
                           "monthly_fee": s.monthly_fee} for s in outcome.segments],
            )
        transition_case(case_id=case.pk, to=S.PROPOSED,
                        actor=actor_or_none(actor),
                        reason=f"Forslag: {decision.total_monthly_fee} kr/mnd fra {on:%d.%m.%Y}")
        case_set_attention(case_id=case.pk, attention=Attention.NONE, actor=actor)
    return decision
