"""``manage.py send_letter`` and ``letter_status`` as processes, exactly as contracts/svarut.md says."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest

from tests.support.simulator import ROOT
from tests.svarut.conftest import DIGITAL, PDF, RESERVED, recipient_id, svarut_environment

pytestmark = pytest.mark.integration


@pytest.fixture
def pdf(tmp_path):
    path = tmp_path / "vedtak.pdf"
    path.write_bytes(PDF)
    return path


@pytest.fixture
def run(simulator):
    simulator.reset(config=True)
    simulator.configure(svarut_step_s=0.2)

    def run(*args: str, **env_overrides: str) -> subprocess.CompletedProcess:
        env = {**os.environ, **svarut_environment(simulator), "INTEGRATIONS_RETRY_BASE_DELAY_S": "0.01",
               **env_overrides}
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120)

    yield run
    simulator.reset(config=True)


def send_args(pdf, pid, ref, **override):
    args = {"--pdf": str(pdf), "--title": "Vedtak om redusert foreldrebetaling", "--recipient": pid,
            "--name": "Kari Nordmann", "--address": "Storgata 1", "--postnummer": "0155", "--poststed": "Oslo",
            "--reference": ref}
    args.update(override)
    return ["send_letter", *[x for k, v in args.items() for x in (k, v)]]


def test_send_then_status(run, pdf, simulator):
    pid, ref = recipient_id(RESERVED), f"cli-{uuid.uuid4()}"
    result = run(*send_args(pdf, pid, ref))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    printed = json.loads(lines[0])
    assert set(printed) == {"forsendelse_id", "reference", "status"}
    assert printed["reference"] == ref and printed["status"] == "MOTTATT"
    assert pid not in result.stdout + result.stderr
    status = run("letter_status", "--id", printed["forsendelse_id"])
    assert status.returncode == 0, status.stderr
    answer = json.loads(status.stdout)
    assert answer["forsendelse_id"] == printed["forsendelse_id"]
    assert answer["status"] in ("MOTTATT", "AKSEPTERT", "SENDT_PRINT", "PRINTET")


def test_same_reference_prints_the_existing_one_and_sends_nothing(run, pdf, simulator):
    ref = f"cli-{uuid.uuid4()}"
    first = json.loads(run(*send_args(pdf, recipient_id(DIGITAL), ref)).stdout)
    second = run(*send_args(pdf, recipient_id(DIGITAL), ref))
    assert second.returncode == 0
    assert json.loads(second.stdout)["forsendelse_id"] == first["forsendelse_id"]
    assert len([f for f in simulator.svarut_forsendelser() if f["eksternReferanse"] == ref]) == 1


def test_two_pdfs_in_order(run, pdf, tmp_path, simulator):
    other = tmp_path / "vedlegg.pdf"
    other.write_bytes(b"%PDF-1.4\nvedlegg\n%%EOF")
    ref = f"cli-{uuid.uuid4()}"
    args = send_args(pdf, recipient_id(DIGITAL), ref) + ["--pdf", str(other)]
    assert run(*args).returncode == 0
    stored = next(f for f in simulator.svarut_forsendelser() if f["eksternReferanse"] == ref)
    assert [d["filnavn"] for d in stored["dokumenter"]] == ["vedtak.pdf", "vedlegg.pdf"]


def test_wrong_password_exit_1_with_status_message_and_error_id(run, pdf):
    pid = recipient_id(DIGITAL)
    result = run(*send_args(pdf, pid, f"cli-{uuid.uuid4()}"), FIKS_INTEGRASJON_PASSORD="feil")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "401" in lines[0] and "Autentisering feilet for integrasjon" in lines[0] and "errorId:" in lines[0]
    assert pid not in result.stderr and not result.stdout.strip()


def test_maskinporten_refusal_exit_1_with_trace_id(run, pdf):
    result = run(*send_args(pdf, recipient_id(DIGITAL), f"cli-{uuid.uuid4()}"), MASKINPORTEN_CLIENT_ID="ukjent")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "trace_id" in result.stderr


@pytest.mark.parametrize("bad", ["fnr", "fnr-length", "postnummer", "missing", "not-pdf"])
def test_malformed_argument_exit_2_nothing_sent(run, pdf, tmp_path, simulator, bad):
    ref = f"cli-{uuid.uuid4()}"
    pid = recipient_id(DIGITAL)
    override = {
        "fnr": {"--recipient": pid[:10] + str((int(pid[10]) + 1) % 10)},
        "fnr-length": {"--recipient": "1234"},
        "postnummer": {"--postnummer": "155"},
        "missing": {"--pdf": str(tmp_path / "finnes-ikke.pdf")},
        "not-pdf": {"--pdf": str(tmp_path / "tekst.pdf")},
    }[bad]
    (tmp_path / "tekst.pdf").write_text("ikke en pdf")
    result = run(*send_args(pdf, pid, ref, **override))
    assert result.returncode == 2, result.stderr
    assert pid[:10] not in result.stderr
    assert not [f for f in simulator.svarut_forsendelser() if f["eksternReferanse"] == ref]


def test_status_of_unknown_id_exit_1(run):
    result = run("letter_status", "--id", str(uuid.uuid4()))
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
