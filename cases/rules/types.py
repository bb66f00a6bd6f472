"""Inputs and results of the rules engine: frozen dataclasses, ``Decimal`` money.

Inputs validate themselves on construction and raise ``InvalidInput``; ints and numeric strings are
accepted for amounts and converted to ``Decimal``, binary floats are refused (they are not exact).
Results carry, per child, every step applied with its legal basis, so a vedtak can show the arithmetic.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from .errors import InputProblem, InvalidInput
from .kommune import (  # noqa: F401  (re-exported)
    SFO_CAP_FIRST,
    SFO_FREE_HOURS_FIRST,
    SFO_ORDERS,
    KommuneChoice,
    ModerationBand,
    ModerationRuleSet,
)
from .money import exact_text
from .numbers import to_decimal  # noqa: F401  (re-exported)
from .outcome import Granted, LegalBasis, Outcome, Refused, RuleId, combine, outcome_of
from .parameters import ParameterRow

BARNEHAGE = "barnehage"
SFO = "sfo"
SERVICES = (BARNEHAGE, SFO)

ZONE_STANDARD = "standard"
ZONE_SENTRALITET_5_6 = "sentralitet_5_6"
ZONE_TILTAKSSONE = "tiltakssone"
ZONES = (ZONE_STANDARD, ZONE_SENTRALITET_5_6, ZONE_TILTAKSSONE)

OLDEST_FIRST = "oldest_first"
YOUNGEST_FIRST = "youngest_first"
MOST_EXPENSIVE_FIRST = "most_expensive_first"
LEAST_EXPENSIVE_FIRST = "least_expensive_first"
SIBLING_ORDERS = (OLDEST_FIRST, YOUNGEST_FIRST, MOST_EXPENSIVE_FIRST, LEAST_EXPENSIVE_FIRST)

# Forskrift om foreldrebetaling § 1: a full-day place is an agreed stay of at least 41 hours a week.
FULL_DAY_HOURS = Decimal(41)
MAX_WEEKLY_HOURS = Decimal(168)
# The kommune's basis for the kjernetid deduction (docs/reference/rules.md § 9.6), same bounds as the Django model.
MIN_BASIS_HOURS = Decimal(20)
MAX_BASIS_HOURS = Decimal(60)


def _set(obj, name: str, value) -> None:
    object.__setattr__(obj, name, value)


@dataclass(frozen=True, slots=True)
class Municipality:
    """The kommune's choices the law leaves open (docs/reference/rules.md § 9.6, § 9.8) and its makspris zone."""

    zone: str = ZONE_STANDARD
    full_time_hours: Decimal = FULL_DAY_HOURS
    sibling_order: str = OLDEST_FIRST
    choices: tuple[KommuneChoice, ...] = ()
    moderation: tuple[ModerationRuleSet, ...] = ()

    def __post_init__(self) -> None:
        if self.zone not in ZONES:
            raise InvalidInput(f"unknown zone {self.zone!r} (expected one of {', '.join(ZONES)})",
                               code=InputProblem.UNKNOWN_ZONE)
        if self.sibling_order not in SIBLING_ORDERS:
            raise InvalidInput(
                f"unknown sibling_order {self.sibling_order!r} (expected one of {', '.join(SIBLING_ORDERS)})",
                code=InputProblem.UNKNOWN_SIBLING_ORDER)
        hours = to_decimal(self.full_time_hours, "full_time_hours")
        if not MIN_BASIS_HOURS <= hours <= MAX_BASIS_HOURS:
            raise InvalidInput("full_time_hours must be between 20 and 60 (weekly hours of a full-time place)",
                               code=InputProblem.FULL_TIME_HOURS_OUT_OF_RANGE)
        _set(self, "full_time_hours", hours)
        _set(self, "choices", tuple(self.choices))
        _set(self, "moderation", tuple(self.moderation))

    def choice_on(self, on: date) -> KommuneChoice | None:
        """The kommune's SFO choices in force on ``on`` (None: cap first, no SFO sibling discount)."""
        return next((c for c in self.choices if c.covers(on)), None)

    def moderation_on(self, service: str, on: date) -> ModerationRuleSet | None:
        return next((m for m in self.moderation if m.service == service and m.covers(on)), None)

    def change_dates(self) -> set[date]:
        """Every date a kommune choice or moderation rule set starts or ends (for period splitting)."""
        days: set[date] = set()
        for item in (*self.choices, *self.moderation):
            days.add(item.valid_from)
            if item.valid_to is not None:
                days.add(item.valid_to + timedelta(days=1))
        return days


def _child_id(obj) -> str | None:
    return obj.id if isinstance(obj.id, str) else None


def _check_hours_and_price(obj, where: str) -> None:
    hours = to_decimal(obj.weekly_hours, f"{where}: weekly_hours", child_id=_child_id(obj))
    if not Decimal(0) < hours <= MAX_WEEKLY_HOURS:
        raise InvalidInput(f"{where}: weekly_hours must be above 0 and at most 168",
                           code=InputProblem.WEEKLY_HOURS_OUT_OF_RANGE, child_id=_child_id(obj))
    price = to_decimal(obj.monthly_price, f"{where}: monthly_price", child_id=_child_id(obj))
    if price < 0:
        raise InvalidInput(f"{where}: monthly_price must not be negative", code=InputProblem.NEGATIVE_PRICE,
                           child_id=_child_id(obj))
    if not isinstance(obj.id, str):
        raise InvalidInput(f"{where}: id must be a string",
                           code=InputProblem.MALFORMED)
    _set(obj, "weekly_hours", hours)
    _set(obj, "monthly_price", price)


