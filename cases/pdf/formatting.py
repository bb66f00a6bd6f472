"""Norwegian display of amounts and dates in the vedtak, independent of the active locale.

Amounts are never rounded up when shown: kroner with øre are cut to two decimals (like the engine's
own display, which cuts to four), whole kroner use a non-breaking space as thousands separator so an
amount never breaks across lines.
"""
import datetime
from decimal import ROUND_FLOOR, Decimal, InvalidOperation

NBSP = "\u00a0"
MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember")


def to_decimal(value) -> Decimal | None:
    """``value`` (int, Decimal or numeric string) as a Decimal; None when missing or not a number."""
    if value is None or value == "" or isinstance(value, bool | float):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _group(whole: int) -> str:
    return f"{whole:,}".replace(",", NBSP)


def kr(value, *, decimals: bool = False) -> str:
    """``12 345 kr``; with ``decimals`` and a fraction, ``981,81 kr`` (cut, never rounded up)."""
    amount = to_decimal(value)
    if amount is None:
        return "–"
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    if decimals and amount != amount.to_integral_value():
        cut = amount.quantize(Decimal("0.01"), rounding=ROUND_FLOOR)
        whole, fraction = divmod(cut, 1)
        return f"{sign}{_group(int(whole))},{int(fraction * 100):02d}{NBSP}kr"
    return f"{sign}{_group(int(amount.to_integral_value(rounding=ROUND_FLOOR)))}{NBSP}kr"


def number(value) -> str:
    """A plain number in Norwegian form: ``41``, ``37,5`` (trailing zeros dropped)."""
    amount = to_decimal(value)
    if amount is None:
        return "–"
    text = f"{amount.normalize():f}"
    return text.replace(".", ",")


def percent(value) -> str:
    amount = to_decimal(value)
    if amount is None:
        return "–"
    return f"{number(amount.quantize(Decimal('0.01')))}{NBSP}%"


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
