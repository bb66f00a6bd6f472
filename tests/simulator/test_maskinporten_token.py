"""Discovery documents and the issued access token (maskinporten.md § 1.2, § 3.1–3.3, § 8 items 1, 2, 12)."""

from __future__ import annotations

import json

import httpx
import jwt
import pytest

from tests.simulator.grants import SCOPE
from tests.support.simulator import DEMO_KOMMUNE, VENDOR

pytestmark = pytest.mark.integration

TOKEN_CLAIMS = {"iss", "client_amr", "token_type", "client_id", "scope", "consumer", "iat", "exp", "jti"}


def verify(sim, token: str) -> dict:
    """Verify an access token the way a resource server does: key by kid from the published JWKS."""
    jwks = httpx.get(f"{sim.issuer}jwk").json()
    kid = jwt.get_unverified_header(token)["kid"]
    jwk = next(k for k in jwks["keys"] if k["kid"] == kid)
    key = jwt.PyJWK.from_json(json.dumps(jwk)).key
    return jwt.decode(token, key, algorithms=["RS256"], issuer=sim.issuer, options={"verify_aud": False})


def test_metadata_document(sim):
    response = httpx.get(f"{sim.issuer}.well-known/oauth-authorization-server")
    assert response.status_code == 200
    meta = response.json()
    assert meta["issuer"] == sim.issuer and meta["issuer"].endswith("/")
    assert meta["token_endpoint"] == sim.issuer + "token"
    assert meta["jwks_uri"] == sim.issuer + "jwk"
    assert meta["grant_types_supported"] == ["urn:ietf:params:oauth:grant-type:jwt-bearer"]
    assert meta["token_endpoint_auth_methods_supported"] == ["private_key_jwt"]
    assert meta["token_endpoint_auth_signing_alg_values_supported"] == ["RS256", "RS384", "RS512"]
    assert meta["authorization_details_types_supported"] == ["urn:altinn:systemuser", "urn:altinn:consent"]
    assert "authorization_endpoint" not in meta


def test_jwks_publishes_rsa_signing_keys(sim):
    keys = httpx.get(f"{sim.issuer}jwk").json()["keys"]
    assert keys
    for key in keys:
        assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig"
        assert key["kid"] and key["n"] and key["e"]
        assert "d" not in key


def test_response_shape_and_expires_in(grants):
    response = grants.post(grants.for_org(DEMO_KOMMUNE))
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert body["token_type"] == "Bearer"
    assert body["scope"] == SCOPE
    assert body["expires_in"] == 119  # access_token_lifetime 120 − 1, as in the doc examples (599, 7199)


def test_token_header_and_claims_for_a_kommune(sim, grants):
    token = grants.token(grants.for_org(DEMO_KOMMUNE))
    header = jwt.get_unverified_header(token)
    assert set(header) == {"alg", "kid"} and header["alg"] == "RS256"
    claims = verify(sim, token)
    assert set(claims) == TOKEN_CLAIMS
    assert claims["iss"] == sim.issuer
    assert claims["client_id"] == sim.client(DEMO_KOMMUNE)["client_id"]
    assert claims["client_amr"] == "virksomhetssertifikat"
    assert claims["consumer"] == {"authority": "iso6523-actorid-upis", "ID": f"0192:{DEMO_KOMMUNE}"}
    assert claims["token_type"] == "Bearer" and claims["scope"] == SCOPE
    assert claims["exp"] - claims["iat"] == 120
    assert len(claims["jti"]) == 43


def test_delegated_token_names_consumer_supplier_and_source(sim, grants):
    claims = verify(sim, grants.token(grants.kid(VENDOR, consumer_org=DEMO_KOMMUNE)))
    assert set(claims) == TOKEN_CLAIMS | {"supplier", "delegation_source"}
    assert claims["client_amr"] == "private_key_jwt"
    assert claims["consumer"]["ID"] == f"0192:{DEMO_KOMMUNE}"
    assert claims["supplier"] == {"authority": "iso6523-actorid-upis", "ID": f"0192:{VENDOR}"}
    assert claims["delegation_source"] == "https://tt02.altinn.no/"


def test_every_token_has_a_fresh_jti(grants):
    first = jwt.decode(grants.token(grants.for_org(DEMO_KOMMUNE)), options={"verify_signature": False})
    second = jwt.decode(grants.token(grants.for_org(DEMO_KOMMUNE)), options={"verify_signature": False})
    assert first["jti"] != second["jti"]


def test_token_aud_flag_emits_unspecified(sim, grants):
    sim.configure(token_aud="unspecified")
    assert verify(sim, grants.token(grants.for_org(DEMO_KOMMUNE)))["aud"] == "unspecified"


def test_lifetime_override_and_client_lifetime(sim, grants):
    sim.configure(token_lifetime=600)
    response = grants.post(grants.for_org(DEMO_KOMMUNE))
    assert response.json()["expires_in"] == 599
    claims = verify(sim, response.json()["access_token"])
    assert claims["exp"] - claims["iat"] == 600
    sim.configure(token_lifetime=None)
    sim.cli("register-client", "--state-dir", str(sim.state_dir), "--client-id", "kommune-long-lived",
            "--orgno", DEMO_KOMMUNE, "--lifetime", "300")
    assertion = grants.x5c(sim.p12_path(DEMO_KOMMUNE), "kommune-long-lived")
    assert grants.post(assertion).json()["expires_in"] == 299


def test_key_rotation_keeps_old_tokens_verifiable(sim, grants, ssg):
    old = grants.token(grants.for_org(DEMO_KOMMUNE))
    new_kid = sim.configure(rotate_signing_key=True)["signing_kid"]
    kids = [k["kid"] for k in httpx.get(f"{sim.issuer}jwk").json()["keys"]]
    assert kids[0] == new_kid and jwt.get_unverified_header(old)["kid"] in kids
    new = grants.token(grants.for_org(DEMO_KOMMUNE))
    assert jwt.get_unverified_header(new)["kid"] == new_kid
    verify(sim, old)
    verify(sim, new)
    path = "oppgjoer/kommuneforeldrebetaling/2024/14839412054"
    assert ssg(path, old).status_code == 200
    assert ssg(path, new).status_code == 200


def test_token_requests_are_counted_per_client_and_consumer(sim, grants):
    sim.reset()
    grants.post(grants.for_org(DEMO_KOMMUNE))
    grants.post(grants.kid(VENDOR, consumer_org=DEMO_KOMMUNE))
    grants.post(grants.for_org(DEMO_KOMMUNE, aud="wrong"))
    counts = sim.stats()["token_requests"]
    assert counts["total"] == 3 and counts["issued"] == 2
    assert counts["by_client_id"] == {sim.client(DEMO_KOMMUNE)["client_id"]: 2,
                                      sim.client(VENDOR, key_based=True)["client_id"]: 1}
    assert counts["by_consumer_org"] == {DEMO_KOMMUNE: 2}
    assert counts["errors"] == {"MP-110": 1}
