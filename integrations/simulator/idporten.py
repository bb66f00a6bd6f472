"""An ID-porten provider for parents (stands in for test.idporten.no; docs/reference/idporten-oidc.md).

Built on the staff provider (oidc.py) and stricter where ID-porten is: authorization code flow with
PKCE S256, ``state`` and ``nonce``; ``acr_values`` must be ``idporten-loa-substantial`` or
``idporten-loa-high`` and the person chooses the level they log in with on the simulator's page (so a
lower level than asked can come back, as in real life); client authentication ``private_key_jwt``
(a JWT signed by the client's registered key: ``iss`` = ``sub`` = client id, ``aud`` = the issuer,
``exp`` at most 120 s ahead, ``jti`` used once) or, for clients registered with a secret,
``client_secret_basic``/``client_secret_post``. ID tokens carry ``pid``, pairwise ``sub``, ``acr``,
``amr``, ``sid``, ``locale`` (from ``ui_locales``) and ``onbehalfof`` when it was asked for.
Logout: ``end_session`` (RP-initiated) and a record of front-channel logout URIs per client.

Test persons are the synthetic (Tenor) persons of data/persons.json, so their income exists in the
simulated Skatteetaten. A person with no ``pid`` (a foreign eID) is there to test that case.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jwt

from .keys import SigningKeys, key_from_jwk, load_or_create_signing_key
from .oidc import (
    AuthorizationRequest,
    Client,
    Grant,
    OidcError,
    OidcProvider,
    RedirectUriError,
    Tamper,
    _b64url,
    pairwise_sub,
)

SIGNING_KEY_FILE = "idporten-signing-key.pem"
LOA_SUBSTANTIAL = "idporten-loa-substantial"
LOA_HIGH = "idporten-loa-high"
LEVELS = (LOA_SUBSTANTIAL, LOA_HIGH)
AMR = {LOA_SUBSTANTIAL: ["MinID-PIN"], LOA_HIGH: ["BankID"]}
UI_LOCALES = ("nb", "nn", "en", "se")
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_MAX_LIFETIME_S = 120


@dataclass(frozen=True)
class Citizen:
    """A test person: ``pid`` (None for a foreign eID without a Norwegian number) and a display name."""

    key: str
    name: str
    pid: str | None

    @property
    def oid(self) -> str:  # the stable id the pairwise ``sub`` is derived from
        return self.pid or f"eidas-{self.key}"

    @property
    def username(self) -> str:
        return self.key


# Synthetic Tenor persons from data/persons.json (their households' income is in the simulated Skatteetaten).
TEST_CITIZENS = (
    Citizen("h2-1", "Hanne Hansen (H2, voksen 1)", "02878821028"),
    Citizen("h2-2", "Per Hansen (H2, voksen 2)", "23919033061"),
    Citizen("h1", "Sofie Solberg (H1, alene)", "14839412054"),
    Citizen("h3-1", "Ingrid Iversen (H3, voksen 1)", "09858504160"),
    Citizen("h3-2", "Jonas Iversen (H3, voksen 2)", "30898607794"),
    Citizen("h4-1", "Lise Larsen (H4, voksen 1)", "17817900550"),
    Citizen("h9", "Ola Olsen (H9, alene)", "03907709034"),
    Citizen("eidas", "Erika Mustermann (utenlandsk eID, uten pid)", None),
)


@dataclass(frozen=True)
class IdportenClient(Client):
    jwks: tuple[dict[str, Any], ...] = ()  # public keys for private_key_jwt
    frontchannel_logout_uri: str = ""


@dataclass(frozen=True)
class IdportenAuthorization(AuthorizationRequest):
    ui_locales: str = ""
    onbehalfof: str = ""


class IdportenProvider(OidcProvider):
    """ID-porten's rules on top of the staff provider's (codes, PKCE, tamper, logout)."""

    def __init__(self, *, base_url: str, state_dir: Path) -> None:
        super().__init__(base_url=base_url, state_dir=state_dir)
        self.issuer = f"{base_url.rstrip('/')}/idporten"
        self.keys = SigningKeys(load_or_create_signing_key(state_dir, SIGNING_KEY_FILE))
        self.users = {c.key: c for c in TEST_CITIZENS}
        self._seen_jti: dict[str, float] = {}
        self._sessions: dict[str, tuple[str, str]] = {}  # sid → (client_id, citizen key)
        self._jti_lock = threading.Lock()

    # --- control --------------------------------------------------------------------------------
    def register_client(self, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            jwks = tuple(dict(k) for k in (payload.get("jwks") or {}).get("keys", []))
            client = IdportenClient(
                client_id=str(payload["client_id"]),
                client_secret=str(payload.get("client_secret") or ""),
                redirect_uris=tuple(str(u) for u in payload["redirect_uris"]),
                post_logout_redirect_uris=tuple(str(u) for u in payload.get("post_logout_redirect_uris", [])),
                jwks=jwks,
                frontchannel_logout_uri=str(payload.get("frontchannel_logout_uri") or ""),
            )
            for jwk in jwks:
                key_from_jwk(jwk)
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise ValueError("client_id, redirect_uris and jwks (or client_secret) are required") from exc
        if not client.client_id or not client.redirect_uris:
            raise ValueError("client_id and redirect_uris are required")
        if not jwks and len(client.client_secret) < 16:
            raise ValueError("a client needs jwks (private_key_jwt) or a client_secret of 16+ characters")
        with self._lock:
            self._clients[client.client_id] = client
        return {"client_id": client.client_id, "token_endpoint_auth_method":
                "private_key_jwt" if jwks else "client_secret_basic"}

    def reset(self) -> dict[str, Any]:
        with self._jti_lock:
            self._seen_jti.clear()
        with self._lock:
            self._sessions.clear()
        return super().reset()

    # --- discovery ------------------------------------------------------------------------------
    def metadata(self) -> dict[str, Any]:
        meta = super().metadata()
        meta.update({
            "end_session_endpoint": f"{self.issuer}/endsession",
            "token_endpoint_auth_methods_supported": ["private_key_jwt", "client_secret_basic",
                                                      "client_secret_post"],
            "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile"],
            "claims_supported": ["iss", "aud", "sub", "pid", "nonce", "acr", "amr", "auth_time", "sid",
                                 "locale", "onbehalfof"],
            "acr_values_supported": list(LEVELS),
            "ui_locales_supported": list(UI_LOCALES),
            "frontchannel_logout_supported": True,
            "frontchannel_logout_session_supported": True,
        })
        return meta

    # --- authorize ------------------------------------------------------------------------------
    def check_authorization_request(self, params: dict[str, str]) -> IdportenAuthorization:
        base = super().check_authorization_request(params)
        acr = params.get("acr_values", "")
        if acr and any(level not in LEVELS for level in acr.split()):
            raise OidcError("invalid_request", f"acr_values must be one of {', '.join(LEVELS)}")
        locales = params.get("ui_locales", "")
        locale = next((loc for loc in locales.split() if loc in UI_LOCALES), "nb")
        onbehalfof = params.get("onbehalfof", "")
        if onbehalfof and not (onbehalfof.replace("-", "").replace("_", "").isalnum() and len(onbehalfof) <= 100):
            raise OidcError("invalid_request", "onbehalfof is malformed")
        return IdportenAuthorization(**vars(base), ui_locales=locale, onbehalfof=onbehalfof)

    def asked_level(self, request: IdportenAuthorization) -> str:
        asked = request.acr_values.split()
        return LOA_HIGH if asked == [LOA_HIGH] else LOA_SUBSTANTIAL

    def issue_code(self, request: AuthorizationRequest, username: str, level: Any) -> str:
        """``level``: the assurance level the person actually used (the page's choice)."""
        if level not in LEVELS:
            raise OidcError("invalid_request", "unknown assurance level")
        code = super().issue_code(request, username, level == LOA_HIGH)  # mfa=True stands for loa-high
        with self._lock:
            self._sessions[self._grants[code].sid] = (request.client_id, username)
        return code

    # --- token ----------------------------------------------------------------------------------
    def authenticate_client(self, authorization: str | None, form: dict[str, str]) -> Client:
        if "client_assertion" not in form and "client_assertion_type" not in form:
            client = super().authenticate_client(authorization, form)
            if isinstance(client, IdportenClient) and client.jwks:
                raise OidcError("invalid_client", "this client must use private_key_jwt", 401)
            return client
        if authorization or "client_secret" in form:
            raise OidcError("invalid_request", "use one client authentication method")
        if form.get("client_assertion_type") != CLIENT_ASSERTION_TYPE:
            raise OidcError("invalid_client", "client_assertion_type must be jwt-bearer", 401)
        return self._private_key_jwt(form.get("client_assertion", ""), form.get("client_id", ""))

    def _private_key_jwt(self, assertion: str, client_id_param: str) -> Client:
        try:
            unverified = jwt.decode(assertion, options={"verify_signature": False})
            header = jwt.get_unverified_header(assertion)
        except jwt.InvalidTokenError as exc:
            raise OidcError("invalid_client", "client_assertion is not a JWT", 401) from exc
        client = self._clients.get(str(unverified.get("iss", "")))
        if not isinstance(client, IdportenClient) or not client.jwks:
            raise OidcError("invalid_client", "unknown client or no registered keys", 401)
        if header.get("alg") != "RS256":
            raise OidcError("invalid_client", "client_assertion must be RS256", 401)
        keys = [k for k in client.jwks if not header.get("kid") or k.get("kid") in (None, header["kid"])]
        claims = None
        for jwk in keys:
            try:
                claims = jwt.decode(assertion, key_from_jwk(jwk), algorithms=["RS256"], audience=self.issuer,
                                    issuer=client.client_id, options={"require": ["exp", "iat", "jti"]},
                                    leeway=10)
                break
            except jwt.InvalidSignatureError:
                continue
            except jwt.InvalidTokenError as exc:
                raise OidcError("invalid_client", f"client_assertion refused: {type(exc).__name__}", 401) from exc
        if claims is None:
            raise OidcError("invalid_client", "client_assertion signature does not verify", 401)
        if claims.get("sub") != client.client_id:
            raise OidcError("invalid_client", "client_assertion sub must be the client id", 401)
        if claims["exp"] - time.time() > ASSERTION_MAX_LIFETIME_S:
            raise OidcError("invalid_client", "client_assertion lives too long (max 120 s)", 401)
        if client_id_param and client_id_param != client.client_id:
            raise OidcError("invalid_client", "client_id does not match the assertion", 401)
        now = time.time()
        with self._jti_lock:
            self._seen_jti = {j: t for j, t in self._seen_jti.items() if t > now}
            if claims["jti"] in self._seen_jti:
                raise OidcError("invalid_client", "client_assertion jti was used before", 401)
            self._seen_jti[claims["jti"]] = now + 2 * ASSERTION_MAX_LIFETIME_S
        return client

    def _id_token(self, grant: Grant, access_token: str, tamper: Tamper | None) -> str:
        now = int(time.time())
        request, citizen = grant.request, grant.user
        digest = hashlib.sha256(access_token.encode()).digest()
        level = LOA_HIGH if grant.mfa else LOA_SUBSTANTIAL
        claims: dict[str, Any] = {
            "iss": self.issuer, "aud": request.client_id, "sub": pairwise_sub(request.client_id, citizen.oid),
            "nonce": request.nonce, "acr": level, "amr": AMR[level], "auth_time": grant.auth_time,
            "sid": grant.sid, "iat": now, "exp": now + 120, "jti": secrets.token_urlsafe(12),
            "at_hash": _b64url(digest[: len(digest) // 2]),
            "locale": getattr(request, "ui_locales", "") or "nb",
        }
        if citizen.pid:
            claims["pid"] = citizen.pid
        if getattr(request, "onbehalfof", ""):
            claims["onbehalfof"] = request.onbehalfof
        if tamper is not None:
            claims["exp"] += tamper.exp_offset_s
            if tamper.exp_offset_s:
                claims["iat"] += tamper.exp_offset_s
            claims.update(tamper.claims)
            for name in tamper.drop:
                claims.pop(name, None)
        return self.keys.sign(claims)

    def userinfo_claims(self, entry: Any) -> dict[str, Any]:
        info = {"sub": pairwise_sub(entry.client_id, entry.user.oid)}
        if entry.user.pid:
            info["pid"] = entry.user.pid
        return info

    # --- logout ---------------------------------------------------------------------------------
    def end_session(self, params: dict[str, str]) -> str | None:
        target = super().end_session(params)
        hint = params.get("id_token_hint", "")
        if hint:
            sid = jwt.decode(hint, options={"verify_signature": False}).get("sid")
            with self._lock:
                self._sessions.pop(sid, None)
        return target

    def frontchannel_logout_url(self, sid: str) -> str:
        """The URL ID-porten would load in an iframe to log the client's session ``sid`` out."""
        with self._lock:
            entry = self._sessions.get(sid)
            client = self._clients.get(entry[0]) if entry else None
        if client is None or not getattr(client, "frontchannel_logout_uri", ""):
            raise ValueError("unknown sid or the client has no frontchannel_logout_uri")
        uri = client.frontchannel_logout_uri
        return uri + ("&" if "?" in uri else "?") + urlencode({"iss": self.issuer, "sid": sid})

    def active_sessions(self) -> int:
        with self._lock:
            return len(self._sessions)


__all__ = ["IdportenProvider", "LEVELS", "LOA_HIGH", "LOA_SUBSTANTIAL", "RedirectUriError", "TEST_CITIZENS"]
