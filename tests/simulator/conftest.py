"""Fixtures for the simulator tests: one simulator process per session, reset after every test."""

from __future__ import annotations

import httpx
import pytest

from tests.simulator.grants import Grants
from tests.support.simulator import DEMO_KOMMUNE, SimulatorProcess, reset_around


@pytest.fixture(scope="session")
def sim_process():
    with SimulatorProcess() as process:
        yield process


@pytest.fixture
def sim(sim_process):
    """The running simulator; configuration and counters are restored after each test."""
    yield from reset_around(sim_process)


@pytest.fixture
def grants(sim):
    return Grants(sim)


@pytest.fixture
def demo_token(grants):
    """A fresh access token for the demo kommune's own certificate client."""
    return grants.token(grants.for_org(DEMO_KOMMUNE))


@pytest.fixture
def ssg(sim):
    """GET a path below the API base, with an optional token and Accept header."""

    def get(path: str, token: str | None = None, *, accept: str | None = "application/json",
            timeout: float = 10.0) -> httpx.Response:
        headers = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if accept is not None:
            headers["Accept"] = accept
        return httpx.get(f"{sim.ssg_base_url}/{path}", headers=headers, timeout=timeout)

    return get
