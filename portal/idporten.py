"""The parents' ID-porten login: one Authlib client for the installation (a vendor client may serve many
kommuner), ``private_key_jwt`` client authentication, and the checks ID-porten asks of a client.

The OIDC wire logic (PKCE S256, state, nonce, ID-token signature/iss/aud/exp/iat/nonce/at_hash, RP-initiated
logout) is the staff login's (``accounts.oidc``); this module adds what is ID-porten's: the client
assertion (``iss`` = ``sub`` = client id, ``aud`` = the issuer, 60 s lifetime, fresh ``jti``), ``acr``
against the kommune's level, ``pid`` as the person, ``onbehalfof`` sent and checked, ``ui_locales``.
"""
from __future__ import annotations

import logging
import secrets
import threading
import time
from dataclasses import dataclass
from enum import StrEnum

import jwt
from authlib.integrations.django_client import OAuth
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from django.conf import settings

from accounts import oidc
from accounts.policy import LoginRefused, Refusal

log = logging.getLogger("portal.idporten")
ASSERTION_LIFETIME_S = 60
_lock = threading.Lock()
_client: tuple[tuple, float, object] | None = None


class ParentRefusal(StrEnum):
    """Why a parent's login is refused after a valid ID token (the OIDC refusals are accounts.policy's)."""

    ACR_TOO_LOW = "acr_too_low"
    PID_MISSING = "pid_missing"
    WRONG_ONBEHALFOF = "wrong_onbehalfof"


class ParentLoginRefused(Exception):
    def __init__(self, reason: ParentRefusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


class IdportenClientAssertion(PrivateKeyJWT):
    """private_key_jwt as ID-porten wants it: ``aud`` is the issuer (not the token URL), short-lived."""

    def __init__(self, issuer: str, key_pem: bytes, kid: str) -> None:
        super().__init__()
        self.issuer, self.key_pem, self.kid = issuer, key_pem, kid

    def sign(self, auth, token_endpoint):
        now = int(time.time())
        claims = {"iss": auth.client_id, "sub": auth.client_id, "aud": self.issuer, "iat": now,
                  "exp": now + ASSERTION_LIFETIME_S, "jti": secrets.token_urlsafe(24)}
        return jwt.encode(claims, self.key_pem, algorithm="RS256", headers={"kid": self.kid})


def configured() -> bool:
    return bool(settings.IDPORTEN_ISSUER and settings.IDPORTEN_CLIENT_ID and settings.IDPORTEN_CLIENT_KEY_FILE)


def _key() -> bytes:
    try:
        with open(settings.IDPORTEN_CLIENT_KEY_FILE, "rb") as handle:
            return handle.read()
    except OSError as exc:
        log.error("ID-porten: the client key file cannot be read (%s)", type(exc).__name__)
        raise LoginRefused(Refusal.PROVIDER_UNAVAILABLE) from exc


def client():
    """The Authlib client, rebuilt when the configuration or the key changes, or the cache is old."""
    global _client
    if not configured():
        raise LoginRefused(Refusal.PROVIDER_UNAVAILABLE)
    key_pem = _key()
    issuer = settings.IDPORTEN_ISSUER.rstrip("/")
    cache_key = (issuer, settings.IDPORTEN_CLIENT_ID, key_pem, settings.IDPORTEN_CLIENT_KEY_ID)
    with _lock:
        if _client and _client[0] == cache_key and time.monotonic() - _client[1] < settings.OIDC_METADATA_TTL_S:
            return _client[2]
        built = OAuth().register(
            name="idporten", client_id=settings.IDPORTEN_CLIENT_ID, client_secret=key_pem,
            server_metadata_url=f"{issuer}/.well-known/openid-configuration",
            client_auth_methods=[IdportenClientAssertion(issuer, key_pem, settings.IDPORTEN_CLIENT_KEY_ID)],
            client_kwargs={"scope": "openid profile", "code_challenge_method": "S256",
                           "token_endpoint_auth_method": "private_key_jwt",
                           "default_timeout": settings.OIDC_HTTP_TIMEOUT_S},
        )
        _client = (cache_key, time.monotonic(), built)
        return built


def forget_client() -> None:
    global _client
    with _lock:
        _client = None


def issuer() -> str:
    return settings.IDPORTEN_ISSUER.rstrip("/")


def start(request, portal, redirect_uri: str, language: str):
    """Redirect to ID-porten with the kommune's level, ``ui_locales`` and, where set, ``onbehalfof``."""
    extra = {"acr_values": portal.acr, "ui_locales": language}
    if portal.onbehalfof:
        extra["onbehalfof"] = portal.onbehalfof
    return oidc.authorize_redirect(request, client(), "idporten", redirect_uri, **extra)


@dataclass(frozen=True)
class ParentLogin:
    pid: str
    acr: str
    sid: str
    id_token: str


def finish(request, portal) -> ParentLogin:
    """The OIDC checks (accounts.oidc) and then ID-porten's: acr, onbehalfof, pid."""
    claims, id_token = oidc.exchange_code(request, client(), "idporten", issuer())
    if claims.get("acr") not in portal.accepted_acr:
        raise ParentLoginRefused(ParentRefusal.ACR_TOO_LOW)
    if portal.onbehalfof and claims.get("onbehalfof") != portal.onbehalfof:
        raise ParentLoginRefused(ParentRefusal.WRONG_ONBEHALFOF)
    pid = str(claims.get("pid") or "")
    if not (len(pid) == 11 and pid.isdigit()):
        raise ParentLoginRefused(ParentRefusal.PID_MISSING)
    return ParentLogin(pid=pid, acr=claims["acr"], sid=str(claims.get("sid") or ""), id_token=id_token)


def logout_url(id_token: str, back: str) -> str | None:
    try:
        return oidc.end_session_url(client(), id_token, back)
    except LoginRefused:
        return None
