"""What the case page shows: the household, income, calculation, warnings and the actions allowed now.

Pure reading of a case loaded by ``cases.selectors.case_for_detail``; the views decide what to do.
"""
from dataclasses import dataclass

from cases import hooks
from cases.constants import AdultRole, CaseStatus
from cases.forms import ChangeForm, DocumentedIncomeForm, ReasonForm, SendForm
from cases.models import Case, TaxBasis
from cases.permissions import can_approve
from cases.selectors import current_decision, sent_decision
from cases.services.changes import open_change
from cases.services.four_eyes import ApprovalRefusal, approval_refusal
from cases.services.intake import name_differences
from cases.services.workflow import ALLOWED, FINAL

S = CaseStatus
IN_MOTION = frozenset({S.RECEIVED, S.FETCHING_INCOME, S.READY_FOR_ASSESSMENT, S.APPROVED})
FAILED_FETCH = (TaxBasis.FetchStatus.FAILED, TaxBasis.FetchStatus.PARKED)
REASON_ACTIONS = {  # action → (target status, prefix of its form)
    "reject": (S.REJECTED, "avslag"),
    "request_documentation": (S.NEEDS_DOCUMENTATION, "dokumentasjon"),
    "withdraw": (S.WITHDRAWN, "trekk"),
}


@dataclass(frozen=True)
class Warning:
    text: str
    color: str = "warning"


def adults(case: Case) -> list[tuple[str, object]]:
    """(role label, ``NamedPerson``): the adults with the names this application gave them."""
    household = case.application.household
    rows = [(AdultRole.SOKER.label, household.named_applicant)]
    if household.partner_id:
        rows.append((household.get_partner_relation_display(), household.named_partner))
    return rows


def ordered_tax_bases(case: Case) -> list[TaxBasis]:
    """Søker first, each labelled with the household's own relation (ektefelle, samboer, …) and named as
    this application names the person."""
    household = case.application.household
    relation = household.get_partner_relation_display()
    rows = sorted(case.tax_bases.all(), key=lambda tb: (tb.role != AdultRole.SOKER, tb.pk))
    for tb in rows:
        tb.role_label = relation if tb.role == AdultRole.PARTNER and relation else tb.get_role_display()
        tb.person_name = household.name_of(tb.person_id)
    return rows


def live_signature(case: Case, tax_bases=None) -> str:
    """Changes whenever the status, a fetch or the decision changes (status.js compares it)."""
    tax_bases = case.tax_bases.all() if tax_bases is None else tax_bases
    fetches = ",".join(f"{tb.pk}:{tb.status}:{tb.attempts}" for tb in tax_bases)
    decisions = ",".join(f"{d.pk}:{d.status}:{bool(d.pdf)}" for d in case.decisions.all())
    return f"{case.status}|{fetches}|{decisions}"


def warnings_for(case: Case, decision, tax_bases: list[TaxBasis]) -> list[Warning]:
    """Everything the caseworker must look at before approving, in bokmål."""
    found: list[Warning] = [Warning(str(text)) for text in (decision.warnings if decision else [])]
    # The proposal already names utkast and unknown posts; say it once.
    decided = " ".join(str(text) for text in (decision.warnings if decision else [])).lower()
    by_person = {tb.person_id: tb for tb in tax_bases}
    household = case.application.household
    for label, person in adults(case):
        basis = by_person.get(person.pk)
        who = f"{label.lower()} {person.full_name}"
        if basis is None:
            if household.partner_id == person.pk and case.status not in (S.RECEIVED, *FINAL):
                found.append(Warning(f"Mangler skattegrunnlag for {who}. Inntekten må hentes eller dokumenteres."))
            continue
        if (basis.stadie or "").lower() == "utkast" and "utkast" not in decided:
            found.append(Warning(f"Inntekten for {who} er fra utkast til skattemelding "
                                 f"(inntektsår {basis.income_year or '?'}), ikke fra skatteoppgjøret."))
        if basis.skjermet or basis.outcome == TaxBasis.Outcome.SKJERMET:
            found.append(Warning(f"{who[0].upper()}{who[1:]} er skjermet. Inntekten må dokumenteres manuelt."))
        if basis.unknown_items and "ukjent inntektspost" not in decided:
            found.append(Warning(f"Skattegrunnlaget for {who} har {len(basis.unknown_items)} ukjente poster som "
                                 "ikke er regnet med. Vurder dem før vedtak."))
        if basis.status in FAILED_FETCH:
            found.append(Warning(f"Henting av skattegrunnlag for {who} feilet etter {basis.attempts} forsøk.",
                                 "danger"))
        elif basis.outcome in (TaxBasis.Outcome.NO_DATA, TaxBasis.Outcome.PERSON_UNKNOWN,
                               TaxBasis.Outcome.YEAR_UNAVAILABLE, TaxBasis.Outcome.DELETED):
            found.append(Warning(f"Skatteetaten: {basis.get_outcome_display().lower()} for {who}. "
                                 "Be om dokumentasjon eller registrer dokumentert inntekt."))
    return found


