"""Validation of a Maskinporten JWT grant, point by point as in docs/reference/maskinporten.md § 8 (items 4–11).

``GrantValidator.validate`` returns who the token is for, or raises ``MPError`` carrying the OAuth2
error, the HTTP status and the MP code that the real Maskinporten documents for the failure.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import time
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography import x509

from .idnumbers import is_valid_orgno
from .keys import key_from_jwk
from .pki import CertificateError, certificate_orgno, verify_chain
from .registry import Client, Registry
from .trust import ReplayCache, TrustStore

ALGORITHMS = ("RS256", "RS384", "RS512")
ALLOWED_CLAIMS = frozenset(
    {
        "aud",
        "iss",
        "scope",
        "iat",
        "exp",
        "jti",
        "consumer_org",
        "resource",
        "pid",
        "iss_onbehalfof",
        "authorization_details",
    }
)
RAR_TYPES = ("urn:altinn:systemuser", "urn:altinn:consent")
CLOCK_SKEW = 10


class MPError(Exception):
    """A refused token request: OAuth2 ``error``, HTTP status, description text and MP code."""

    def __init__(self, error: str, text: str, code: str | None = None, status: int = 400) -> None:
        super().__init__(text)
        self.error, self.text, self.code, self.status = error, text, code, status


def _auth_failed(text: str, code: str | None = None) -> MPError:
    return MPError("invalid_grant", f"Invalid assertion. Client authentication failed. {text}", code)


def _bad_value(what: str) -> MPError:
    return MPError("invalid_request", f"Invalid assertion. Invalid parameter value: {what}", "MP-011")


@dataclass(frozen=True)
class ValidatedGrant:
    """What the token endpoint needs to issue an access token."""

    client: Client
    claims: dict[str, Any]
    scopes: list[str]
    consumer: str
    supplier: str | None
    delegation_source: str | None
    client_amr: str


def _parse_x5c(header: dict[str, Any]) -> list[x509.Certificate]:
    x5c = header["x5c"]
    if not isinstance(x5c, list) or not x5c or not all(isinstance(v, str) for v in x5c):
        raise MPError("invalid_request", "Invalid JWT header x5c: must be a JSON array of strings", "MP-123")
    try:
        return [x509.load_der_x509_certificate(base64.b64decode(v, validate=True)) for v in x5c]
    except (binascii.Error, ValueError) as exc:
        raise MPError(
            "invalid_request",
            "Invalid JWT header x5c: entries must be standard base64 of DER certificates",
            "MP-123",
        ) from exc


class GrantValidator:
    """Checks a grant against the registry, the TEST trust store and the replay cache."""

    def __init__(self, issuer: str, trust: TrustStore) -> None:
        self.issuer = issuer
        self.trust = trust
        self.replay = ReplayCache()

    def validate(
        self, assertion: str, registry: Registry, *, now: float, max_lifetime: int
    ) -> ValidatedGrant:
        try:
            header = jwt.get_unverified_header(assertion)
            claims = jwt.decode(assertion, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise _bad_value("the assertion is not a well-formed signed JWT") from exc
        if header.get("alg") not in ALGORITHMS:
            raise MPError(
                "invalid_grant",
                f"Invalid assertion. Unsupported JWT signing algorithm "
                f"{header.get('alg')!r}; supported: {', '.join(ALGORITHMS)}",
            )
        certs = _parse_x5c(header) if "x5c" in header else []
        if extra := sorted(set(claims) - ALLOWED_CLAIMS):
            raise MPError(
                "invalid_request", f"Invalid assertion. Claims not allowed in the grant: {', '.join(extra)}"
            )
        client = self._client(claims, registry)
        if not isinstance(claims.get("aud"), str) or claims["aud"] != self.issuer:
            raise _auth_failed("Invalid JWT claim aud", "MP-110")
        amr = self._authenticate(assertion, header, certs, client, now)
        self._check_time(claims, now, max_lifetime)
        self._check_replay(assertion, claims, client)
        scopes = self._scopes(claims, client, registry)
        consumer, supplier, source = self._delegation(claims, client, scopes, registry)
        return ValidatedGrant(client, claims, scopes, consumer, supplier, source, amr)

    # --- the individual checks ------------------------------------------------------------------
    @staticmethod
    def _client(claims: dict[str, Any], registry: Registry) -> Client:
        iss = claims.get("iss")
        client = registry.client(iss) if isinstance(iss, str) else None
        if client is None:
            raise _auth_failed(f"Client not found: {iss!r}", "MP-100")
        return client

    def _authenticate(
        self,
        assertion: str,
        header: dict[str, Any],
        certs: list[x509.Certificate],
        client: Client,
        now: float,
    ) -> str:
        has_kid, has_x5c = "kid" in header, "x5c" in header
        if has_kid and has_x5c:
            raise _auth_failed("The JWT header must contain either kid or x5c, not both")
        if client.uses_registered_keys:
            if not has_kid:
                raise _auth_failed(
                    "The client requires a pre-registered JWK and no key identifier (kid) was provided"
                )
            jwk = client.key(header["kid"])
            if jwk is None:
                raise _auth_failed("Unknown key identifier (kid) for client")
            if jwk.get("expires_at") and float(jwk["expires_at"]) < now:
                raise _auth_failed("Expired key", "MP-121")
            self._verify_signature(assertion, header, key_from_jwk(jwk))
            return "private_key_jwt"
        if has_kid:
            raise _auth_failed("Unknown key identifier (kid) for client")
        if not has_x5c:
            raise _auth_failed("The JWT header contains neither x5c nor kid")
        at = dt.datetime.fromtimestamp(now, dt.UTC)
        try:
            verify_chain(certs[0], self.trust.roots, self.trust.issuing, at)
        except CertificateError as exc:
            raise _auth_failed(f"JWT signed with an invalid certificate: {exc}", "MP-120") from exc
        cert_orgno = certificate_orgno(certs[0])
        if cert_orgno != client.orgno:
            raise MPError(
                "invalid_grant",
                f"Invalid organization number for client. The certificate "
                f"organization number {cert_orgno} does not match the client's {client.orgno}",
                "MP-122",
            )
        self._verify_signature(assertion, header, certs[0].public_key())
        return "virksomhetssertifikat"

    @staticmethod
    def _verify_signature(assertion: str, header: dict[str, Any], key: Any) -> None:
        try:
            jwt.PyJWS().decode(assertion, key, algorithms=[header["alg"]])
        except jwt.PyJWTError as exc:
            raise _auth_failed("Invalid JWT signature", "MP-124") from exc

    @staticmethod
    def _check_time(claims: dict[str, Any], now: float, max_lifetime: int) -> None:
        iat, exp = claims.get("iat"), claims.get("exp")
        for name, value in (("iat", iat), ("exp", exp)):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise _bad_value(f"{name} must be a NumericDate")
        if exp <= iat:
            raise _bad_value("exp must be after iat")
        if exp - iat > max_lifetime:
            raise _auth_failed(f"JWT has too long lifetime (exp - iat > {max_lifetime} s)")
        if iat > now + CLOCK_SKEW:
            raise _auth_failed("Issue time is after now")
        if exp < now - CLOCK_SKEW:
            raise _auth_failed("JWT is expired", "MP-130")

    def _check_replay(self, assertion: str, claims: dict[str, Any], client: Client) -> None:
        jti = claims.get("jti")
        if jti is not None and not (isinstance(jti, str) and jti):
            raise _bad_value("jti must be a non-empty string")
        key = (
            f"{client.client_id}|{jti}" if jti else "sha256:" + hashlib.sha256(assertion.encode()).hexdigest()
        )
        keep_until = time.time() + max(float(claims["exp"]) - time.time(), 0) + 2 * CLOCK_SKEW + 300
        if not self.replay.first_use(key, keep_until):
            raise MPError("invalid_grant", "Invalid assertion. Grant is used before", "MP-012")

    @staticmethod
    def _scopes(claims: dict[str, Any], client: Client, registry: Registry) -> list[str]:
        scope = claims.get("scope")
        if not isinstance(scope, str) or not scope.split():
            raise _bad_value("scope must be a non-empty string of space-separated scopes")
        scopes = scope.split()
        if invalid := [s for s in scopes if s not in client.scopes]:
            raise MPError(
                "invalid_scope",
                f"Invalid scopes: the token request contains invalid scopes for "
                f"the client: {' '.join(invalid)}",
                "MP-200",
            )
        if blocked := [s for s in scopes if not registry.scopes.get(s, {}).get("maskinporten", True)]:
            raise MPError(
                "invalid_scope",
                f"The token request contains scopes not allowed for Maskinporten: {' '.join(blocked)}",
                "MP-201",
            )
        if "resource" in claims and not isinstance(claims["resource"], str | list):
            raise _bad_value("resource")
        if "pid" in claims and not (isinstance(claims["pid"], str) and len(claims["pid"]) == 11):
            raise _bad_value("pid")
        if "authorization_details" in claims:
            details = claims["authorization_details"]
            types = (
                [d.get("type") for d in details]
                if isinstance(details, list) and all(isinstance(d, dict) for d in details)
                else None
            )
            if types is None or any(t not in RAR_TYPES for t in types):
                raise MPError("invalid_request", "Unknown authorization_details type", "MP-301")
            raise MPError(
                "invalid_request",
                "authorization_details (systembruker/consent) is not supported by this simulator",
                "MP-303",
            )
        return scopes

    @staticmethod
    def _delegation(
        claims: dict[str, Any], client: Client, scopes: list[str], registry: Registry
    ) -> tuple[str, str | None, str | None]:
        consumer_org = claims.get("consumer_org")
        if "iss_onbehalfof" in claims:
            if consumer_org is not None:
                raise MPError("invalid_request", "iss_onbehalfof cannot be combined with consumer_org")
            raise MPError("invalid_request", "iss_onbehalfof is not supported by this simulator")
        if consumer_org is None:
            for scope in scopes:
                if not registry.has_scope_grant(client.orgno, scope):
                    raise MPError(
                        "forbidden",
                        f"Consumer {client.orgno} has not been granted access to the scope {scope}",
                        "MP-250",
                        403,
                    )
            return client.orgno, None, None
        if not isinstance(consumer_org, str) or not is_valid_orgno(consumer_org):
            raise _bad_value("consumer_org must be a 9-digit organisasjonsnummer")
        if consumer_org == client.orgno:
            raise MPError(
                "invalid_request",
                "The combination of consumer_org and delegation scope on the client is invalid",
            )
        source = None
        for scope in scopes:
            delegation = registry.delegation(consumer_org, client.orgno, scope)
            if delegation is None:
                raise MPError(
                    "forbidden",
                    f"Consumer {consumer_org} has not delegated access to the scope "
                    f"{scope} to supplier {client.orgno}",
                    "MP-251",
                    403,
                )
            if not registry.has_scope_grant(consumer_org, scope):
                raise MPError(
                    "forbidden",
                    f"Consumer {consumer_org} has not been granted access to the scope {scope}",
                    "MP-250",
                    403,
                )
            source = delegation.get("delegation_source")
        return consumer_org, client.orgno, source
