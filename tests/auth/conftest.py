"""Fixtures for login tests: an identity provider row pointing at the simulator's OIDC provider, with its
client registered there, and a helper that walks a login through the Django test client."""
from urllib.parse import urlencode

import pytest

from accounts.models import IdentityProvider, StaffIdentity
from tests.support import oidc

SECRET_VAR = "SKATTEDELING_SECRET_TEST_IDP"
CALLBACK = "http://testserver/logg-inn/oidc/sim/callback/"
LOGGED_OUT = "http://testserver/logg-inn/"


@pytest.fixture
def idp(db, simulator, monkeypatch, kommune):
    """IdentityProvider «sim» (subject claim oid) serving the demo kommune, client registered at the simulator."""
    from accounts import oidc as rp

    oidc.reset(simulator)
    oidc.register_client(simulator, "skattedeling-test", [CALLBACK], post_logout_redirect_uris=[LOGGED_OUT])
    monkeypatch.setenv(SECRET_VAR, oidc.DEMO_SECRET)
    rp.forget_clients()
    provider = IdentityProvider.objects.create(
        slug="sim", name="Testkommunens innlogging", issuer=oidc.issuer(simulator), client_id="skattedeling-test",
        client_secret_env_var=SECRET_VAR, subject_claim="oid",
    )
    provider.municipalities.add(kommune)
    yield provider
    oidc.reset(simulator)
    rp.forget_clients()


@pytest.fixture
def identity(idp, saksbehandler):
    return StaffIdentity.objects.create(user=saksbehandler, issuer=idp.issuer, subject=oidc.TEST_OIDS["saksbehandler"])


class Flow:
    """Drive one login: start at Skattedeling, act at the IdP, come back to the callback."""

    def __init__(self, client, slug="sim"):
        self.client, self.slug = client, slug

    def start(self, next_url=None):
        query = "?" + urlencode({"next": next_url}) if next_url else ""
        response = self.client.get(f"/logg-inn/oidc/{self.slug}/{query}")
        assert response.status_code == 302, response.content
        return response["Location"]

    def at_idp(self, authorize_url, **kwargs):
        return oidc.login_at_idp(authorize_url, **kwargs)

    def callback(self, answer):
        params = {k: v for k, v in answer.items() if not k.startswith("_")}
        return self.client.get(f"/logg-inn/oidc/{self.slug}/callback/", params)

    def login(self, *, next_url=None, **kwargs):
        return self.callback(self.at_idp(self.start(next_url), **kwargs))


@pytest.fixture
def flow(client):
    return Flow(client)
