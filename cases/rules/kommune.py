"""The kommune's own dated choices as plain engine inputs: SFO order, SFO sibling discount, moderation.

The regulation does not settle whether the SFO 6 % cap or the 12 free hours comes first, a kommune's
own SFO sibling discount is municipal, and the new barnehageloven § 20 lets a kommune set lower prices
by its own forskrift (docs/reference/rules.md § 11). Each choice is dated; the engine picks the one in
force on the date and splits a decision period where one starts or ends (``periods.py``).
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .errors import InputProblem, InvalidInput
from .numbers import to_decimal

SERVICES = ("barnehage", "sfo")


def _set(obj, name: str, value) -> None:
    object.__setattr__(obj, name, value)


# The kommune's SFO order (docs/rules.md § 3.1): the regulation does not say whether the 6 % cap or the
# 12 free hours comes first (docs/reference/rules.md § 11), so it is the kommune's dated choice.
SFO_CAP_FIRST = "cap_first"
SFO_FREE_HOURS_FIRST = "free_hours_first"
SFO_ORDERS = (SFO_CAP_FIRST, SFO_FREE_HOURS_FIRST)


def _covers(obj, on: date) -> bool:
    return obj.valid_from <= on and (obj.valid_to is None or on <= obj.valid_to)


@dataclass(frozen=True, slots=True)
class KommuneChoice:
    """The kommune's dated SFO choices: the order of cap and free hours, and its own sibling discount.

    ``sfo_sibling_percent_2`` / ``_3``: percent off for SFO child no. 2 / no. 3 and further (0 = none;
    there is no national SFO sibling discount). ``source``: the kommune's forskrift or vedtekter.
    """

    valid_from: date
    valid_to: date | None = None
    sfo_order: str = SFO_CAP_FIRST
    sfo_sibling_percent_2: Decimal = Decimal(0)
    sfo_sibling_percent_3: Decimal = Decimal(0)
    source: str = ""

    def __post_init__(self) -> None:
        if self.sfo_order not in SFO_ORDERS:
            raise InvalidInput(f"unknown sfo_order {self.sfo_order!r} (expected one of {', '.join(SFO_ORDERS)})",
                               code=InputProblem.UNKNOWN_SFO_ORDER)
        for name in ("sfo_sibling_percent_2", "sfo_sibling_percent_3"):
            value = to_decimal(getattr(self, name), name)
            if not 0 <= value <= 100:
                raise InvalidInput(f"{name} must be between 0 and 100", code=InputProblem.PERCENT_OUT_OF_RANGE)
            _set(self, name, value)

    def covers(self, on: date) -> bool:
        return _covers(self, on)


@dataclass(frozen=True, slots=True)
class ModerationBand:
    """One income band of a kommunal moderation rule set: income from (incl.) to (excl.) → monthly price."""

    income_from: Decimal
    income_to: Decimal | None
    monthly_price: Decimal

    def __post_init__(self) -> None:
        for name in ("income_from", "monthly_price"):
            value = to_decimal(getattr(self, name), name)
            if value < 0:
                raise InvalidInput(f"moderation band: {name} must not be negative",
                                   code=InputProblem.MODERATION_BAND_NEGATIVE)
            _set(self, name, value)
        if self.income_to is not None:
            upper = to_decimal(self.income_to, "income_to")
            if upper <= self.income_from:
                raise InvalidInput("moderation band: income_to must be above income_from",
                                   code=InputProblem.MODERATION_BAND_INVERTED)
            _set(self, "income_to", upper)

    def covers(self, income: Decimal) -> bool:
        return self.income_from <= income and (self.income_to is None or income < self.income_to)


@dataclass(frozen=True, slots=True)
class ModerationRuleSet:
    """The kommune's own lower prices by income band (kommunal moderasjon), dated, per service.

    Applied per child when its band price is lower than the national result (docs/rules.md § 7).
    """

    service: str
    valid_from: date
    valid_to: date | None
    bands: tuple[ModerationBand, ...]
    source: str = ""

    def __post_init__(self) -> None:
        if self.service not in SERVICES:
            raise InvalidInput(f"moderation rule set: unknown service {self.service!r}",
                               code=InputProblem.UNKNOWN_SERVICE)
        _set(self, "bands", tuple(self.bands))

    def covers(self, on: date) -> bool:
        return _covers(self, on)

    def band_for(self, income: Decimal) -> ModerationBand | None:
        return next((band for band in self.bands if band.covers(income)), None)
