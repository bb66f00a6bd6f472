"""The ``calculate_fee`` contract (shared/contracts/fee-calculation.md): parse its JSON, shape its output.

``parse_contract_input(data, classify=...)`` turns the contract's input object into
``(HouseholdInput, date)`` or raises ``InvalidInput`` with one line naming the problem.
``result_to_contract_json(result)`` gives exactly the contract's output object. For
``household.tax_bases`` the caller injects ``classify(body) -> list of classified items`` (the rules
package never imports integrations); items may be ``ClassifiedIncomeItem``s or mappings with
``beloep``/``amount``, ``class``/``income_class`` and ``tekniskNavn``/``name``.
"""
import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal

from .errors import InvalidInput
from .income import EKTEFELLE_SAMBOER, SOKER, ClassifiedIncomeItem, household_income
from .kommune import KommuneChoice, ModerationBand, ModerationRuleSet
from .money import render_amount
from .types import (
    BARNEHAGE,
    SERVICES,
    ZONES,
    BarnehageChild,
    HouseholdInput,
    Municipality,
    Result,
    SfoPupil,
)

Classifier = Callable[[Mapping], list]


def parse_contract_text(text: str, *, classify: Classifier | None = None) -> tuple[HouseholdInput, date]:
    """Parse the contract's JSON text; malformed JSON is ``InvalidInput`` too."""
    try:
        data = json.loads(text)
    except (ValueError, TypeError) as error:
        raise InvalidInput(f"malformed JSON: {error}") from None
    return parse_contract_input(data, classify=classify)


def parse_contract_input(data, *, classify: Classifier | None = None) -> tuple[HouseholdInput, date]:
    """The contract's input object as ``(HouseholdInput, date)``; ``InvalidInput`` on any problem."""
    if not isinstance(data, Mapping):
        raise InvalidInput("input must be a JSON object")
    service = _required(data, "service", "")
    if service not in SERVICES:
        raise InvalidInput(f"unknown service {service!r} (expected barnehage or sfo)")
    on = _date(_required(data, "date", ""), "date")
    municipality = _municipality(data.get("municipality"), service)
    income, income_warnings = _income(_required(data, "household", ""), classify)
    children = data.get("children")
    if not isinstance(children, list) or not children:
        raise InvalidInput("children must be a non-empty list (no children given)")
    parsed = tuple(_child(child, position, service, on) for position, child in enumerate(children))
    ids = [child.id for child in parsed]
    if len(set(ids)) != len(ids):
        raise InvalidInput("children: every child needs a distinct id")
    household = HouseholdInput(service, municipality, income, parsed, tuple(income_warnings))
    return household, on


def result_to_contract_json(result: Result) -> dict:
    """The contract's output object (json.dumps-ready): whole-krone fees, amounts as 4-decimal strings.

    Amounts are cut (never rounded up) to 4 decimals and trailing zeros dropped: ``"2000"``,
    ``"1636.3636"``, ``"838.1374"``. Added fields (the contract allows additions): ``outcome`` per
    household and per child (innvilget | delvis | avslag), per child ``price_rule``, ``granted`` (rule
    ids) and ``refused`` (rule id + reason code).
    """
    income = result.household_income
    return {
        "household_income": int(income) if income == income.to_integral_value() else render_amount(income),
        "total_monthly_fee": int(result.total_monthly_fee),
        "children": [
            {
                "id": child.id,
                "monthly_fee": int(child.monthly_fee),
                "steps": [
                    {"rule": step.rule, "legal_basis": step.legal_basis, "amount": render_amount(step.amount)}
                    for step in child.steps
                ],
                "outcome": str(child.outcome),
                "price_rule": str(child.price_rule),
                "granted": [str(g.rule) for g in child.granted],
                "refused": [{"rule": str(r.rule), "reason": str(r.reason)} for r in child.refused],
            }
            for child in result.children
        ],
        "warnings": list(result.warnings),
        "outcome": str(result.outcome),
    }


def _required(obj: Mapping, name: str, where: str):
    if name not in obj or obj[name] is None:
        raise InvalidInput(f"missing field: {where}{name}")
    return obj[name]


def _number(value, what: str, *, minimum: Decimal | None = None, above: Decimal | None = None) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"{what} must be a number, got {repr(value)[:40]}")
    number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    if not number.is_finite():
        raise InvalidInput(f"{what} must be a finite number")
    if minimum is not None and number < minimum:
        message = "must not be negative" if minimum == 0 else f"must be at least {minimum}"
        raise InvalidInput(f"{what} {message}")
    if above is not None and number <= above:
        raise InvalidInput(f"{what} must be above {above}")
    return number


