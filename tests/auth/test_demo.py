"""The quick start's IdP: seed_demo creates the «demo» provider and the demo users' identities when
DEMO_OIDC_ISSUER is set (bin/start), and nothing otherwise; the demo oids are the simulator's."""
import pytest
from django.core.management import call_command

from accounts.demo import DEMO_OIDS
from accounts.models import IdentityProvider, StaffIdentity
from integrations.simulator.oidc import TEST_USERS


def test_demo_oids_are_the_simulators_test_users():
    simulator = {u.username: u.oid for u in TEST_USERS}
    assert DEMO_OIDS == {name: simulator[name] for name in DEMO_OIDS}


@pytest.mark.django_db
def test_seed_demo_creates_the_demo_provider_and_identities(monkeypatch):
    monkeypatch.setenv("DEMO_OIDC_ISSUER", "http://127.0.0.1:8800/oidc")
    call_command("seed_demo", "--no-fetch", verbosity=0)
    call_command("seed_demo", "--no-fetch", verbosity=0)  # idempotent
    provider = IdentityProvider.objects.get(slug="demo")
    assert provider.issuer == "http://127.0.0.1:8800/oidc" and provider.subject_claim == "oid"
    assert provider.client_secret_env_var.startswith("SKATTEDELING_SECRET_")
    assert provider.municipalities.count() == 1
    mapped = dict(StaffIdentity.objects.values_list("user__username", "subject"))
    assert mapped == DEMO_OIDS


@pytest.mark.django_db
def test_seed_demo_without_an_issuer_creates_no_provider(monkeypatch):
    monkeypatch.delenv("DEMO_OIDC_ISSUER", raising=False)
    call_command("seed_demo", "--no-fetch", verbosity=0)
    assert not IdentityProvider.objects.exists() and not StaffIdentity.objects.exists()
