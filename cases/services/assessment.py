"""Assessment: compute the proposed vedtak with the rules engine and store it with its full trace.

The inputs (income per person and its source), the engine's result (every step with its legal
basis), the warnings and the rules version are stored on the Decision, so the vedtak can always
be explained later, whatever the parameters become.
"""
import datetime
from decimal import Decimal

from django.db import transaction

from cases import rules
from cases.constants import Attention, Service
from cases.constants import CaseStatus as S
from cases.models import Case, ChildFee, Decision, TaxBasis
from cases.permissions import actor_or_none
from cases.services.parameters import parameter_table
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
    for person in household.adults():
        owner = INCOME_SOKER if person == household.applicant else INCOME_PARTNER
        basis = bases.get(person.pk)
        info = {"person_id_masked": person.masked_id, "name": person.full_name,
                "role": "søker" if person == household.applicant else household.get_partner_relation_display()}
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
    children = list(case.application.children.select_related("person").order_by("pk"))
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


def propose_fee(*, case_id: int, actor=None) -> Decision:
    """Compute and store a new proposal; the case moves to 'Forslag til vedtak'."""
    case = Case.objects.select_related("municipality", "application__household__applicant",
                                       "application__household__partner").get(pk=case_id)
    if case.status not in (S.READY_FOR_ASSESSMENT, S.PROPOSED):
        raise TransitionNotAllowed(f"Kan ikke lage forslag når saken har status «{case.get_status_display()}».")
    kommune = case.municipality
    on = effective_from(case)
    try:
        zone = kommune.zone_on(on)
    except LookupError as exc:
        raise AssessmentBlocked(str(exc)) from exc
    income, persons, warnings = _income(case)
    children, child_inputs = _children_input(case)
    try:
        household = rules.HouseholdInput(
            service=case.application.service,
            municipality=rules.Municipality(zone=zone, full_time_hours=kommune.full_time_hours,
                                            sibling_order=kommune.sibling_order),
            income=income.total, children=child_inputs, income_warnings=tuple(warnings),
        )
        result = rules.calculate(household, on=on, params=parameter_table())
    except rules.RulesError as exc:
        raise AssessmentBlocked(f"Beregningen kan ikke gjøres: {exc}") from exc
    calculation = result.to_dict()
    by_id = {c["id"]: c for c in calculation["children"]}
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        Decision.objects.filter(case=case, status=Decision.Status.PROPOSED).update(
            status=Decision.Status.SUPERSEDED)
        decision = Decision.objects.create(
            case=case, calculated_on=on, valid_from=on, valid_to=case.application.period_end,
            household_income=int(result.household_income), total_monthly_fee=int(result.total_monthly_fee),
            calculation=calculation, warnings=list(result.warnings), rules_version=RULES_VERSION,
            inputs={"income": {"total": str(income.total), "persons": persons}, "zone": zone,
                    "full_time_hours": str(kommune.full_time_hours), "sibling_order": kommune.sibling_order},
            four_eyes_required=kommune.requires_four_eyes,
            proposed_by=actor_or_none(actor),
        )
        for child in children:
            child_result = by_id[str(child.pk)]
            ChildFee.objects.create(
                decision=decision, child=child, monthly_fee=child_result["monthly_fee"],
                steps=child_result["steps"],
                free_core_hours=any(s["rule"] == "free_core_hours" for s in child_result["steps"]),
                sibling_discount_percent=_step_percent(child_result["steps"], "sibling_discount").quantize(
                    Decimal("0.01")),
            )
        transition_case(case_id=case.pk, to=S.PROPOSED,
                        actor=actor_or_none(actor),
                        reason=f"Forslag: {decision.total_monthly_fee} kr/mnd fra {on:%d.%m.%Y}")
        case_set_attention(case_id=case.pk, attention=Attention.NONE, actor=actor)
    return decision
