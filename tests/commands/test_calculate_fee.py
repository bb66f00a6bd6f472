"""The calculate_fee command honours its contract (shared/contracts/fee-calculation.md) exactly."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# The command runs in a subprocess against the migrated test database (pytest-django sets up only the
# databases that marked tests use, hence the marker).
pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = {
    "service": "barnehage", "date": "2024-09-01",
    "municipality": {"zone": "standard", "full_time_hours": 41, "sibling_order": "oldest_first"},
    "household": {"income": 300000},
    "children": [{"id": "A", "birth_date": "2021-04-10", "weekly_hours": 41, "monthly_price": 2000,
                  "deferred_school_start": False}],
}


@pytest.fixture(scope="module")
def run(django_db_setup, django_db_blocker):
    """Run the real command in a subprocess against the test database (parameters from migrations)."""
    from django.db import connection

    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
    env = dict(os.environ, DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{name}",
               DJANGO_SETTINGS_MODULE="skattedeling.settings.test")

    def _run(payload, *, raw=None):
        text = raw if raw is not None else json.dumps(payload)
        return subprocess.run([sys.executable, "manage.py", "calculate_fee", "--input", "-"], input=text,
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    return _run


def test_contract_example(run):
    result = run(EXAMPLE)
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
    result = run(payload)
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
    result = run(payload, raw=raw)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
