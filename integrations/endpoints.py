"""Which endpoint URLs the integrations may call, and which environment variables may hold a secret.

Production (``INTEGRATIONS_ALLOW_LOOPBACK_HTTP`` off): every URL must be ``https`` to a host in
``INTEGRATIONS_ALLOWED_HOSTS`` (default: the Maskinporten TEST/PROD issuers and Skatteetaten's Summert
skattegrunnlag V2 TEST/PROD hosts, as published by Digdir and Skatteetaten; the same defaults as
``integrations.models.DEFAULT_ISSUERS``/``DEFAULT_SSG_URLS`` and docs/integrations.md).
Development and tests (the setting on): additionally ``http``/``https`` to a loopback host (the
simulator). The same check runs when an administrator saves a configuration and when a client is
built (``IntegrationSettings.check_endpoints``), so a row written past the admin is refused too.

The certificate password is read only from variables named ``SKATTEDELING_SECRET_*``: a
configuration can therefore never make the application read (or reveal the existence of) any other
variable of the process, such as ``DJANGO_SECRET_KEY`` or ``DATABASE_URL``.
"""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import urlsplit

from django.conf import settings

SECRET_ENV_PREFIX = "SKATTEDELING_SECRET_"

DEFAULT_ALLOWED_HOSTS = (
    "maskinporten.no",
    "test.maskinporten.no",
    "summertskattegrunnlag.api.skatteetaten.no",
    "summertskattegrunnlag.api.skatteetaten-test.no",
    "svarut.ks.no",
    "test.svarut.ks.no",
)


class EndpointNotAllowed(ValueError):
    """A URL the integrations refuse to call; the message is Norwegian and safe to show."""


def allowed_hosts() -> tuple[str, ...]:
    hosts = settings.INTEGRATIONS_ALLOWED_HOSTS
    return tuple(h.strip().lower().rstrip(".") for h in (hosts if hosts else DEFAULT_ALLOWED_HOSTS) if h.strip())


def loopback_allowed() -> bool:
    return bool(settings.INTEGRATIONS_ALLOW_LOOPBACK_HTTP)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str:
    """Return ``url`` when it may be called; raise :class:`EndpointNotAllowed` otherwise."""
    try:
        parts = urlsplit(url or "")
        host = (parts.hostname or "").lower().rstrip(".")
        parts.port  # noqa: B018  (raises ValueError for a malformed port)
    except ValueError:
        raise EndpointNotAllowed("Adressen er ikke en gyldig URL.") from None
    if parts.username or parts.password:
        raise EndpointNotAllowed("Adressen kan ikke inneholde brukernavn eller passord.")
    if not host:
        raise EndpointNotAllowed("Adressen mangler vertsnavn.")
    if loopback_allowed() and _is_loopback(host) and parts.scheme in ("http", "https"):
        return url
    if parts.scheme != "https":
        raise EndpointNotAllowed("Adressen må bruke https.")
    if host not in allowed_hosts():
        raise EndpointNotAllowed(
            f"Verten {host} er ikke på listen over tillatte adresser (INTEGRATIONS_ALLOWED_HOSTS): "
            f"{', '.join(allowed_hosts())}."
        )
    return url


def check_secret_env_var(name: str) -> str:
    """Raise ValueError unless ``name`` carries the fixed prefix; never looks at the environment."""
    if name and (not name.startswith(SECRET_ENV_PREFIX) or len(name) == len(SECRET_ENV_PREFIX)):
        raise ValueError(
            f"Navnet på miljøvariabelen må begynne med {SECRET_ENV_PREFIX}, f.eks. {SECRET_ENV_PREFIX}KOMMUNE_P12."
        )
    return name


def read_secret(name: str) -> str | None:
    """The value of a ``SKATTEDELING_SECRET_*`` variable; None for any other name or an unset one."""
    if not name or not name.startswith(SECRET_ENV_PREFIX) or len(name) == len(SECRET_ENV_PREFIX):
        return None
    return os.environ.get(name)
