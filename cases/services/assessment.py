"""Assessment: compute the proposed vedtak with the rules engine and store it with its full trace.

The inputs (income per person and its source), the engine's result (every step with its legal
basis), the structured outcome (``calculation["outcome"]``: granted/refused per child, the fee from each
date of the period, the parameters used), the warnings and the rules version are stored on the
Decision, so the vedtak can always be explained later, whatever the parameters become.

A period without a sourced parameter row the decision needs cannot be decided: the case moves to
«Venter på satser» (``WAITING_FOR_RATES``) and ``decision_propose`` returns None; entering the row releases
it (``cases.services.parameters.release_waiting_cases``).

While a vedtak is in force (an endring reopened a sent case, docs/changes.md), a proposal is an
endringsvedtak: it runs from the change date (``valid_from``), names the vedtak in force in
``supersedes`` and counts only the children still in the place; with no child left it is a vedtak om
opphør (no fee rows, no calculation).
"""
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cases import rules
from cases.constants import Attention, ChangeKind, DecisionKind, Service
from cases.constants import CaseStatus as S
from cases.models import Case, CasePreparer, Change, ChildFee, Decision, TaxBasis
from cases.permissions import actor_or_none
from cases.rules.outcome import RuleId
from cases.services.decisions import decision_conflicts_refused, decision_retire_proposal
from cases.services.kommune_rules import kommune_inputs
from cases.services.parameters import parameter_table
from cases.services.preparers import preparer_record
from cases.services.workflow import TransitionNotAllowed, case_set_attention, transition_case

RULES_VERSION = rules.RULES_VERSION
INCOME_SOKER, INCOME_PARTNER = rules.income.OWNERS


class AssessmentBlocked(Exception):
    """The proposal cannot be computed (missing parameter, zone, or income); the message says why."""


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
            raise AssessmentBlocked(f"Mangler inntekt for {person.full_name}.")
        persons.append(info)
    result = rules.household_income(items, documented_inputs)
    return result, persons, warnings + list(result.warnings)