@dataclass(frozen=True, slots=True)
class BarnehageChild:
    """A child with a barnehage place: agreed weekly hours and the kommune's monthly price (no kost)."""

    id: str
    birth_date: date
    weekly_hours: Decimal
    monthly_price: Decimal
    deferred_school_start: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.birth_date, date):
            raise InvalidInput("barnehage child: birth_date must be a date",
                               code=InputProblem.MALFORMED)
        if not isinstance(self.deferred_school_start, bool):
            raise InvalidInput("barnehage child: deferred_school_start must be true or false",
                               code=InputProblem.MALFORMED)
        _check_hours_and_price(self, "barnehage child")


@dataclass(frozen=True, slots=True)
class SfoPupil:
    """A pupil with an SFO place: trinn 1–7, agreed weekly hours, the kommune's monthly SFO price."""

    id: str
    grade: int
    weekly_hours: Decimal
    monthly_price: Decimal

    def __post_init__(self) -> None:
        if isinstance(self.grade, bool) or not isinstance(self.grade, int) or not 1 <= self.grade <= 7:
            raise InvalidInput("SFO pupil: grade (trinn) must be a whole number from 1 to 7",
                               code=InputProblem.GRADE_OUT_OF_RANGE, child_id=_child_id(self))
        _check_hours_and_price(self, "SFO pupil")


@dataclass(frozen=True, slots=True)
class HouseholdInput:
    """One household, one service: its yearly counted income and its children with places.

    ``income`` is personinntekt + kapitalinntekt for the household (see ``income.household_income``);
    ``income_warnings`` are carried into the result (unknown income items, documented income, …).
    All children of the household with a place in the service must be listed: sibling order and
    "three or more in barnehage at the same time" are read from this list.
    """

    service: str
    municipality: Municipality
    income: Decimal
    children: tuple
    income_warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.service not in SERVICES:
            raise InvalidInput(f"unknown service {self.service!r} (expected barnehage or sfo)",
                               code=InputProblem.UNKNOWN_SERVICE)
        if not isinstance(self.municipality, Municipality):
            raise InvalidInput("municipality must be a Municipality",
                               code=InputProblem.MALFORMED)
        income = to_decimal(self.income, "household income")
        if income < 0:
            raise InvalidInput("household income must not be negative", code=InputProblem.NEGATIVE_INCOME)
        children = tuple(self.children)
        if not children:
            raise InvalidInput("no children: at least one child is needed", code=InputProblem.NO_CHILDREN)
        expected = BarnehageChild if self.service == BARNEHAGE else SfoPupil
        for position, child in enumerate(children):
            if not isinstance(child, expected):
                raise InvalidInput(f"children[{position}] must be a {expected.__name__} for {self.service}",
                                   code=InputProblem.MALFORMED)
        if len({child.id for child in children}) != len(children):
            raise InvalidInput("children: every child needs a distinct id", code=InputProblem.DUPLICATE_CHILD)
        _set(self, "income", income)
        _set(self, "children", children)
        _set(self, "income_warnings", tuple(self.income_warnings))


@dataclass(frozen=True, slots=True)
class Step:
    """One rule applied to one child: the amount before and after, and why (bokmål note)."""

    rule: RuleId
    legal_basis: str
    amount_before: Decimal
    amount: Decimal
    note: str = ""
    basis: tuple[LegalBasis, ...] = ()

    def to_dict(self) -> dict:
        return {
            "rule": str(self.rule),
            "legal_basis": self.legal_basis,
            "amount_before": exact_text(self.amount_before),
            "amount": exact_text(self.amount),
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class ChildResult:
    """The fee for one child: the steps, the exact fee and the fee rounded down to whole kroner.

    ``notes`` explain rules checked but not applied (e.g. income not below the kjernetid limit), so
    the vedtak can give reasons for a refusal too.
    """

    id: str
    steps: tuple[Step, ...]
    unrounded_fee: Decimal
    monthly_fee: Decimal
    notes: tuple[str, ...] = ()
    granted: tuple[Granted, ...] = ()
    refused: tuple[Refused, ...] = ()
    price_rule: RuleId = RuleId.PRICE_OF_PLACE

    @property
    def outcome(self) -> Outcome:
        return outcome_of(self.granted, self.refused, self.monthly_fee)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "monthly_fee": int(self.monthly_fee),
            "unrounded_fee": exact_text(self.unrounded_fee),
            "steps": [step.to_dict() for step in self.steps],
            "notes": list(self.notes),
            "outcome": str(self.outcome),
            "price_rule": str(self.price_rule),
            "granted": [g.to_dict() for g in self.granted],
            "refused": [r.to_dict() for r in self.refused],
        }


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome for one household on one date, with the parameter rows used (for vedtak and audit)."""

    service: str
    on: date
    household_income: Decimal
    children: tuple[ChildResult, ...]
    total_monthly_fee: Decimal
    warnings: tuple[str, ...] = ()
    parameters_used: tuple[ParameterRow, ...] = field(default=())
    statute: tuple[LegalBasis, ...] = ()

    @property
    def outcome(self) -> Outcome:
        return combine(child.outcome for child in self.children)

    def to_dict(self) -> dict:
        """Everything, JSON-ready: amounts as exact decimal strings, fees as whole kroner."""
        return {
            "service": self.service,
            "date": self.on.isoformat(),
            "household_income": exact_text(self.household_income),
            "total_monthly_fee": int(self.total_monthly_fee),
            "children": [child.to_dict() for child in self.children],
            "warnings": list(self.warnings),
            "parameters_used": [row.to_dict() for row in self.parameters_used],
            "statute": [basis.to_dict() for basis in self.statute],
            "overall_outcome": str(self.outcome),
        }
