"""The token endpoint refuses or accepts grants exactly as maskinporten.md § 2 and § 8 (items 3–11) say."""

from __future__ import annotations

import base64
import time

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from tests.simulator.grants import GRANT_TYPE, SCOPE, assert_mp_error, b64der, load_key, load_p12
from tests.support.simulator import DEMO_KOMMUNE, OTHER_KOMMUNE, VENDOR

pytestmark = pytest.mark.integration


def refused(sim, response, status=400, error="invalid_grant", code=None, contains=""):
    return assert_mp_error(response, status=status, error=error, code=code, issuer=sim.issuer, contains=contains)


# --- § 8.3 the HTTP request --------------------------------------------------------------------------


def test_valid_certificate_grant_is_accepted(grants):
    response = grants.post(grants.for_org(DEMO_KOMMUNE))
    assert response.status_code == 200, response.text
    assert response.json()["token_type"] == "Bearer"


def test_body_must_be_form_encoded(sim, grants):
    response = grants.post(grants.for_org(DEMO_KOMMUNE), json_body=True)
    refused(sim, response, error="invalid_request", contains="x-www-form-urlencoded")


def test_grant_type_must_be_exact(sim, grants):
    wrong = grants.post(grants.for_org(DEMO_KOMMUNE), grant_type="client_credentials")
    refused(sim, wrong, error="unsupported_grant_type")
    almost = grants.post(grants.for_org(DEMO_KOMMUNE), grant_type=GRANT_TYPE + " ")
    refused(sim, almost, error="unsupported_grant_type")
    missing = grants.post(grants.for_org(DEMO_KOMMUNE), grant_type=None)
    refused(sim, missing, error="invalid_request", contains="grant_type")


def test_assertion_must_be_present(sim, grants):
    refused(sim, grants.post(None), error="invalid_request", contains="assertion")
    refused(sim, grants.post(""), error="invalid_request", contains="assertion")


def test_malformed_assertion_is_mp_011(sim, grants):
    refused(sim, grants.post("not.a.jwt"), error="invalid_request", code="MP-011")


# --- § 8.4 the JOSE header ---------------------------------------------------------------------------


@pytest.mark.parametrize("alg", ["RS384", "RS512"])
def test_rs384_and_rs512_are_accepted(grants, alg):
    assert grants.post(grants.for_org(DEMO_KOMMUNE, alg=alg)).status_code == 200


def test_hs256_and_ps256_are_refused(sim, grants):
    hs = jwt.encode(grants.claims(sim.client(DEMO_KOMMUNE)["client_id"]), "secret" * 6, algorithm="HS256")
    refused(sim, grants.post(hs), contains="algorithm")
    refused(sim, grants.post(grants.for_org(DEMO_KOMMUNE, alg="PS256")), contains="algorithm")


def test_x5c_as_a_plain_string_is_mp_123(sim, grants):
    _, cert, _ = load_p12(sim.p12_path(DEMO_KOMMUNE))
    assertion = grants.for_org(DEMO_KOMMUNE, header={"x5c": b64der(cert)})
    refused(sim, grants.post(assertion), error="invalid_request", code="MP-123")


def test_x5c_in_base64url_is_mp_123(sim, grants):
    _, cert, _ = load_p12(sim.p12_path(DEMO_KOMMUNE))
    der = cert.public_bytes(serialization.Encoding.DER)
    urlsafe = base64.urlsafe_b64encode(der).decode()
    assert urlsafe != base64.b64encode(der).decode()
    assertion = grants.for_org(DEMO_KOMMUNE, header={"x5c": [urlsafe]})
    refused(sim, grants.post(assertion), error="invalid_request", code="MP-123")


def test_x5c_with_leaf_and_intermediate_is_accepted(sim, grants):
    _, cert, chain = load_p12(sim.p12_path(DEMO_KOMMUNE))
    assertion = grants.for_org(DEMO_KOMMUNE, header={"x5c": [b64der(cert), *map(b64der, chain)]})
    assert grants.post(assertion).status_code == 200


def test_certificate_client_must_not_send_kid(sim, grants):
    assertion = grants.for_org(DEMO_KOMMUNE, header={"kid": "some-key"})
    refused(sim, grants.post(assertion), contains="kid")
    only_kid = grants.for_org(DEMO_KOMMUNE, header={"kid": "some-key", "x5c": None})
    refused(sim, grants.post(only_kid), contains="unknown key identifier")


