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
