"""From prices per period to amounts per month, and what changed against what was billed before.

Plain Python over frozen dataclasses (no Django), so the billing rules of docs/billing.md can be read
and tested on their own:

- ``portions``: each child's fee periods (a vedtak's price from a date to a date) cut into calendar
  months. A month the price covers only in part is billed by calendar day: the month's amount is
  ``monthly price × days / days in the month``, summed over the month's parts and rounded **down** once
  per child and month (never more than the vedtak allows; docs/reference/rules.md § 2: round down).
  Each part's line gets the difference of the rounded running sums, so the lines add up to that amount.
- ``compare``: the lines of a new export from those portions and the billed state of the earlier
  exports (``Billed``): months not billed yet become charge lines marked new / changed / unchanged /
  ended; months billed before whose amount is now different get one correction line with the difference.
"""
import calendar
import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import ROUND_FLOOR, Decimal

NEW, CHANGED, UNCHANGED, ENDED = "new", "changed", "unchanged", "ended"
CHARGE, CORRECTION = "charge", "correction"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def next_month(day: dt.date) -> dt.date:
    return month_end(day) + dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class FeePeriod:
    """One child's price under one vedtak from ``start`` to ``end`` (both inclusive), in whole kroner.

    ``price_from`` is where this price began in the vedtak (the segment's own start), used as the date
    a change is marked from. ``outcome``, ``price_rule`` and ``reasons`` are the outcome's enum values.
    """

    child_key: str
    child_id: int
    decision_id: int
    case_id: int
    start: dt.date
    end: dt.date
    reduced: int
    ordinary: int
    price_from: dt.date
    outcome: str = ""
    price_rule: str = ""
    reasons: tuple[str, ...] = ()
    place: str = ""


@dataclass(frozen=True, slots=True)
class Portion:
    """The part of one month a fee period covers, with the amounts billed for it."""

    period: FeePeriod
    month: dt.date
    start: dt.date
    end: dt.date
    ordinary_amount: int
    reduced_amount: int

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def days_in_month(self) -> int:
        return calendar.monthrange(self.month.year, self.month.month)[1]