def _date(value, what: str) -> date:
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be an ISO date string (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{what} must be an ISO date (YYYY-MM-DD), got {value[:20]!r}") from None


def _municipality(value, service: str) -> Municipality:
    if value is None:
        if service == BARNEHAGE:
            raise InvalidInput("missing field: municipality (with zone) for barnehage")
        return Municipality()
    if not isinstance(value, Mapping):
        raise InvalidInput("municipality must be an object")
    zone = value.get("zone")
    if zone is None and service == BARNEHAGE:
        raise InvalidInput("missing field: municipality.zone")
    if zone is not None and zone not in ZONES:
        raise InvalidInput(f"unknown zone {zone!r} (expected one of {', '.join(ZONES)})")
    hours = value.get("full_time_hours", 41)
    hours = _number(hours, "municipality.full_time_hours", above=Decimal(0))
    order = value.get("sibling_order", "oldest_first")
    return Municipality(zone=zone or "standard", full_time_hours=hours, sibling_order=order,
                        choices=_choices(value), moderation=_moderation(value, service))


def _choices(value: Mapping) -> tuple[KommuneChoice, ...]:
    """Optional ``sfo_order`` and ``sfo_sibling_discount`` ([percent child 2, percent child 3+])."""
    if value.get("sfo_order") is None and value.get("sfo_sibling_discount") is None:
        return ()
    discount = value.get("sfo_sibling_discount") or [0, 0]
    if not isinstance(discount, list) or len(discount) != 2:
        raise InvalidInput("municipality.sfo_sibling_discount must be [percent for child 2, percent for child 3+]")
    second, third = (_number(p, "municipality.sfo_sibling_discount", minimum=Decimal(0)) for p in discount)
    return (KommuneChoice(date.min, None, value.get("sfo_order") or "cap_first", second, third,
                          source="calculate_fee input"),)


def _moderation(value: Mapping, service: str) -> tuple[ModerationRuleSet, ...]:
    """Optional ``moderation``: the kommune's income bands, ``[{"income_from", "income_to", "monthly_price"}]``."""
    bands = value.get("moderation")
    if bands is None:
        return ()
    if not isinstance(bands, list) or not all(isinstance(b, Mapping) for b in bands):
        raise InvalidInput("municipality.moderation must be a list of income bands")
    parsed = tuple(
        ModerationBand(_number(b.get("income_from", 0), "moderation income_from", minimum=Decimal(0)),
                       None if b.get("income_to") is None else _number(b["income_to"], "moderation income_to"),
                       _number(_required(b, "monthly_price", "municipality.moderation[]."),
                               "moderation monthly_price", minimum=Decimal(0)))
        for b in bands)
    return (ModerationRuleSet(service, date.min, None, parsed, source="calculate_fee input"),)


def _income(household, classify: Classifier | None) -> tuple[Decimal, list[str]]:
    if not isinstance(household, Mapping):
        raise InvalidInput("household must be an object")
    has_income, has_bases = household.get("income") is not None, household.get("tax_bases") is not None
    if has_income == has_bases:
        raise InvalidInput("household needs exactly one of income or tax_bases")
    if has_income:
        return _number(household["income"], "household.income", minimum=Decimal(0)), []
    bases = household["tax_bases"]
    if not isinstance(bases, list) or not 1 <= len(bases) <= 2:
        raise InvalidInput("household.tax_bases must be a list of one or two response bodies (one per adult)")
    if classify is None:
        raise InvalidInput("household.tax_bases needs an income classifier (none was given)")
    items, warnings = [], []
    for position, (body, owner) in enumerate(zip(bases, (SOKER, EKTEFELLE_SAMBOER), strict=False)):
        where = f"household.tax_bases[{position}]"
        if not isinstance(body, Mapping):
            raise InvalidInput(f"{where} must be an object")
        if body.get("skjermet") is True and not body.get("grunnlag"):
            raise InvalidInput(f"{where} is skjermet without posts: document the income manually")
        if body.get("stadie") == "utkast":
            warnings.append(
                f"Inntekt for {'søker' if owner == SOKER else 'ektefelle/samboer'} er hentet fra utkast til "
                f"skattemelding (inntektsår {body.get('inntektsaar', '?')}), ikke fra skatteoppgjøret."
            )
        for item in classify(body):
            items.append(_item(item, owner, where))
    total = household_income(items)
    return total.total, warnings + list(total.warnings)


def _item(item, owner: str, where: str) -> ClassifiedIncomeItem:
    if isinstance(item, ClassifiedIncomeItem):
        return replace(item, owner=owner)
    if not isinstance(item, Mapping):
        raise InvalidInput(f"{where}: the classifier returned an item that is not a mapping")
    amount = item.get("beloep", item.get("amount"))
    income_class = item.get("class", item.get("income_class"))
    name = item.get("tekniskNavn", item.get("name", ""))
    if isinstance(amount, float):
        amount = Decimal(repr(amount))
    return ClassifiedIncomeItem(amount=amount, income_class=income_class, owner=owner, name=str(name))


def _child(child, position: int, service: str, on: date):
    where = f"children[{position}]."
    if not isinstance(child, Mapping):
        raise InvalidInput(f"children[{position}] must be an object")
    child_id = _required(child, "id", where)
    if not isinstance(child_id, str):
        raise InvalidInput(f"{where}id must be a string")
    hours = _number(_required(child, "weekly_hours", where), f"{where}weekly_hours", above=Decimal(0))
    price = _number(_required(child, "monthly_price", where), f"{where}monthly_price", minimum=Decimal(0))
    if service == BARNEHAGE:
        birth = _date(_required(child, "birth_date", where), f"{where}birth_date")
        if birth > on:
            raise InvalidInput(f"{where}birth_date is after date")
        deferred = child.get("deferred_school_start", False)
        if not isinstance(deferred, bool):
            raise InvalidInput(f"{where}deferred_school_start must be true or false")
        return BarnehageChild(child_id, birth, hours, price, deferred)
    grade = _required(child, "grade", where)
    if isinstance(grade, bool) or not isinstance(grade, int) or not 1 <= grade <= 7:
        raise InvalidInput(f"{where}grade must be a whole number from 1 to 7 (trinn)")
    return SfoPupil(child_id, grade, hours, price)
