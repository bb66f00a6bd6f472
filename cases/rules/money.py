"""Exact money arithmetic: one Decimal context, and the only two rounding operations.

All intermediate amounts are exact (a local context with 50 significant digits; every amount in the
engine is a ratio of small whole numbers, so 50 digits is far beyond what any step needs). Only the
final monthly fee per child is rounded, DOWN to whole kroner (ROUND_FLOOR), so the fee never exceeds
a legal cap. Amounts shown to people are cut (never rounded up) to 4 decimals.

Before either rounding the value is first settled to 20 decimals. A step such as ``x / 11 * 11`` can
leave ``999.999…9`` (50 nines) where the exact value is 1000; every true non-integer amount here
differs from the nearest whole krone by far more than 1e-20, so settling first makes the floor exact.
"""
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Context, Decimal
from functools import lru_cache

CONTEXT = Context(prec=50, rounding=ROUND_HALF_EVEN)
ZERO = Decimal(0)
_SETTLE = Decimal("1e-20")
_KRONE = Decimal(1)
_SHOWN = Decimal("0.0001")


def settle(amount: Decimal) -> Decimal:
    """The amount to 20 decimals, removing the last-digit noise of a 50-digit division."""
    return amount.quantize(_SETTLE, rounding=ROUND_HALF_EVEN, context=CONTEXT)


def floor_krone(amount: Decimal) -> Decimal:
    """Round DOWN to whole kroner: the one rounding the law's caps allow (docs/reference/rules.md § 2, § 9.7)."""
    return settle(amount).quantize(_KRONE, rounding=ROUND_FLOOR, context=CONTEXT)


def render_amount(amount: Decimal) -> str:
    """The contract's string form: cut down to at most 4 decimals, trailing zeros dropped.

    ``Decimal(2000)`` → ``"2000"``; ``18000/11`` → ``"1636.3636"``; ``Decimal("1500.5")`` → ``"1500.5"``.
    """
    shown = settle(amount).quantize(_SHOWN, rounding=ROUND_FLOOR, context=CONTEXT)
    text = f"{shown:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def exact_text(amount: Decimal) -> str:
    """The amount as a plain decimal string at full engine precision (20 decimals, zeros dropped).

    Used in ``to_dict()`` for the calculation log, where the unrounded value must be kept.
    """
    text = f"{settle(amount):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@lru_cache(maxsize=4096)
def format_number(value: Decimal) -> str:
    """A plain number in a note: ``Decimal("6.0000")`` → ``6``, ``Decimal("37.5")`` → ``37,5``."""
    return render_amount(value).replace(".", ",")
