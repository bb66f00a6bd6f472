"""One httpx client factory for all outbound calls, a backoff helper, and log redaction.

Clients and TLS are reused per process (docs/integrations.md § "Reuse per process"):
:func:`shared_http_client` hands out one ``httpx.Client`` (with its connection pool) per process and
configuration, and every client is built with one process-wide ``ssl.SSLContext``
(:func:`shared_ssl_context`) — loading the CA bundle costs 26–35 ms CPU, which a fresh client per
lookup paid every time. Both are keyed by ``os.getpid()`` and dropped in a forked child (Celery prefork),
so a child never touches its parent's sockets; both are safe to use from several threads.

Skatteetaten's URL carries the fødselsnummer in its path (the API requires it), and httpx logs every
request URL at INFO level. A filter installed on the ``httpx`` and ``httpcore`` loggers when this
module is imported masks every 11-digit run before a record is emitted; our own log lines never
contain the full URL.
"""

from __future__ import annotations

import atexit
import logging
import os
import random
import ssl
import threading
import time
from dataclasses import dataclass

import httpx

from integrations.errors import redact

USER_AGENT = "skattedeling-integrations/0.1"


class RedactingFilter(logging.Filter):
    """Rewrite a record's message with every fødselsnummer masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not break logging
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def _install_filters() -> None:
    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())


_install_filters()


@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff with full jitter: attempt n waits U(0, min(cap, base·2ⁿ)).

    A 429 is waited out longer (``rate_limit_delay``) or as long as ``Retry-After`` says (capped).
    """

    attempts: int = 3
    base_delay_s: float = 0.5
    max_delay_s: float = 8.0
    max_retry_after_s: float = 30.0
    rate_limit_base_s: float = 1.0

    def delay(self, attempt: int) -> float:
        return random.uniform(0, min(self.max_delay_s, self.base_delay_s * (2**attempt)))

    def sleep(self, attempt: int) -> None:
        time.sleep(self.delay(attempt))

    def rate_limit_delay(self, attempt: int) -> float:
        """After a 429 without Retry-After: at least half of base·2ⁿ (equal jitter), so we really back off."""
        ceiling = min(self.max_retry_after_s, self.rate_limit_base_s * (2**attempt))
        return ceiling / 2 + random.uniform(0, ceiling / 2)


# What ``trust_env=True`` makes httpx read from the environment: the CA bundle (``SSL_CERT_FILE``,
# ``SSL_CERT_DIR``; httpx ignores ``REQUESTS_CA_BUNDLE``, and so do we) and the proxies (``*_PROXY``,
# ``NO_PROXY``, any case). A shared object is keyed by these values, so changing them takes effect.
_CA_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR")


def _tls_environment() -> tuple[tuple[str, str], ...]:
    return tuple((name, os.environ.get(name, "")) for name in _CA_VARIABLES)


def _proxy_environment() -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in os.environ.items() if k.lower().endswith("_proxy")))


class _PerProcess:
    """Objects built once per process; a forked child starts empty (and never closes the parent's)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.lock = threading.RLock()  # new after a fork: another thread may have held the old one
        self.pid = os.getpid()
        self.ssl_contexts: dict[tuple, ssl.SSLContext] = {}
        self.clients: dict[tuple, httpx.Client] = {}


_state = _PerProcess()
# The parent's clients, kept referenced in a forked child so they are never closed or collected there
# (closing would shut down sockets the parent still uses).
_inherited: list[httpx.Client] = []


def _after_fork_in_child() -> None:
    _inherited.extend(_state.clients.values())
    _state.reset()


os.register_at_fork(after_in_child=_after_fork_in_child)


def _current() -> _PerProcess:
    """The per-process state; also catches a pid change that bypassed ``register_at_fork``."""
    if _state.pid != os.getpid():
        _after_fork_in_child()
    return _state


def shared_ssl_context() -> ssl.SSLContext:
    """One verifying SSL context per process (and CA environment), built as httpx builds its default.

    ``httpx.create_ssl_context(trust_env=True)``: ``SSL_CERT_FILE``, else ``SSL_CERT_DIR``, else certifi.
    An ``SSLContext`` may be shared by threads; it is not modified after creation.
    """
    state = _current()
    key = _tls_environment()
    context = state.ssl_contexts.get(key)
    if context is None:
        with state.lock:
            context = state.ssl_contexts.get(key)
            if context is None:
                context = httpx.create_ssl_context(verify=True, trust_env=True)
                state.ssl_contexts[key] = context
    return context


def _client_options(timeout_s: float, verify: ssl.SSLContext | None) -> dict:
    return {
        "timeout": httpx.Timeout(timeout_s, connect=min(timeout_s, 5.0)),
        "follow_redirects": False,
        "headers": {"User-Agent": USER_AGENT},
        "trust_env": True,
        "verify": verify if verify is not None else shared_ssl_context(),
    }


def build_http_client(*, timeout_s: float, base_url: str = "", verify: ssl.SSLContext | None = None) -> httpx.Client:
    """A new client with explicit timeouts, no redirects (a redirect would resend the token) and our UA.

    It verifies with the process-wide SSL context unless ``verify`` is given. The caller closes it.
    """
    return httpx.Client(base_url=base_url, **_client_options(timeout_s, verify))


def build_async_http_client(*, timeout_s: float) -> httpx.AsyncClient:
    """The same client for the async fetcher (``integrations.fetcher``), with the same options."""
    return httpx.AsyncClient(**_client_options(timeout_s, None))


def shared_http_client(*, timeout_s: float) -> httpx.Client:
    """The process's client for this timeout (and CA/proxy environment), with its connection pool.

    Never close it; it lives as long as the process (closed at exit). httpx clients are thread-safe.
    """
    state = _current()
    key = (float(timeout_s), _tls_environment(), _proxy_environment())
    client = state.clients.get(key)
    if client is None or client.is_closed:
        with state.lock:
            client = state.clients.get(key)
            if client is None or client.is_closed:
                client = build_http_client(timeout_s=timeout_s)
                state.clients[key] = client
    return client


@atexit.register
def close_shared_clients() -> None:
    """Close this process's shared clients (never a parent's: those are not in ``_state`` after a fork)."""
    state = _current()
    with state.lock:
        clients, state.clients = list(state.clients.values()), {}
    for client in clients:
        client.close()


def describe_transport_error(exc: httpx.HTTPError) -> str:
    """A short, redacted name for a network failure (never the URL)."""
    return redact(f"{type(exc).__name__}: {exc}")[:200]