def test_certificate_client_needs_x5c(sim, grants):
    assertion = grants.for_org(DEMO_KOMMUNE, header={"x5c": None})
    refused(sim, grants.post(assertion), contains="x5c")


def test_key_client_is_accepted_with_its_kid(grants):
    response = grants.post(grants.kid(VENDOR, consumer_org=DEMO_KOMMUNE))
    assert response.status_code == 200, response.text


def test_key_client_without_kid_is_refused(sim, grants):
    client = sim.client(VENDOR, key_based=True)
    assertion = grants.x5c(sim.p12_path(VENDOR), client["client_id"], consumer_org=DEMO_KOMMUNE)
    refused(sim, grants.post(assertion), contains="requires a pre-registered JWK")


def test_key_client_with_unknown_kid_is_refused(sim, grants):
    assertion = grants.kid(VENDOR, kid="not-registered", consumer_org=DEMO_KOMMUNE)
    refused(sim, grants.post(assertion), contains="unknown key identifier")


def test_key_client_signed_with_another_key_is_mp_124(sim, grants):
    other_key, _, _ = load_p12(sim.p12_path(VENDOR))
    assertion = grants.kid(VENDOR, key=other_key, consumer_org=DEMO_KOMMUNE)
    refused(sim, grants.post(assertion), code="MP-124")


def test_both_kid_and_x5c_is_refused(sim, grants):
    _, cert, _ = load_p12(sim.p12_path(VENDOR))
    assertion = grants.kid(VENDOR, header={"x5c": [b64der(cert)]}, consumer_org=DEMO_KOMMUNE)
    refused(sim, grants.post(assertion), contains="either kid or x5c")


# --- § 8.5 client and audience -----------------------------------------------------------------------


def test_unknown_client_is_mp_100(sim, grants):
    refused(sim, grants.post(grants.for_org(DEMO_KOMMUNE, iss="no-such-client")), code="MP-100")


@pytest.mark.parametrize("aud", ["without-slash", "token-endpoint", "list", "prod"])
def test_aud_must_be_exactly_the_issuer(sim, grants, aud):
    value = {
        "without-slash": sim.issuer.rstrip("/"),
        "token-endpoint": sim.token_endpoint,
        "list": [sim.issuer],
        "prod": "https://maskinporten.no/",
    }[aud]
    refused(sim, grants.post(grants.for_org(DEMO_KOMMUNE, aud=value)), code="MP-110")


# --- § 8.6 the certificate ---------------------------------------------------------------------------


def _certificate(sim, tmp_path, *args):
    out = tmp_path / "cert.p12"
    sim.cli("create-certificate", "--ca-dir", str(sim.state_dir), "--out", str(out), "--password",
            sim.password, *args)
    return out


def test_production_certificate_is_refused_in_test_mp_120(sim, grants, tmp_path):
    p12 = _certificate(sim, tmp_path, "--orgno", DEMO_KOMMUNE, "--env", "prod")
    assertion = grants.x5c(p12, sim.client(DEMO_KOMMUNE)["client_id"])
    refused(sim, grants.post(assertion), code="MP-120", contains="trusted TEST CA")


def test_certificate_from_an_unknown_ca_is_mp_120(sim, grants, tmp_path):
    foreign = tmp_path / "foreign.p12"  # create-certificate makes a fresh CA hierarchy in an empty --ca-dir
    sim.cli("create-certificate", "--ca-dir", str(tmp_path / "own-ca"), "--orgno", DEMO_KOMMUNE,
            "--out", str(foreign), "--password", sim.password)
    refused(sim, grants.post(grants.x5c(foreign, sim.client(DEMO_KOMMUNE)["client_id"])), code="MP-120")


@pytest.mark.parametrize(("valid_from", "days"), [("2020-01-01", 365), ("2099-01-01", 365)])
def test_certificate_outside_its_validity_is_mp_120(sim, grants, tmp_path, valid_from, days):
    p12 = _certificate(sim, tmp_path, "--orgno", DEMO_KOMMUNE, "--valid-from", valid_from, "--days", str(days))
    refused(sim, grants.post(grants.x5c(p12, sim.client(DEMO_KOMMUNE)["client_id"])), code="MP-120",
            contains="validity")


