"""Kroner as families and caseworkers read them: the one formatter of the project.

``kroner(1234567)`` → ``1 234 567 kr`` (no-break spaces, so an amount never breaks across lines);
``kroner("1636.3636", 2)`` → ``1 636,36 kr``. Amounts are cut, never rounded up, so a shown fee is
never above the legal cap. Plain Python (no Django): the letter (cases.pdf), the case page
(``case_ui.kroner`` filter) and anything else import it from here.
"""
from decimal import ROUND_DOWN, Decimal, InvalidOperation

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


def kroner(value, decimals=0) -> str:
    """``value`` in kroner with ``decimals`` places (cut towards zero); ``–`` when missing.

    A value that is not a number is shown as it is (the case page shows what was stored).
    """
    if value is None or value == "":
        return "–"
    amount = to_decimal(value)
    if amount is None:
        return str(value)
    places = int(decimals)
    sign = MINUS if amount < 0 else ""
    amount = abs(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
    whole, _, fraction = f"{amount:f}".partition(".")
    text = group_thousands(whole) + (f",{fraction}" if places and fraction else "")
    return f"{sign}{text}{NBSP}kr"
