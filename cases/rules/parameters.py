"""Dated legal parameters: one row per value and period, and a table that looks them up by date.

Every amount, limit and percentage in the law changes over time (docs/reference/rules.md § 1–5), so none is a
constant in code. A ``ParameterRow`` holds one value for one key (and qualifier: a zone, a sibling
number or a trinn) for a closed or open-ended period, with its source and a ``verified`` flag.
The Django model ``cases.models.parameters.LegalParameter`` mirrors these fields.

``ParameterTable.lookup`` finds the one row covering a date. It raises ``MissingParameter`` when no
row does, or when the row has no source (an unsourced value never decides; the engine never
guesses), and the constructor raises ``OverlappingParameters`` when two
rows for the same key and qualifier cover the same date.
"""
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .errors import MissingParameter, OverlappingParameters
from .money import exact_text
from .outcome import ParameterUsed

MAKSPRIS = "makspris"  # qualifier: zone
KJERNETID_INCOME_LIMIT = "kjernetid_income_limit"
KJERNETID_FREE_HOURS = "kjernetid_free_hours"
KJERNETID_MIN_AGE = "kjernetid_min_age"
SIBLING_DISCOUNT = "sibling_discount"  # qualifier: "2" or "3" (child no. 3 and further), percent
SIBLING_THIRD_CHILD_FREE = "sibling_third_child_free"  # 1 = child 3+ free when 3+ are in barnehage
INCOME_CAP_PERCENT = "income_cap_percent"  # qualifier: "" = barnehage § 3b, "sfo" = the SFO rule
PAYMENT_MONTHS = "payment_months"  # qualifier: "" = barnehage, "sfo" = SFO
SFO_INCOME_CAP_TRINN = "sfo_income_cap_trinn"  # qualifier: trinn; 1 = the 6 % rule applies
SFO_FREE_HOURS = "sfo_free_hours"  # qualifier: trinn; free hours per week

KEYS = (
    MAKSPRIS, KJERNETID_INCOME_LIMIT, KJERNETID_FREE_HOURS, KJERNETID_MIN_AGE, SIBLING_DISCOUNT,
    SIBLING_THIRD_CHILD_FREE, INCOME_CAP_PERCENT, PAYMENT_MONTHS, SFO_INCOME_CAP_TRINN, SFO_FREE_HOURS,
)


@dataclass(frozen=True, slots=True)
class ParameterRow:
    """One value of one parameter for one period; ``valid_to`` is inclusive, ``None`` = open-ended."""

    key: str
    qualifier: str
    valid_from: date
    valid_to: date | None
    value: Decimal
    source: str
    verified: bool
    note: str = ""

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    @property
    def sourced(self) -> bool:
        """A row decides only with a source: a URL or a legal reference (docs/rules.md § 6)."""
        return bool((self.source or "").strip())

    def used(self) -> ParameterUsed:
        """The row as the outcome's ``ParameterUsed``."""
        return ParameterUsed(self.key, self.qualifier, self.value, self.valid_from, self.valid_to, self.source,
                             self.verified)

    def label(self) -> str:
        """Short human form: ``makspris [standard] 2000 fra 2024-08-01 til 2025-07-31``."""
        qualifier = f" [{self.qualifier}]" if self.qualifier else ""
        until = f" til {self.valid_to.isoformat()}" if self.valid_to else ""
        return f"{self.key}{qualifier} {exact_text(self.value)} fra {self.valid_from.isoformat()}{until}"

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "qualifier": self.qualifier,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "value": exact_text(self.value),
            "source": self.source,
            "verified": self.verified,
            "note": self.note,
        }


class ParameterTable:
    """An immutable, validated, indexed set of ``ParameterRow``s.

    Build it once (from ``seed.SEED_ROWS`` or from the database) and reuse it: lookups are a binary
    search per (key, qualifier), memoised per date.
    """

    def __init__(self, rows: Iterable[ParameterRow]) -> None:
        self._rows = tuple(rows)
        groups: dict[tuple[str, str], list[ParameterRow]] = {}
        for row in self._rows:
            if row.valid_to is not None and row.valid_to < row.valid_from:
                raise OverlappingParameters(
                    f"parameter row {row.key} [{row.qualifier}] ends {row.valid_to} before it starts "
                    f"{row.valid_from}"
                )
            groups.setdefault((row.key, row.qualifier), []).append(row)
        self._index: dict[tuple[str, str], tuple[list[date], list[ParameterRow]]] = {}
        for group_key, group in groups.items():
            group.sort(key=lambda r: r.valid_from)
            for earlier, later in zip(group, group[1:], strict=False):
                if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                    raise OverlappingParameters(
                        f"overlapping parameter rows for key '{group_key[0]}', qualifier "
                        f"'{group_key[1]}': {earlier.valid_from}–{earlier.valid_to or 'open'} and "
                        f"{later.valid_from}–{later.valid_to or 'open'}"
                    )
            self._index[group_key] = ([r.valid_from for r in group], group)
        self._memo: dict[tuple[str, str, date], ParameterRow] = {}
        self._warnings: dict[int, str] = {}

    def unverified_warning(self, row: ParameterRow) -> str:
        """The caseworker's warning for an unverified row (bokmål), built once per row."""
        text = self._warnings.get(id(row))
        if text is None:
            text = self._warnings[id(row)] = f"Uverifisert parameter brukt: {row.label()}. {row.note}".rstrip()
        return text

    @property
    def rows(self) -> tuple[ParameterRow, ...]:
        return self._rows

    def __iter__(self) -> Iterator[ParameterRow]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def lookup(self, key: str, on: date, qualifier: str = "") -> ParameterRow:
        """The row for ``key``/``qualifier`` in force on ``on``; ``MissingParameter`` if none."""
        memo_key = (key, qualifier, on)
        row = self._memo.get(memo_key)
        if row is not None:
            return row
        entry = self._index.get((key, qualifier))
        if entry is not None:
            starts, rows = entry
            position = bisect_right(starts, on) - 1
            if position >= 0 and rows[position].covers(on):
                row = rows[position]
                if not row.sourced:
                    raise MissingParameter(key, qualifier, on, unsourced=True)
                self._memo[memo_key] = row
                return row
        raise MissingParameter(key, qualifier, on)

    def change_dates(self, start: date, end: date) -> set[date]:
        """Every date in (start, end] on which some row starts or the day after one ends."""
        days: set[date] = set()
        for row in self._rows:
            for day in (row.valid_from, row.valid_to + timedelta(days=1) if row.valid_to else None):
                if day is not None and start < day <= end:
                    days.add(day)
        return days


class ParameterUse:
    """The rows one calculation (on one date) used, in first-use order, for the vedtak and the audit log."""

    __slots__ = ("table", "on", "_used", "_values")

    def __init__(self, table: ParameterTable, on: date) -> None:
        self.table = table
        self.on = on
        self._used: dict[int, ParameterRow] = {}
        self._values: dict[tuple[str, str], Decimal] = {}

    def value(self, key: str, qualifier: str = "") -> Decimal:
        """The value of ``key``/``qualifier`` on this calculation's date (``MissingParameter`` if none)."""
        found = self._values.get((key, qualifier))
        if found is None:
            row = self.table.lookup(key, self.on, qualifier)
            self._used.setdefault(id(row), row)
            found = self._values[(key, qualifier)] = row.value
        return found

    @property
    def rows(self) -> tuple[ParameterRow, ...]:
        return tuple(self._used.values())

    def warnings(self) -> list[str]:
        """One warning (bokmål, for the caseworker) per unverified row used."""
        return [self.table.unverified_warning(row) for row in self._used.values() if not row.verified]
