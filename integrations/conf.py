"""Resolve the integration configuration for one organisation, and load its signing credentials.

Order (docs/integrations.md § Configuration):
1. a ``MunicipalityIntegration`` row for the orgno: used if active; an inactive row stops here
   (deactivating a kommune in the admin must not silently fall back to another configuration);
2. otherwise the environment-variable configuration of docs/reference/contracts/integration.md (``MASKINPORTEN_*``,
   ``SKATTEETATEN_SSG_URL``), read through ``django.conf.settings`` — the single-kommune fallback;
3. otherwise :class:`NotConfiguredError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError

from integrations.endpoints import EndpointNotAllowed, check_url
from integrations.errors import CredentialsError, NotConfiguredError
from integrations.http import RetryPolicy
from integrations.limiter import Limit
from integrations.maskinporten.cache import token_cache_key
from integrations.maskinporten.credentials import SigningCredentials, credentials_from_bytes
from integrations.maskinporten.grant import GrantParameters
from integrations.models import MunicipalityIntegration, private_storage

logger = logging.getLogger(__name__)

DEFAULT_SCOPE = "skatteetaten:summertskattegrunnlag"


def setting(name: str, default=""):
    """A Django setting; if the project does not define it at all, the environment variable."""
    if hasattr(settings, name):
        value = getattr(settings, name)
        return default if value is None else value
    return os.environ.get(name, default)


@dataclass(frozen=True)
class IntegrationSettings:
    source: str  # "database" or "environment"
    orgno: str
    environment: str  # "test", "prod" or "custom"
    issuer: str
    client_id: str
    scope: str
    consumer_org: str
    ssg_base_url: str
    mode: str  # "x5c" (virksomhetssertifikat) or "kid" (registered key)
    credential_ref: str  # file path (environment) or private-storage name (database)
    kid: str = ""
    password: str | None = field(default=None, repr=False)
    version: str = ""
    timeout_s: float = 10.0
    max_concurrent: int = 5
    vendor_max_concurrent: int = 5

    @property
    def vendor_mode(self) -> bool:
        return bool(self.consumer_org)

    def check_endpoints(self, *, ssg: bool = True) -> None:
        """Refuse to build a client for a URL outside the allowlist (integrations.endpoints). ``ssg=False``
        checks only the Maskinporten issuer (a token for another API, e.g. SvarUt, needs no SSG address)."""
        endpoints = [("Maskinporten issuer", self.issuer)]
        if ssg:
            endpoints.append(("Skatteetaten-adresse", self.ssg_base_url))
        for what, url in endpoints:
            try:
                check_url(url)
            except EndpointNotAllowed as exc:
                raise NotConfiguredError(f"{what} ({self.source}) er ikke tillatt: {exc}",
                                         code="endpoint_not_allowed") from None

    @property
    def grant_parameters(self) -> GrantParameters:
        self.check_endpoints(ssg=False)
        try:
            return self._grant_parameters()
        except ValueError as exc:
            raise NotConfiguredError(f"Ugyldig Maskinporten-oppsett ({self.source}): {exc}",
                                     code="invalid_configuration") from None

    def _grant_parameters(self) -> GrantParameters:
        return GrantParameters(
            issuer=self.issuer, client_id=self.client_id, scope=self.scope, consumer_org=self.consumer_org
        )

    @property
    def token_cache_key(self) -> str:
        return token_cache_key(
            environment=self.environment,
            issuer=self.issuer,
            client_id=self.client_id,
            scope=self.scope,
            consumer_org=self.consumer_org,
        )

    def limits(self) -> list[Limit]:
        """Per organisation whose rights are used; for a vendor also one global limit per vendor client.

        The API is identified by its base URL, so TEST and PROD (or two simulators) never share slots.
        """
        api = hashlib.sha256(self.ssg_base_url.rstrip("/").encode()).hexdigest()[:10]
        organisation = self.consumer_org or self.orgno or f"client:{self.client_id}"
        limits = [Limit(f"{api}:org:{organisation}", self.max_concurrent)]
        if self.vendor_mode:
            limits.append(Limit(f"{api}:vendor:{self.client_id}", self.vendor_max_concurrent))
        return limits

    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(
            attempts=int(setting("INTEGRATIONS_RETRY_ATTEMPTS", 3)),
            base_delay_s=float(setting("INTEGRATIONS_RETRY_BASE_DELAY_S", 0.5)),
            rate_limit_base_s=float(setting("INTEGRATIONS_RATE_LIMIT_BASE_DELAY_S", 1.0)),
        )


def environment_of(issuer: str) -> str:
    host = urlsplit(issuer).hostname or ""
    return {"maskinporten.no": "prod", "test.maskinporten.no": "test"}.get(host, "custom")


def _limits_from_settings() -> dict:
    size = int(setting("SKATTEETATEN_MAX_CONCURRENT", 5) or 5)
    return {
        "timeout_s": float(setting("INTEGRATIONS_HTTP_TIMEOUT_S", 10) or 10),
        "max_concurrent": size,
        "vendor_max_concurrent": int(setting("SKATTEETATEN_VENDOR_MAX_CONCURRENT", size) or size),
    }


def from_environment(orgno: str = "") -> IntegrationSettings | None:
    """The docs/reference/contracts/integration.md variables, or None when they are not (completely) set."""
    issuer = str(setting("MASKINPORTEN_ISSUER"))
    client_id = str(setting("MASKINPORTEN_CLIENT_ID"))
    ssg = str(setting("SKATTEETATEN_SSG_URL"))
    certificate, key, kid = (
        str(setting(n)) for n in ("MASKINPORTEN_CERTIFICATE", "MASKINPORTEN_KEY", "MASKINPORTEN_KID")
    )
    if not (issuer and client_id and ssg and (certificate or (key and kid))):
        return None
    ref = certificate or key
    try:
        version = str(os.stat(ref).st_mtime_ns)
    except OSError:
        version = ""
    consumer_org = str(setting("MASKINPORTEN_CONSUMER_ORG"))
    return IntegrationSettings(
        source="environment",
        orgno=orgno or consumer_org,
        environment=environment_of(issuer),
        issuer=issuer,
        client_id=client_id,
        scope=str(setting("MASKINPORTEN_SCOPE")) or DEFAULT_SCOPE,
        consumer_org=consumer_org,
        ssg_base_url=ssg,
        mode="x5c" if certificate else "kid",
        credential_ref=ref,
        kid="" if certificate else kid,
        password=str(setting("MASKINPORTEN_CERTIFICATE_PASSWORD")) or None,
        version=version,
        **_limits_from_settings(),
    )


def from_row(row) -> IntegrationSettings:
    return IntegrationSettings(
        source="database",
        orgno=row.orgno,
        environment=row.environment,
        issuer=row.effective_issuer,
        client_id=row.client_id,
        scope=row.scope or DEFAULT_SCOPE,
        consumer_org=row.consumer_org,
        ssg_base_url=row.effective_ssg_base_url,
        mode="x5c" if row.certificate else "kid",
        credential_ref=(row.certificate or row.key_file).name,
        kid=row.key_id if not row.certificate else "",
        password=row.password(),
        version=f"{row.pk}:{row.updated_at.isoformat() if row.updated_at else ''}",
        **_limits_from_settings(),
    )


def find_row(orgno: str):
    try:
        return MunicipalityIntegration.objects.filter(orgno=orgno).first()
    except DatabaseError:  # e.g. the command run against a database without our tables
        logger.warning("integrations tables unavailable; using the environment configuration")
        return None


def resolve(orgno: str = "") -> IntegrationSettings:
    """The configuration for ``orgno`` (database first, then environment). See the module docstring."""
    row = find_row(orgno) if orgno else None
    if row is not None:
        if not row.active:
            raise NotConfiguredError(
                f"Integrasjonen mot Skatteetaten er deaktivert for {orgno} i administrasjonen.",
                code="integration_inactive",
            )
        return from_row(row)
    env = from_environment(orgno)
    if env is None:
        raise NotConfiguredError(
            f"Ingen integrasjon mot Skatteetaten er satt opp for {orgno or 'denne installasjonen'}.",
            code="not_configured",
        )
    return env


def _read(config: IntegrationSettings) -> bytes:
    try:
        if config.source == "database":
            with private_storage().open(config.credential_ref, "rb") as handle:
                return handle.read()
        return Path(config.credential_ref).read_bytes()
    except OSError:
        what = "Sertifikatfilen" if config.mode == "x5c" else "Nøkkelfilen"
        raise CredentialsError(
            f"{what} finnes ikke eller kan ikke leses.", code="credentials_missing"
        ) from None


_credentials: dict[tuple, SigningCredentials] = {}
_credentials_lock = threading.Lock()


def load_credentials(config: IntegrationSettings) -> SigningCredentials:
    """Load (once per process and file version) and validate the signing credentials."""
    key = (config.source, config.credential_ref, config.version, config.mode, config.kid)
    with _credentials_lock:
        cached = _credentials.get(key)
    if cached and (cached.certificate is None or cached.certificate.not_after > dt.datetime.now(dt.UTC)):
        return cached
    credentials = credentials_from_bytes(
        _read(config), mode=config.mode, password=config.password, kid=config.kid
    )
    with _credentials_lock:
        _credentials[key] = credentials
    return credentials
