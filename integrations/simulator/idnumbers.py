"""Norwegian identity numbers: fødselsnummer / D-nummer / Tenor check digits and organisasjonsnummer.

The simulator validates every personidentifikator it serves and every orgno it registers with these
functions, and uses the generator to build synthetic Test-Norge (Tenor) persons, whose birth month is
increased by 80.
"""

from __future__ import annotations

import datetime as dt

_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_ORG = (3, 2, 7, 6, 5, 4, 3, 2)


def _mod11(digits: str, weights: tuple[int, ...]) -> int | None:
    """The mod-11 control digit for ``digits``, or None when the remainder gives 10 (no valid digit)."""
    rest = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    control = (11 - rest) % 11
    return None if control == 10 else control


def fnr_check_digits(first9: str) -> str | None:
    """The two check digits of a fødselsnummer whose first nine digits are given, or None if impossible."""
    k1 = _mod11(first9, _K1)
    if k1 is None:
        return None
    k2 = _mod11(first9 + str(k1), _K2)
    if k2 is None:
        return None
    return f"{k1}{k2}"


def is_valid_personidentifikator(value: str) -> bool:
    """11 digits with valid mod-11 check digits (fødselsnummer, D-nummer, H-nummer or Tenor number).

    The date part is deliberately not checked: D-numbers add 40 to the day, H-numbers 40 to the month
    and Tenor persons 80 to the month.
    """
    if len(value) != 11 or not value.isascii() or not value.isdigit():
        return False
    return fnr_check_digits(value[:9]) == value[9:]


def is_tenor(value: str) -> bool:
    """True for a synthetic Test-Norge number (birth month + 80)."""
    return is_valid_personidentifikator(value) and 81 <= int(value[2:4]) <= 92


def _individual_range(year: int) -> range:
    if 1900 <= year <= 1999:
        return range(0, 500)
    if 2000 <= year <= 2039:
        return range(500, 1000)
    raise ValueError("only birth years 1900-2039 are supported")


def tenor_fnr(birth: dt.date, individual: int) -> str | None:
    """A Tenor fødselsnummer for ``birth`` and individnummer, or None if that individnummer has no
    valid check digits."""
    if individual not in _individual_range(birth.year):
        raise ValueError("individnummer outside the range of the birth century")
    first9 = f"{birth.day:02d}{birth.month + 80:02d}{birth.year % 100:02d}{individual:03d}"
    check = fnr_check_digits(first9)
    return None if check is None else first9 + check


def next_tenor_fnr(birth: dt.date, start: int = 0) -> tuple[str, int]:
    """The first valid Tenor number for ``birth`` with individnummer ≥ start (within the century's range).

    Returns the number and the individnummer used, so callers can continue after it.
    """
    allowed = _individual_range(birth.year)
    for individual in range(max(start, allowed.start), allowed.stop):
        number = tenor_fnr(birth, individual)
        if number is not None:
            return number, individual
    raise ValueError("no free individnummer left for this birth date")


def is_valid_orgno(value: str) -> bool:
    """9 digits with a valid mod-11 control digit (Enhetsregisteret organisasjonsnummer)."""
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        return False
    return _mod11(value[:8], _ORG) == int(value[8])


def orgno_with_check_digit(first8: str) -> str | None:
    """Complete an 8-digit prefix to a valid orgno, or None when no control digit exists."""
    control = _mod11(first8, _ORG)
    return None if control is None else first8 + str(control)