def _children_input(case: Case):
    children = list(case.application.children.filter(is_active=True).select_related("person").order_by("pk"))
    if case.application.service == Service.BARNEHAGE:
        return children, tuple(
            rules.BarnehageChild(id=str(c.pk), birth_date=c.person.birth_date, weekly_hours=c.weekly_hours,
                                 monthly_price=c.monthly_price, deferred_school_start=c.deferred_school_start)
            for c in children)
    return children, tuple(
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
        if case.status == S.SENT:  # a change proposed straight from «Sendt»
            transition_case(case_id=case.pk, to=S.READY_FOR_ASSESSMENT, actor=who, reason=reason)
        if case.status != S.WAITING_FOR_RATES:
            transition_case(case_id=case.pk, to=S.WAITING_FOR_RATES, actor=who, reason=reason)
        case_set_attention(case_id=case.pk, attention=Attention.NONE)
        Case.objects.filter(pk=case.pk).update(status_reason=reason[:500], updated_at=timezone.now())


PROPOSABLE = (S.READY_FOR_ASSESSMENT, S.PROPOSED, S.WAITING_FOR_RATES)
KLAGE_CHANGES = (ChangeKind.KLAGE_MEDHOLD, ChangeKind.KLAGE_OMGJORT)


class ChangeFrame:
    """What a proposal replaces: the vedtak in force, the change being worked and the date it applies from
    (``None`` everywhere for a case's first vedtak)."""

    def __init__(self, case: Case, valid_from: datetime.date | None, supersedes):
        self.in_force = Decision.objects.filter(case_id=case.pk, status=Decision.Status.APPROVED).first()
        wanted = getattr(supersedes, "pk", supersedes)
        if self.in_force is None:
            if wanted is not None:
                raise TransitionNotAllowed("Vedtaket som skal erstattes, gjelder ikke lenger.")
            self.change, self.valid_from = None, valid_from
            return
        if wanted is not None and wanted != self.in_force.pk:
            raise TransitionNotAllowed("Bare vedtaket som gjelder nå, kan erstattes.")
        # One change is worked at a time: the latest one registered while the case was «Sendt».
        self.change = Change.objects.filter(case_id=case.pk).order_by("-registered_at", "-pk").first()
        self.valid_from = valid_from or (self.change.change_date if self.change else None)
        if self.valid_from is None:
            raise TransitionNotAllowed("Et nytt vedtak mens et vedtak gjelder, krever en endring med dato.")
        if not (self.in_force.valid_from <= self.valid_from <= self.in_force.valid_to):
            raise TransitionNotAllowed("Endringsdatoen må ligge innenfor perioden til vedtaket som gjelder.")

    @property
    def statuses(self) -> tuple[str, ...]:
        return PROPOSABLE + ((S.SENT,) if self.in_force is not None else ())

    def kind(self, children) -> str:
        if self.in_force is None:
            return DecisionKind.ORDINARY
        if self.change is not None and self.change.kind in KLAGE_CHANGES:
            return DecisionKind.KLAGE
        return DecisionKind.CHANGE if children else DecisionKind.OPPHOR


def decision_propose(*, case_id: int, actor=None, valid_from: datetime.date | None = None,
                     supersedes=None) -> Decision | None:
    """Compute and store a new proposal; the case moves to 'Forslag til vedtak'.

    Returns None when a needed parameter has no sourced row for a date in the period: the case then
    waits in «Venter på satser» (no proposal is made on an unsourced or missing rate).

    ``actor`` None is the pipeline's automatic proposal; a person who proposes becomes a preparer of the
    case (four-eyes). The case row is locked and its status checked again before writing, so a proposal
    racing an approval is refused instead of tripping the database.

    While a vedtak is in force, the proposal replaces it from ``valid_from`` (default: the date of the
    change being worked) and names it in ``supersedes`` (an id or a Decision; default: the one in force).
    """
    case = Case.objects.select_related("municipality", "application__household__applicant",
                                       "application__household__partner").get(pk=case_id)
    frame = ChangeFrame(case, valid_from, supersedes)
    if case.status not in frame.statuses:
        raise TransitionNotAllowed(f"Kan ikke lage forslag når saken har status «{case.get_status_display()}».")
    kommune = case.municipality
    on = frame.valid_from or effective_from(case)
    end = case.application.period_end
    children, child_inputs = _children_input(case)
    kind = frame.kind(children)
    if kind == DecisionKind.OPPHOR:
        return _propose_opphor(case_id=case_id, frame=frame, on=on, actor=actor)
    try:
        zone = kommune.zone_on(on)
    except LookupError as exc:
        raise AssessmentBlocked(str(exc)) from exc
    income, persons, warnings = _income(case)
    choices, moderation = kommune_inputs(kommune)

    def household_on(day: datetime.date) -> rules.HouseholdInput:
        return rules.HouseholdInput(
            service=case.application.service,
            municipality=rules.Municipality(zone=zone if day == on else kommune.zone_on(day),
                                            full_time_hours=kommune.full_time_hours,
                                            sibling_order=kommune.sibling_order, choices=choices,
                                            moderation=moderation),
            income=income.total, children=child_inputs, income_warnings=tuple(warnings),
        )

    try:
        period = rules.calculate_period(household_on, on, max(on, end), params=parameter_table(),
                                        extra_dates=_zone_dates(kommune, on, end))
    except rules.MissingParameter as exc:
        _wait_for_rates(case, exc, actor)
        return None
    except (rules.RulesError, LookupError) as exc:
        raise AssessmentBlocked(f"Beregningen kan ikke gjøres: {exc}") from exc
    result = period.first
    calculation = result.to_dict()
    calculation["warnings"] = list(period.warnings)
    calculation["outcome"] = period.outcome.to_dict()
    if len(period.segments) > 1:
        calculation["segments"] = [{"valid_from": s.valid_from.isoformat(), "valid_to": s.valid_to.isoformat(),
                                    "result": s.result.to_dict()} for s in period.segments]
    by_id = {c["id"]: c for c in calculation["children"]}
    with decision_conflicts_refused(), transaction.atomic():
        case = _lock_for_proposal(case_id, frame, actor)
        decision = Decision.objects.create(
            case=case, kind=kind, supersedes=frame.in_force, change=frame.change, calculated_on=on,
            valid_from=on, valid_to=case.application.period_end,
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
        _proposed(case, decision, actor, reason=f"{DecisionKind(kind).label}, forslag: "
                                                 f"{decision.total_monthly_fee} kr/mnd fra {on:%d.%m.%Y}")
    return decision


def _lock_for_proposal(case_id: int, frame: ChangeFrame, actor) -> Case:
    """Lock the case, check it is still proposable, retire the old proposal and record the proposer."""
    case = Case.objects.select_for_update().get(pk=case_id)
    if case.status not in frame.statuses:  # changed meanwhile
        raise TransitionNotAllowed(f"Kan ikke lage forslag når saken har status «{case.get_status_display()}».")
    if frame.in_force is not None and not Decision.objects.filter(pk=frame.in_force.pk,
                                                                  status=Decision.Status.APPROVED).exists():
        raise TransitionNotAllowed("Vedtaket som skal erstattes, gjelder ikke lenger.")
    decision_retire_proposal(case_id=case.pk, to=Decision.Status.SUPERSEDED, actor=actor)
    preparer_record(case_id=case.pk, actor=actor, kind=CasePreparer.Kind.PROPOSED)
    return case


def _proposed(case: Case, decision: Decision, actor, *, reason: str) -> None:
    if decision.change_id is not None:
        Change.objects.filter(pk=decision.change_id).update(decision=decision)
    transition_case(case_id=case.pk, to=S.PROPOSED, actor=actor_or_none(actor), reason=reason)
    case_set_attention(case_id=case.pk, attention=Attention.NONE, actor=actor)


def _propose_opphor(*, case_id: int, frame: ChangeFrame, on: datetime.date, actor) -> Decision:
    """No child has a place any more: the reduction ends from ``on`` (a vedtak om opphør, no fee rows).

    Nothing is calculated: the household's income and the rules do not decide an opphør."""
    old = frame.in_force
    outcome = rules.DecisionOutcome(old.case.application.service, on, old.valid_to, ())
    with decision_conflicts_refused(), transaction.atomic():
        case = _lock_for_proposal(case_id, frame, actor)
        decision = Decision.objects.create(
            case=case, kind=DecisionKind.OPPHOR, supersedes=old, change=frame.change, calculated_on=on,
            valid_from=on, valid_to=old.valid_to, household_income=old.household_income, total_monthly_fee=0,
            calculation={"children": [], "outcome": outcome.to_dict(), "warnings": []}, warnings=[],
            rules_version=RULES_VERSION, inputs=old.inputs, four_eyes_required=case.municipality.requires_four_eyes,
            proposed_by=actor_or_none(actor),
        )
        _proposed(case, decision, actor, reason=f"{DecisionKind.OPPHOR.label}, forslag: fra {on:%d.%m.%Y}")
    return decision
