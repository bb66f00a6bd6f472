"""The built-in synthetic persons and extra ``--data`` files.

Numbers are checked with an implementation of the fødselsnummer rules written here (not the simulator's).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.simulator.grants import Grants
from tests.support.simulator import DEMO_KOMMUNE, ROOT, SimulatorError, SimulatorProcess

pytestmark = pytest.mark.integration

DATA = ROOT / "integrations" / "simulator" / "data" / "persons.json"


def control_digits_ok(number: str) -> bool:
    digits = [int(c) for c in number]
    k1 = 11 - sum(d * w for d, w in zip(digits[:9], (3, 7, 6, 1, 8, 9, 4, 5, 2), strict=True)) % 11
    k2 = 11 - sum(d * w for d, w in zip(digits[:10], (5, 4, 3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    return (k1 % 11) == digits[9] and (k2 % 11) == digits[10] and k1 != 10 and k2 != 10


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def household_total(data: dict, household: str, year: str, stadie: str = "oppgjoer") -> int:
    total = 0
    for person in data["persons"]:
        if person.get("husholdning") == household:
            record = person["inntektsaar"][year][stadie]
            posts = record["grunnlag"] + record.get("svalbardGrunnlag", [])
            total += sum(p["beloep"] for p in posts if p["kategori"] == "inntekt")
    return total


def test_documentation_examples_pass_the_checker():
    assert control_digits_ok("09819899123") and control_digits_ok("16822548834")
    assert not control_digits_ok("01918812345")  # the placeholder in skatteetaten-api.md § 2.6


def test_every_number_is_a_valid_tenor_number(data):
    numbers = [p["personidentifikator"] for p in data["persons"]] + [u["personidentifikator"]
                                                                    for u in data["ukjente"]]
    assert len(numbers) == len(set(numbers))
    for number in numbers:
        assert len(number) == 11 and number.isdigit()
        assert control_digits_ok(number)
        assert 81 <= int(number[2:4]) <= 92  # Test-Norge: birth month + 80


def test_the_data_covers_the_documented_scenarios(data):
    persons = data["persons"]
    years = {y for p in persons for y in p["inntektsaar"]}
    assert {"2022", "2023", "2024", "2025"} <= years
    assert any(p["skjermet"] for p in persons)
    assert any("svalbardGrunnlag" in r for p in persons for y in p["inntektsaar"].values()
               for r in y.values() if isinstance(r, dict))
    assert any(y.get("slettet") for p in persons for y in p["inntektsaar"].values())
    newest_only_utkast = [p for p in persons if set(p["inntektsaar"].get("2025", {})) == {"utkast"}]
    assert len(newest_only_utkast) >= 5
    assert any(set(p["inntektsaar"].get("2025", {})) == {"oppgjoer", "utkast"} for p in persons)
    capital = {"samledeOpptjenteRenterIInnenlandskeBanker", "utbytteFraAksje", "utbytteFraVerdipapirfond",
               "renteinntektAvVerdipapirfondsandel", "nettoinntektVedUtleieAvFastEiendomMv"}
    assert any(all(post["tekniskNavn"] in capital for y in p["inntektsaar"].values() for r in y.values()
                   if isinstance(r, dict) for post in r["grunnlag"]) for p in persons)
    assert data["ukjente"]


def test_household_incomes_sit_on_the_fee_thresholds(data):
    assert household_total(data, "H1", "2024") < 220_000
    assert household_total(data, "H2", "2023") == 366_667
    assert household_total(data, "H2", "2024") == 366_666
    assert household_total(data, "H3", "2024") == 642_700
    assert household_total(data, "H4", "2024") > 1_000_000


def test_generated_data_file_is_served(tmp_path):
    out = tmp_path / "many.json"
    result = subprocess.run([sys.executable, "-m", "integrations.simulator", "generate-persons", "--count", "50",
                             "--out", str(out), "--seed", "3"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    generated = json.loads(out.read_text())["persons"]
    assert len(generated) == 50 and all(control_digits_ok(p["personidentifikator"]) for p in generated)
    with SimulatorProcess(data=[out]) as extra:
        assert httpx.get(f"{extra.base_url}/_simulator/health").json()["persons"] == 15 + 50
        grants = Grants(extra)
        token = grants.token(grants.for_org(DEMO_KOMMUNE))
        person = generated[7]
        response = httpx.get(f"{extra.ssg_base_url}/oppgjoer/kommuneforeldrebetaling/2023/"
                             f"{person['personidentifikator']}", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200
        assert response.json()["grunnlag"] == person["inntektsaar"]["2023"]["oppgjoer"]["grunnlag"]


def test_invalid_data_file_stops_the_simulator_without_logging_the_number(tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"persons": [{"personidentifikator": "14839412055", "inntektsaar": {}}]}))
    with pytest.raises(SimulatorError) as failure, SimulatorProcess(data=[bad], state_dir=tmp_path / "s"):
        pass
    log = (tmp_path / "s" / "serve.log").read_text()
    assert "persons[0]" in log and "14839412055" not in log
    assert "exited" in str(failure.value)
