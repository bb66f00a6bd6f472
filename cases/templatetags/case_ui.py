"""Formatting for the caseworker pages: kroner, status colours, rule and income labels, query strings."""
from django import template

from cases import outcome_labels
from cases.constants import CaseStatus
from cases.formatting import amount, kroner
from cases.outcome import decision_outcome
from cases.rules.outcome import Outcome
from cases.selectors import count_label
from cases.services.parameters import unverified_parameters_confirmed
from integrations.service import tax_post_label

register = template.Library()

STATUS_COLORS = {
    CaseStatus.RECEIVED: "neutral", CaseStatus.FETCHING_INCOME: "info", CaseStatus.READY_FOR_ASSESSMENT: "info",
    CaseStatus.PROPOSED: "warning", CaseStatus.APPROVED: "success", CaseStatus.SENT: "success",
    CaseStatus.NEEDS_DOCUMENTATION: "warning", CaseStatus.REJECTED: "danger", CaseStatus.WITHDRAWN: "neutral",
    CaseStatus.WAITING_FOR_RATES: "warning",
}
OUTCOME_COLORS = {Outcome.INNVILGET: "success", Outcome.DELVIS: "warning", Outcome.AVSLAG: "danger"}
INCOME_CLASS_LABELS = {
    "personinntekt": "Personinntekt", "kapitalinntekt": "Kapitalinntekt", "not_counted": "Teller ikke",
    "unknown": "Ukjent post – må vurderes",
}
STADIE_LABELS = {"oppgjoer": "Skatteoppgjør", "oppgjør": "Skatteoppgjør", "utkast": "Utkast til skattemelding"}


register.filter("kroner", kroner)
register.filter("amount", amount)  # «1 234» without «kr» (the portal's sentences put the unit)
register.filter("status_count", count_label)  # «12», or «10 000+» above the queue's count cap


@register.filter
def status_color(status) -> str:
    return STATUS_COLORS.get(status, "neutral")


@register.filter
def rule_label(rule) -> str:
    """A rule id's readable bokmål label (``cases.outcome_labels``, the one label table)."""
    return outcome_labels.rule_label(rule, "nb")


@register.simple_tag
def post_label(entry, year=None) -> str:
    """A readable name for a tax-basis post (the tekniskNavn stays in the tooltip); the tekniskNavn when
    no name is known."""
    name = item(entry, "name")
    return tax_post_label(name, year) or name


@register.filter
def parameter_label(key) -> str:
    return outcome_labels.parameter_label(key, "nb")


@register.simple_tag
def calculation_view(decision, child_fees) -> dict:
    """The decision's structured outcome, display-ready for the case page (bokmål labels).

    Per child: outcome (label, colour), granted and refused reductions with their reasons, the fee from
    each date, and the steps with readable labels (the rule id kept for the tooltip).
    """
    outcome = decision_outcome(decision)
    children = []
    for fee in child_fees:
        child = outcome.child(fee.child_id)
        children.append({
            "fee": fee,
            "outcome": outcome_labels.outcome_label(child.outcome) if child else "",
            "outcome_color": OUTCOME_COLORS.get(child.outcome, "neutral") if child else "neutral",
            "granted": [outcome_labels.granted_text(g) for g in child.granted] if child else [],
            "refused": [outcome_labels.refused_text(r) for r in child.refused if r.refuses] if child else [],
            "not_applicable": [outcome_labels.refused_text(r) for r in child.refused if not r.refuses]
            if child else [],
            "segments": list(child.segments) if child else [],
            "price_rule": outcome_labels.rule_label(child.segments[0].price_rule) if child and child.segments else "",
        })
    unverified = outcome.unverified_parameters
    return {
        "outcome": outcome_labels.outcome_label(outcome.outcome),
        "outcome_color": OUTCOME_COLORS.get(outcome.outcome, "neutral"),
        "statutes": outcome_labels.basis_label(outcome.statutes) if outcome.statutes else "",
        "children": children,
        "parameters": outcome.parameters,
        "unverified": unverified,
        "confirmed": unverified_parameters_confirmed(decision),
    }


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
def income_source_label(source) -> str:
    return {"skatteetaten": "Skatteetaten", "documented": "Dokumentert inntekt"}.get(source, source or "–")
