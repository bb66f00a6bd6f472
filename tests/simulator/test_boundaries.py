"""The simulator's own rules: no shared code with the clients, no fødselsnummer in its log, control API."""

from __future__ import annotations

import ast
import re
import sys

import httpx
import pytest

from tests.support.simulator import ROOT

PACKAGE = ROOT / "integrations" / "simulator"
ALLOWED_THIRD_PARTY = {"jwt", "cryptography"}


def test_simulator_imports_only_stdlib_pyjwt_and_cryptography():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY, f"{path.name}: {name}"


@pytest.mark.integration
def test_request_log_never_contains_a_personidentifikator(sim, ssg, demo_token):
    person = "14839412054"
    ssg(f"oppgjoer/kommuneforeldrebetaling/2024/{person}", demo_token)
    ssg("oppgjoer/kommuneforeldrebetaling/2024/04848910029", demo_token)
    ssg(f"oppgjoer/kommuneforeldrebetaling/2024/{person}", None)
    log = sim.log_path.read_text(encoding="utf-8")
    assert "/skatteetaten/v2/oppgjoer/kommuneforeldrebetaling/2024/<personidentifikator>" in log
    assert not re.search(r"\d{11}", log)


@pytest.mark.integration
def test_control_endpoints(sim):
    health = httpx.get(f"{sim.base_url}/_simulator/health").json()
    assert health["status"] == "ok" and health["issuer"] == sim.issuer and health["ssg_base_url"] == sim.ssg_base_url
    stats = sim.stats()
    for key in ("token_requests", "ssg_calls", "ssg_calls_by_org", "peak_concurrent_by_org", "rejected_429",
                "faults_injected"):
        assert key in stats
    assert sim.configure(latency_ms=5, stall_ms=100, clock_offset_s=1.5)["latency_ms"] == 5
    assert sim.stats()["config"]["clock_offset_s"] == 1.5
    assert sim.reset(config=True)["config"]["latency_ms"] == 0
