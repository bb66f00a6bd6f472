"""``calculate_fee --letter FILE.pdf [--malform nb|nn]``: the letter a calculation would give, for a
sample household, with the contract's JSON on standard output unchanged (fee-calculation.md)."""
import json

import pytest

from tests.pdf.conftest import pdf_text
from tests.pdf.test_letter_language import forbidden
from tests.support.calculate_fee import EXAMPLE, calculate_fee_command

pytestmark = pytest.mark.django_db

# The contract's example with a second child: child A (3 years) 20 of 41 hours free → 838; child B (born
# 2023-10) child no. 2: 1 636,36 × 0,7 = 1 145, kjernetid from 2025-08-01 (after this period).
TWO_CHILDREN = {**EXAMPLE, "children": [
    *EXAMPLE["children"], {"id": "B", "birth_date": "2023-10-10", "weekly_hours": 41, "monthly_price": 2000}]}


@pytest.fixture(scope="module")
def run(django_db_setup, django_db_blocker):
    return calculate_fee_command(django_db_blocker, default_payload=TWO_CHILDREN)


@pytest.fixture(scope="module")
def plain(run):
    result = run()
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(("malform", "words"), [
    ("nb", ("Vi har innvilget søknaden din.", "Fra og med Pris per måned 01.09.2024 838 kr",
            "Fra og med Pris per måned 01.09.2024 1 145 kr", "barnehageloven § 15", "innen 3 uker")),
    ("nn", ("Vi har innvilga søknaden din.", "Frå og med Pris per månad 01.09.2024 838 kr",
            "Frå og med Pris per månad 01.09.2024 1 145 kr", "barnehagelova § 15", "innan 3 veker")),
])
def test_letter_is_written_and_the_json_is_unchanged(run, plain, tmp_path, malform, words):
    target = tmp_path / "brev.pdf"
    with_letter = run("--letter", str(target), "--malform", malform)
    assert with_letter.returncode == 0, with_letter.stderr
    assert with_letter.stdout == plain  # the contract's output does not move
    assert json.loads(plain)["total_monthly_fee"] == 838 + 1145
    text = pdf_text(target.read_bytes())
    for expected in words:
        assert expected in text
    assert "Barn A" in text and "Barn B" in text
    assert forbidden(text, malform) == []


def test_unknown_kommune_fails_cleanly(run, tmp_path):
    target = tmp_path / "brev.pdf"
    result = run("--letter", str(target), "--kommune", "9999")
    assert result.returncode == 2 and result.stdout == "" and "9999" in result.stderr
    assert not target.exists()
