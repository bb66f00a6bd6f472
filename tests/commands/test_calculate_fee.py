"""The calculate_fee command honours its contract (shared/contracts/fee-calculation.md) exactly."""
import json

import pytest

from tests.support.calculate_fee import EXAMPLE, calculate_fee_command

# The command runs in a subprocess against the migrated test database (pytest-django sets up only the
# databases that marked tests use, hence the marker).
pytestmark = pytest.mark.django_db



@pytest.fixture(scope="module")
def run(django_db_setup, django_db_blocker):
    """Run the real command in a subprocess against the test database (parameters from migrations)."""
    return calculate_fee_command(django_db_blocker, timeout=120)


def test_contract_example(run):
    result = run(payload=EXAMPLE)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["household_income"] == 300000 and out["total_monthly_fee"] == 838
    child = out["children"][0]
    assert child["id"] == "A" and child["monthly_fee"] == 838
    assert [(s["rule"], s["amount"]) for s in child["steps"]] == [
        ("price_of_place", "2000"), ("income_cap_6_percent", "1636.3636"), ("free_core_hours", "838.1374")]
    assert child["steps"][1]["legal_basis"] == "forskrift om foreldrebetaling i barnehager § 3b"
    assert child["steps"][2]["legal_basis"] == "forskrift om foreldrebetaling i barnehager § 3c"


def test_tax_bases_are_classified_with_the_project_table(run):
    body = {"personidentifikator": "09819899123", "inntektsaar": "2023", "skjermet": False, "stadie": "utkast",
            "grunnlag": [
                {"tekniskNavn": "samletLoennsinntektMedTrygdeavgiftspliktOgMedTrekkplikt", "beloep": 250000,
                 "kategori": "inntekt"},
                {"tekniskNavn": "samledeOpptjenteRenterIInnenlandskeBanker", "beloep": 10000, "kategori": "inntekt"},
                {"tekniskNavn": "forvaltningskostnadKnyttetTilAksjesparekonto", "beloep": 829,
                 "kategori": "inntektsfradrag"},
                {"tekniskNavn": "enHeltUkjentPost", "beloep": 5000, "kategori": "inntekt"}]}
    payload = dict(EXAMPLE, household={"tax_bases": [body]})
    result = run(payload=payload)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["household_income"] == 260000  # wages + interest; the deduction and the unknown post do not count
    assert any("enHeltUkjentPost" in w for w in out["warnings"])
    assert any("utkast" in w for w in out["warnings"])


@pytest.mark.parametrize("payload,raw", [
    (None, "{not json"),
    (dict(EXAMPLE, service="kino"), None),
    (dict(EXAMPLE, municipality={"zone": "månen"}), None),
    (dict(EXAMPLE, household={"income": -1}), None),
    (dict(EXAMPLE, children=[]), None),
    (dict(EXAMPLE, children=[{"id": "A", "weekly_hours": 41, "monthly_price": 2000}]), None),
    (dict(EXAMPLE, date="1990-01-01"), None),  # no parameter row covers this date
])
def test_bad_input_exits_2_with_one_line(run, payload, raw):
    result = run(payload=payload, raw=raw)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
