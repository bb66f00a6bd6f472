"""Helpers for the simulator's staff OIDC provider: register a client, arm a tampered ID token, and act
as the person at the IdP's login form (GET the authorize page, POST the chosen test user)."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import httpx

DEMO_SECRET = "simulator-oidc-secret-0123456789"
TEST_OIDS = {  # the simulator's built-in test users (integrations/simulator/oidc.py)
    "saksbehandler": "0b6f1c52-3d1e-4a55-9a51-5a4b5e000001",
    "godkjenner": "0b6f1c52-3d1e-4a55-9a51-5a4b5e000002",
    "admin": "0b6f1c52-3d1e-4a55-9a51-5a4b5e000003",
    "ukjent": "0b6f1c52-3d1e-4a55-9a51-5a4b5e000099",
}


def issuer(sim) -> str:
    return f"{sim.base_url}/oidc"


def register_client(sim, client_id: str, redirect_uris: list[str], *, secret: str = DEMO_SECRET,
                    post_logout_redirect_uris: list[str] = ()) -> dict:
    response = httpx.post(f"{sim.base_url}/_simulator/oidc/clients", json={
        "client_id": client_id, "client_secret": secret, "redirect_uris": redirect_uris,
        "post_logout_redirect_uris": list(post_logout_redirect_uris)})
    response.raise_for_status()
    return response.json()


def tamper_next_id_token(sim, **options) -> None:
    httpx.post(f"{sim.base_url}/_simulator/oidc/next-id-token", json=options).raise_for_status()


def reset(sim) -> None:
    httpx.post(f"{sim.base_url}/_simulator/oidc/reset", json={}).raise_for_status()


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def login_at_idp(authorize_url: str, *, user: str = "saksbehandler", mfa: bool = True,
                 action: str = "login") -> dict[str, str]:
    """Open the authorize URL, submit the test-user form; returns the query of the redirect back."""
    page = httpx.get(authorize_url)
    assert page.status_code == 200, page.text
    params = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
    form = {**params, "user": user, "action": action, **({"mfa": "on"} if mfa else {})}
    answer = httpx.post(authorize_url.split("?")[0], data=form)
    assert answer.status_code == 302, answer.text
    location = answer.headers["location"]
    query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    query["_location"] = location
    return query
