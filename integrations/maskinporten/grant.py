"""Build the Maskinporten JWT grant (the ``assertion`` of the jwt-bearer token request).

Header: ``{"alg": "RS256", "x5c": [leaf]}`` or ``{"alg": "RS256", "kid": kid}`` — nothing else.
Decision on ``typ`` (docs/reference/maskinporten.md § 2.1): Digdir does not mention it; Digdir's own sample, KS and
Altinn's x5c path omit it, and whether the "no extra claims" rule extends to header parameters is an
open question (§ 9.5). We omit it, so the header carries only what Digdir documents.

Claims: ``aud`` (the issuer, exactly as configured, with its trailing slash), ``iss`` (client id),
``scope``, ``iat``, ``exp`` (``iat`` + at most 120 s), a fresh uuid4 ``jti`` and, only for a vendor
acting for a kommune, ``consumer_org``. No other claim: Maskinporten rejects unknown ones.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

import jwt

from integrations.maskinporten.credentials import SigningCredentials

MAX_GRANT_LIFETIME_S = 120
ALGORITHM = "RS256"


@dataclass(frozen=True)
class GrantParameters:
    """Who asks for what: the per-client part of every grant."""

    issuer: str
    client_id: str
    scope: str
    consumer_org: str = ""

    def __post_init__(self) -> None:
        if not self.issuer.endswith("/"):
            raise ValueError("the Maskinporten issuer ends with '/', e.g. https://test.maskinporten.no/")
        if not self.client_id or not self.scope.strip():
            raise ValueError("client_id and scope are required")
        if self.consumer_org and not (len(self.consumer_org) == 9 and self.consumer_org.isdigit()):
            raise ValueError("consumer_org is a 9-digit organisasjonsnummer without prefix")


def grant_claims(
    params: GrantParameters, *, now: int | None = None, lifetime_s: int = MAX_GRANT_LIFETIME_S
) -> dict:
    """The claim set of one grant. ``lifetime_s`` is clamped to 1 … 120 s."""
    iat = int(time.time()) if now is None else int(now)
    lifetime = max(1, min(int(lifetime_s), MAX_GRANT_LIFETIME_S))
    claims = {
        "aud": params.issuer,
        "iss": params.client_id,
        "scope": " ".join(params.scope.split()),
        "iat": iat,
        "exp": iat + lifetime,
        "jti": str(uuid.uuid4()),
    }
    if params.consumer_org:
        claims["consumer_org"] = params.consumer_org
    return claims


def grant_header(credentials: SigningCredentials) -> dict:
    """The JOSE header without ``alg`` (PyJWT adds it); ``typ`` is removed explicitly."""
    if credentials.x5c:
        return {"x5c": list(credentials.x5c), "typ": None}
    return {"kid": credentials.kid, "typ": None}


def build_grant(
    params: GrantParameters,
    credentials: SigningCredentials,
    *,
    now: int | None = None,
    lifetime_s: int = MAX_GRANT_LIFETIME_S,
) -> str:
    """Sign a fresh grant. Call this once per token request attempt — a grant is single-use."""
    return jwt.encode(
        grant_claims(params, now=now, lifetime_s=lifetime_s),
        credentials.private_key,
        algorithm=ALGORITHM,
        headers=grant_header(credentials),
    )
