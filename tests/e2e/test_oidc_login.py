"""In real Chromium: a caseworker logs in through the kommune's identity provider (the simulator's OIDC
provider, its own process) and lands on the work queue; logging out also ends the IdP session; a person
the IdP knows but Skattedeling does not is refused with a clear message."""
import re

import pytest

from accounts import oidc as rp
from accounts.demo import DEMO_SECRET_VAR, seed_demo_provider
from cases.constants import Role
from tests import factories
from tests.support import oidc

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_idp(live_server, simulator, monkeypatch):
    base = live_server.url
    oidc.reset(simulator)
    oidc.register_client(simulator, "skattedeling-demo", [f"{base}/logg-inn/oidc/demo/callback/"],
                         post_logout_redirect_uris=[f"{base}/logg-inn/"])
    monkeypatch.setenv("DEMO_OIDC_ISSUER", oidc.issuer(simulator))
    monkeypatch.setenv(DEMO_SECRET_VAR, oidc.DEMO_SECRET)
    rp.forget_clients()
    kommune = factories.municipality("Demo kommune", orgno="910753614")
    sara = factories.staff("saksbehandler", kommune, Role.SAKSBEHANDLER)
    sara.first_name, sara.last_name = "Sara", "Saksbehandler"
    sara.save()
    provider = seed_demo_provider(municipality=kommune, users=[sara])
    yield provider
    oidc.reset(simulator)
    rp.forget_clients()


def test_login_through_the_identity_provider_lands_on_the_work_queue(live_server, new_page, demo_idp, simulator):
    base = live_server.url
    page = new_page()
    page.goto(f"{base}/saker/")
    page.wait_for_url(re.compile(r".*/logg-inn/\?next=.*"))
    page.get_by_role("link", name="Logg inn med Demo kommune (simulert IdP)").click()

    # At the identity provider (another origin): pick the test user, MFA ticked.
    page.wait_for_url(re.compile(re.escape(oidc.issuer(simulator)) + r"/authorize\?.*"))
    page.get_by_label("Sara Saksbehandler (saksbehandler)").check()
    assert page.get_by_label("Brukte tofaktor (MFA)").is_checked()
    page.get_by_role("button", name="Fortsett").click()

    page.wait_for_url(f"{base}/saker/")
    assert page.get_by_role("heading", name="Saker", level=1).is_visible()
    assert page.locator(".app-user__name").inner_text() == "Sara Saksbehandler"

    # Logging out ends the session here and at the IdP, and comes back to the login page.
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(f"{base}/logg-inn/?state=*")
    page.goto(f"{base}/saker/")
    page.wait_for_url(re.compile(r".*/logg-inn/\?next=.*"))


def test_a_person_unknown_to_skattedeling_is_refused(live_server, new_page, demo_idp, simulator):
    page = new_page()
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_role("link", name="Logg inn med Demo kommune (simulert IdP)").click()
    page.get_by_label("Ulrik Ukjent (ukjent)").check()
    page.get_by_role("button", name="Fortsett").click()
    page.wait_for_url(re.compile(r".*/logg-inn/oidc/demo/callback/.*"))
    assert page.get_by_role("heading", name="Innloggingen ble avvist").is_visible()
    assert "Be kommunens administrator om tilgang" in page.get_by_role("alert").inner_text()
    assert page.locator("#login-subject").inner_text() == oidc.TEST_OIDS["ukjent"]