def test_certificate_of_another_organisation_is_mp_122(sim, grants):
    assertion = grants.x5c(sim.p12_path(VENDOR), sim.client(DEMO_KOMMUNE)["client_id"])
    refused(sim, grants.post(assertion), code="MP-122")


@pytest.mark.parametrize("field", ["organizationIdentifier", "serialNumber"])
def test_orgno_is_read_from_organization_identifier_or_serial_number(sim, grants, tmp_path, field):
    p12 = _certificate(sim, tmp_path, "--orgno", DEMO_KOMMUNE, "--orgno-field", field)
    assert grants.post(grants.x5c(p12, sim.client(DEMO_KOMMUNE)["client_id"])).status_code == 200


def test_certificate_grant_signed_with_another_key_is_mp_124(sim, grants):
    vendor_key, _, _ = load_p12(sim.p12_path(VENDOR))
    refused(sim, grants.post(grants.for_org(DEMO_KOMMUNE, key=vendor_key)), code="MP-124")


# --- § 8.7 time ---------------------------------------------------------------------------------------


def test_lifetime_of_120_seconds_is_accepted_and_121_refused(sim, grants):
    now = int(time.time())
    assert grants.post(grants.for_org(DEMO_KOMMUNE, iat=now, exp=now + 120)).status_code == 200
    refused(sim, grants.post(grants.for_org(DEMO_KOMMUNE, iat=now, exp=now + 121)), contains="too long lifetime")


def test_observed_mode_allows_180_seconds(sim, grants):
    sim.configure(grant_max_lifetime=180)
    now = int(time.time())
    assert grants.post(grants.for_org(DEMO_KOMMUNE, iat=now, exp=now + 180)).status_code == 200
    refused(sim, grants.post(grants.for_org(DEMO_KOMMUNE, iat=now, exp=now + 181)), contains="too long lifetime")


def test_issue_time_in_the_future_is_refused_beyond_ten_seconds(sim, grants):
    now = int(time.time())
    assert grants.post(grants.for_org(DEMO_KOMMUNE, iat=now + 5, exp=now + 100)).status_code == 200
    refused(sim, grants.post(grants.for_org(DEMO_KOMMUNE, iat=now + 40, exp=now + 100)),
            contains="issue time is after now")


def test_expired_grant_is_mp_130_beyond_ten_seconds(sim, grants):
    now = int(time.time())
    assert grants.post(grants.for_org(DEMO_KOMMUNE, iat=now - 100, exp=now - 5)).status_code == 200
    refused(sim, grants.post(grants.for_org(DEMO_KOMMUNE, iat=now - 100, exp=now - 30)), code="MP-130")


def test_clock_offset_moves_the_simulator_clock(sim, grants):
    sim.configure(clock_offset_s=-30)  # the client now looks 30 s ahead
    refused(sim, grants.post(grants.for_org(DEMO_KOMMUNE)), contains="issue time is after now")
    sim.configure(clock_offset_s=200)  # the client now looks 200 s behind
    refused(sim, grants.post(grants.for_org(DEMO_KOMMUNE)), code="MP-130")


@pytest.mark.parametrize("claims", [{"iat": None}, {"exp": None}, {"iat": "now"}])
def test_iat_and_exp_must_be_numeric_dates(sim, grants, claims):
    refused(sim, grants.post(grants.for_org(DEMO_KOMMUNE, **claims)), error="invalid_request", code="MP-011")


# --- § 8.8 replay -------------------------------------------------------------------------------------


def test_reused_jti_is_mp_012(sim, grants):
    assertion = grants.for_org(DEMO_KOMMUNE)
    assert grants.post(assertion).status_code == 200
    refused(sim, grants.post(assertion), code="MP-012")
    again = grants.for_org(DEMO_KOMMUNE, jti=jwt.decode(assertion, options={"verify_signature": False})["jti"])
    refused(sim, grants.post(again), code="MP-012")


def test_without_jti_the_assertion_itself_is_deduplicated(sim, grants):
    now = int(time.time())
    first = grants.for_org(DEMO_KOMMUNE, jti=None, iat=now, exp=now + 60)
    second = grants.for_org(DEMO_KOMMUNE, jti=None, iat=now, exp=now + 61)
    assert grants.post(first).status_code == 200
    assert grants.post(second).status_code == 200
    refused(sim, grants.post(first), code="MP-012")


# --- § 8.9 claims allow-list --------------------------------------------------------------------------