def refusal_for(case: Case, user, decision):
    """Why the user cannot approve the current proposal (a ``Refusal``), or None (may approve, or nothing
    to approve)."""
    if case.status != S.PROPOSED or decision is None or decision.status != decision.Status.PROPOSED:
        return None
    return approval_refusal(decision=decision, actor=user)


def change_children(case: Case) -> list:
    """The children who have a place now (those an endring can be about)."""
    return [child for child in case.application.children.all() if child.is_active]


def available_actions(case: Case, user, decision, tax_bases: list[TaxBasis], refusal=None,
                      changing=None) -> dict[str, bool]:
    allowed = ALLOWED.get(case.status, set())
    reopened = changing is not None  # an endring is being worked: the vedtak in force stays
    stuck = case.status == S.FETCHING_INCOME and any(tb.status in FAILED_FETCH for tb in tax_bases)
    proposed = decision is not None and decision.status == decision.Status.PROPOSED
    approved = decision is not None and decision.status == decision.Status.APPROVED
    return {
        "refetch": S.FETCHING_INCOME in allowed or stuck,
        "documented_income": case.status not in FINAL and case.status != S.APPROVED,
        "propose": case.status in (S.READY_FOR_ASSESSMENT, S.PROPOSED),
        "approve": case.status == S.PROPOSED and proposed and can_approve(user, case.municipality_id)
        and refusal is None,
        "send": case.status == S.APPROVED and approved,
        **{name: target in allowed and not reopened for name, (target, _prefix) in REASON_ACTIONS.items()},
        "register_change": case.status == S.SENT and sent_decision(case.pk) is not None,
        "discard_change": reopened,
    }


def _named_documented_incomes(case: Case) -> list:
    household = case.application.household
    incomes = list(case.documented_incomes.all())
    for income in incomes:
        income.person_name = household.name_of(income.person_id)
    return incomes


def _named_documents(case: Case) -> list:
    """The documentation parents uploaded, each with the uploader's name as this application gives it."""
    household = case.application.household
    documents = list(case.documents.all())
    for document in documents:
        document.person_name = household.name_of(document.person_id)
    return documents


def case_page_context(case: Case, user, *, bound_forms: dict | None = None) -> dict:
    """Everything ``cases/case_detail.html`` needs; ``bound_forms`` replaces forms that had errors."""
    decision = current_decision(case)
    tax_bases = ordered_tax_bases(case)
    household_adults = adults(case)
    refusal = refusal_for(case, user, decision)
    changing = open_change(case)
    actions = available_actions(case, user, decision, tax_bases, refusal, changing)
    forms = {
        "documented_income": DocumentedIncomeForm(adults=household_adults, prefix="inntekt"),
        "change": ChangeForm(prefix="endring", children=change_children(case), adults=household_adults),
        "discard_change": ReasonForm(prefix="forkast"),
        "send": SendForm(prefix="send"),
        **{name: ReasonForm(prefix=prefix) for name, (_target, prefix) in REASON_ACTIONS.items()},
    }
    forms.update(bound_forms or {})
    warnings = warnings_for(case, decision, tax_bases)
    return {
        "case": case,
        "application": case.application,
        "household": case.application.household,
        "adults": household_adults,
        "children": list(case.application.children.all()),
        "tax_bases": tax_bases,
        "documented_incomes": _named_documented_incomes(case),
        "uploaded_documents": _named_documents(case),
        "decision": decision,
        "child_fees": list(decision.child_fees.all()) if decision else [],
        "earlier_decisions": [d for d in case.decisions.all() if d is not decision],
        "transitions": list(case.transitions.all()),
        "changes": list(case.changes.select_related("registered_by", "decision").all()),
        "open_change": changing,
        "warnings": [w for w in warnings if w.color != "danger"],
        "errors": [w for w in warnings if w.color == "danger"],
        "actions": actions,
        "has_actions": any(actions.values()),
        "forms": forms,
        "approval_refusal": refusal,
        "approval_refusal_is_role": refusal is not None and refusal.reason == ApprovalRefusal.NOT_APPROVER,
        "name_differences": name_differences(case),
        "live": case.status in IN_MOTION,
        "signature": live_signature(case, tax_bases),
        "feature_panels": hooks.case_panels(case, user),  # e.g. the klage (cases.klage), through cases.hooks
    }


def shows_tax_data(context: dict) -> bool:
    """True when the page shows income from Skatteetaten or documented income (the view is audited)."""
    return bool(
        any(tb.status == TaxBasis.FetchStatus.DONE or tb.items or tb.counted_income is not None
            for tb in context["tax_bases"])
        or context["documented_incomes"] or context["decision"] or context["earlier_decisions"]
    )
