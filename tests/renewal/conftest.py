"""Fixtures for the renewal tests: staff with roles, and households with an approved decision."""
import datetime
import random

import pytest

from cases.constants import CaseStatus, Role
from devtools.synthetic import Adult, HouseholdSpec, SyntheticIds, create_cases
from tests import factories


@pytest.fixture
def administrator(kommune):
    return factories.staff("admin", kommune, Role.ADMINISTRATOR)


@pytest.fixture
def synthetic_ids():
    return SyntheticIds(offset=random.Random().randrange(200))


@pytest.fixture
def make_household(kommune, godkjenner, synthetic_ids):
    """``make_household(children=[(born, trinn)], service=..., period=..., adults=[...], status=...)`` → Case."""

    def make(*, children, service="barnehage", period="2025/26", adults=None, status=CaseStatus.APPROVED,
             municipality=None):
        if adults is None:
            adults = [Adult(synthetic_ids.make(datetime.date(1988, 4, 2)), "Kari", "Nordmann", 300_000),
                      Adult(synthetic_ids.make(datetime.date(1987, 6, 9)), "Ola", "Nordmann", 250_000)]
        spec = HouseholdSpec(applicant=adults[0], partner=adults[1] if len(adults) > 1 else None, service=service,
                             children=children, status=status)
        (case_id,) = create_cases(municipality=municipality or kommune, period=period, specs=[spec],
                                  approver=godkjenner, ids=synthetic_ids)
        from cases.models import Case

        return Case.objects.get(pk=case_id)

    return make
