"""Formatting for the caseworker pages: kroner, status colours, rule and income labels, query strings."""
from django import template

from cases.constants import CaseStatus
from cases.formatting import kroner

register = template.Library()

STATUS_COLORS = {
    CaseStatus.RECEIVED: "neutral", CaseStatus.FETCHING_INCOME: "info", CaseStatus.READY_FOR_ASSESSMENT: "info",
    CaseStatus.PROPOSED: "warning", CaseStatus.APPROVED: "success", CaseStatus.SENT: "success",
    CaseStatus.NEEDS_DOCUMENTATION: "warning", CaseStatus.REJECTED: "danger", CaseStatus.WITHDRAWN: "neutral",
}
RULE_LABELS = {
    "price_of_place": "Pris for plassen",
    "income_cap_6_percent": "Inntektsgradert makspris (6 % av inntekten)",
    "sibling_discount": "Søskenmoderasjon",
    "free_core_hours": "Gratis kjernetid (20 timer i uken)",
    "free_sfo_hours": "Gratis SFO-timer (12 timer i uken)",
}
INCOME_CLASS_LABELS = {
    "personinntekt": "Personinntekt", "kapitalinntekt": "Kapitalinntekt", "not_counted": "Teller ikke",
    "unknown": "Ukjent post – må vurderes",
}
STADIE_LABELS = {"oppgjoer": "Skatteoppgjør", "oppgjør": "Skatteoppgjør", "utkast": "Utkast til skattemelding"}


register.filter("kroner", kroner)


@register.filter
def status_color(status) -> str:
    return STATUS_COLORS.get(status, "neutral")


@register.filter
def rule_label(rule) -> str:
    return RULE_LABELS.get(rule, str(rule).replace("_", " ").capitalize())


@register.filter
def income_class_label(value) -> str:
    return INCOME_CLASS_LABELS.get(value, value or "–")


@register.filter
def stadie_label(value) -> str:
    return STADIE_LABELS.get((value or "").lower(), value or "–")


@register.filter
def item(entry, key):
    """A field of a tax-basis post, tolerant of the two shapes (contract and internal names)."""
    if not isinstance(entry, dict):
        return ""
    aliases = {"name": ("tekniskNavn", "teknisk_navn", "name"), "amount": ("beloep", "amount"),
               "class": ("class", "income_class", "classification"), "category": ("kategori", "category")}
    for alias in aliases.get(key, (key,)):
        if alias in entry:
            return entry[alias]
    return ""


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current GET query string with some parameters replaced (for pagination and status tabs)."""
    params = context.get("query_params", context["request"].GET).copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def _form_items(form, prefix: str = "") -> list[dict]:
    items = [{"anchor": "", "label": "", "message": message} for message in form.non_field_errors()]
    groups = getattr(form, "summary_groups", {})
    for bound in form:
        group = next((f"{label}, " for start, label in groups.items() if bound.name.startswith(start)), "")
        for message in bound.errors:
            items.append({"anchor": bound.id_for_label, "label": f"{prefix}{group}{bound.label}", "message": message})
    return items


@register.simple_tag
def error_items(form=None, formset=None, row_label="Barn") -> list[dict]:
    """Every error of a form and a formset as {anchor, label, message} for the error summary."""
    items = _form_items(form) if form is not None and form.is_bound else []
    if formset is not None and formset.is_bound:
        first_anchor = formset.forms[0]["person_id"].id_for_label if formset.forms else ""
        items += [{"anchor": first_anchor, "label": row_label, "message": m} for m in formset.non_form_errors()]
        for number, child in enumerate(formset.forms, start=1):
            items += _form_items(child, prefix=f"{row_label} {number}, ")
    return items


@register.filter
def child_notes(calculation, child_id) -> list[str]:
    """The rules engine's notes for one child (rules checked but not applied) from Decision.calculation."""
    for child in (calculation or {}).get("children", []):
        if str(child.get("id")) == str(child_id):
            return child.get("notes", [])
    return []


@register.filter
def income_source_label(source) -> str:
    return {"skatteetaten": "Skatteetaten", "documented": "Dokumentert inntekt"}.get(source, source or "–")
