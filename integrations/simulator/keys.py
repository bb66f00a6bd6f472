"""The simulator's own Maskinporten signing keys: persistence, JWKS, rotation, access-token checks.

Access tokens are RS256 JWTs with a header of ``{kid, alg}`` only. ``rotate()`` adds a new current key
and keeps the previous ones in the JWKS, so tokens signed before a rotation stay valid.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from .pki import key_pem, new_key

SIGNING_KEY_FILE = "maskinporten-signing-key.pem"


def public_jwk(key: rsa.RSAPublicKey, kid: str) -> dict[str, Any]:
    """The public key as a JWK with kid, alg RS256 and use sig."""
    jwk = json.loads(RSAAlgorithm.to_jwk(key))
    return {"kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig", "e": jwk["e"], "n": jwk["n"]}


def key_from_jwk(jwk: dict[str, Any]) -> rsa.RSAPublicKey:
    key = RSAAlgorithm.from_jwk(json.dumps({"kty": "RSA", "n": jwk["n"], "e": jwk["e"]}))
    assert isinstance(key, rsa.RSAPublicKey)
    return key


def thumbprint_kid(key: rsa.RSAPublicKey) -> str:
    """A stable kid derived from the public key (short hex of its SHA-256 over the DER)."""
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return "sim-" + hashlib.sha256(der).hexdigest()[:16]


def load_or_create_signing_key(state_dir: Path, filename: str = SIGNING_KEY_FILE) -> rsa.RSAPrivateKey:
    path = state_dir / filename
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), None)
        assert isinstance(key, rsa.RSAPrivateKey)
        return key
    key = new_key()
    path.write_bytes(key_pem(key))
    path.chmod(0o600)
    return key


class SigningKeys:
    """The current signing key plus retired keys still published in the JWKS."""

    def __init__(self, first: rsa.RSAPrivateKey) -> None:
        self._lock = threading.Lock()
        self._keys: list[tuple[str, rsa.RSAPrivateKey]] = [(thumbprint_kid(first.public_key()), first)]

    def current(self) -> tuple[str, rsa.RSAPrivateKey]:
        with self._lock:
            return self._keys[-1]

    def rotate(self) -> str:
        key = new_key()
        kid = thumbprint_kid(key.public_key())
        with self._lock:
            self._keys.append((kid, key))
        return kid

    def jwks(self) -> dict[str, Any]:
        with self._lock:
            keys = list(reversed(self._keys))
        return {"keys": [public_jwk(k.public_key(), kid) for kid, k in keys]}

    def sign(self, claims: dict[str, Any]) -> str:
        kid, key = self.current()
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid, "typ": None})

    def public_key(self, kid: str) -> rsa.RSAPublicKey | None:
        with self._lock:
            return next((k.public_key() for k_id, k in self._keys if k_id == kid), None)
