"""A staff OpenID Connect provider (stands in for Microsoft Entra ID, Ansattporten or a kommune's own IdP).

It validates what a real IdP validates (docs/reference/idporten-oidc.md): authorization code flow only,
PKCE S256, ``state`` and ``nonce`` required, exact ``redirect_uri`` match, client authentication at the
token endpoint (``client_secret_basic`` or ``client_secret_post``), single-use codes that expire after
60 s. ID tokens are RS256 with ``iss``, ``aud``, ``sub``, ``nonce``, ``amr``, ``acr``, ``exp``, ``iat``,
``at_hash``, plus Entra-style ``oid``/``tid``. Like Entra and ID-porten, ``sub`` is pairwise (differs per
client); ``oid`` is the stable user id.

Clients are registered through the control endpoint ``POST /_simulator/oidc/clients`` (bin/start and the
tests do that); ``POST /_simulator/oidc/next-id-token`` tampers with the next ID token (wrong ``aud``,
expired, other ``nonce`` ...) so the relying party's checks can be tested. HTTP routing: oidc_http.py.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode

import jwt

from .keys import SigningKeys, load_or_create_signing_key

SIGNING_KEY_FILE = "oidc-signing-key.pem"
TENANT_ID = "5d1b7c3e-0a4f-4c1e-9b7a-000000000001"  # the simulated Entra tenant (``tid``)
CODE_LIFETIME_S = 60
ID_TOKEN_LIFETIME_S = 300
ACCESS_TOKEN_LIFETIME_S = 3600
ACR_WITH_MFA = "high"
ACR_WITHOUT_MFA = "low"
_VERIFIER_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


@dataclass(frozen=True)
class TestUser:
    username: str
    name: str
    oid: str  # stable object id (Entra ``oid``), the same for every client

    @property
    def email(self) -> str:
        return f"{self.username}@demo.kommune.no"


# The demo kommune's staff (cases/management/commands/seed_demo.py maps the first three by ``oid``);
# «ukjent» exists in the IdP but not in Skattedeling.
TEST_USERS = (
    TestUser("saksbehandler", "Sara Saksbehandler", "0b6f1c52-3d1e-4a55-9a51-5a4b5e000001"),
    TestUser("godkjenner", "Geir Godkjenner", "0b6f1c52-3d1e-4a55-9a51-5a4b5e000002"),
    TestUser("admin", "Anne Administrator", "0b6f1c52-3d1e-4a55-9a51-5a4b5e000003"),
    TestUser("ukjent", "Ulrik Ukjent", "0b6f1c52-3d1e-4a55-9a51-5a4b5e000099"),
)


class OidcError(Exception):
    """An OAuth error answer: ``error`` code, HTTP status and a description."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}


class RedirectUriError(Exception):
    """The client or redirect_uri is unknown: a real IdP shows an error page and never redirects."""


@dataclass(frozen=True)
class Client:
    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]
    post_logout_redirect_uris: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuthorizationRequest:
    client_id: str
    redirect_uri: str
    scope: str
    state: str
    nonce: str
    code_challenge: str
    acr_values: str = ""


@dataclass
class Grant:
    request: AuthorizationRequest
    user: TestUser
    mfa: bool
    expires_at: float
    auth_time: int
    sid: str
    used: bool = False


@dataclass
class AccessToken:
    user: TestUser
    client_id: str
    scope: str
    expires_at: float


@dataclass
class Tamper:
    """Changes applied to the next ID token only."""

    claims: dict[str, Any] = field(default_factory=dict)
    drop: list[str] = field(default_factory=list)
    exp_offset_s: int = 0


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def pkce_challenge(verifier: str) -> str:
    return _b64url(hashlib.sha256(verifier.encode("ascii")).digest())


def pairwise_sub(client_id: str, oid: str) -> str:
    """A per-client subject like Entra's ``sub``: stable for one client, different for another."""
    return _b64url(hashlib.sha256(f"{client_id}|{oid}".encode()).digest())[:43]


