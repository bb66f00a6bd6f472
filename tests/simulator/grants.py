"""Build Maskinporten JWT grants for the simulator tests, straight from the wire contract.

Deliberately independent of the project's Maskinporten client: PyJWT + cryptography + httpx only.
"""

from __future__ import annotations

import base64
import json
import re
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import jwt
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"
SCOPE = "skatteetaten:summertskattegrunnlag"
TRACE = re.compile(r"^.+\. \(trace_id: [0-9a-f]{32}\)$")


def load_p12(path: Path, password: str = "simulator"):
    key, cert, chain = pkcs12.load_key_and_certificates(path.read_bytes(), password.encode())
    return key, cert, chain


def b64der(cert: x509.Certificate) -> str:
    return base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


def load_key(path: Path):
    return serialization.load_pem_private_key(Path(path).read_bytes(), None)


class Grants:
    """Grants for the simulator's registered clients, with every part overridable."""

    def __init__(self, sim) -> None:
        self.sim = sim

    def claims(self, client_id: str, /, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims = {"aud": self.sim.issuer, "iss": client_id, "scope": SCOPE, "iat": now, "exp": now + 120,
                  "jti": str(uuid.uuid4())}
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def x5c(self, p12: Path, client_id: str, /, *, key=None, header: dict | None = None, alg: str = "RS256",
            **claims: Any) -> str:
        """A grant signed with the PKCS#12's key (or ``key``), leaf certificate in x5c."""
        p12_key, cert, _ = load_p12(p12, self.sim.password)
        headers = {"x5c": [b64der(cert)], **(header or {})}
        headers = {k: v for k, v in headers.items() if v is not None}
        return jwt.encode(self.claims(client_id, **claims), key or p12_key, algorithm=alg, headers=headers)

    def for_org(self, orgno: str, /, **kw: Any) -> str:
        """Certificate grant for the default certificate client of ``orgno``."""
        client = self.sim.client(orgno)
        return self.x5c(self.sim.p12_path(orgno), client["client_id"], **kw)

    def kid(self, orgno: str, /, *, kid: str | None = None, key=None, header: dict | None = None,
            alg: str = "RS256", **claims: Any) -> str:
        """Key grant for the default key-based client of ``orgno`` (header kid)."""
        client = self.sim.client(orgno, key_based=True)
        headers = {"kid": kid or client["jwks"][0]["kid"], **(header or {})}
        headers = {k: v for k, v in headers.items() if v is not None}
        signing_key = key or load_key(client["key_file"])
        return jwt.encode(self.claims(client["client_id"], **claims), signing_key, algorithm=alg, headers=headers)

    def post(self, assertion: str | None, *, grant_type: str | None = GRANT_TYPE, json_body: bool = False,
             extra: dict | None = None) -> httpx.Response:
        form = {"grant_type": grant_type, "assertion": assertion, **(extra or {})}
        form = {k: v for k, v in form.items() if v is not None}
        if json_body:
            return httpx.post(self.sim.token_endpoint, content=json.dumps(form),
                              headers={"Content-Type": "application/json"}, timeout=10)
        return httpx.post(self.sim.token_endpoint, data=form, timeout=10)

    def token(self, assertion: str) -> str:
        response = self.post(assertion)
        assert response.status_code == 200, response.text
        return response.json()["access_token"]


def assert_mp_error(response: httpx.Response, *, status: int, error: str, code: str | None,
                    issuer: str, contains: str = "") -> dict[str, Any]:
    """The documented error shape: error, description with a trace_id, error_uri naming the MP code."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == error, body
    assert TRACE.match(body["error_description"]), body
    assert contains.lower() in body["error_description"].lower(), body
    if code is None:
        assert "error_uri" not in body
    else:
        assert body["error_uri"] == f"{issuer}errors/{code}"
    return body
