"""What the token endpoint trusts and remembers: the TEST CA certificates and the used grants."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from cryptography import x509


class TrustStore:
    """The TEST CA certificates the token endpoint trusts (never the PROD ones)."""

    def __init__(self, ca_dir: Path) -> None:
        def load(name: str) -> list[x509.Certificate]:
            path = ca_dir / f"{name}.pem"
            return [x509.load_pem_x509_certificate(path.read_bytes())] if path.exists() else []

        self.roots = load("test-root-ca")
        self.issuing = load("test-issuing-ca")


class ReplayCache:
    """Used grants, keyed by (client, jti) or by a hash of the assertion when jti is absent."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, float] = {}

    def first_use(self, key: str, keep_until: float) -> bool:
        wall = time.time()
        with self._lock:
            if len(self._seen) > 10_000:
                self._seen = {k: t for k, t in self._seen.items() if t > wall}
            if self._seen.get(key, 0) > wall:
                return False
            self._seen[key] = keep_until
            return True
