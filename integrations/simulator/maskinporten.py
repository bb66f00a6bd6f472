"""Maskinporten TEST: the well-known metadata, the JWKS and the token endpoint.

``Maskinporten.token`` takes the raw HTTP request (content type and body), validates it and the grant
(see grant.py), and issues an RS256 access token shaped like the real ones (docs/reference/maskinporten.md § 3.2).
Errors come back as ``{"error", "error_description": "<text>. (trace_id: <32 hex>)", "error_uri"}``.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import jwt

from .grant import ALGORITHMS, RAR_TYPES, GrantValidator, MPError, ValidatedGrant
from .keys import SigningKeys
from .registry import Registry

GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"


@dataclass
class TokenResult:
    """Outcome of one token request, for the HTTP layer and the request log."""

    status: int
    body: dict[str, Any]
    client_id: str | None
    label: str
    consumer: str | None = None


def iso6523(orgno: str) -> dict[str, str]:
    return {"authority": "iso6523-actorid-upis", "ID": f"0192:{orgno}"}


class Maskinporten:
    """The token service. ``issuer`` has a trailing slash, exactly as the real TEST issuer."""

    def __init__(self, issuer: str, validator: GrantValidator, keys: SigningKeys) -> None:
        self.issuer = issuer
        self.validator = validator
        self.keys = keys

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "token_endpoint": f"{self.issuer}token",
            "jwks_uri": f"{self.issuer}jwk",
            "grant_types_supported": [GRANT_TYPE],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": list(ALGORITHMS),
            "authorization_details_types_supported": list(RAR_TYPES),
        }

    def error_body(self, exc: MPError) -> dict[str, Any]:
        body = {
            "error": exc.error,
            "error_description": f"{exc.text.rstrip('.')}. (trace_id: {secrets.token_hex(16)})",
        }
        if exc.code:
            body["error_uri"] = f"{self.issuer}errors/{exc.code}"
        return body

    @staticmethod
    def unverified_iss(body: bytes) -> str | None:
        """The grant's iss without any validation (for fault keys and statistics only)."""
        try:
            form = parse_qs(body.decode("ascii"), keep_blank_values=True)
            iss = jwt.decode(form["assertion"][0], options={"verify_signature": False}).get("iss")
        except Exception:  # noqa: BLE001 - anything unparsable simply has no iss
            return None
        return iss if isinstance(iss, str) else None

    def token(
        self,
        content_type: str,
        body: bytes,
        registry: Registry,
        *,
        now: float,
        max_lifetime: int,
        lifetime_override: int | None,
        token_aud: str | None,
    ) -> TokenResult:
        iss = self.unverified_iss(body)
        try:
            assertion = self._form_assertion(content_type, body)
            grant = self.validator.validate(assertion, registry, now=now, max_lifetime=max_lifetime)
        except MPError as exc:
            return TokenResult(exc.status, self.error_body(exc), iss, exc.code or exc.error)
        lifetime = self._lifetime(grant, registry, lifetime_override)
        token = self._issue(grant, now=now, lifetime=lifetime, token_aud=token_aud)
        response = {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": lifetime - 1,
            "scope": " ".join(grant.scopes),
        }
        return TokenResult(200, response, grant.client.client_id, "issued", grant.consumer)

    @staticmethod
    def _form_assertion(content_type: str, body: bytes) -> str:
        if content_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
            raise MPError(
                "invalid_request", "The token request must be sent as application/x-www-form-urlencoded"
            )
        try:
            form = parse_qs(body.decode("ascii"), keep_blank_values=True, strict_parsing=bool(body))
        except (UnicodeDecodeError, ValueError) as exc:
            raise MPError("invalid_request", "Malformed form body") from exc
        if any(len(values) > 1 for values in form.values()):
            raise MPError("invalid_request", "Request parameters must not be repeated")
        grant_type = form.get("grant_type", [""])[0]
        if not grant_type:
            raise MPError("invalid_request", "Missing grant_type")
        if grant_type != GRANT_TYPE:
            raise MPError("unsupported_grant_type", f"Unsupported grant_type; use {GRANT_TYPE}")
        assertion = form.get("assertion", [""])[0]
        if not assertion:
            raise MPError("invalid_request", "Missing assertion")
        return assertion

    @staticmethod
    def _lifetime(grant: ValidatedGrant, registry: Registry, override: int | None) -> int:
        lifetime = override or grant.client.access_token_lifetime
        for scope in grant.scopes:
            at_max_age = int(registry.scopes.get(scope, {}).get("at_max_age") or 0)
            if at_max_age > 0:
                lifetime = min(lifetime, at_max_age)
        return lifetime

    def _issue(self, grant: ValidatedGrant, *, now: float, lifetime: int, token_aud: str | None) -> str:
        iat = int(now)
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "client_amr": grant.client_amr,
            "token_type": "Bearer",
            "client_id": grant.client.client_id,
            "scope": " ".join(grant.scopes),
            "consumer": iso6523(grant.consumer),
        }
        if grant.supplier:
            claims["supplier"] = iso6523(grant.supplier)
            claims["delegation_source"] = grant.delegation_source
        if "resource" in grant.claims:
            claims["aud"] = grant.claims["resource"]
        elif token_aud:
            claims["aud"] = token_aud
        if "pid" in grant.claims:
            claims["pid"] = grant.claims["pid"]
        claims.update({"iat": iat, "exp": iat + lifetime, "jti": secrets.token_urlsafe(32)})
        return self.keys.sign(claims)


def wall_now(offset_s: float) -> float:
    """The simulator's clock: wall time plus the configured clock offset."""
    return time.time() + offset_s
