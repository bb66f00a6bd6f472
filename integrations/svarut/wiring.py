"""Build a :class:`SvarUtClient` for one resolved configuration on the shared HTTP client and token cache."""

from __future__ import annotations

from integrations.conf import setting
from integrations.endpoints import EndpointNotAllowed, check_url
from integrations.errors import NotConfiguredError
from integrations.factory import default_cache, token_source
from integrations.http import shared_http_client
from integrations.svarut.client import SvarUtClient
from integrations.svarut.config import SvarUtSettings


def svarut_client(config: SvarUtSettings, *, cache=None, http=None) -> SvarUtClient:
    try:
        check_url(config.base_url)
    except EndpointNotAllowed as exc:
        raise NotConfiguredError(f"SvarUt-adresse ({config.source}) er ikke tillatt: {exc}",
                                 code="endpoint_not_allowed") from None
    cache = cache if cache is not None else default_cache()
    http = http if http is not None else shared_http_client(timeout_s=config.timeout_s)
    mp = config.maskinporten
    return SvarUtClient(
        config.base_url,
        http,
        token_source(mp, http, cache),
        konto_id=config.konto_id,
        integrasjon_id=config.integrasjon_id,
        integrasjon_passord=config.password,
        retry=mp.retry_policy(),
        send_timeout_s=float(setting("SVARUT_SEND_TIMEOUT_S", 960) or 960),
    )
