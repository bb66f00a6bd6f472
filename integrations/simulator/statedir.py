"""The state directory: ``init`` (PKI + client registry), ``create-certificate``, ``register-client``,
``delegate`` and ``grant``. Every operation is idempotent and returns a JSON-able summary.

Layout of DIR: ``ca/`` (TEST and PROD root + issuing CA, certificates and keys), ``<orgno>.p12``
(virksomhetssertifikat-like PKCS#12 per organisation), ``<client_id>-key.pem`` (private keys of the
key-based clients), ``maskinporten-signing-key.pem`` and ``clients.json`` (the registry).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from . import pki, svarut_store
from .idnumbers import is_valid_orgno
from .keys import load_or_create_signing_key, public_jwk
from .registry import SSG_LEGACY_SCOPE, SSG_SCOPE, Client, Registry

DEMO_KOMMUNE = "910753614"
DEFAULT_KOMMUNER = (DEMO_KOMMUNE, "310912344")
DEFAULT_VENDOR = "312917408"
DEFAULT_PASSWORD = "simulator"
NAMES = {
    DEMO_KOMMUNE: "Demo kommune",
    "310912344": "Testvik kommune",
    DEFAULT_VENDOR: "Fagsystem Leverandør AS",
}
SCOPES = [SSG_SCOPE, SSG_LEGACY_SCOPE]


def _require_orgno(orgno: str) -> None:
    if not is_valid_orgno(orgno):
        raise ValueError(f"{orgno!r} is not a valid organisasjonsnummer (9 digits, mod-11)")


def _ca_dir(path: Path) -> Path:
    """Accept either the state directory or its ``ca`` subdirectory."""
    return path / "ca" if (path / "ca").is_dir() or not (path / "test-root-ca.pem").exists() else path


def ensure_cas(ca_dir: Path, created: list[str]) -> None:
    ca_dir.mkdir(parents=True, exist_ok=True)
    for env in ("test", "prod"):
        if not (ca_dir / f"{env}-issuing-ca.pem").exists():
            root, issuing = pki.create_hierarchy(env)
            pki.save_ca(ca_dir, f"{env}-root-ca", root)
            pki.save_ca(ca_dir, f"{env}-issuing-ca", issuing)
            created += [str(ca_dir / f"{env}-root-ca.pem"), str(ca_dir / f"{env}-issuing-ca.pem")]


def create_certificate(
    *,
    ca_dir: Path,
    orgno: str,
    out: Path,
    password: str,
    env: str = "test",
    days: int = 1095,
    valid_from: dt.datetime | None = None,
    orgno_fields: str = "both",
    name: str | None = None,
) -> dict[str, Any]:
    """Issue a virksomhetssertifikat-like PKCS#12 (creating the CAs first if ``ca_dir`` has none)."""
    _require_orgno(orgno)
    created: list[str] = []
    ca_dir = _ca_dir(ca_dir)
    ensure_cas(ca_dir, created)
    issuing = pki.load_ca(ca_dir, f"{env}-issuing-ca")
    org_name = name or NAMES.get(orgno, f"Organisasjon {orgno}")
    key, cert = pki.create_leaf(
        issuing, orgno=orgno, org_name=org_name, valid_from=valid_from, days=days, orgno_fields=orgno_fields
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    pki.write_p12(out, key, cert, [issuing.cert], password)
    return {
        "p12": str(out),
        "orgno": orgno,
        "environment": env,
        "subject": cert.subject.rfc4514_string(),
        "not_valid_before": cert.not_valid_before_utc.isoformat(),
        "not_valid_after": cert.not_valid_after_utc.isoformat(),
        "created": created + [str(out)],
    }


def _p12_usable(path: Path, password: str) -> bool:
    try:
        pkcs12.load_key_and_certificates(path.read_bytes(), password.encode())
    except (OSError, ValueError):
        return False
    return True


def ensure_org_certificate(state_dir: Path, orgno: str, password: str, created: list[str]) -> Path:
    path = state_dir / f"{orgno}.p12"
    if not (path.exists() and _p12_usable(path, password)):
        create_certificate(ca_dir=state_dir / "ca", orgno=orgno, out=path, password=password)
        created.append(str(path))
    return path


def _key_client(
    state_dir: Path, client_id: str, created: list[str], kid: str | None = None
) -> tuple[Path, dict]:
    path = state_dir / f"{client_id}-key.pem"
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), None)
    else:
        key = pki.new_key()
        path.write_bytes(pki.key_pem(key))  # type: ignore[arg-type]
        path.chmod(0o600)
        created.append(str(path))
    return path, public_jwk(key.public_key(), kid or f"{client_id}-key-1")  # type: ignore[arg-type]


