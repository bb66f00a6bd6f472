"""Display of numbers and dates in the vedtak, independent of the active Django locale.

Kroner come from ``cases.formatting.kroner`` (the project's one formatter); a family's letter shows
whole kroner only (``kr``), the exact decimals stay in the case's calculation view. Month names are
the same in bokmål and nynorsk.
"""
import datetime
from decimal import ROUND_FLOOR, Decimal

from cases.formatting import NBSP, kroner, to_decimal

__all__ = ["NBSP", "kr", "long_date", "number", "parse_date", "percent", "short_date", "to_decimal"]

MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember")


def kr(value) -> str:
    """Whole kroner, cut (never rounded up): ``1 156 kr``; ``–`` when missing."""
    amount = to_decimal(value)
    return "–" if amount is None else kroner(amount)


def number(value, places: int = 2) -> str:
    """A plain number in Norwegian form, at most ``places`` decimals: ``41``, ``37,5``."""
    amount = to_decimal(value)
    if amount is None:
        return "–"
    amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR)
    text = f"{amount.normalize():f}"
    return text.replace(".", ",")


def percent(value) -> str:
    amount = to_decimal(value)
    if amount is None:
        return "–"
    return f"{number(amount)}{NBSP}%"


def parse_date(value) -> datetime.date | None:
    """A date from a date, a datetime (local date) or an ISO string; None otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


def short_date(value) -> str:
    """``01.08.2026``."""
    day = parse_date(value)
    return f"{day:%d.%m.%Y}" if day else "–"


def long_date(value) -> str:
    """``1. august 2026``."""
    day = parse_date(value)
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}" if day else "–"
