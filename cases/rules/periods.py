"""A decision period split into segments wherever something that sets the fee changes.

``calculate_period(household, start, end)`` computes the fee on ``start`` and on every later date in the
period where a parameter row starts or ends (makspris, kjernetid limit, percentages ...), a kommune choice
or moderation rule set starts or ends, the statutory basis changes (barnehageloven § 15 → § 20), a
child's kjernetid age or school start falls, or the caller says a place changes (``extra_dates``; pass
``household`` as a callable ``day -> HouseholdInput`` to give the place on each date). Adjacent segments
whose results are identical (same fees, steps, granted/refused, parameter rows, statute) are merged, so a
segment boundary always means something changed. After the first date, a barnehage price above a lowered
makspris is set down to makspris (forskrift § 1) rather than refused. Makspris changed on 1 January in 2019–2023
(docs/reference/rules.md § 11), so a 2022/23 barnehageår is two segments: 3 050 kr, then 3 000 kr.

The result has the segments (each a full ``Result``) and the structured ``DecisionOutcome``.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .barnehage import kjernetid_start, school_start
from .calculation import calculate
from .errors import InputProblem, InvalidInput
from .legal import STATUTE_CHANGE_DATES
from .outcome import ChildOutcome, DecisionOutcome, FeeSegment
from .parameters import ParameterTable
from .seed import default_table
from .types import BARNEHAGE, HouseholdInput, Result


@dataclass(frozen=True, slots=True)
class PeriodSegment:
    valid_from: date
    valid_to: date
    result: Result


@dataclass(frozen=True, slots=True)
class PeriodResult:
    segments: tuple[PeriodSegment, ...]
    outcome: DecisionOutcome

    @property
    def first(self) -> Result:
        return self.segments[0].result

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(w for s in self.segments for w in s.result.warnings))


def _candidates(household: HouseholdInput, table: ParameterTable, start: date, end: date) -> set[date]:
    days = table.change_dates(start, end) | household.municipality.change_dates() | set(STATUTE_CHANGE_DATES)
    if household.service == BARNEHAGE:
        for child in household.children:
            days.add(school_start(child))
            for min_age in (2, 3):
                days.add(kjernetid_start(child, min_age))
    return {day for day in days if start < day <= end}


def _same(a: Result, b: Result) -> bool:
    def key(result: Result):
        return (tuple((c.id, c.monthly_fee, c.unrounded_fee, tuple((s.rule, s.amount_before, s.amount)
                                                                    for s in c.steps), c.granted, c.refused,
                       c.price_rule) for c in result.children),
                result.parameters_used, result.statute)
    return key(a) == key(b)


def calculate_period(household: HouseholdInput | Callable[[date], HouseholdInput], start: date, end: date, *,
                     params: ParameterTable | None = None, extra_dates: Iterable[date] = ()) -> PeriodResult:
    """The fee of every child from ``start`` to ``end`` (inclusive), split where anything changes.

    Raises what ``calculate`` raises (``MissingParameter`` for any date in the period without a sourced row).
    """
    if not isinstance(start, date) or not isinstance(end, date) or end < start:
        raise InvalidInput("a period needs a start date and an end date on or after it",
                           code=InputProblem.INVALID_PERIOD)
    table = params if params is not None else default_table()
    household_on = household if callable(household) else (lambda _day, h=household: h)
    first = household_on(start)
    days = sorted(_candidates(first, table, start, end) | {d for d in extra_dates if start < d <= end})
    results: list[tuple[date, Result]] = [(start, calculate(first, on=start, params=table))]
    for day in days:
        result = calculate(household_on(day), on=day, params=table, price_at_most_makspris=True)
        if not _same(results[-1][1], result):
            results.append((day, result))
    segments = tuple(
        PeriodSegment(day, (results[i + 1][0] - timedelta(days=1)) if i + 1 < len(results) else end, result)
        for i, (day, result) in enumerate(results)
    )
    return PeriodResult(segments, _outcome(first.service, start, end, segments))


def _outcome(service: str, start: date, end: date, segments: tuple[PeriodSegment, ...]) -> DecisionOutcome:
    ids = [c.id for c in segments[0].result.children]
    children = []
    for child_id in ids:
        fee_segments, parameters = [], {}
        for segment in segments:
            child = next((c for c in segment.result.children if c.id == child_id), None)
            if child is None:
                continue
            fee_segments.append(FeeSegment(segment.valid_from, segment.valid_to, int(child.monthly_fee),
                                           child.unrounded_fee, child.outcome, child.price_rule, child.granted,
                                           child.refused, segment.result.statute))
            for row in segment.result.parameters_used:
                parameters.setdefault((row.key, row.qualifier, row.valid_from), row.used())
        children.append(ChildOutcome(child_id, _merge_fees(fee_segments), tuple(parameters.values())))
    return DecisionOutcome(service, start, end, tuple(children))


def _merge_fees(segments: list[FeeSegment]) -> tuple[FeeSegment, ...]:
    """Join a child's adjacent segments that differ only in things that do not touch this child."""
    merged: list[FeeSegment] = []
    for segment in segments:
        last = merged[-1] if merged else None
        if last is not None and (last.monthly_fee, last.unrounded_fee, last.outcome, last.price_rule, last.granted,
                                 last.refused, last.statute) == (
                segment.monthly_fee, segment.unrounded_fee, segment.outcome, segment.price_rule,
                segment.granted, segment.refused, segment.statute):
            merged[-1] = FeeSegment(last.valid_from, segment.valid_to, last.monthly_fee, last.unrounded_fee,
                                    last.outcome, last.price_rule, last.granted, last.refused, last.statute)
        else:
            merged.append(segment)
    return tuple(merged)
