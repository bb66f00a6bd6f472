"""The simulator's ID-porten behaves like ID-porten (docs/reference/idporten-oidc.md): only the two
assurance levels, the level the person used comes back in ``acr`` (even if lower than asked), ``pid`` is
the person, ``sub`` is pairwise, ``private_key_jwt`` client authentication is enforced (signature, aud =
issuer, iss = sub = client, short lifetime, single-use jti), ``ui_locales`` → ``locale``,
``onbehalfof`` is echoed, and end_session / front-channel logout work."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import jwt
import pytest

from tests.support import idporten as idp
from tests.support import oidc

pytestmark = pytest.mark.integration

CLIENT = "sim-portal-client"
REDIRECT = "http://127.0.0.1:9/innbygger/callback/"
LOGOUT = "http://127.0.0.1:9/innbygger/logget-ut/"
FRONT = "http://127.0.0.1:9/innbygger/frontchannel-logout/"
KEY = idp.new_key()


@pytest.fixture
def provider(sim):
    idp.reset(sim)
    idp.register_client(sim, CLIENT, [REDIRECT], key=KEY, post_logout_redirect_uris=[LOGOUT],
                        frontchannel_logout_uri=FRONT)
    yield sim
    idp.reset(sim)


def authorize_url(sim, challenge: str, **overrides) -> str:
    params = {"response_type": "code", "client_id": CLIENT, "redirect_uri": REDIRECT, "scope": "openid profile",
              "state": "st-1", "nonce": "n-1", "code_challenge": challenge, "code_challenge_method": "S256",
              "acr_values": "idporten-loa-substantial", "ui_locales": "nn"}
    params.update(overrides)
    return f"{idp.issuer(sim)}/authorize?{urlencode({k: v for k, v in params.items() if v is not None})}"


def code_for(sim, *, person="h2-1", level="idporten-loa-substantial", **overrides):
    verifier, challenge = oidc.pkce_pair()
    answer = idp.login_at_idporten(authorize_url(sim, challenge, **overrides), person=person, level=level)
    return answer, verifier


def token(sim, code, verifier, *, assertion=None, **extra):
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "code_verifier": verifier,
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion or idp.client_assertion(KEY, CLIENT, idp.issuer(sim)), **extra}
    return httpx.post(f"{idp.issuer(sim)}/token", data={k: v for k, v in data.items() if v is not None})


def verified(sim, id_token: str) -> dict:
    jwks = httpx.get(f"{idp.issuer(sim)}/jwks").json()
    key = jwt.PyJWK(jwks["keys"][0]).key
    return jwt.decode(id_token, key, algorithms=["RS256"], audience=CLIENT, issuer=idp.issuer(sim))


def test_discovery_names_idporten_features(provider):
    meta = httpx.get(f"{idp.issuer(provider)}/.well-known/openid-configuration").json()
    assert meta["issuer"] == idp.issuer(provider)
    assert "private_key_jwt" in meta["token_endpoint_auth_methods_supported"]
    assert meta["acr_values_supported"] == ["idporten-loa-substantial", "idporten-loa-high"]
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["frontchannel_logout_supported"] is True
    assert {"nb", "nn", "en"} <= set(meta["ui_locales_supported"])


def test_private_key_jwt_flow_gives_pid_acr_locale(provider):
    answer, verifier = code_for(provider, onbehalfof="kommune-0301")
    assert answer["state"] == "st-1" and answer["iss"] == idp.issuer(provider)
    response = token(provider, answer["code"], verifier)
    assert response.status_code == 200, response.text
    claims = verified(provider, response.json()["id_token"])
    assert claims["pid"] == idp.PIDS["h2-1"]
    assert claims["acr"] == "idporten-loa-substantial"
    assert claims["nonce"] == "n-1" and claims["locale"] == "nn"
    assert claims["onbehalfof"] == "kommune-0301"
    assert claims["sub"] != claims["pid"] and claims["sid"]
    info = httpx.get(f"{idp.issuer(provider)}/userinfo",
                     headers={"Authorization": f"Bearer {response.json()['access_token']}"}).json()
    assert info == {"sub": claims["sub"], "pid": idp.PIDS["h2-1"]}


def test_a_lower_level_than_asked_comes_back_as_it_was(provider):
    answer, verifier = code_for(provider, acr_values="idporten-loa-high", level="idporten-loa-substantial")
    claims = verified(provider, token(provider, answer["code"], verifier).json()["id_token"])
    assert claims["acr"] == "idporten-loa-substantial"


def test_high_level(provider):
    answer, verifier = code_for(provider, acr_values="idporten-loa-high", level="idporten-loa-high")
    claims = verified(provider, token(provider, answer["code"], verifier).json()["id_token"])
    assert claims["acr"] == "idporten-loa-high" and claims["amr"] == ["BankID"]


def test_a_foreign_eid_has_no_pid(provider):
    answer, verifier = code_for(provider, person="eidas")
    claims = verified(provider, token(provider, answer["code"], verifier).json()["id_token"])
    assert "pid" not in claims and claims["sub"]


@pytest.mark.parametrize("acr", ["low", "idporten-loa-low", "high"])
def test_unknown_acr_values_are_refused(provider, acr):
    verifier, challenge = oidc.pkce_pair()
    response = httpx.get(authorize_url(provider, challenge, acr_values=acr))
    assert response.status_code == 302
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query["error"] == ["invalid_request"]


OTHER_KEY = idp.new_key()


@pytest.mark.parametrize("make", [
    lambda sim: idp.client_assertion(OTHER_KEY, CLIENT, idp.issuer(sim)),          # not the registered key
    lambda sim: idp.client_assertion(KEY, CLIENT, "https://idporten.no"),          # wrong audience
    lambda sim: idp.client_assertion(KEY, CLIENT, idp.issuer(sim), sub="other"),  # sub is not the client
    lambda sim: idp.client_assertion(KEY, CLIENT, idp.issuer(sim), lifetime=600),  # lives too long
    lambda sim: idp.client_assertion(KEY, CLIENT, idp.issuer(sim), lifetime=-30),  # expired
])
def test_bad_client_assertions_are_refused(provider, make):
    answer, verifier = code_for(provider)
    response = token(provider, answer["code"], verifier, assertion=make(provider))
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"


def test_a_client_assertion_cannot_be_replayed_and_a_secret_is_not_enough(provider):
    assertion = idp.client_assertion(KEY, CLIENT, idp.issuer(provider))
    answer, verifier = code_for(provider)
    assert token(provider, answer["code"], verifier, assertion=assertion).status_code == 200
    answer, verifier = code_for(provider)
    assert token(provider, answer["code"], verifier, assertion=assertion).status_code == 401
    answer, verifier = code_for(provider)
    response = httpx.post(f"{idp.issuer(provider)}/token", auth=(CLIENT, ""), data={
        "grant_type": "authorization_code", "code": answer["code"], "redirect_uri": REDIRECT,
        "code_verifier": verifier})
    assert response.status_code == 401


def test_wrong_pkce_verifier_is_refused(provider):
    answer, _verifier = code_for(provider)
    other, _ = oidc.pkce_pair()
    response = token(provider, answer["code"], other)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_end_session_and_frontchannel_logout(provider):
    answer, verifier = code_for(provider)
    id_token = token(provider, answer["code"], verifier).json()["id_token"]
    sid = verified(provider, id_token)["sid"]
    url = idp.frontchannel_logout_url(provider, sid)
    assert url.startswith(FRONT) and f"sid={sid}" in url and "iss=" in url
    response = httpx.get(f"{idp.issuer(provider)}/endsession", params={
        "id_token_hint": id_token, "post_logout_redirect_uri": LOGOUT, "state": "s"})
    assert response.status_code == 302 and response.headers["location"] == LOGOUT + "?state=s"
    assert httpx.get(f"{provider.base_url}/_simulator/idporten/sessions").json()["active"] == 0
    bad = httpx.get(f"{idp.issuer(provider)}/endsession", params={
        "id_token_hint": id_token, "post_logout_redirect_uri": "https://evil.example/"})
    assert bad.status_code == 400
