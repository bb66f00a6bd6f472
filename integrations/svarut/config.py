"""Resolve one kommune's SvarUt configuration: the admin row first, then the environment fallback.

Environment (contracts/svarut.md): ``SVARUT_URL``, ``SVARUT_KONTO_ID``, ``FIKS_INTEGRASJON_ID``,
``FIKS_INTEGRASJON_PASSORD``, ``MASKINPORTEN_SVARUT_SCOPE`` (default ``ks:fiks``) and the Maskinporten
client variables. The Maskinporten part is the kommune's Skatteetaten configuration with the scope
replaced by ``ks:fiks`` and ``consumer_org`` dropped (KS Fiks checks that the token's own organisation is
the integration's authorised organisation), so the one shared token cache holds it under its own key.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field

from django.db import DatabaseError

from integrations.conf import DEFAULT_SCOPE, IntegrationSettings, environment_of, resolve, setting
from integrations.errors import NotConfiguredError
from integrations.svarut_account import SvarUtAccount

SVARUT_SCOPE = "ks:fiks"


@dataclass(frozen=True)
class SvarUtSettings:
    source: str  # "database" or "environment"
    orgno: str
    base_url: str
    konto_id: str
    integrasjon_id: str
    password: str = field(repr=False)
    maskinporten: IntegrationSettings = field(repr=False)
    archive_orgno: str = ""
    archive_copy: bool = True
    archive_case: tuple[int, int] | None = None  # (saksaar, sakssekvensnummer) in the kommune's archive
    timeout_s: float = 30.0


def _maskinporten(orgno: str) -> IntegrationSettings:
    scope = str(setting("MASKINPORTEN_SVARUT_SCOPE")) or SVARUT_SCOPE
    try:
        base = resolve(orgno)
    except NotConfiguredError:
        base = _maskinporten_from_environment(orgno)
    return dataclasses.replace(base, scope=scope, consumer_org="")


def _maskinporten_from_environment(orgno: str) -> IntegrationSettings:
    """The MASKINPORTEN_* client alone (no Skatteetaten URL needed for SvarUt)."""
    issuer, client_id = str(setting("MASKINPORTEN_ISSUER")), str(setting("MASKINPORTEN_CLIENT_ID"))
    certificate, key, kid = (str(setting(n)) for n in ("MASKINPORTEN_CERTIFICATE", "MASKINPORTEN_KEY",
                                                       "MASKINPORTEN_KID"))
    if not (issuer and client_id and (certificate or (key and kid))):
        raise NotConfiguredError("Ingen Maskinporten-klient er satt opp for SvarUt.", code="not_configured")
    ref = certificate or key
    try:
        version = str(os.stat(ref).st_mtime_ns)
    except OSError:
        version = ""
    return IntegrationSettings(
        source="environment", orgno=orgno, environment=environment_of(issuer), issuer=issuer,
        client_id=client_id, scope=DEFAULT_SCOPE, consumer_org="", ssg_base_url="",
        mode="x5c" if certificate else "kid", credential_ref=ref, kid="" if certificate else kid,
        password=str(setting("MASKINPORTEN_CERTIFICATE_PASSWORD")) or None, version=version,
        timeout_s=float(setting("INTEGRATIONS_HTTP_TIMEOUT_S", 10) or 10),
    )


def _row(orgno: str):
    try:
        return SvarUtAccount.objects.filter(orgno=orgno).first()
    except DatabaseError:
        return None


def resolve_svarut(orgno: str = "") -> SvarUtSettings:
    """The SvarUt configuration for the kommune ``orgno``; NotConfiguredError when there is none."""
    timeout = float(setting("SVARUT_TIMEOUT_S", 30) or 30)
    row = _row(orgno) if orgno else None
    if row is not None:
        if not row.active:
            raise NotConfiguredError(f"SvarUt er deaktivert for {orgno} i administrasjonen.",
                                     code="svarut_inactive")
        password = row.password()
        if not password:
            raise NotConfiguredError(f"Miljøvariabelen {row.password_env_var} med SvarUt-passordet er ikke satt.",
                                     code="svarut_password_missing")
        return SvarUtSettings(
            source="database", orgno=orgno, base_url=row.effective_base_url, konto_id=str(row.konto_id),
            integrasjon_id=str(row.integrasjon_id), password=password, maskinporten=_maskinporten(orgno),
            archive_orgno=row.archive_orgno or orgno, archive_copy=row.archive_copy, timeout_s=timeout,
            archive_case=(row.archive_case_year, row.archive_case_number) if row.archive_case_year else None)
    url, konto, integrasjon, password = (str(setting(n)) for n in (
        "SVARUT_URL", "SVARUT_KONTO_ID", "FIKS_INTEGRASJON_ID", "FIKS_INTEGRASJON_PASSORD"))
    if not (url and konto and integrasjon and password):
        raise NotConfiguredError(
            f"SvarUt er ikke satt opp for {orgno or 'denne installasjonen'}.", code="svarut_not_configured")
    return SvarUtSettings(
        source="environment", orgno=orgno, base_url=url, konto_id=konto, integrasjon_id=integrasjon,
        password=password, maskinporten=_maskinporten(orgno), archive_orgno=orgno,
        archive_copy=str(setting("SVARUT_ARCHIVE_COPY", "true")).lower() not in ("0", "false", "no"),
        timeout_s=timeout)
