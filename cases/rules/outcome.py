"""Structured outcome of the rules engine: rule ids, reason codes, outcome per child and per decision.

Pure data (enums and frozen dataclasses), no text a family reads: every label is rendered at the edge
from ``cases.outcome_labels`` (one table per language). Nobody decides anything by reading prose.

- ``RuleId``: every rule the engine can apply (the ``rule`` of each step; the values are the strings the
  ``calculate_fee`` contract has always used).
- ``ReasonCode``: why a reduction was checked and not given.
- ``Outcome``: innvilget / delvis / avslag, computed from structure (``outcome_of``).
- ``LegalBasis(act, section)``: a dated statutory reference as data (``Act`` names the law).
- ``Granted`` / ``Refused`` / ``ParameterUsed`` / ``FeeSegment`` / ``ChildOutcome`` / ``DecisionOutcome``.

Every dataclass has ``to_dict()`` (JSON-ready, stored on ``Decision.calculation["outcome"]``) and
``from_dict()`` (read back; unknown keys are ignored so later additions never break old rows).
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class RuleId(StrEnum):
    """A rule the engine applies to one child (the contract's step ``rule``)."""

    PRICE_OF_PLACE = "price_of_place"  # §§ 1–2 / the kommune's SFO price
    INCOME_CAP_6_PERCENT = "income_cap_6_percent"  # § 3b / the SFO 6 % rule
    SIBLING_DISCOUNT = "sibling_discount"  # § 3a søskenmoderasjon (barnehage)
    FREE_CORE_HOURS = "free_core_hours"  # § 3c gratis kjernetid, 20 hours
    FREE_SFO_HOURS = "free_sfo_hours"  # 12 free SFO hours
    FREE_PLACE_TILTAKSSONE = "free_place_tiltakssone"  # makspris 0 in tiltakssonen: free barnehage
    SFO_SIBLING_DISCOUNT = "sfo_sibling_discount"  # the kommune's own SFO sibling discount
    KOMMUNAL_MODERATION = "kommunal_moderation"  # the kommune's own income bands (more favourable)


# Reductions the family applies for because of its income: these decide innvilget/avslag.
INCOME_BASED_RULES = frozenset({RuleId.INCOME_CAP_6_PERCENT, RuleId.FREE_CORE_HOURS, RuleId.KOMMUNAL_MODERATION})


class ReasonCode(StrEnum):
    """Why a rule was checked and not applied to a child."""

    INCOME_NOT_BELOW_CAP = "income_not_below_cap"  # 6 % of income / months is not below the fee
    INCOME_NOT_BELOW_LIMIT = "income_not_below_limit"  # kjernetid: income not below Stortinget's limit
    NOT_YET_ELIGIBLE_AGE = "not_yet_eligible_age"  # kjernetid starts later (``applies_from``)
    SCHOOL_START_REACHED = "school_start_reached"  # kjernetid ends at school start
    FEE_ALREADY_ZERO = "fee_already_zero"  # nothing left to reduce
    TRINN_NOT_COVERED = "trinn_not_covered"  # SFO 6 % rule does not cover this trinn on the date
    NO_FREE_HOURS_FOR_TRINN = "no_free_hours_for_trinn"  # no national free SFO hours for this trinn
    NATIONAL_RULES_MORE_FAVOURABLE = "national_rules_more_favourable"  # kommunal band not lower
    INCOME_ABOVE_KOMMUNAL_BANDS = "income_above_kommunal_bands"  # no kommunal band covers the income


# Reasons that refuse what the family applied for (they make an outcome delvis or avslag).
REFUSING_REASONS = frozenset({
    ReasonCode.INCOME_NOT_BELOW_CAP, ReasonCode.INCOME_NOT_BELOW_LIMIT, ReasonCode.TRINN_NOT_COVERED,
})


class Outcome(StrEnum):
    """The result of the application, per segment, child and decision."""

    INNVILGET = "innvilget"
    DELVIS = "delvis"
    AVSLAG = "avslag"


class Act(StrEnum):
    """A law or regulation a step rests on (rendered by ``cases.outcome_labels.act_label``)."""

    FORSKRIFT_FORELDREBETALING = "forskrift_foreldrebetaling"  # FOR-2005-12-16-1478
    BARNEHAGELOVEN = "barnehageloven"  # § 15 until 2026-07-31, § 20 from 2026-08-01
    OPPLAERINGSLOVA_1998 = "opplaeringslova_1998"  # § 13-7
    FORSKRIFT_OPPLAERINGSLOVA_1998 = "forskrift_opplaeringslova_1998"  # kap. 1B
    OPPLAERINGSLOVA_2023 = "opplaeringslova_2023"  # LOV-2023-06-09-30 § 4-5
    OPPLAERINGSFORSKRIFTA_2024 = "opplaeringsforskrifta_2024"  # FOR-2024-06-03-900 kap. 2
    KOMMUNAL_FORSKRIFT = "kommunal_forskrift"  # the kommune's own forskrift / vedtekter


def _d(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _text(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _day(value) -> date | None:
    return None if value in (None, "") else date.fromisoformat(value)


@dataclass(frozen=True, slots=True)
class LegalBasis:
    """One statutory reference: ``LegalBasis(Act.FORSKRIFT_FORELDREBETALING, "§ 3b")``."""

    act: Act
    section: str = ""

    def to_dict(self) -> dict:
        return {"act": str(self.act), "section": self.section}

    @classmethod
    def from_dict(cls, data: dict) -> "LegalBasis":
        return cls(Act(data["act"]), data.get("section", ""))


@dataclass(frozen=True, slots=True)
class ParameterUsed:
    """A parameter row the calculation used: what, how much, from when, and on what authority."""

    key: str
    qualifier: str
    value: Decimal
    valid_from: date
    valid_to: date | None
    source: str
    verified: bool

    def to_dict(self) -> dict:
        return {"key": self.key, "qualifier": self.qualifier, "value": _text(self.value),
                "valid_from": self.valid_from.isoformat(),
                "valid_to": self.valid_to.isoformat() if self.valid_to else None,
                "source": self.source, "verified": self.verified}

    @classmethod
    def from_dict(cls, data: dict) -> "ParameterUsed":
        return cls(data["key"], data.get("qualifier", ""), _d(data["value"]), _day(data["valid_from"]),
                   _day(data.get("valid_to")), data.get("source", ""), bool(data.get("verified")))


@dataclass(frozen=True, slots=True)
class Granted:
    """A reduction given to one child: the amount before and after (exact), and its facts.

    Optional facts, set where they mean something: ``percent`` (sibling discount), ``free_hours`` and
    ``of_hours`` (free hours out of the weekly hours counted), ``child_number`` (sibling rank),
    ``limit`` (the income limit or the monthly cap that made it apply).
    """

    rule: RuleId
    basis: tuple[LegalBasis, ...]
    amount_before: Decimal
    amount_after: Decimal
    percent: Decimal | None = None
    free_hours: Decimal | None = None
    of_hours: Decimal | None = None
    child_number: int | None = None
    limit: Decimal | None = None

    def to_dict(self) -> dict:
        return {"rule": str(self.rule), "basis": [b.to_dict() for b in self.basis],
                "amount_before": _text(self.amount_before), "amount_after": _text(self.amount_after),
                "percent": _text(self.percent), "free_hours": _text(self.free_hours),
                "of_hours": _text(self.of_hours), "child_number": self.child_number, "limit": _text(self.limit)}

    @classmethod
    def from_dict(cls, data: dict) -> "Granted":
        return cls(RuleId(data["rule"]), tuple(LegalBasis.from_dict(b) for b in data.get("basis") or ()),
                   _d(data["amount_before"]), _d(data["amount_after"]), _d(data.get("percent")),
                   _d(data.get("free_hours")), _d(data.get("of_hours")), data.get("child_number"),
                   _d(data.get("limit")))


@dataclass(frozen=True, slots=True)
class Refused:
    """A reduction checked and not given, with the reason code and the figure it was measured against.

    ``limit``: the income limit (kjernetid), the monthly 6 % cap, or the kommunal band price;
    ``applies_from``: the date a not-yet-eligible rule starts (kjernetid age) or school start.
    ``refuses`` says whether this counts against the application (``REFUSING_REASONS``).
    """

    rule: RuleId
    reason: ReasonCode
    basis: tuple[LegalBasis, ...] = ()
    limit: Decimal | None = None
    applies_from: date | None = None

    @property
    def refuses(self) -> bool:
        return self.reason in REFUSING_REASONS

    def to_dict(self) -> dict:
        return {"rule": str(self.rule), "reason": str(self.reason), "basis": [b.to_dict() for b in self.basis],
                "limit": _text(self.limit),
                "applies_from": self.applies_from.isoformat() if self.applies_from else None}

    @classmethod
    def from_dict(cls, data: dict) -> "Refused":
        return cls(RuleId(data["rule"]), ReasonCode(data["reason"]),
                   tuple(LegalBasis.from_dict(b) for b in data.get("basis") or ()), _d(data.get("limit")),
                   _day(data.get("applies_from")))


def outcome_of(granted, refused, monthly_fee: Decimal) -> Outcome:
    """Innvilget / delvis / avslag from structure alone.

    A fee of 0 is always innvilget (nothing is left to grant: tiltakssonen, three siblings, ...).
    Otherwise: an income-based reduction given and none refused → innvilget; given and one refused →
    delvis; none given → avslag.
    """
    if monthly_fee <= 0:
        return Outcome.INNVILGET
    given = any(g.rule in INCOME_BASED_RULES or g.rule == RuleId.FREE_PLACE_TILTAKSSONE for g in granted)
    denied = any(r.refuses for r in refused)
    if given:
        return Outcome.DELVIS if denied else Outcome.INNVILGET
    return Outcome.AVSLAG


def combine(outcomes) -> Outcome:
    """All innvilget → innvilget; all avslag → avslag; otherwise delvis (an empty list is avslag)."""
    outcomes = list(outcomes)
    if outcomes and all(o == Outcome.INNVILGET for o in outcomes):
        return Outcome.INNVILGET
    if all(o == Outcome.AVSLAG for o in outcomes):
        return Outcome.AVSLAG
    return Outcome.DELVIS


@dataclass(frozen=True, slots=True)
class FeeSegment:
    """One child's fee from ``valid_from`` to ``valid_to`` (both inclusive): «fra og med → pris per måned».

    ``monthly_fee`` is whole kroner (rounded down); ``unrounded_fee`` is exact. ``price_rule`` is the rule
    that gave the final price (the last step that set it, or ``KOMMUNAL_MODERATION`` when the kommune's
    band was more favourable). ``statute`` is the dated statutory basis (barnehageloven § 15 / § 20, or
    the SFO act) in force on ``valid_from``.
    """

    valid_from: date
    valid_to: date
    monthly_fee: int
    unrounded_fee: Decimal
    outcome: Outcome
    price_rule: RuleId
    granted: tuple[Granted, ...] = ()
    refused: tuple[Refused, ...] = ()
    statute: tuple[LegalBasis, ...] = ()

    def to_dict(self) -> dict:
        return {"valid_from": self.valid_from.isoformat(), "valid_to": self.valid_to.isoformat(),
                "monthly_fee": int(self.monthly_fee), "unrounded_fee": _text(self.unrounded_fee),
                "outcome": str(self.outcome), "price_rule": str(self.price_rule),
                "granted": [g.to_dict() for g in self.granted], "refused": [r.to_dict() for r in self.refused],
                "statute": [b.to_dict() for b in self.statute]}

    @classmethod
    def from_dict(cls, data: dict) -> "FeeSegment":
        return cls(_day(data["valid_from"]), _day(data["valid_to"]), int(data["monthly_fee"]),
                   _d(data["unrounded_fee"]), Outcome(data["outcome"]), RuleId(data["price_rule"]),
                   tuple(Granted.from_dict(g) for g in data.get("granted") or ()),
                   tuple(Refused.from_dict(r) for r in data.get("refused") or ()),
                   tuple(LegalBasis.from_dict(b) for b in data.get("statute") or ()))


def _unique(items, key):
    seen, out = set(), []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class ChildOutcome:
    """Everything decided for one child over the decision's period, segment by segment."""

    child_id: str
    segments: tuple[FeeSegment, ...]
    parameters: tuple[ParameterUsed, ...] = ()

    @property
    def outcome(self) -> Outcome:
        return combine(s.outcome for s in self.segments)

    @property
    def granted(self) -> tuple[Granted, ...]:
        """Each reduction given in any segment (first occurrence per rule)."""
        return _unique((g for s in self.segments for g in s.granted), lambda g: g.rule)

    @property
    def refused(self) -> tuple[Refused, ...]:
        """Each (rule, reason) refused in any segment (first occurrence)."""
        return _unique((r for s in self.segments for r in s.refused), lambda r: (r.rule, r.reason))

    def fee_on(self, day: date) -> int | None:
        for segment in self.segments:
            if segment.valid_from <= day <= segment.valid_to:
                return segment.monthly_fee
        return None

    def to_dict(self) -> dict:
        return {"child_id": self.child_id, "outcome": str(self.outcome),
                "segments": [s.to_dict() for s in self.segments],
                "parameters": [p.to_dict() for p in self.parameters]}

    @classmethod
    def from_dict(cls, data: dict) -> "ChildOutcome":
        return cls(str(data["child_id"]), tuple(FeeSegment.from_dict(s) for s in data.get("segments") or ()),
                   tuple(ParameterUsed.from_dict(p) for p in data.get("parameters") or ()))


@dataclass(frozen=True, slots=True)
class DecisionOutcome:
    """The whole decision: per child outcome and segments, the dates where the fee changes."""

    service: str
    valid_from: date
    valid_to: date
    children: tuple[ChildOutcome, ...] = field(default=())

    @property
    def outcome(self) -> Outcome:
        return combine(c.outcome for c in self.children)

    @property
    def change_dates(self) -> tuple[date, ...]:
        """Every date a segment starts (the first is ``valid_from``)."""
        return tuple(sorted({s.valid_from for c in self.children for s in c.segments}))

    @property
    def statutes(self) -> tuple[LegalBasis, ...]:
        return _unique((b for c in self.children for s in c.segments for b in s.statute), lambda b: b)

    @property
    def parameters(self) -> tuple[ParameterUsed, ...]:
        return _unique((p for c in self.children for p in c.parameters),
                       lambda p: (p.key, p.qualifier, p.valid_from))

    @property
    def unverified_parameters(self) -> tuple[ParameterUsed, ...]:
        return tuple(p for p in self.parameters if not p.verified)

    def child(self, child_id) -> ChildOutcome | None:
        return next((c for c in self.children if c.child_id == str(child_id)), None)

    def to_dict(self) -> dict:
        return {"service": self.service, "valid_from": self.valid_from.isoformat(),
                "valid_to": self.valid_to.isoformat(), "outcome": str(self.outcome),
                "children": [c.to_dict() for c in self.children]}

    @classmethod
    def from_dict(cls, data: dict) -> "DecisionOutcome":
        return cls(data["service"], _day(data["valid_from"]), _day(data["valid_to"]),
                   tuple(ChildOutcome.from_dict(c) for c in data.get("children") or ()))
