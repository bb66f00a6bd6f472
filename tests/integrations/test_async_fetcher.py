"""The asynchronous fetcher (integrations/fetcher.py) against the real simulator: many lookups in flight,
never more than 5 per organisation — also across two fetcher processes — and one token per lifetime.

The simulator counts the calls in flight per organisation (``peak_concurrent_by_org``); its own limit
is raised to 100 so that the peak measures OUR limiter instead of capping it.
"""
import json
import math
import os
import subprocess
import sys
import time

import pytest

from integrations.service import Outcome, TaxBasisRequest, get_tax_bases
from tests.integrations.conftest import FOUND, NO_DATA_2024, UTKAST_ONLY
from tests.support.simulator import DEMO_KOMMUNE, ROOT

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]


def requests(count, person=FOUND, orgno=DEMO_KOMMUNE):
    return [TaxBasisRequest(orgno=orgno, person_id=person, income_year=2024, purpose="async test")] * count


def test_thirty_lookups_at_once_keep_five_in_flight_with_one_token(env_config, sim):
    sim.configure(concurrency_limit=100, latency_ms=150, token_latency_ms=300)
    outcomes = get_tax_bases(requests(30))
    assert [o.outcome for o in outcomes] == [Outcome.FOUND] * 30
    stats = sim.stats()
    assert stats["token_requests"]["total"] == 1
    assert stats["ssg_calls"] == 30
    # Overlapping, never above the API's limit (how close to 5 it gets is a throughput figure: benchmarks).
    assert 2 <= stats["peak_concurrent_by_org"][DEMO_KOMMUNE] <= 5
    assert stats["rejected_429"] == 0


def test_the_policy_runs_unchanged_on_the_async_path(env_config, sim):
    """oppgjoer → utkast on SSG-008; no data in 2024 → the year's outcome (same as get_tax_basis)."""
    utkast, no_data, bad = get_tax_bases([
        TaxBasisRequest(orgno=DEMO_KOMMUNE, person_id=UTKAST_ONLY, income_year=2024),
        TaxBasisRequest(orgno=DEMO_KOMMUNE, person_id=NO_DATA_2024, income_year=2024),
        TaxBasisRequest(orgno=DEMO_KOMMUNE, person_id="123", income_year=2024),
    ])
    assert (utkast.outcome, utkast.stadie) == (Outcome.FOUND, "utkast")
    assert utkast.tried == ("2024/oppgjoer:SSG-008", "2024/utkast:200")
    assert no_data.outcome == Outcome.NO_DATA
    assert isinstance(bad, ValueError)
    assert sim.stats()["ssg_calls"] == 4  # the bad id is never sent


def _fetcher(count, start_at, **env):
    return subprocess.Popen([sys.executable, "-m", "tests.integrations.fetch_process", str(count), FOUND,
                             str(start_at)], cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _process_env(settings, **overrides):
    names = ("MASKINPORTEN_ISSUER", "MASKINPORTEN_CLIENT_ID", "MASKINPORTEN_CERTIFICATE",
             "MASKINPORTEN_CERTIFICATE_PASSWORD", "SKATTEETATEN_SSG_URL", "INTEGRATIONS_RETRY_BASE_DELAY_S")
    env = {name: str(getattr(settings, name)) for name in names}
    env.update({"MASKINPORTEN_KEY": "", "MASKINPORTEN_KID": "", "MASKINPORTEN_CONSUMER_ORG": "",
                "SKATTEETATEN_MAX_CONCURRENT": "5", "PYTHONPATH": str(ROOT)})
    env.update(overrides)
    return env


def _run_two(env_a, env_b, count=25):
    start_at = time.time() + 4  # both are set up (Django, imports) before either calls
    processes = [_fetcher(count, start_at, **env_a), _fetcher(count, start_at, **env_b)]
    outputs = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err[-3000:]
        outputs.append(json.loads(out.strip().splitlines()[-1]))
    return outputs


def test_two_fetcher_processes_together_never_exceed_five_calls(env_config, sim):
    sim.configure(concurrency_limit=100, latency_ms=200, token_latency_ms=300)
    env = _process_env(env_config)
    outputs = _run_two(env, env)
    assert outputs == [["found"] * 25, ["found"] * 25]
    stats = sim.stats()
    assert stats["ssg_calls"] == 50
    assert 2 <= stats["peak_concurrent_by_org"][DEMO_KOMMUNE] <= 5
    assert stats["token_requests"]["total"] == 1  # one token for both processes


def test_control_two_processes_that_do_not_share_slots_exceed_five(env_config, sim):
    """Shows the measurement above can fail: the slots are keyed by the API's base URL, so a process
    calling the same simulator as ``localhost`` holds 5 slots of its own and the peak goes above 5."""
    sim.configure(concurrency_limit=100, latency_ms=200)
    env = _process_env(env_config)
    other = {**env, "SKATTEETATEN_SSG_URL": env["SKATTEETATEN_SSG_URL"].replace("127.0.0.1", "localhost")}
    assert _run_two(env, other) == [["found"] * 25, ["found"] * 25]
    assert sim.stats()["peak_concurrent_by_org"][DEMO_KOMMUNE] > 5


def test_one_token_per_lifetime_under_concurrency(env_config, sim):
    """Token lifetime 4 s (renewed 1 s early): over a run of several lifetimes, one request per lifetime."""
    sim.configure(concurrency_limit=100, latency_ms=100, token_lifetime=4)
    started = time.monotonic()
    outcomes = []
    while time.monotonic() - started < 7:
        outcomes += get_tax_bases(requests(20))
    elapsed = time.monotonic() - started
    assert {o.outcome for o in outcomes} == {Outcome.FOUND}
    tokens = sim.stats()["token_requests"]["total"]
    assert 2 <= tokens <= math.ceil(elapsed / 3) + 1  # one per 3 s (4 s lifetime − 1 s margin), not per batch
