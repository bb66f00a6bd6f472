"""OpenID Connect relying party (Authlib's Django client), one client per configured IdentityProvider.

Authorization code flow with PKCE (S256), ``state`` and ``nonce`` kept in the Django session by Authlib;
the ID token is verified against the provider's JWKS (``iss`` = the configured issuer, ``aud`` = client
id, ``exp``/``iat`` with a small leeway, ``nonce``, ``at_hash``). Discovery documents and JWKS are cached
per provider for OIDC_METADATA_TTL_S and refetched once when an unknown ``kid`` appears.

Client authentication today: client secret (``client_secret_basic``), read from the environment variable
the provider names. ``private_key_jwt`` (ID-porten, Ansattporten) can be added through Authlib's
``client_auth_methods`` without changing the flow; the parents' ID-porten login (issue 14) reuses this.
"""
from __future__ import annotations

import logging
import os
import threading
import time

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from joserfc.errors import JoseError

from accounts.models import SECRET_ENV_PREFIX, IdentityProvider
from accounts.policy import LoginRefused, Refusal

log = logging.getLogger("accounts.oidc")
_clients: dict[int, tuple[tuple, float, object]] = {}
_lock = threading.Lock()


def client_secret(provider: IdentityProvider) -> str:
    name = provider.client_secret_env_var
    secret = os.environ.get(name, "") if name.startswith(SECRET_ENV_PREFIX) else ""
    if not secret:
        log.error("identity provider %s: its client secret is not configured", provider.slug)
        raise LoginRefused(Refusal.PROVIDER_UNAVAILABLE)
    return secret


def client_for(provider: IdentityProvider):
    """The Authlib client of a provider, rebuilt when the row or the secret changes or the cache is old."""
    secret = client_secret(provider)
    key = (provider.issuer, provider.client_id, secret, provider.scopes, provider.updated_at)
    with _lock:
        cached = _clients.get(provider.pk)
        if cached and cached[0] == key and time.monotonic() - cached[1] < settings.OIDC_METADATA_TTL_S:
            return cached[2]
        client = OAuth().register(
            name=f"idp-{provider.slug}",
            client_id=provider.client_id,
            client_secret=secret,
            server_metadata_url=provider.discovery_url,
            client_kwargs={"scope": provider.scopes, "code_challenge_method": "S256",
                           "default_timeout": settings.OIDC_HTTP_TIMEOUT_S},
        )
        _clients[provider.pk] = (key, time.monotonic(), client)
        return client


def forget_clients() -> None:
    with _lock:
        _clients.clear()


def start(request, provider: IdentityProvider, redirect_uri: str):
    """The redirect to the provider's authorize endpoint (state, nonce, PKCE saved in the session)."""
    extra = {"acr_values": " ".join(provider.acr_list)} if provider.acr_list else {}
    return authorize_redirect(request, client_for(provider), provider.slug, redirect_uri, **extra)


def authorize_redirect(request, client, label: str, redirect_uri: str, **extra):
    """Any Authlib client (staff provider or ID-porten): the redirect, with discovery failures refused."""
    try:
        return client.authorize_redirect(request, redirect_uri, **extra)
    except (requests.RequestException, ValueError, KeyError, RuntimeError) as exc:
        log.warning("identity provider %s: discovery failed: %s", label, type(exc).__name__)
        raise LoginRefused(Refusal.PROVIDER_UNAVAILABLE) from exc


def finish(request, provider: IdentityProvider) -> tuple[dict, str]:
    """Exchange the code and verify the ID token; returns (validated claims, raw ID token)."""
    return exchange_code(request, client_for(provider), provider.slug, provider.issuer)


def exchange_code(request, client, label: str, issuer: str) -> tuple[dict, str]:
    """The callback's checks for any Authlib client: state, iss, code exchange, ID token (signature, iss,
    aud, exp/iat, nonce, at_hash); returns (validated claims, raw ID token) or raises LoginRefused."""
    returned_iss = request.GET.get("iss")
    if returned_iss is not None and returned_iss != issuer:  # RFC 9207 mix-up defence
        raise LoginRefused(Refusal.TOKEN_INVALID)
    try:
        token = client.authorize_access_token(
            request,
            claims_options={"iss": {"essential": True, "value": issuer}},
            leeway=settings.OIDC_CLOCK_LEEWAY_S,
        )
    except MismatchingStateError as exc:
        raise LoginRefused(Refusal.STATE_MISMATCH) from exc
    except OAuthError as exc:
        log.info("identity provider %s answered %s", label, exc.error)
        reason = Refusal.CANCELLED if exc.error == "access_denied" else Refusal.IDP_ERROR
        raise LoginRefused(reason) from exc
    except JoseError as exc:
        log.info("identity provider %s: ID token refused: %s", label, type(exc).__name__)
        raise LoginRefused(Refusal.TOKEN_INVALID) from exc
    except (requests.RequestException, ValueError, KeyError, RuntimeError) as exc:
        log.warning("identity provider %s: token request failed: %s", label, type(exc).__name__)
        raise LoginRefused(Refusal.PROVIDER_UNAVAILABLE) from exc
    claims = token.get("userinfo")
    if not claims:
        raise LoginRefused(Refusal.TOKEN_INVALID)
    return dict(claims), token["id_token"]


def logout_url(request, provider: IdentityProvider, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's end_session URL for RP-initiated logout, or None when it has none."""
    try:
        return end_session_url(client_for(provider), id_token, post_logout_redirect_uri)
    except LoginRefused:
        return None


def end_session_url(client, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """RP-initiated logout URL (id_token_hint, post_logout_redirect_uri) for any Authlib client, or None."""
    try:
        endpoint = client.load_server_metadata().get("end_session_endpoint")
        if not endpoint:
            return None
        return client.create_logout_url(post_logout_redirect_uri=post_logout_redirect_uri,
                                        id_token_hint=id_token)["url"]
    except (requests.RequestException, ValueError, KeyError, RuntimeError):
        return None
