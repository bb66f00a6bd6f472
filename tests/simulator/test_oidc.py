"""The simulator's staff OIDC provider behaves like a real IdP (docs/reference/idporten-oidc.md, RFC 6749,
RFC 7636, OpenID Connect Core): discovery, JWKS, authorize with PKCE/state/nonce, a token endpoint that
refuses a wrong verifier, redirect_uri, client secret or a reused code, a verifiable RS256 ID token,
userinfo and end_session."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from urllib.parse import urlencode

import httpx
import jwt
import pytest

from tests.support import oidc

pytestmark = pytest.mark.integration

CLIENT = "sim-test-client"
REDIRECT = "http://127.0.0.1:9/callback/"
LOGOUT = "http://127.0.0.1:9/logget-ut/"


@pytest.fixture
def idp(sim):
    oidc.reset(sim)
    oidc.register_client(sim, CLIENT, [REDIRECT], post_logout_redirect_uris=[LOGOUT])
    yield sim
    oidc.reset(sim)


def authorize_url(sim, challenge: str, **overrides) -> str:
    params = {"response_type": "code", "client_id": CLIENT, "redirect_uri": REDIRECT, "scope": "openid profile",
              "state": "st-1", "nonce": "n-1", "code_challenge": challenge, "code_challenge_method": "S256"}
    params.update(overrides)
    params = {k: v for k, v in params.items() if v is not None}
    return f"{oidc.issuer(sim)}/authorize?{urlencode(params)}"


def get_code(sim, *, user="saksbehandler", mfa=True, **overrides) -> tuple[str, str]:
    verifier, challenge = oidc.pkce_pair()
    answer = oidc.login_at_idp(authorize_url(sim, challenge, **overrides), user=user, mfa=mfa)
    return answer["code"], verifier


def token(sim, code, verifier, *, auth=(CLIENT, oidc.DEMO_SECRET), redirect_uri=REDIRECT, **extra):
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "code_verifier": verifier, **extra}
    data = {k: v for k, v in data.items() if v is not None}
    return httpx.post(f"{oidc.issuer(sim)}/token", data=data, auth=auth)


def verify_id_token(sim, id_token: str) -> dict:
    jwks = httpx.get(f"{oidc.issuer(sim)}/jwks").json()
    kid = jwt.get_unverified_header(id_token)["kid"]
    key = jwt.PyJWK.from_json(json.dumps(next(k for k in jwks["keys"] if k["kid"] == kid))).key
    return jwt.decode(id_token, key, algorithms=["RS256"], audience=CLIENT, issuer=oidc.issuer(sim))


def test_discovery_and_jwks(idp):
    meta = httpx.get(f"{oidc.issuer(idp)}/.well-known/openid-configuration").json()
    assert meta["issuer"] == oidc.issuer(idp)
    for name in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "end_session_endpoint",
                 "jwks_uri"):
        assert meta[name].startswith(oidc.issuer(idp) + "/")
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["response_types_supported"] == ["code"]
    assert meta["id_token_signing_alg_values_supported"] == ["RS256"]
    keys = httpx.get(meta["jwks_uri"]).json()["keys"]
    assert keys and all(k["kty"] == "RSA" and k["alg"] == "RS256" and "d" not in k for k in keys)


def test_full_flow_gives_a_verifiable_id_token_with_the_required_claims(idp):
    code, verifier = get_code(idp, mfa=True)
    response = token(idp, code, verifier)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer"
    claims = verify_id_token(idp, body["id_token"])
    assert claims["nonce"] == "n-1"
    assert claims["oid"] == oidc.TEST_OIDS["saksbehandler"]
    assert claims["amr"] == ["pwd", "mfa"] and claims["acr"] == "high"
    assert claims["iat"] <= time.time() < claims["exp"]
    digest = hashlib.sha256(body["access_token"].encode()).digest()
    assert claims["at_hash"] == base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode()
    info = httpx.get(f"{oidc.issuer(idp)}/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert info.status_code == 200 and info.json()["sub"] == claims["sub"]


def test_without_mfa_the_token_says_so(idp):
    code, verifier = get_code(idp, mfa=False)
    claims = verify_id_token(idp, token(idp, code, verifier).json()["id_token"])
    assert claims["amr"] == ["pwd"] and claims["acr"] == "low"


def test_sub_is_pairwise_but_oid_is_stable(idp):
    other = "sim-other-client"
    oidc.register_client(idp, other, [REDIRECT])
    code, verifier = get_code(idp)
    first = verify_id_token(idp, token(idp, code, verifier).json()["id_token"])
    code, verifier = get_code(idp, client_id=other)
    raw = token(idp, code, verifier, auth=(other, oidc.DEMO_SECRET)).json()["id_token"]
    second = jwt.decode(raw, options={"verify_signature": False})
    assert first["oid"] == second["oid"] and first["sub"] != second["sub"]


def test_client_secret_post_is_accepted(idp):
    code, verifier = get_code(idp)
    response = token(idp, code, verifier, auth=None, client_id=CLIENT, client_secret=oidc.DEMO_SECRET)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("change, error, status", [
    ({"verifier": "wrong-" + "x" * 50}, "invalid_grant", 400),
    ({"verifier": None}, "invalid_grant", 400),
    ({"redirect_uri": "http://127.0.0.1:9/other/"}, "invalid_grant", 400),
    ({"code": "not-a-code"}, "invalid_grant", 400),
    ({"auth": (CLIENT, "wrong-secret-0123456789")}, "invalid_client", 401),
    ({"auth": None}, "invalid_client", 401),
    ({"grant_type": "client_credentials"}, "unsupported_grant_type", 400),
])
def test_token_endpoint_refuses(idp, change, error, status):
    code, verifier = get_code(idp)
    kwargs = {"auth": change.get("auth", (CLIENT, oidc.DEMO_SECRET))}
    if "redirect_uri" in change:
        kwargs["redirect_uri"] = change["redirect_uri"]
    if "grant_type" in change:
        kwargs["grant_type"] = change["grant_type"]
    response = token(idp, change.get("code", code), change.get("verifier", verifier), **kwargs)
    assert response.status_code == status, response.text
    assert response.json()["error"] == error
    # A refused attempt does not burn the code for the rightful client, except when it was the code itself.
    if error != "invalid_grant" or "code" in change:
        assert token(idp, code, verifier).status_code == 200


def test_a_code_works_once_and_not_for_another_client(idp):
    code, verifier = get_code(idp)
    assert token(idp, code, verifier).status_code == 200
    again = token(idp, code, verifier)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    oidc.register_client(idp, "thief", [REDIRECT])
    code, verifier = get_code(idp)
    stolen = token(idp, code, verifier, auth=("thief", oidc.DEMO_SECRET))
    assert stolen.status_code == 400 and stolen.json()["error"] == "invalid_grant"


@pytest.mark.parametrize("override, error", [
    ({"code_challenge": None}, "invalid_request"),
    ({"code_challenge_method": "plain"}, "invalid_request"),
    ({"nonce": None}, "invalid_request"),
    ({"response_type": "token"}, "unsupported_response_type"),
    ({"scope": "profile"}, "invalid_scope"),
])
def test_authorize_errors_go_back_to_the_client(idp, override, error):
    _, challenge = oidc.pkce_pair()
    response = httpx.get(authorize_url(idp, challenge, **override))
    assert response.status_code == 302
    location = response.headers["location"]
    assert location.startswith(REDIRECT) and f"error={error}" in location and "state=st-1" in location


@pytest.mark.parametrize("override", [{"client_id": "unknown"}, {"redirect_uri": "http://evil.example/cb"}])
def test_unknown_client_or_redirect_uri_never_redirects(idp, override):
    _, challenge = oidc.pkce_pair()
    response = httpx.get(authorize_url(idp, challenge, **override))
    assert response.status_code == 400 and "location" not in response.headers


def test_cancel_gives_access_denied(idp):
    _, challenge = oidc.pkce_pair()
    answer = oidc.login_at_idp(authorize_url(idp, challenge), action="cancel")
    assert answer["error"] == "access_denied" and answer["state"] == "st-1" and "code" not in answer


def test_tampered_next_id_token_is_applied_once(idp):
    oidc.tamper_next_id_token(idp, claims={"aud": "someone-else"})
    code, verifier = get_code(idp)
    raw = token(idp, code, verifier).json()["id_token"]
    with pytest.raises(jwt.InvalidAudienceError):
        verify_id_token(idp, raw)
    code, verifier = get_code(idp)
    verify_id_token(idp, token(idp, code, verifier).json()["id_token"])


def test_userinfo_refuses_an_unknown_token(idp):
    response = httpx.get(f"{oidc.issuer(idp)}/userinfo", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401 and "invalid_token" in response.headers["www-authenticate"]


def test_end_session(idp):
    code, verifier = get_code(idp)
    id_token = token(idp, code, verifier).json()["id_token"]
    end = f"{oidc.issuer(idp)}/endsession"
    ok = httpx.get(end, params={"id_token_hint": id_token, "post_logout_redirect_uri": LOGOUT, "state": "s"})
    assert ok.status_code == 302 and ok.headers["location"] == LOGOUT + "?state=s"
    bad = httpx.get(end, params={"id_token_hint": id_token, "post_logout_redirect_uri": "http://evil.example/"})
    assert bad.status_code == 400
    forged = httpx.get(end, params={"id_token_hint": id_token[:-4] + "AAAA", "post_logout_redirect_uri": LOGOUT})
    assert forged.status_code == 400
