"""Fixtures for the integrations tests: one real simulator process per session, configurations pointing
at it (environment variables or a MunicipalityIntegration row), and fast retries."""
import threading
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connections

from integrations import conf, tables
from tests.support.simulator import DEMO_KOMMUNE, OTHER_KOMMUNE, VENDOR, SimulatorProcess, reset_around

DATA = Path(__file__).parent / "data" / "ssg_persons.json"

FOUND = "14839412054"
UTKAST_ONLY = "02878821028"
NO_DATA_2024 = "23919033061"
SKJERMET = "16822548834"
DELETED_2024 = "19848306110"
UNKNOWN = "04848910029"
ALL_PERSONS = (FOUND, UTKAST_ONLY, NO_DATA_2024, SKJERMET, DELETED_2024, UNKNOWN)


@pytest.fixture(autouse=True)
def _fresh_classification_table():
    """A test's rule edits are rolled back without a signal: no test may keep another's cached table."""
    tables.forget_local_copy()
    yield
    tables.forget_local_copy()


@pytest.fixture(scope="session")
def simulator():
    with SimulatorProcess(data=[DATA], extra_args=["--no-builtin-data", "--quiet"]) as sim:
        yield sim


@pytest.fixture
def sim(simulator):
    """The session simulator with its start configuration and zeroed counters."""
    yield from reset_around(simulator)


def forget_tokens(config: conf.IntegrationSettings) -> None:
    key = config.token_cache_key
    cache.delete_many([key, key + ":lock", key + ":failure"])


@pytest.fixture
def env_config(settings, sim):
    """integration.md's environment configuration: the demo kommune's own client and certificate."""
    settings.MASKINPORTEN_ISSUER = sim.issuer
    settings.MASKINPORTEN_CLIENT_ID = sim.client(DEMO_KOMMUNE)["client_id"]
    settings.MASKINPORTEN_CERTIFICATE = str(sim.p12_path(DEMO_KOMMUNE))
    settings.MASKINPORTEN_CERTIFICATE_PASSWORD = sim.password
    settings.MASKINPORTEN_KEY = ""
    settings.MASKINPORTEN_KID = ""
    settings.MASKINPORTEN_SCOPE = "skatteetaten:summertskattegrunnlag"
    settings.MASKINPORTEN_CONSUMER_ORG = ""
    settings.SKATTEETATEN_SSG_URL = sim.ssg_base_url
    settings.SKATTEETATEN_MAX_CONCURRENT = 5
    settings.INTEGRATIONS_RETRY_BASE_DELAY_S = 0.01
    settings.INTEGRATIONS_RATE_LIMIT_BASE_DELAY_S = 0.2
    settings.INTEGRATIONS_HTTP_TIMEOUT_S = 5
    config = conf.from_environment()
    forget_tokens(config)
    yield settings
    forget_tokens(conf.from_environment() or config)


@pytest.fixture
def vendor_env(env_config, sim):
    """The vendor's own client and certificate, acting for the other kommune (delegated by init)."""
    env_config.MASKINPORTEN_CLIENT_ID = sim.client(VENDOR)["client_id"]
    env_config.MASKINPORTEN_CERTIFICATE = str(sim.p12_path(VENDOR))
    env_config.MASKINPORTEN_CONSUMER_ORG = OTHER_KOMMUNE
    forget_tokens(conf.from_environment())
    return env_config


@pytest.fixture
def no_env_config(settings):
    for name in ("MASKINPORTEN_ISSUER", "MASKINPORTEN_CLIENT_ID", "MASKINPORTEN_CERTIFICATE",
                 "MASKINPORTEN_KEY", "MASKINPORTEN_KID", "SKATTEETATEN_SSG_URL", "MASKINPORTEN_CONSUMER_ORG"):
        setattr(settings, name, "")
    settings.INTEGRATIONS_RETRY_BASE_DELAY_S = 0.01
    return settings


def in_threads(count, work):
    """Run ``work`` in ``count`` real threads at once; return the results (exceptions included)."""
    results, lock, start = [], threading.Lock(), threading.Barrier(count)

    def run():
        start.wait()
        try:
            outcome = work()
        except Exception as exc:  # collected, so the test sees it
            outcome = exc
        finally:
            connections.close_all()  # each thread opened its own database connection
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
