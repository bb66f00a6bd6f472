"""Shared fixtures: municipalities, staff with roles, logged-in clients."""
import pytest

from cases.constants import Role
from tests import factories


@pytest.fixture
def kommune(db):
    return factories.municipality("Demo kommune", orgno="910753614")


@pytest.fixture
def other_kommune(db):
    return factories.municipality("Annen kommune", orgno="974760673")


@pytest.fixture
def saksbehandler(kommune):
    return factories.staff("saksbehandler", kommune, Role.SAKSBEHANDLER)


@pytest.fixture
def godkjenner(kommune):
    return factories.staff("godkjenner", kommune, Role.GODKJENNER)


@pytest.fixture
def caseworker_client(client, saksbehandler):
    client.force_login(saksbehandler)
    return client


@pytest.fixture(scope="session")
def simulator():
    """The Maskinporten + Skatteetaten simulator as a real process (real HTTP), for the whole session."""
    from tests.support.simulator import SimulatorProcess

    with SimulatorProcess() as sim:
        yield sim


@pytest.fixture
def integration_settings(settings, simulator):
    """Point the environment-variable configuration (integration.md) at the simulator."""
    client = simulator.client("910753614")
    settings.MASKINPORTEN_ISSUER = simulator.issuer
    settings.MASKINPORTEN_CLIENT_ID = client["client_id"]
    settings.MASKINPORTEN_CERTIFICATE = str(simulator.p12_path("910753614"))
    settings.MASKINPORTEN_CERTIFICATE_PASSWORD = simulator.password
    settings.MASKINPORTEN_KEY = ""
    settings.MASKINPORTEN_KID = ""
    settings.MASKINPORTEN_CONSUMER_ORG = ""
    settings.SKATTEETATEN_SSG_URL = simulator.ssg_base_url
    from django.core.cache import cache

    cache.clear()  # no token or concurrency slot left over from another test
    simulator.reset()
    return settings


def _reload_reference_data() -> None:
    """Put back the rows data migrations seed (legal parameters, income classification)."""
    import importlib

    from django.apps import apps

    for module in ("cases.migrations.0003_seed_legal_parameters",
                   "integrations.migrations.0002_seed_income_classification"):
        migration = importlib.import_module(module)
        (getattr(migration, "load", None) or migration.seed)(apps, None)


@pytest.fixture(autouse=True)
def _restore_reference_data(request, django_db_blocker):
    """Transactional tests (live server, real worker) end by truncating every table, which also
    removes the rows seeded by data migrations; put them back so later tests see a normal database."""
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server"))
    if transactional:
        with django_db_blocker.unblock():
            _reload_reference_data()
