"""20 parallel fetches against the simulator: one token request, never more than 5 calls at a time.

Each thread builds its own clients (``get_tax_basis`` wires new ones per call); they share only the
Django cache (Redis), as separate Celery worker processes would. The simulator's own limit is raised
to 100 so that its peak counter measures OUR limiter instead of capping it.
"""
import pytest

from integrations.service import Outcome, get_tax_basis
from tests.integrations.conftest import FOUND, in_threads
from tests.support.simulator import DEMO_KOMMUNE, OTHER_KOMMUNE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]


def fetch_found(orgno=DEMO_KOMMUNE):
    return get_tax_basis(orgno=orgno, person_id=FOUND, income_year=2024, purpose="concurrency test").outcome


def test_twenty_parallel_fetches_one_token_at_most_five_calls(env_config, sim):
    sim.configure(concurrency_limit=100, latency_ms=200, token_latency_ms=300)
    results = in_threads(20, fetch_found)
    assert results == [Outcome.FOUND] * 20
    stats = sim.stats()
    assert stats["token_requests"]["total"] == 1
    assert stats["ssg_calls"] == 20
    peak = stats["peak_concurrent_by_org"][DEMO_KOMMUNE]
    assert 2 <= peak <= 5  # overlapping, never above the API's limit
    assert stats["rejected_429"] == 0


def test_control_without_our_limit_the_simulator_sees_more_than_five(env_config, sim):
    """Shows the measurement above can fail: with our limit at 20 the peak goes above 5."""
    env_config.SKATTEETATEN_MAX_CONCURRENT = 20
    sim.configure(concurrency_limit=100, latency_ms=300)
    assert in_threads(20, fetch_found) == [Outcome.FOUND] * 20
    assert sim.stats()["peak_concurrent_by_org"][DEMO_KOMMUNE] > 5


def test_vendor_client_limit_binds_below_the_per_kommune_limit(vendor_env, sim):
    """A vendor's own limit (here 3) applies on top of the 5 per kommune (sharing: test_conf.py)."""
    vendor_env.SKATTEETATEN_VENDOR_MAX_CONCURRENT = 3
    sim.configure(concurrency_limit=100, latency_ms=200)
    results = in_threads(10, lambda: fetch_found(OTHER_KOMMUNE))
    assert results == [Outcome.FOUND] * 10
    assert sim.stats()["peak_concurrent_by_org"][OTHER_KOMMUNE] <= 3
