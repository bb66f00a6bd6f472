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

from .codes import (  # noqa: F401  (re-exported: the outcome API)
    INCOME_BASED_RULES,
    REFUSING_REASONS,
    Act,
    Outcome,
    ReasonCode,
    RuleId,
    combine,
    outcome_of,
)


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
