"""A Maskinporten token cache shared by all worker processes, with single-flight renewal.

- One entry per (environment, issuer, client id, sorted scopes, consumer_org) in the Django cache
  (Redis in production), so a vendor holds one token per kommune.
- An entry lives ``expires_in − margin`` seconds, where ``margin = min(20 s, expires_in / 4)``:
  the lifetime always comes from Maskinporten's ``expires_in``, never from a constant.
- Single-flight: a caller that misses takes a lock with the atomic ``cache.add`` (lease timeout, so a
  crashed holder frees it) and asks Maskinporten; everybody else polls the entry with small sleeps.
  Many concurrent workers therefore cause ONE token request.
- A failed renewal is remembered for a few seconds, so the waiting callers get the same error instead
  of each repeating the failing request.
"""

from __future__ import annotations

import hashlib
import logging
import random
import time
import uuid
from collections.abc import Callable
from typing import Any

from integrations.errors import IntegrationError, MaskinportenUnavailable
from integrations.maskinporten.client import AccessToken

logger = logging.getLogger(__name__)

KEY_PREFIX = "integrations:maskinporten:"
MAX_MARGIN_S = 20
FAILURE_TTL_S = 5


def token_cache_key(*, environment: str, issuer: str, client_id: str, scope: str, consumer_org: str) -> str:
    scopes = " ".join(sorted(scope.split()))
    raw = "\x1f".join([environment, issuer, client_id, scopes, consumer_org or "-"])
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()[:40]


def refresh_margin(expires_in: int) -> int:
    """Renew this many seconds before expiry: 20 s for a 120 s token, a quarter for short ones."""
    return max(0, min(MAX_MARGIN_S, expires_in // 4))


class TokenCache:
    """Get a valid access token for one cache key, asking Maskinporten at most once at a time."""

    def __init__(
        self,
        cache: Any,
        key: str,
        *,
        lock_lease_s: float = 45.0,
        wait_s: float | None = None,
        poll_s: float = 0.05,
    ) -> None:
        self.cache = cache
        self.key = key
        self.lock_key = key + ":lock"
        self.failure_key = key + ":failure"
        self.lock_lease_s = lock_lease_s
        self.wait_s = wait_s if wait_s is not None else lock_lease_s + 5
        self.poll_s = poll_s

    def _read(self) -> tuple[str, float] | None:
        """(token, renew_at) of a live entry, else None."""
        entry = self.cache.get(self.key)
        if not isinstance(entry, dict) or not entry.get("token"):
            return None
        if entry.get("renew_at", 0) <= time.time():  # a cache backend that keeps entries too long
            return None
        return entry["token"], float(entry["renew_at"])

    def _store(self, token: AccessToken) -> tuple[str, float]:
        now = time.time()
        ttl = max(1, token.expires_in - refresh_margin(token.expires_in))
        entry = {"token": token.value, "renew_at": now + ttl, "expires_at": now + token.expires_in}
        self.cache.set(self.key, entry, timeout=ttl)
        return token.value, now + ttl

    def get(self, fetch: Callable[[], AccessToken]) -> str:
        """The cached token, or a new one from ``fetch`` (called by one caller across all workers)."""
        return self.get_entry(fetch)[0]

    def get_entry(self, fetch: Callable[[], AccessToken]) -> tuple[str, float]:
        """:meth:`get` with the time (``time.time()``) at which every process renews this token."""
        deadline = time.monotonic() + self.wait_s
        while True:
            token = self._read()
            if token:
                return token
            failure = self.cache.get(self.failure_key)
            if isinstance(failure, IntegrationError):
                raise failure
            owner = uuid.uuid4().hex
            if self.cache.add(self.lock_key, owner, timeout=self.lock_lease_s):
                try:
                    return self._renew(fetch)
                finally:
                    if self.cache.get(self.lock_key) == owner:
                        self.cache.delete(self.lock_key)
            if time.monotonic() >= deadline:
                raise MaskinportenUnavailable(
                    "Fikk ikke token fra Maskinporten i tide (en annen prosess fornyer det). "
                    "Prøv igjen senere.",
                    code="maskinporten_lock_timeout",
                )
            time.sleep(self.poll_s * random.uniform(0.5, 1.5))

    def _renew(self, fetch: Callable[[], AccessToken]) -> tuple[str, float]:
        token = self._read()  # another process may have renewed between our miss and our lock
        if token:
            return token
        try:
            fresh = fetch()
        except IntegrationError as exc:
            self.cache.set(self.failure_key, exc, timeout=FAILURE_TTL_S)
            raise
        self.cache.delete(self.failure_key)
        stored = self._store(fresh)
        logger.info("Maskinporten token renewed (expires_in=%s, scope=%s)", fresh.expires_in, fresh.scope)
        return stored

    def invalidate(self, token_value: str) -> None:
        """Drop the entry if it still holds ``token_value`` (after a 401 from the API)."""
        entry = self.cache.get(self.key)
        if isinstance(entry, dict) and entry.get("token") == token_value:
            self.cache.delete(self.key)


class CachedTokens:
    """The token source the API clients use: the shared cache in front of one Maskinporten client."""

    def __init__(self, cache: TokenCache, fetch: Callable[[], AccessToken]) -> None:
        self.cache = cache
        self.fetch = fetch

    def token(self) -> str:
        return self.cache.get(self.fetch)

    def entry(self) -> tuple[str, float]:
        """(token, renew_at): for a process that keeps its own copy until the shared renewal time."""
        return self.cache.get_entry(self.fetch)

    def invalidate(self, token_value: str) -> None:
        self.cache.invalidate(token_value)