def _floor(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def portions(periods, through: dt.date) -> dict[tuple[str, dt.date], list[Portion]]:
    """Every (child, month) up to and including ``through``'s month, with its parts in date order."""
    last_day = month_end(through)
    parts: dict[tuple[str, dt.date], list[tuple[FeePeriod, dt.date, dt.date]]] = {}
    for period in periods:
        start, end = period.start, min(period.end, last_day)
        while start <= end:
            stop = min(end, month_end(start))
            parts.setdefault((period.child_key, month_start(start)), []).append((period, start, stop))
            start = stop + dt.timedelta(days=1)
    result = {}
    for key, items in parts.items():
        items.sort(key=lambda item: (item[1], item[0].decision_id))
        month = key[1]
        days_in_month = Decimal(calendar.monthrange(month.year, month.month)[1])
        exact_ordinary = exact_reduced = Decimal(0)
        billed_ordinary = billed_reduced = 0
        out = []
        for period, start, stop in items:
            days = Decimal((stop - start).days + 1)
            exact_ordinary += Decimal(period.ordinary) * days / days_in_month
            exact_reduced += Decimal(period.reduced) * days / days_in_month
            ordinary, reduced = _floor(exact_ordinary) - billed_ordinary, _floor(exact_reduced) - billed_reduced
            billed_ordinary += ordinary
            billed_reduced += reduced
            out.append(Portion(period, month, start, stop, ordinary, reduced))
        result[key] = out
    return result


@dataclass(frozen=True, slots=True)
class BilledLine:
    """A line an earlier export gave (charge or correction), as far as the comparison needs it."""

    child_key: str
    month: dt.date
    period_from: dt.date
    decision_id: int
    reduced_price: int
    ordinary_amount: int
    reduced_amount: int


@dataclass
class Billed:
    """What the billing system holds after the exports the new one follows (their lines summed)."""

    lines: list[BilledLine] = field(default_factory=list)

    def __post_init__(self):
        self.totals: dict[tuple[str, dt.date], tuple[int, int]] = {}
        self.prices: dict[tuple[str, dt.date], set[tuple[int, int]]] = {}
        self.last: dict[str, BilledLine] = {}
        for line in self.lines:
            key = (line.child_key, line.month)
            ordinary, reduced = self.totals.get(key, (0, 0))
            self.totals[key] = (ordinary + line.ordinary_amount, reduced + line.reduced_amount)
            self.prices.setdefault(key, set()).add((line.decision_id, line.reduced_price))
            previous = self.last.get(line.child_key)
            if previous is None or (line.month, line.period_from) >= (previous.month, previous.period_from):
                self.last[line.child_key] = line


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the new export (the fields of docs/billing.md; vedtak and child by id)."""

    line_type: str
    change: str
    change_date: dt.date | None
    period: FeePeriod
    month: dt.date
    period_from: dt.date
    period_to: dt.date
    ordinary_amount: int
    reduced_amount: int

    @property
    def days(self) -> int:
        return (self.period_to - self.period_from).days + 1

    @property
    def days_in_month(self) -> int:
        return calendar.monthrange(self.month.year, self.month.month)[1]


def _ends(periods) -> dict[str, dt.date]:
    ends: dict[str, dt.date] = {}
    for period in periods:
        ends[period.child_key] = max(ends.get(period.child_key, period.end), period.end)
    return ends


def compare(periods, billed: Billed, through: dt.date, *, fallback: dict[str, FeePeriod] | None = None) -> list[Line]:
    """The lines of a new export up to ``through``'s month, given what ``billed`` already holds.

    ``fallback`` gives, per child, the latest vedtak in force of its case: what a correction refers to when
    the child's price ended (opphør) — its prices are 0, its vedtak is the one that ended the price.
    """
    periods = list(periods)
    current = portions(periods, through)
    ends = _ends(periods)
    lines: list[Line] = []
    last_price = {key: line.reduced_price for key, line in billed.last.items()}
    for (child_key, month), parts in sorted(current.items(), key=lambda item: (item[0][0], item[0][1])):
        end = ends[child_key]
        if (child_key, month) in billed.totals:
            lines.extend(_correction(parts, billed, end, (fallback or {}).get(child_key)))
            continue
        for part in parts:
            before = last_price.get(child_key)
            if before is None:
                change, date = NEW, part.start
            elif before != part.period.reduced:
                change, date = CHANGED, part.period.price_from
            else:
                change, date = UNCHANGED, None
            if part.end == end:  # the reduced price ends here (end of the vedtak, opphør): ended wins
                change, date = ENDED, end + dt.timedelta(days=1)
            lines.append(Line(CHARGE, change, date, part.period, month, part.start, part.end,
                              part.ordinary_amount, part.reduced_amount))
            last_price[child_key] = part.period.reduced
    lines.extend(_removed(current, billed, ends, through, fallback or {}))
    lines.sort(key=lambda line: (line.period.child_key, line.month, line.line_type != CORRECTION, line.period_from))
    return lines


def _correction(parts: list[Portion], billed: Billed, end: dt.date, ender: FeePeriod | None) -> list[Line]:
    key = (parts[0].period.child_key, parts[0].month)
    ordinary_before, reduced_before = billed.totals[key]
    ordinary = sum(p.ordinary_amount for p in parts)
    reduced = sum(p.reduced_amount for p in parts)
    if (ordinary, reduced) == (ordinary_before, reduced_before):
        return []
    known = billed.prices.get(key, set())
    changed = next((p for p in parts if (p.period.decision_id, p.period.reduced) not in known), parts[-1])
    month = parts[0].month
    period = parts[-1].period
    if end < month_end(month):
        change, date = ENDED, end + dt.timedelta(days=1)
        if ender is not None and ender.price_from > end:  # the vedtak that ended the price (opphør)
            period = replace(period, decision_id=ender.decision_id)
    else:
        change, date = CHANGED, changed.period.price_from
    return [Line(CORRECTION, change, date, period, month, month, month_end(month),
                 ordinary - ordinary_before, reduced - reduced_before)]


def _removed(current, billed: Billed, ends, through: dt.date, fallback: dict[str, FeePeriod]) -> list[Line]:
    """Months billed before that no price covers any more (a retroactive opphør): credit them in full."""
    lines = []
    limit = month_start(through)
    for (child_key, month), (ordinary, reduced) in sorted(billed.totals.items()):
        if (child_key, month) in current or month > limit or (ordinary, reduced) == (0, 0):
            continue
        period = fallback.get(child_key) or _period_for(child_key, current)
        if period is None:
            continue
        end = ends.get(child_key)
        date = end + dt.timedelta(days=1) if end else period.price_from
        lines.append(Line(CORRECTION, ENDED, date, period, month, month, month_end(month), -ordinary, -reduced))
    return lines


def _period_for(child_key: str, current) -> FeePeriod | None:
    """The latest current period of the child (when no vedtak that ended the price is known)."""
    latest = [parts[-1].period for (key, _), parts in sorted(current.items()) if key == child_key]
    return latest[-1] if latest else None