def register_client(
    *,
    state_dir: Path,
    client_id: str,
    orgno: str,
    scopes: list[str] | None = None,
    generate_key: bool = False,
    kid: str | None = None,
    jwk: dict | None = None,
    lifetime: int = 120,
    key_expires_at: float | None = None,
    name: str | None = None,
    replace: bool = False,
) -> dict[str, Any]:
    """Add a client to clients.json: certificate-based by default, key-based with ``generate_key``/``jwk``."""
    _require_orgno(orgno)
    created: list[str] = []
    ensure_cas(state_dir / "ca", created)
    path = state_dir / "clients.json"
    registry = Registry.load(path)
    if client_id in registry.clients and not replace:
        return {"client": registry.clients[client_id].to_json(), "created": created}
    client = Client(
        client_id=client_id,
        orgno=orgno,
        scopes=list(scopes or SCOPES),
        access_token_lifetime=lifetime,
        name=name or NAMES.get(orgno, f"Organisasjon {orgno}"),
    )
    if generate_key:
        key_path, public = _key_client(state_dir, client_id, created, kid)
        client.key_file, client.jwks = str(key_path), [public]
    elif jwk:
        client.jwks = [{**jwk, "kid": kid or jwk.get("kid") or f"{client_id}-key-1"}]
    else:
        client.certificate = str(ensure_org_certificate(state_dir, orgno, registry.password, created))
    if key_expires_at is not None:
        for entry in client.jwks:
            entry["expires_at"] = key_expires_at
    registry.organisations.setdefault(orgno, client.name)
    registry.add_client(client)
    registry.save(path)
    return {"client": client.to_json(), "created": created}


def delegate(
    *, state_dir: Path, consumer: str, supplier: str, scopes: list[str] | None = None
) -> dict[str, Any]:
    """Record an Altinn delegation "Summert skattegrunnlag API – På vegne av" consumer → supplier."""
    _require_orgno(consumer)
    _require_orgno(supplier)
    registry = Registry.load(state_dir / "clients.json")
    for scope in scopes or SCOPES:
        registry.add_delegation(consumer, supplier, scope)
    registry.save(state_dir / "clients.json")
    return {"delegations": registry.delegations}


def grant(
    *,
    state_dir: Path,
    consumer: str,
    scopes: list[str] | None = None,
    rettighetspakke: str | None = "kommuneforeldrebetaling",
    stadier: list[str] | None = None,
) -> dict[str, Any]:
    """Skatteetaten grants the consumer the scopes and (unless None) the rettighetspakke with stadier."""
    _require_orgno(consumer)
    registry = Registry.load(state_dir / "clients.json")
    for scope in scopes or SCOPES:
        registry.add_scope_grant(consumer, scope)
    if rettighetspakke:
        registry.set_access(consumer, rettighetspakke, list(stadier or ["oppgjoer", "utkast"]))
    registry.save(state_dir / "clients.json")
    return {"scope_grants": registry.scope_grants, "skatteetaten_access": registry.skatteetaten_access}


def init_state(
    *,
    state_dir: Path,
    orgnos: list[str] | None = None,
    vendor: str = DEFAULT_VENDOR,
    password: str = DEFAULT_PASSWORD,
) -> dict[str, Any]:
    """Create (or complete) the whole test PKI and registry; safe to run again."""
    kommuner = list(orgnos or DEFAULT_KOMMUNER)
    for orgno in [*kommuner, vendor]:
        _require_orgno(orgno)
    if vendor in kommuner:
        raise ValueError("the vendor orgno must differ from the kommune orgnos")
    state_dir.mkdir(parents=True, exist_ok=True)
    created: list[str] = []
    ensure_cas(state_dir / "ca", created)
    if not (state_dir / "maskinporten-signing-key.pem").exists():
        load_or_create_signing_key(state_dir)
        created.append(str(state_dir / "maskinporten-signing-key.pem"))
    path = state_dir / "clients.json"
    registry = Registry.load(path)
    registry.password = password
    registry.save(path)
    orgs = []
    for role, orgno in [*(("kommune", k) for k in kommuner), ("leverandor", vendor)]:
        cert_client = register_client(state_dir=state_dir, client_id=f"{role}-{orgno}", orgno=orgno)
        key_client = register_client(
            state_dir=state_dir, client_id=f"{role}-{orgno}-jwk", orgno=orgno, generate_key=True
        )
        created += cert_client["created"] + key_client["created"]
        orgs.append(
            {
                "orgno": orgno,
                "role": role,
                "name": NAMES.get(orgno, f"Organisasjon {orgno}"),
                "p12": cert_client["client"]["certificate"],
                "client_id": f"{role}-{orgno}",
                "jwk_client_id": f"{role}-{orgno}-jwk",
                "key_file": key_client["client"]["key_file"],
                "kid": key_client["client"]["jwks"][0]["kid"],
            }
        )
        if role == "kommune":
            grant(state_dir=state_dir, consumer=orgno)
            delegate(state_dir=state_dir, consumer=orgno, supplier=vendor)
    svarut = svarut_store.ensure_accounts(state_dir, kommuner, kommuner)
    return {
        "state_dir": str(state_dir),
        "clients_json": str(path),
        "svarut_json": str(state_dir / "svarut.json"),
        "svarut_kontoer": len(svarut["kontoer"]),
        "password": password,
        "ca": {
            name: str(state_dir / "ca" / f"{name}.pem")
            for name in ("test-root-ca", "test-issuing-ca", "prod-root-ca", "prod-issuing-ca")
        },
        "organisations": orgs,
        "created": created,
    }
