"""At most 5 concurrent calls per organisation (skatteetaten-api.md § 5), and reproducible fault injection."""

from __future__ import annotations

import threading

import httpx
import pytest

from tests.support.simulator import DEMO_KOMMUNE, OTHER_KOMMUNE, VENDOR, SimulatorError

pytestmark = pytest.mark.integration

PKG = "kommuneforeldrebetaling"
PERSONS = ["14839412054", "02878821028", "23919033061", "09858504160", "30898607794", "17817900550"]


def parallel_calls(sim, tokens: list[str], path: str) -> list[httpx.Response]:
    """Fire one call per token at the same moment (a barrier releases all threads together)."""
    barrier = threading.Barrier(len(tokens))
    results: list[httpx.Response | None] = [None] * len(tokens)

    def call(i: int) -> None:
        with httpx.Client(timeout=30) as client:
            barrier.wait()
            results[i] = client.get(f"{sim.ssg_base_url}/{path}", headers={"Authorization": f"Bearer {tokens[i]}"})

    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(tokens))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [r for r in results if r is not None]


def test_sixth_simultaneous_call_from_one_organisation_gets_429(sim, grants):
    token = grants.token(grants.for_org(OTHER_KOMMUNE))
    sim.configure(latency_ms=1500)
    sim.reset()
    responses = parallel_calls(sim, [token] * 8, f"oppgjoer/{PKG}/2024/{PERSONS[0]}")
    statuses = sorted(r.status_code for r in responses)
    assert set(statuses) <= {200, 429}
    assert statuses.count(200) == 5 and statuses.count(429) == 3
    rejected = next(r for r in responses if r.status_code == 429).json()
    assert set(rejected) == {"kode", "melding", "korrelasjonsid"}
    stats = sim.stats()
    assert stats["peak_concurrent_by_org"][OTHER_KOMMUNE] == 5
    assert stats["rejected_429"] == 3
    assert stats["ssg_calls_by_org"][OTHER_KOMMUNE] == 5


def test_limit_is_per_organisation(sim, grants):
    demo = grants.token(grants.for_org(DEMO_KOMMUNE))
    other = grants.token(grants.for_org(OTHER_KOMMUNE))
    sim.configure(latency_ms=1000)
    sim.reset()
    responses = parallel_calls(sim, [demo] * 5 + [other] * 5, f"oppgjoer/{PKG}/2024/{PERSONS[1]}")
    assert [r.status_code for r in responses] == [200] * 10
    peaks = sim.stats()["peak_concurrent_by_org"]
    assert peaks[DEMO_KOMMUNE] == 5 and peaks[OTHER_KOMMUNE] == 5


def test_delegated_calls_count_against_the_kommune(sim, grants):
    delegated = grants.token(grants.kid(VENDOR, consumer_org=OTHER_KOMMUNE))
    own = grants.token(grants.for_org(OTHER_KOMMUNE))
    sim.configure(latency_ms=1500)
    sim.reset()
    responses = parallel_calls(sim, [delegated] * 4 + [own] * 4, f"oppgjoer/{PKG}/2024/{PERSONS[2]}")
    assert sorted(r.status_code for r in responses).count(429) == 3
    assert sim.stats()["peak_concurrent_by_org"] == {OTHER_KOMMUNE: 5}


def _run(ssg, token, rounds: int = 5) -> list[tuple[int, str]]:
    outcome = []
    for _ in range(rounds):
        for person in PERSONS:
            response = ssg(f"oppgjoer/{PKG}/2024/{person}", token)
            outcome.append((response.status_code, response.json().get("kode", "")))
    return outcome


def test_fault_injection_is_reproducible_for_a_seed(sim, ssg, demo_token):
    sim.configure(fault_rate=0.4, seed=7)
    sim.reset()
    first = _run(ssg, demo_token)
    injected = sim.stats()["faults_injected"]
    sim.reset()
    second = _run(ssg, demo_token)
    assert first == second
    assert injected == sum(1 for status, _ in first if status == 500) and 0 < injected < len(first)
    assert {kode for status, kode in first if status == 500} <= {"SSG-001", "SSG-002", "DAS-003"}
    sim.configure(seed=8)
    sim.reset()
    assert _run(ssg, demo_token) != first


def test_fault_rate_zero_and_one(sim, ssg, demo_token):
    sim.configure(fault_rate=0.0)
    assert all(status == 200 for status, _ in _run(ssg, demo_token, rounds=1))
    sim.configure(fault_rate=1.0, fault_kinds=["das-003"])
    assert all(r == (500, "DAS-003") for r in _run(ssg, demo_token, rounds=1))


def test_gateway_404_fault_is_plain_text(sim, ssg, demo_token):
    sim.configure(fault_rate=1.0, fault_kinds=["gateway-404"])
    response = ssg(f"oppgjoer/{PKG}/2024/{PERSONS[0]}", demo_token)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/plain")


def test_stall_fault_outlasts_a_client_timeout(sim, ssg, demo_token):
    sim.configure(fault_rate=1.0, fault_kinds=["stall"], stall_ms=3000)
    with pytest.raises(httpx.ReadTimeout):
        ssg(f"oppgjoer/{PKG}/2024/{PERSONS[0]}", demo_token, timeout=0.5)


def test_disconnect_fault_closes_without_a_response(sim, ssg, demo_token):
    sim.configure(fault_rate=1.0, fault_kinds=["disconnect"])
    with pytest.raises(httpx.RemoteProtocolError):
        ssg(f"oppgjoer/{PKG}/2024/{PERSONS[0]}", demo_token)


def test_token_endpoint_faults(sim, grants):
    sim.configure(token_fault_rate=1.0, token_fault_kinds=["mp-503"])
    response = grants.post(grants.for_org(DEMO_KOMMUNE))
    assert response.status_code == 503 and response.json()["error"] == "temporarily_unavailable"
    sim.configure(token_fault_kinds=["mp-500"])
    assert grants.post(grants.for_org(DEMO_KOMMUNE)).status_code == 500
    assert sim.stats()["faults_by_kind"] == {"mp-503": 1, "mp-500": 1}


def test_bad_configuration_is_refused(sim):
    for bad in ({"fault_rate": 2}, {"fault_kinds": ["meteor"]}, {"grant_max_lifetime": 150}, {"nonsense": 1}):
        with pytest.raises(SimulatorError, match="400"):
            sim.configure(**bad)


def test_answer_time_counts_the_latency_and_the_simulators_own_work_for_counted_calls_only(sim, grants):
    token = grants.token(grants.for_org(OTHER_KOMMUNE))
    sim.configure(latency_ms=200)
    sim.reset()
    assert sim.stats()["ssg_answer_ms_mean"] is None  # nothing answered yet
    responses = parallel_calls(sim, [token] * 7, f"oppgjoer/{PKG}/2024/{PERSONS[2]}")
    assert sorted(r.status_code for r in responses).count(200) == 5  # two were turned away with 429
    stats = sim.stats()
    assert stats["ssg_calls"] == 5 and stats["rejected_429"] == 2
    # The five counted calls took the 200 ms latency and some more (the 429s, answered at once, are not
    # in the mean, or it would fall far below 200).
    assert 200 <= stats["ssg_answer_ms_mean"] < 200 + 500
