"""The fetch_tax_basis command, exactly as contracts/integration.md describes it."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.integrations.conftest import DELETED_2024, FOUND, NO_DATA_2024, UNKNOWN, UTKAST_ONLY
from tests.support.simulator import DEMO_KOMMUNE

pytestmark = [pytest.mark.django_db, pytest.mark.integration]
ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *args):
    try:
        call_command("fetch_tax_basis", *args)
        code = 0
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_found(env_config, sim, capsys):
    code, out, err = run(capsys, "--person", FOUND, "--year", "2024")
    assert code == 0
    data = json.loads(out)
    assert data["outcome"] == "found" and data["inntektsaar"] == "2024" and data["stadie"] == "oppgjoer"
    assert data["skatteoppgjoersdato"] == "2025-06-18" and data["skjermet"] is False
    assert {"tekniskNavn": "samletLoennsinntektMedTrygdeavgiftspliktOgMedTrekkplikt", "beloep": 500000,
            "kategori": "inntekt", "class": "personinntekt"} in data["items"]
    assert {i["class"] for i in data["items"]} == {"personinntekt", "kapitalinntekt", "not_counted", "unknown"}
    assert (data["personinntekt"], data["kapitalinntekt"], data["counted_income"]) == (510000, 12000, 522000)
    assert FOUND not in out + err


def test_utkast_fallback(env_config, sim, capsys):
    code, out, _ = run(capsys, "--person", UTKAST_ONLY, "--year", "2024")
    assert code == 0 and json.loads(out)["stadie"] == "utkast"


@pytest.mark.parametrize("person, outcome, kode", [(NO_DATA_2024, "no_data", "SSG-008"),
                                                    (UNKNOWN, "person_unknown", "SSG-007")])
def test_domain_outcomes_print_outcome_year_and_kode(env_config, sim, capsys, person, outcome, kode):
    code, out, _ = run(capsys, "--person", person, "--year", "2024")
    assert code == 0
    assert json.loads(out) == {"outcome": outcome, "inntektsaar": "2024", "kode": kode}


def test_other_outcomes_exit_1_with_korrelasjonsid(env_config, sim, capsys):
    code, out, err = run(capsys, "--person", DELETED_2024, "--year", "2024")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "SSG-011" in err and "korrelasjonsid" in err


def test_maskinporten_error_exit_1_with_trace_id(env_config, sim, capsys):
    env_config.MASKINPORTEN_CLIENT_ID = "ukjent-klient"
    code, out, err = run(capsys, "--person", FOUND, "--year", "2024")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "trace_id" in err and FOUND not in err


def test_skatteetaten_unavailable_exit_1(env_config, sim, capsys):
    sim.configure(fault_rate=1.0, fault_kinds=["ssg-001"])
    code, _, err = run(capsys, "--person", FOUND, "--year", "2024")
    assert code == 1 and "korrelasjonsid" in err and FOUND not in err


def test_not_configured_exit_1(no_env_config, capsys):
    code, _, err = run(capsys, "--person", FOUND, "--year", "2024")
    assert code == 1 and "Ingen integrasjon" in err


def test_bad_person_id_is_masked(env_config, capsys):
    code, _, err = run(capsys, "--person", "1234567890123", "--year", "2024")
    assert code == 1 and "1234567890123" not in err


def contract_env(sim, **changes):
    return {**os.environ,
           "DJANGO_SETTINGS_MODULE": "skattedeling.settings.test",
           "MASKINPORTEN_ISSUER": sim.issuer,
           "MASKINPORTEN_CLIENT_ID": sim.client(DEMO_KOMMUNE)["client_id"],
           "MASKINPORTEN_CERTIFICATE": str(sim.p12_path(DEMO_KOMMUNE)),
           "MASKINPORTEN_CERTIFICATE_PASSWORD": sim.password,
           "SKATTEETATEN_SSG_URL": sim.ssg_base_url, **changes}


def run_process(env, person):
    return subprocess.run([sys.executable, "manage.py", "fetch_tax_basis", "--person", person, "--year", "2024"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_as_a_process_with_only_environment_variables(sim):
    """The contract's form: a fresh process, configured only by integration.md's variables."""
    done = run_process(contract_env(sim), UTKAST_ONLY)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["outcome"], data["stadie"], data["personinntekt"]) == ("found", "utkast", 250000)
    assert UTKAST_ONLY not in done.stdout + done.stderr


def test_as_a_process_a_failure_is_one_stderr_line(sim):
    done = run_process(contract_env(sim, MASKINPORTEN_CLIENT_ID="ukjent-klient"), FOUND)
    assert done.returncode == 1 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "trace_id" in done.stderr and FOUND not in done.stderr
