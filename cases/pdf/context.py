"""The template context of the vedtak letter, built from one Decision and what it references.

Reads the Decision, its case, application, household, municipality and ChildFee rows (a handful of
queries) and turns them into plain strings for ``templates/vedtak/vedtak.html``. No fødselsnummer
enters the context: children are identified by name and birth date only.
"""
import base64
import mimetypes

from django.utils import timezone

from . import facts
from .formatting import kr, long_date, number, percent, short_date, to_decimal
from .legal import fvl_references, statutory_bases

SERVICE_TITLES = {
    "barnehage": ("Vedtak om redusert foreldrebetaling og gratis kjernetid i barnehage", "barnehageåret"),
    "sfo": ("Vedtak om redusert foreldrebetaling i SFO", "skoleåret"),
}


def full_period(period: str) -> str:
    """``2026/27`` → ``2026/2027``."""
    if len(period) == 7 and period[4] == "/":
        return f"{period[:4]}/{period[:2]}{period[5:]}"
    return period


def user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def logo_url(municipality) -> str:
    """A file: URL (or data: URL for non-local storage) for the letterhead logo; empty when none."""
    if not municipality.logo:
        return ""
    try:
        from pathlib import Path

        return Path(municipality.logo.path).resolve().as_uri()
    except NotImplementedError:
        with municipality.logo.open("rb") as handle:
            data = base64.b64encode(handle.read()).decode()
        kind = mimetypes.guess_type(municipality.logo.name)[0] or "image/png"
        return f"data:{kind};base64,{data}"


def renews_automatically(case) -> bool:
    """Whether the kommune renews the decision each year itself (no new application needed).

    A ``renews_automatically`` flag on Municipality wins when the model has one; otherwise a case that
    is itself an automatic renewal shows that the kommune renews.
    """
    flag = getattr(case.municipality, "renews_automatically", None)
    return bool(flag) if flag is not None else bool(case.is_renewal)


def _rounding_text(unrounded, fee: int) -> str:
    exact = to_decimal(unrounded)
    if exact is None:
        return ""
    if exact == fee:
        return "Beløpet er helt, ingen avrunding"
    return f"{kr(exact, decimals=True)} rundet ned til hele kroner"


def _children(decision, service: str) -> list[dict]:
    calculation = decision.calculation or {}
    by_id = {str(child.get("id")): child for child in calculation.get("children") or []}
    fees = list(decision.child_fees.select_related("child__person").order_by("child_id"))
    rows = []
    for fee in fees:
        child = fee.child
        result = by_id.get(str(child.pk), {})
        steps = fee.steps or result.get("steps") or []
        notes = result.get("notes") or []
        outcome, granted, refused = facts.child_outcome(service, steps, notes)
        price = next((s.get("amount") for s in steps if s.get("rule") == "price_of_place"), child.monthly_price)
        sibling = fee.sibling_discount_percent or facts.sibling_percent(steps)
        rows.append({
            "name": child.full_name,
            "birth_date": short_date(child.person.birth_date),
            "institution": child.institution,
            "trinn": child.sfo_trinn,
            "hours": number(child.weekly_hours),
            "valid_from": short_date(decision.valid_from),
            "valid_to": short_date(decision.valid_to),
            "price": kr(price),
            "monthly_fee": kr(fee.monthly_fee),
            "rounding": _rounding_text(result.get("unrounded_fee"), fee.monthly_fee),
            "income_cap": any(s.get("rule") == "income_cap_6_percent" for s in steps),
            "free_core_hours": fee.free_core_hours,
            "free_sfo_hours": any(s.get("rule") == "free_sfo_hours" for s in steps),
            "sibling_discount": percent(sibling) if sibling else "",
            "outcome": outcome,
            "granted": granted,
            "refused": refused,
            "notes": notes,
            "steps": facts.step_rows(steps),
        })
    return rows


def _household(case) -> dict:
    household = case.application.household
    partner = household.partner
    return {
        "applicant": household.applicant_name,  # the names this application gave, never another's
        "partner": household.partner_name if partner else "",
        "partner_relation": household.get_partner_relation_display().lower() if partner else "",
        "address": household.address,
    }


def vedtak_context(decision, *, draft: bool) -> dict:
    """Everything ``vedtak/vedtak.html`` needs, as display-ready values."""
    case = decision.case
    application = case.application
    municipality = case.municipality
    service = application.service
    calculation = decision.calculation or {}
    inputs = decision.inputs or {}
    letter_date = timezone.localdate(decision.approved_at) if decision.approved_at else timezone.localdate()
    title, year_word = SERVICE_TITLES.get(service, SERVICE_TITLES["barnehage"])
    children = _children(decision, service)
    income = facts.income_rows(inputs)
    legal_from_steps = sorted({s["legal_basis"] for c in children for s in c["steps"] if s["legal_basis"]})
    return {
        "draft": draft,
        "service": service,
        "is_sfo": service == "sfo",
        "title": title,
        "period_text": f"{year_word} {full_period(application.period)}",
        "letter_date": long_date(letter_date),
        "saksnummer": case.saksnummer,
        "received": short_date(application.received_date),
        "kommune": {
            "name": municipality.name,
            "unit": municipality.unit_name,
            "address": municipality.address,
            "phone": municipality.phone,
            "email": municipality.email,
            "website": municipality.website,
            "orgnr": municipality.organisasjonsnummer,
            "logo_url": logo_url(municipality),
            "klageinstans": municipality.klageinstans,
        },
        "household": _household(case),
        "children": children,
        "outcome": facts.overall_outcome([c["outcome"] for c in children]),
        "total_monthly_fee": kr(decision.total_monthly_fee),
        "valid_from": short_date(decision.valid_from),
        "valid_to": short_date(decision.valid_to),
        "valid_to_long": long_date(decision.valid_to),
        "income_rows": income,
        "income_total": kr((inputs.get("income") or {}).get("total", decision.household_income)),
        "documented": [row for row in income if row["documented"]],
        "summary": facts.calculation_summary(service, calculation, inputs),
        "statutory_bases": statutory_bases(service, decision.calculated_on),
        "legal_from_steps": legal_from_steps,
        "fvl": fvl_references(letter_date),
        "renews": renews_automatically(case),
        "saksbehandler": user_name(decision.proposed_by),
        "approver": user_name(decision.approved_by),
        "rules_version": decision.rules_version,
        "draft_warnings": list(decision.warnings or calculation.get("warnings") or []) if draft else [],
    }
