"""Kroner as families and caseworkers read them: the project's one formatter (plain Python).

``kroner(1234567)`` → ``1 234 567 kr``; ``kroner("1636.3636", 2)`` → ``1 636,36 kr``;
``kroner(Decimal("-1234"))`` → ``−1 234 kr``. Norwegian typography: no-break spaces between thousands
and before «kr» (an amount never breaks across lines), a decimal comma, and the minus sign U+2212.
Amounts are cut towards zero, never rounded up, so a shown fee is never above the legal cap; an engine
value is settled first (``money.settle``), so ``999.999…`` noise of a 50-digit division shows as 1 000.

The engine owns it (its notes quote amounts with ``trim=True``: up to 4 decimals, trailing zeros
dropped); ``cases.formatting`` re-exports it for the letter, the case page and the admin.
"""
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from functools import lru_cache

from .money import CONTEXT, settle

NBSP = "\u00a0"
MINUS = "\u2212"


def to_decimal(value) -> Decimal | None:
    """``value`` (int, Decimal or numeric string) as a Decimal; None when missing or not a number."""
    if value is None or value == "" or isinstance(value, bool | float):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def group_thousands(digits: str) -> str:
    """``"1234567"`` → ``"1 234 567"`` with no-break spaces."""
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return NBSP.join(groups) or "0"


@lru_cache(maxsize=4096)
def _kroner(amount: Decimal, places: int, trim: bool) -> str:
    shown = abs(settle(amount)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN, context=CONTEXT)
    whole, _, fraction = f"{shown:f}".partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    sign = MINUS if amount < 0 and shown else ""
    return f"{sign}{group_thousands(whole)}{f',{fraction}' if fraction else ''}{NBSP}kr"


def kroner(value, decimals=0, *, trim: bool = False) -> str:
    """``value`` in kroner with ``decimals`` places (cut towards zero); ``–`` when missing.

    ``trim`` drops trailing zeros of the decimals (``1 500,5 kr``, ``2 000 kr``). A value that is not a
    number is shown as it is (the case page shows what was stored).
    """
    if value is None or value == "":
        return "–"
    amount = to_decimal(value)
    if amount is None:
        return str(value)
    return _kroner(amount, int(decimals), trim)


def amount(value, decimals=0) -> str:
    """``value`` as :func:`kroner` shows it, without «kr» (``1 234``): for a sentence or a table that puts
    the unit itself (the parents' portal, in three languages)."""
    text = kroner(value, decimals)
    return text.removesuffix(f"{NBSP}kr")


def kroner_exact(value) -> str:
    """The engine notes' form: up to 4 decimals, trailing zeros dropped (``1 636,3636 kr``, ``2 000 kr``)."""
    return kroner(value, 4, trim=True)