class OidcProvider:
    """State and rules of the provider; thread-safe (the server is a ThreadingHTTPServer)."""

    def __init__(self, *, base_url: str, state_dir: Path) -> None:
        self.issuer = f"{base_url.rstrip('/')}/oidc"
        self.keys = SigningKeys(load_or_create_signing_key(state_dir, SIGNING_KEY_FILE))
        self.users = {u.username: u for u in TEST_USERS}
        self._clients: dict[str, Client] = {}
        self._grants: dict[str, Grant] = {}
        self._tokens: dict[str, AccessToken] = {}
        self._tamper: Tamper | None = None
        self._lock = threading.Lock()

    # --- control --------------------------------------------------------------------------------
    def register_client(self, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            client = Client(
                client_id=str(payload["client_id"]),
                client_secret=str(payload["client_secret"]),
                redirect_uris=tuple(str(u) for u in payload["redirect_uris"]),
                post_logout_redirect_uris=tuple(str(u) for u in payload.get("post_logout_redirect_uris", [])),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError("client_id, client_secret and redirect_uris are required") from exc
        if not client.client_id or len(client.client_secret) < 16 or not client.redirect_uris:
            raise ValueError("client_id, a client_secret of 16+ characters and redirect_uris are required")
        with self._lock:
            self._clients[client.client_id] = client
        return {"client_id": client.client_id, "redirect_uris": list(client.redirect_uris)}

    def tamper_next_id_token(self, payload: dict[str, Any]) -> dict[str, Any]:
        unknown = set(payload) - {"claims", "drop", "exp_offset_s"}
        if unknown:
            raise ValueError(f"unknown options {sorted(unknown)}")
        tamper = Tamper(
            claims=dict(payload.get("claims") or {}),
            drop=[str(c) for c in payload.get("drop") or []],
            exp_offset_s=int(payload.get("exp_offset_s") or 0),
        )
        with self._lock:
            self._tamper = tamper
        return {"armed": True}

    def reset(self) -> dict[str, Any]:
        with self._lock:
            self._tamper = None
            self._grants.clear()
            self._tokens.clear()
        return {"reset": True}

    # --- discovery ------------------------------------------------------------------------------
    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "end_session_endpoint": f"{self.issuer}/endsession",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["iss", "aud", "sub", "oid", "tid", "nonce", "amr", "acr", "auth_time",
                                 "sid", "name", "preferred_username", "email"],
            "acr_values_supported": [ACR_WITHOUT_MFA, ACR_WITH_MFA],
            "authorization_response_iss_parameter_supported": True,
        }

    # --- authorize ------------------------------------------------------------------------------
    def check_authorization_request(self, params: dict[str, str]) -> AuthorizationRequest:
        """Validate an authorization request. Unknown client or redirect_uri → RedirectUriError (show a
        page); any other problem → OidcError, to be sent back to the redirect_uri."""
        client = self._clients.get(params.get("client_id", ""))
        if client is None:
            raise RedirectUriError("Ukjent klient (client_id).")
        redirect_uri = params.get("redirect_uri", "")
        if redirect_uri not in client.redirect_uris:
            raise RedirectUriError("redirect_uri er ikke registrert for klienten.")
        if params.get("response_type") != "code":
            raise OidcError("unsupported_response_type", "only response_type=code is supported")
        if "openid" not in params.get("scope", "").split():
            raise OidcError("invalid_scope", "scope must include openid")
        for name in ("state", "nonce", "code_challenge"):
            if not params.get(name):
                raise OidcError("invalid_request", f"{name} is required")
        if params.get("code_challenge_method") != "S256":
            raise OidcError("invalid_request", "code_challenge_method must be S256")
        return AuthorizationRequest(
            client_id=client.client_id, redirect_uri=redirect_uri, scope=params["scope"], state=params["state"],
            nonce=params["nonce"], code_challenge=params["code_challenge"], acr_values=params.get("acr_values", ""),
        )

    def issue_code(self, request: AuthorizationRequest, username: str, mfa: bool) -> str:
        user = self.users.get(username)
        if user is None:
            raise OidcError("invalid_request", "unknown test user")
        code = secrets.token_urlsafe(32)
        now = time.time()
        with self._lock:
            self._grants[code] = Grant(request, user, mfa, now + CODE_LIFETIME_S, int(now), secrets.token_hex(8))
        return code

    # --- token ----------------------------------------------------------------------------------
    def authenticate_client(self, authorization: str | None, form: dict[str, str]) -> Client:
        basic = authorization and authorization.startswith("Basic ")
        if basic and "client_secret" in form:
            raise OidcError("invalid_request", "use one client authentication method")
        if basic:
            try:
                decoded = base64.b64decode(authorization[6:], validate=True).decode()
                client_id, secret = (unquote(part.replace("+", " ")) for part in decoded.split(":", 1))
            except ValueError as exc:
                raise OidcError("invalid_client", "malformed Basic credentials", 401) from exc
        elif "client_secret" in form:
            client_id, secret = form.get("client_id", ""), form["client_secret"]
        else:
            raise OidcError("invalid_client", "client authentication is required", 401)
        client = self._clients.get(client_id)
        if client is None or not hmac.compare_digest(client.client_secret.encode(), secret.encode()):
            raise OidcError("invalid_client", "client authentication failed", 401)
        if form.get("client_id") and form["client_id"] != client_id:
            raise OidcError("invalid_client", "client_id does not match the authenticated client", 401)
        return client

    def token(self, authorization: str | None, form: dict[str, str]) -> dict[str, Any]:
        client = self.authenticate_client(authorization, form)
        if form.get("grant_type") != "authorization_code":
            raise OidcError("unsupported_grant_type", "only authorization_code is supported")
        code = form.get("code", "")
        with self._lock:
            grant = self._grants.get(code)
            if grant is None or grant.used or grant.expires_at < time.time():
                raise OidcError("invalid_grant", "the code is unknown, used or expired")
            if grant.request.client_id != client.client_id:
                raise OidcError("invalid_grant", "the code was issued to another client")
            if form.get("redirect_uri") != grant.request.redirect_uri:
                raise OidcError("invalid_grant", "redirect_uri does not match the authorization request")
            verifier = form.get("code_verifier", "")
            if not (43 <= len(verifier) <= 128 and set(verifier) <= _VERIFIER_CHARS):
                raise OidcError("invalid_grant", "code_verifier is missing or malformed")
            if not hmac.compare_digest(pkce_challenge(verifier), grant.request.code_challenge):
                raise OidcError("invalid_grant", "PKCE verification failed")
            grant.used = True
            tamper, self._tamper = self._tamper, None
            access_token = secrets.token_urlsafe(32)
            self._tokens[access_token] = AccessToken(
                grant.user, client.client_id, grant.request.scope, time.time() + ACCESS_TOKEN_LIFETIME_S
            )
        id_token = self._id_token(grant, access_token, tamper)
        return {"access_token": access_token, "token_type": "Bearer", "expires_in": ACCESS_TOKEN_LIFETIME_S,
                "scope": grant.request.scope, "id_token": id_token}

    def _id_token(self, grant: Grant, access_token: str, tamper: Tamper | None) -> str:
        now = int(time.time())
        client_id, user = grant.request.client_id, grant.user
        digest = hashlib.sha256(access_token.encode()).digest()
        claims: dict[str, Any] = {
            "iss": self.issuer, "aud": client_id, "sub": pairwise_sub(client_id, user.oid),
            "oid": user.oid, "tid": TENANT_ID, "nonce": grant.request.nonce,
            "amr": ["pwd", "mfa"] if grant.mfa else ["pwd"],
            "acr": ACR_WITH_MFA if grant.mfa else ACR_WITHOUT_MFA,
            "auth_time": grant.auth_time, "sid": grant.sid, "iat": now, "exp": now + ID_TOKEN_LIFETIME_S,
            "at_hash": _b64url(digest[: len(digest) // 2]),
            "name": user.name, "preferred_username": user.email, "email": user.email,
        }
        if tamper is not None:
            claims["exp"] += tamper.exp_offset_s
            if tamper.exp_offset_s:
                claims["iat"] += tamper.exp_offset_s
                claims["auth_time"] += tamper.exp_offset_s
            claims.update(tamper.claims)
            for name in tamper.drop:
                claims.pop(name, None)
        return self.keys.sign(claims)

    # --- userinfo and logout --------------------------------------------------------------------
    def userinfo(self, authorization: str | None) -> dict[str, Any]:
        token = authorization[7:] if authorization and authorization.startswith("Bearer ") else ""
        with self._lock:
            entry = self._tokens.get(token)
        if entry is None or entry.expires_at < time.time():
            raise OidcError("invalid_token", "the access token is unknown or expired", 401)
        return self.userinfo_claims(entry)

    def userinfo_claims(self, entry: AccessToken) -> dict[str, Any]:
        user = entry.user
        return {"sub": pairwise_sub(entry.client_id, user.oid), "oid": user.oid, "tid": TENANT_ID,
                "name": user.name, "preferred_username": user.email, "email": user.email}

    def end_session(self, params: dict[str, str]) -> str | None:
        """Validate an RP-initiated logout; returns where to send the browser (None: show a page)."""
        hint = params.get("id_token_hint", "")
        client_id = params.get("client_id", "")
        if hint:
            try:
                header = jwt.get_unverified_header(hint)
                keys = {k["kid"]: k for k in self.keys.jwks()["keys"]}
                public = jwt.PyJWK(keys[header.get("kid")]).key
                claims = jwt.decode(hint, public, algorithms=["RS256"], issuer=self.issuer,
                                    options={"verify_exp": False, "verify_aud": False})
            except (jwt.InvalidTokenError, KeyError) as exc:
                raise OidcError("invalid_request", "id_token_hint is not a valid ID token") from exc
            if client_id and client_id != claims["aud"]:
                raise OidcError("invalid_request", "client_id does not match id_token_hint")
            client_id = claims["aud"]
        target = params.get("post_logout_redirect_uri", "")
        if not target:
            return None
        client = self._clients.get(client_id)
        if client is None or target not in client.post_logout_redirect_uris:
            raise OidcError("invalid_request", "post_logout_redirect_uri is not registered for the client")
        state = params.get("state")
        return target + (("&" if "?" in target else "?") + urlencode({"state": state}) if state else "")