@pytest.mark.parametrize("claim", [{"sub": "x"}, {"nbf": 0}, {"client_id": "x"}, {"kommune": "910753614"}])
def test_claims_outside_the_allow_list_are_invalid_assertion(sim, grants, claim):
    response = grants.post(grants.for_org(DEMO_KOMMUNE, **claim))
    assert response.status_code == 400
    assert "Invalid assertion" in response.json()["error_description"]


def test_resource_is_allowed_and_becomes_the_token_audience(grants):
    token = grants.token(grants.for_org(DEMO_KOMMUNE, resource="https://api.example.no/"))
    assert jwt.decode(token, options={"verify_signature": False})["aud"] == "https://api.example.no/"


# --- § 8.10 scopes ------------------------------------------------------------------------------------


def test_scope_not_registered_on_the_client_is_mp_200(sim, grants):
    body = refused(sim, grants.post(grants.for_org(DEMO_KOMMUNE, scope=f"{SCOPE} skatteetaten:annet")),
                   error="invalid_scope", code="MP-200")
    assert "skatteetaten:annet" in body["error_description"]


def test_scope_not_allowed_for_maskinporten_is_mp_201(sim, grants):
    sim.cli("register-client", "--state-dir", str(sim.state_dir), "--client-id", "kommune-openid",
            "--orgno", DEMO_KOMMUNE, "--scope", "openid", "--scope", SCOPE)
    assertion = grants.x5c(sim.p12_path(DEMO_KOMMUNE), "kommune-openid", scope="openid")
    refused(sim, grants.post(assertion), error="invalid_scope", code="MP-201")


def test_several_registered_scopes_are_granted_together(grants):
    scopes = f"{SCOPE} skatteetaten:spesifisertsummertskattegrunnlag"
    response = grants.post(grants.for_org(DEMO_KOMMUNE, scope=scopes))
    assert response.status_code == 200
    assert response.json()["scope"] == scopes


# --- § 8.11 delegation --------------------------------------------------------------------------------


def test_consumer_org_equal_to_the_client_orgno_is_invalid_request(sim, grants):
    refused(sim, grants.post(grants.for_org(VENDOR, consumer_org=VENDOR)), error="invalid_request",
            contains="consumer_org")


def test_consumer_org_must_be_an_orgno(sim, grants):
    refused(sim, grants.post(grants.for_org(VENDOR, consumer_org="0192:910753614")), error="invalid_request",
            code="MP-011")


def test_missing_delegation_is_mp_251_forbidden(sim, grants):
    no_delegation = "311776541"
    refused(sim, grants.post(grants.for_org(VENDOR, consumer_org=no_delegation)), status=403, error="forbidden",
            code="MP-251")
    # a kommune has no delegation from the other kommune either
    refused(sim, grants.post(grants.for_org(DEMO_KOMMUNE, consumer_org=OTHER_KOMMUNE)), status=403,
            error="forbidden", code="MP-251")


def test_delegated_but_not_granted_is_mp_250_forbidden(sim, grants):
    consumer = "315678900"
    sim.cli("delegate", "--state-dir", str(sim.state_dir), "--consumer", consumer, "--supplier", VENDOR)
    refused(sim, grants.post(grants.for_org(VENDOR, consumer_org=consumer)), status=403, error="forbidden",
            code="MP-250")
    sim.cli("grant", "--state-dir", str(sim.state_dir), "--consumer", consumer)
    assert grants.post(grants.for_org(VENDOR, consumer_org=consumer)).status_code == 200


def test_vendor_without_consumer_org_is_mp_250(sim, grants):
    refused(sim, grants.post(grants.for_org(VENDOR)), status=403, error="forbidden", code="MP-250")


def test_registered_key_past_its_expiry_is_mp_121(sim, grants, tmp_path):
    result = sim.cli("register-client", "--state-dir", str(sim.state_dir), "--client-id", "kommune-old-key",
                     "--orgno", DEMO_KOMMUNE, "--generate-key", "--key-expires-at", str(time.time() - 3600))
    client = result["client"]
    key = load_key(client["key_file"])
    assertion = jwt.encode(grants.claims("kommune-old-key"), key, algorithm="RS256",
                           headers={"kid": client["jwks"][0]["kid"]})
    refused(sim, grants.post(assertion), code="MP-121")


def test_get_on_the_token_endpoint_is_not_allowed(sim):
    assert httpx.get(sim.token_endpoint).status_code == 405
