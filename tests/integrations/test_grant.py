"""The JWT grant, decoded with the public key, against maskinporten.md § 2 (header and claims)."""
import base64
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from integrations.maskinporten.credentials import load_pem_key, load_pkcs12
from integrations.maskinporten.grant import GrantParameters, build_grant
from tests.integrations import certs

ISSUER = "https://test.maskinporten.no/"
SCOPE = "skatteetaten:summertskattegrunnlag"


@pytest.fixture(scope="module")
def material():
    data, key, cert = certs.valid_p12()
    return load_pkcs12(data, certs.PASSWORD), key, cert


def decode(grant, key):
    return jwt.decode(grant, key.public_key(), algorithms=["RS256"], audience=ISSUER,
                      options={"require": ["exp", "iat"]})


def test_x5c_header_is_alg_and_the_leaf_certificate_only(material):
    credentials, key, cert = material
    grant = build_grant(GrantParameters(ISSUER, "klient-1", SCOPE), credentials)
    header = jwt.get_unverified_header(grant)
    assert set(header) == {"alg", "x5c"}  # no typ, no kid, no x5t
    assert header["alg"] == "RS256"
    assert isinstance(header["x5c"], list) and len(header["x5c"]) == 1
    der = base64.b64decode(header["x5c"][0], validate=True)  # standard base64, not base64url
    assert der == cert.public_bytes(serialization.Encoding.DER)


def test_kid_header_has_no_x5c():
    key = certs.rsa_key()
    credentials = load_pem_key(certs.pem(key), "my-kid-1")
    header = jwt.get_unverified_header(build_grant(GrantParameters(ISSUER, "klient-1", SCOPE), credentials))
    assert header == {"alg": "RS256", "kid": "my-kid-1"}


def test_direct_claims_are_exactly_the_documented_ones(material):
    credentials, key, _ = material
    before = int(time.time())
    claims = decode(build_grant(GrantParameters(ISSUER, "klient-1", SCOPE), credentials), key)
    assert set(claims) == {"aud", "iss", "scope", "iat", "exp", "jti"}
    assert claims["aud"] == ISSUER  # the issuer with its trailing slash, a single string
    assert claims["iss"] == "klient-1"
    assert claims["scope"] == SCOPE
    assert before <= claims["iat"] <= int(time.time())
    assert 0 < claims["exp"] - claims["iat"] <= 120


def test_vendor_grant_adds_only_consumer_org(material):
    credentials, key, _ = material
    claims = decode(build_grant(GrantParameters(ISSUER, "lev-1", SCOPE, consumer_org="910753614"),
                                credentials), key)
    assert set(claims) == {"aud", "iss", "scope", "iat", "exp", "jti", "consumer_org"}
    assert claims["consumer_org"] == "910753614"  # plain 9 digits, no 0192: prefix


def test_every_grant_has_a_fresh_jti(material):
    credentials, key, _ = material
    params = GrantParameters(ISSUER, "klient-1", SCOPE)
    jtis = {decode(build_grant(params, credentials), key)["jti"] for _ in range(20)}
    assert len(jtis) == 20


def test_lifetime_never_exceeds_120_seconds(material):
    credentials, key, _ = material
    claims = decode(build_grant(GrantParameters(ISSUER, "k", SCOPE), credentials, lifetime_s=600), key)
    assert claims["exp"] - claims["iat"] == 120


@pytest.mark.parametrize("kwargs", [
    {"issuer": "https://test.maskinporten.no", "client_id": "k", "scope": SCOPE},  # no trailing slash
    {"issuer": ISSUER, "client_id": "", "scope": SCOPE},
    {"issuer": ISSUER, "client_id": "k", "scope": " "},
    {"issuer": ISSUER, "client_id": "k", "scope": SCOPE, "consumer_org": "0192:910753614"},
])
def test_bad_parameters_are_refused_before_signing(kwargs):
    with pytest.raises(ValueError):
        GrantParameters(**kwargs)
