"""Person numbers: stdnum for real ones, explicit handling of Tenor synthetic numbers (month + 80)."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from stdnum.no import fodselsnummer

from cases.identity import birth_date, is_synthetic, mask, validate_person_id
from tests.support.person_ids import make_person_id


def test_documentation_example_is_a_valid_synthetic_number():
    # Skatteetaten's own example 09819899123 is born in January (81 - 80) 1998.
    assert not fodselsnummer.is_valid("09819899123")  # stdnum alone refuses Tenor numbers
    assert validate_person_id("09819899123", allow_synthetic=True) == "09819899123"
    assert birth_date("09819899123") == datetime.date(1998, 1, 9)
    assert is_synthetic("09819899123")


def test_synthetic_numbers_are_refused_when_not_allowed():
    with pytest.raises(ValidationError):
        validate_person_id("09819899123", allow_synthetic=False)


def test_real_style_number_passes_both_modes():
    number = make_person_id(datetime.date(1990, 5, 17), synthetic=False)
    assert validate_person_id(number, allow_synthetic=False) == number


@pytest.mark.parametrize("bad", ["", "123", "01918812345", "0981989912x", "09819899124"])
def test_bad_numbers_give_a_message_without_the_number(bad):
    with pytest.raises(ValidationError) as exc:
        validate_person_id(bad, allow_synthetic=True)
    if bad:
        assert bad not in " ".join(exc.value.messages)


def test_mask_keeps_only_birth_date():
    assert mask("09819899123") == "098198*****"
