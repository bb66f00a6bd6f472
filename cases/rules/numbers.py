"""Conversion of input amounts to exact ``Decimal`` (ints and numeric strings; floats are refused)."""
from decimal import Decimal, InvalidOperation

from .errors import InputProblem, InvalidInput


def to_decimal(value, what: str, *, child_id: str | None = None) -> Decimal:
    """``value`` as a finite ``Decimal``; ``InvalidInput`` (``NOT_A_NUMBER``) naming ``what`` otherwise."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidInput(f"{what} must be a number, got {value!r}", code=InputProblem.NOT_A_NUMBER,
                               child_id=child_id) from None
    else:
        kind = type(value).__name__
        raise InvalidInput(f"{what} must be a Decimal, an int or a numeric string, got {kind}",
                           code=InputProblem.NOT_A_NUMBER, child_id=child_id)
    if not number.is_finite():
        raise InvalidInput(f"{what} must be a finite number", code=InputProblem.NOT_A_NUMBER, child_id=child_id)
    return number
