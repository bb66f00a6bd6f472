"""Helpers for the simulator's ID-porten: a client key pair for private_key_jwt, client registration,
tampering, and acting as the citizen on the login page (GET the authorize page, POST person and level)."""

from __future__ import annotations

import contextlib
import json
import secrets
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from portal import idporten as rp

PIDS = {"h2-1": "02878821028", "h2-2": "23919033061", "h1": "14839412054", "h3-1": "09858504160",
        "h3-2": "30898607794", "h4-1": "17817900550", "h9": "03907709034"}


def issuer(sim) -> str:
    return f"{sim.base_url}/idporten"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def public_jwks(key: rsa.RSAPrivateKey, kid: str = "test-key") -> dict:
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    return {"keys": [{"kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig", "n": jwk["n"], "e": jwk["e"]}]}


def register_client(sim, client_id: str, redirect_uris: list[str], *, key=None, secret: str = "",
                    post_logout_redirect_uris=(), frontchannel_logout_uri: str = "") -> dict:
    payload = {"client_id": client_id, "redirect_uris": redirect_uris,
               "post_logout_redirect_uris": list(post_logout_redirect_uris),
               "frontchannel_logout_uri": frontchannel_logout_uri}
    if key is not None:
        payload["jwks"] = public_jwks(key)
    if secret:
        payload["client_secret"] = secret
    response = httpx.post(f"{sim.base_url}/_simulator/idporten/clients", json=payload)
    response.raise_for_status()
    return response.json()


def client_assertion(key, client_id: str, audience: str, *, lifetime: int = 60, **overrides) -> str:
    now = int(time.time())
    claims = {"iss": client_id, "sub": client_id, "aud": audience, "iat": now, "exp": now + lifetime,
              "jti": secrets.token_urlsafe(12), **overrides}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "test-key"})


def tamper_next_id_token(sim, **options) -> None:
    httpx.post(f"{sim.base_url}/_simulator/idporten/next-id-token", json=options).raise_for_status()


def reset(sim) -> None:
    httpx.post(f"{sim.base_url}/_simulator/idporten/reset", json={}).raise_for_status()


def frontchannel_logout_url(sim, sid: str) -> str:
    response = httpx.post(f"{sim.base_url}/_simulator/idporten/frontchannel-logout", json={"sid": sid})
    response.raise_for_status()
    return response.json()["url"]


def login_at_idporten(authorize_url: str, *, person: str = "h2-1", level: str = "idporten-loa-substantial",
                      action: str = "login") -> dict[str, str]:
    """Open the authorize URL and submit the login form; returns the query of the redirect back."""
    page = httpx.get(authorize_url)
    assert page.status_code == 200, page.text
    params = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
    answer = httpx.post(authorize_url.split("?")[0], data={**params, "user": person, "level": level,
                                                           "action": action})
    assert answer.status_code == 302, answer.text
    location = answer.headers["location"]
    query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    query["_location"] = location
    return query


@contextlib.contextmanager
def portal_client(sim, settings, *, base: str, key_dir, client_id: str):
    """The portal registered as an ID-porten client of the simulator (private_key_jwt with a fresh key) and
    configured in ``settings`` for the kommune pages under ``base``; forgotten again afterwards."""
    key = new_key()
    key_file = key_dir / "idporten.pem"
    key_file.write_bytes(key_pem(key))
    reset(sim)
    register_client(sim, client_id, [f"{base}/logg-inn/callback/"], key=key,
                    post_logout_redirect_uris=[f"{base}/logget-ut/"])
    settings.IDPORTEN_ISSUER = issuer(sim)
    settings.IDPORTEN_CLIENT_ID = client_id
    settings.IDPORTEN_CLIENT_KEY_FILE = str(key_file)
    settings.IDPORTEN_CLIENT_KEY_ID = "test-key"
    rp.forget_client()
    try:
        yield
    finally:
        reset(sim)
        rp.forget_client()
