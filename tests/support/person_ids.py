"""Checksum-valid person numbers for tests: real-style or synthetic Tenor (birth month + 80)."""
import datetime
import itertools

from stdnum.no import fodselsnummer

_counter = itertools.count(100)


def make_person_id(born: datetime.date, *, synthetic: bool = True, individual: int | None = None) -> str:
    """A fødselsnummer for ``born`` with valid check digits (retrying individual numbers as needed)."""
    month = born.month + (80 if synthetic else 0)
    while True:
        ind = individual if individual is not None else next(_counter) % 500
        if born.year >= 2000:
            ind = 500 + ind % 250 if ind < 500 else ind
        base = f"{born.day:02d}{month:02d}{born.year % 100:02d}{ind:03d}"
        k1 = fodselsnummer.calc_check_digit1(base)
        if len(k1) == 1 and k1.isdigit():
            k2 = fodselsnummer.calc_check_digit2(base + k1)
            if len(k2) == 1 and k2.isdigit():
                return base + k1 + k2
        if individual is not None:
            individual += 1
