"""Validation and masking of Norwegian person numbers (fødselsnummer / D-nummer).

python-stdnum validates real numbers but refuses Skatteetaten's synthetic Test-Norge (Tenor) numbers,
whose birth month is increased by 80. Those are accepted here only when the setting
``ACCEPT_SYNTHETIC_PERSON_IDS`` is on (test and simulator mode; off in production), by checking the
two mod-11 check digits with stdnum and the birth date with the month corrected.
"""
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum import exceptions as stdnum_errors
from stdnum.no import fodselsnummer

SYNTHETIC_MONTH_OFFSET = 80


def is_synthetic(number: str) -> bool:
    return len(number) == 11 and number.isdigit() and int(number[2:4]) > SYNTHETIC_MONTH_OFFSET


def birth_date(number: str) -> datetime.date:
    """The birth date in a (possibly synthetic) fødselsnummer or D-nummer."""
    if is_synthetic(number):
        real_month = int(number[2:4]) - SYNTHETIC_MONTH_OFFSET
        number = number[:2] + f"{real_month:02d}" + number[4:]
    return fodselsnummer.get_birth_date(number)


def validate_person_id(value: str, *, allow_synthetic: bool | None = None) -> str:
    """Return the compact number or raise ValidationError with a message that never repeats it."""
    if allow_synthetic is None:
        allow_synthetic = settings.ACCEPT_SYNTHETIC_PERSON_IDS
    number = fodselsnummer.compact(value or "")
    if len(number) != 11 or not number.isdigit():
        raise ValidationError("Fødselsnummer/D-nummer må ha 11 siffer.", code="format")
    if number[-2] != fodselsnummer.calc_check_digit1(number) or number[-1] != fodselsnummer.calc_check_digit2(
        number
    ):
        raise ValidationError("Kontrollsifrene i fødselsnummeret stemmer ikke.", code="checksum")
    if is_synthetic(number):
        if not allow_synthetic:
            raise ValidationError("Syntetiske testnumre (Tenor) godtas ikke i produksjon.", code="synthetic")
    try:
        born = birth_date(number)
    except (stdnum_errors.ValidationError, ValueError) as exc:
        raise ValidationError("Fødselsnummeret inneholder ingen gyldig fødselsdato.", code="date") from exc
    if born > timezone.localdate():
        raise ValidationError("Fødselsdatoen i fødselsnummeret ligger fram i tid.", code="future")
    return number


def mask(number: str) -> str:
    """Birth date digits only, for lists and logs: 010190*****."""
    return (number or "")[:6] + "*****" if number else ""
