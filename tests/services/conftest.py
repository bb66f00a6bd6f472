"""Fixtures for the direct service tests: a user with both roles, a second approver, ready cases."""
import pytest

from cases.constants import Role
from cases.services.parameters import legal_parameters_load_seed
from tests import factories
from tests.views.conftest import make_ready


@pytest.fixture
def parameters(db):
    legal_parameters_load_seed()


@pytest.fixture
def both(kommune):
    """Saksbehandler and godkjenner at once: the four-eyes attacker."""
    return factories.staff("begge", kommune, Role.SAKSBEHANDLER, Role.GODKJENNER)


@pytest.fixture
def other_approver(kommune):
    return factories.staff("annen-godkjenner", kommune, Role.GODKJENNER)


@pytest.fixture
def registered_by_both(kommune, both, parameters):
    """Registered by ``both``; income fetched and proposed automatically (proposed_by empty)."""
    from cases.services.assessment import decision_propose

    case = make_ready(factories.case(kommune, user=both))
    decision_propose(case_id=case.pk)  # the pipeline's automatic proposal
    case.refresh_from_db()
    return case
