"""One httpx client factory for all outbound calls, a backoff helper, and log redaction.

Skatteetaten's URL carries the fødselsnummer in its path (the API requires it), and httpx logs every
request URL at INFO level. A filter installed on the ``httpx`` and ``httpcore`` loggers when this
module is imported masks every 11-digit run before a record is emitted; our own log lines never
contain the full URL.
"""

from __future__ import annotations

import logging
import random
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


def build_http_client(*, timeout_s: float, base_url: str = "") -> httpx.Client:
    """A client with explicit timeouts, no redirects (a redirect would resend the token) and our UA."""
    return httpx.Client(
        base_url=base_url,
        timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 5.0)),
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT},
        trust_env=True,
    )


def describe_transport_error(exc: httpx.HTTPError) -> str:
    """A short, redacted name for a network failure (never the URL)."""
    return redact(f"{type(exc).__name__}: {exc}")[:200]
