"""Wire the clients for one resolved configuration: credentials → Maskinporten → token cache → SSG.

Everything shared between worker processes (the token, the concurrency slots) lives in the Django
cache. The HTTP client (connection pool and SSL context) is shared within one process
(:func:`integrations.http.shared_http_client`, keyed by pid, so a forked Celery worker builds its own
and never inherits a live connection); the small objects around it are built per call.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from integrations.conf import IntegrationSettings, load_credentials, setting
from integrations.http import shared_http_client
from integrations.limiter import CacheSemaphore
from integrations.maskinporten.cache import CachedTokens, TokenCache
from integrations.maskinporten.client import MaskinportenClient
from integrations.skatteetaten.client import SsgClient


def default_cache() -> Any:
    from django.core.cache import cache

    return cache


def token_source(config: IntegrationSettings, http, cache: Any) -> CachedTokens:
    retry = config.retry_policy()
    client = MaskinportenClient(config.grant_parameters, load_credentials(config), http, retry=retry)
    # The lock must outlast one renewal with all its retries, or a second worker would start one too.
    lease = config.timeout_s * retry.attempts + retry.max_delay_s * (retry.attempts - 1) + 5
    return CachedTokens(TokenCache(cache, config.token_cache_key, lock_lease_s=lease), client.request_token)


@contextlib.contextmanager
def ssg_client(config: IntegrationSettings, *, cache: Any = None, http=None) -> Iterator[SsgClient]:
    """An :class:`SsgClient` for ``config`` on the process's shared HTTP client (or on ``http``)."""
    config.check_endpoints()
    cache = cache if cache is not None else default_cache()
    http = http if http is not None else shared_http_client(timeout_s=config.timeout_s)
    semaphores = [CacheSemaphore(cache, limit, lease_s=3 * config.timeout_s) for limit in config.limits()]
    yield SsgClient(
        config.ssg_base_url,
        http,
        token_source(config, http, cache),
        semaphores=semaphores,
        slot_wait_s=float(setting("SKATTEETATEN_SLOT_WAIT_S", 60) or 60),
        retry=config.retry_policy(),
    )
