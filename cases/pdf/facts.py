"""The facts and arithmetic of a vedtak, read from what the Decision stored.

``Decision.inputs["income"]`` (written by cases.services.assessment) holds income per adult and its
source; ``Decision.calculation`` holds the rules engine's ``Result.to_dict()``; ``ChildFee.steps`` each
child's steps. Every reader here tolerates a missing key: the letter then says less, never fails.
"""
from decimal import Decimal

from .formatting import kr, number, percent, short_date, to_decimal

RULE_LABELS = {
    "price_of_place": "Pris for plassen",
    "income_cap_6_percent": "Redusert foreldrebetaling (6 %-regelen)",
    "sibling_discount": "Søskenmoderasjon",
    "free_core_hours": "Gratis kjernetid (20 timer per uke)",
    "free_sfo_hours": "Gratis SFO-timer",
}
STADIE_LABELS = {
    "oppgjoer": "skatteoppgjør (oppgjør)",
    "fastsatt": "fastsatt skattegrunnlag",
    "utkast": "utkast til skattemelding",
}
RELATION_REASONS = {
    "ektefelle": "ektefeller regnes alltid som én husholdning",
    "registrert partner": "registrerte partnere regnes som ektefeller",
    "samboer": "samboere regnes med når de har bodd sammen i minst 12 av de siste 18 månedene "
               "eller har felles barn",
}
# Engine notes (cases.rules) that mean a reduction was assessed and refused because of income.
REFUSAL_MARKERS = ("gir ikke lavere pris", "ikke lavere enn inntektsgrensen", "gjelder ikke")


def parameter(calculation: dict, key: str, qualifier: str | None = None) -> Decimal | None:
    """The value of a parameter row the calculation used, or None."""
    for row in calculation.get("parameters_used") or []:
        if row.get("key") == key and (qualifier is None or row.get("qualifier", "") == qualifier):
            return to_decimal(row.get("value"))
    return None


def source_text(person: dict) -> str:
    """Where one adult's income comes from, in words (fvl. § 25 second sentence)."""
    if person.get("source") == "documented" or person.get("documented"):
        reason = (person.get("reason") or "").strip()
        return "Dokumentasjon fra søker" + (f": {reason}" if reason else "")
    year = person.get("income_year")
    stadie = STADIE_LABELS.get(person.get("stadie") or "", "skattegrunnlag")
    text = f"Skatteetaten, {stadie}" + (f" for inntektsåret {year}" if year else "")
    if person.get("fetched_at"):
        text += f", hentet {short_date(person['fetched_at'])}"
    if person.get("stadie") == "oppgjoer" and person.get("skatteoppgjoersdato"):
        text += f" (skatteoppgjørsdato {short_date(person['skatteoppgjoersdato'])})"
    return text


def income_rows(inputs: dict) -> list[dict]:
    """One row per adult counted: name, role, why counted, the income split and its source."""
    rows = []
    for person in (inputs.get("income") or {}).get("persons") or []:
        role = (person.get("role") or "").strip()
        documented = person.get("source") == "documented" or bool(person.get("documented"))
        rows.append({
            "name": person.get("name") or "–",
            "role": role.capitalize() if role else "–",
            "why": "søker" if role.lower() == "søker" else RELATION_REASONS.get(role.lower(), ""),
            "personinntekt": kr(person.get("personinntekt")),
            "kapitalinntekt": kr(person.get("kapitalinntekt")),
            "counted": kr(person.get("counted")),
            "income_year": person.get("income_year") or "",
            "source": source_text(person),
            "documented": documented,
            "reason": (person.get("reason") or "").strip(),
            "documents": (person.get("documents") or "").strip(),
        })
    return rows


def step_rows(steps: list[dict]) -> list[dict]:
    return [{
        "label": RULE_LABELS.get(step.get("rule"), step.get("rule", "")),
        "legal_basis": step.get("legal_basis", ""),
        "before": kr(step.get("amount_before"), decimals=True),
        "after": kr(step.get("amount"), decimals=True),
        "note": step.get("note", ""),
    } for step in steps]


def child_outcome(service: str, steps: list[dict], notes: list[str]) -> tuple[str, list[str], list[str]]:
    """(``innvilget`` | ``delvis innvilget`` | ``avslag``, what was granted, what was refused).

    Only the income-based reductions the family applies for count: the 6 % rule and (barnehage)
    gratis kjernetid. Søskenmoderasjon and the 12 free SFO hours are given without an application.
    """
    rules_applied = {step.get("rule") for step in steps}
    granted = []
    if "income_cap_6_percent" in rules_applied:
        granted.append("redusert foreldrebetaling (6 %-regelen)")
    if service != "sfo" and "free_core_hours" in rules_applied:
        granted.append("gratis kjernetid")
    refused = [note for note in notes if any(marker in note for marker in REFUSAL_MARKERS)]
    if granted and not refused:
        return "innvilget", granted, refused
    return ("delvis innvilget" if granted else "avslag"), granted, refused


def overall_outcome(outcomes: list[str]) -> str:
    if outcomes and all(outcome == "innvilget" for outcome in outcomes):
        return "innvilget"
    if not outcomes or all(outcome == "avslag" for outcome in outcomes):
        return "avslag"
    return "delvis innvilget"


def sibling_percent(steps: list[dict]) -> Decimal:
    for step in steps:
        before, after = to_decimal(step.get("amount_before")), to_decimal(step.get("amount"))
        if step.get("rule") == "sibling_discount" and before:
            return (1 - after / before) * 100
    return Decimal(0)


def calculation_summary(service: str, calculation: dict, inputs: dict) -> list[tuple[str, str]]:
    """The household-level figures behind the steps (makspris, 6 % cap, kjernetid limit), as rows."""
    income = to_decimal(calculation.get("household_income"))
    rows = [("Husholdningens samlede inntekt", kr(income))]
    zone = inputs.get("zone")
    makspris = parameter(calculation, "makspris", zone) if zone else parameter(calculation, "makspris")
    if makspris is not None:
        rows.append(("Maksimalpris (makspris) per måned for en heltidsplass", kr(makspris)))
    share = parameter(calculation, "income_cap_percent")
    months = parameter(calculation, "payment_months")
    if income is not None and share is not None and months:
        yearly = income * share / 100
        rows.append((f"{number(share)} % av inntekten per år", kr(yearly, decimals=True)))
        rows.append((f"Delt på {number(months)} betalingsmåneder (høyeste pris per barn per måned)",
                     kr(yearly / months, decimals=True)))
        if makspris:
            rows.append(("Inntektsgrense for redusert foreldrebetaling (6 %-regelen)",
                         kr(makspris * months * 100 / share, decimals=True)))
    limit = parameter(calculation, "kjernetid_income_limit")
    if service != "sfo" and limit is not None:
        rows.append(("Inntektsgrense for gratis kjernetid", kr(limit)))
    if service != "sfo" and inputs.get("full_time_hours"):
        rows.append(("Timer i en heltidsplass (grunnlag for kjernetid)", f"{number(inputs['full_time_hours'])} t"))
    second = parameter(calculation, "sibling_discount", "2")
    if second is not None:
        rows.append(("Søskenmoderasjon for barn nr. 2", percent(second)))
    return rows

