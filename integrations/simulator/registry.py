"""The client registry (``clients.json``): Maskinporten clients, scopes, Altinn delegations, grants.

It plays the parts of Samarbeidsportalen (clients and their registered keys), Altinn (delegations
consumer → supplier per scope) and Skatteetaten's access control (which consumer was granted which
scope and rettighetspakke/stadier). The server re-reads the file whenever it changes on disk, so
``register-client``/``delegate``/``grant`` work against a running simulator.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SSG_SCOPE = "skatteetaten:summertskattegrunnlag"
SSG_LEGACY_SCOPE = "skatteetaten:spesifisertsummertskattegrunnlag"
DELEGATION_SOURCE = "https://tt02.altinn.no/"
FORMAT = "skattedeling-simulator-registry/1"


def default_scopes() -> dict[str, dict[str, Any]]:
    """Scope table: ``at_max_age`` 0 = client setting wins; ``maskinporten`` false → MP-201."""
    return {
        SSG_SCOPE: {"at_max_age": 0, "maskinporten": True, "delegation_source": DELEGATION_SOURCE},
        SSG_LEGACY_SCOPE: {"at_max_age": 0, "maskinporten": True, "delegation_source": DELEGATION_SOURCE},
        "openid": {"at_max_age": 0, "maskinporten": False},
        "profile": {"at_max_age": 0, "maskinporten": False},
    }


@dataclass
class Client:
    """A Maskinporten client as registered in Samarbeidsportalen."""

    client_id: str
    orgno: str
    scopes: list[str]
    jwks: list[dict[str, Any]] = field(default_factory=list)
    access_token_lifetime: int = 120
    name: str = ""
    certificate: str | None = None
    key_file: str | None = None

    @property
    def uses_registered_keys(self) -> bool:
        return bool(self.jwks)

    def key(self, kid: str) -> dict[str, Any] | None:
        return next((jwk for jwk in self.jwks if jwk.get("kid") == kid), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "client_id": self.client_id,
            "orgno": self.orgno,
            "name": self.name,
            "client_amr": "private_key_jwt" if self.jwks else "virksomhetssertifikat",
            "certificate": self.certificate,
            "key_file": self.key_file,
            "jwks": self.jwks,
            "scopes": self.scopes,
            "access_token_lifetime": self.access_token_lifetime,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Client:
        return cls(
            client_id=data["client_id"],
            orgno=data["orgno"],
            scopes=list(data.get("scopes", [])),
            jwks=list(data.get("jwks", [])),
            access_token_lifetime=int(data.get("access_token_lifetime") or 120),
            name=data.get("name", ""),
            certificate=data.get("certificate"),
            key_file=data.get("key_file"),
        )


@dataclass
class Registry:
    """Everything in clients.json, with the look-ups the token endpoint and the API need."""

    clients: dict[str, Client] = field(default_factory=dict)
    scopes: dict[str, dict[str, Any]] = field(default_factory=default_scopes)
    delegations: list[dict[str, str]] = field(default_factory=list)
    scope_grants: list[dict[str, str]] = field(default_factory=list)
    skatteetaten_access: list[dict[str, Any]] = field(default_factory=list)
    organisations: dict[str, str] = field(default_factory=dict)
    password: str = "simulator"

    # --- look-ups -------------------------------------------------------------------------------
    def client(self, client_id: str) -> Client | None:
        return self.clients.get(client_id)

    def delegation(self, consumer: str, supplier: str, scope: str) -> dict[str, str] | None:
        return next(
            (
                d
                for d in self.delegations
                if d["consumer"] == consumer and d["supplier"] == supplier and d["scope"] == scope
            ),
            None,
        )

    def has_scope_grant(self, consumer: str, scope: str) -> bool:
        return any(g["consumer"] == consumer and g["scope"] == scope for g in self.scope_grants)

    def allowed_stadier(self, consumer: str, rettighetspakke: str) -> list[str] | None:
        """Stadier the consumer may read in the package, or None when it has no access at all."""
        for access in self.skatteetaten_access:
            if access["consumer"] == consumer and access["rettighetspakke"] == rettighetspakke:
                return list(access["stadier"])
        return None

    # --- edits (used by the CLI) ----------------------------------------------------------------
    def add_client(self, client: Client) -> None:
        self.clients[client.client_id] = client

    def add_delegation(self, consumer: str, supplier: str, scope: str) -> None:
        if not self.delegation(consumer, supplier, scope):
            source = self.scopes.get(scope, {}).get("delegation_source", DELEGATION_SOURCE)
            self.delegations.append(
                {"consumer": consumer, "supplier": supplier, "scope": scope, "delegation_source": source}
            )

    def add_scope_grant(self, consumer: str, scope: str) -> None:
        if not self.has_scope_grant(consumer, scope):
            self.scope_grants.append({"consumer": consumer, "scope": scope})

    def set_access(self, consumer: str, rettighetspakke: str, stadier: list[str]) -> None:
        self.skatteetaten_access = [
            a
            for a in self.skatteetaten_access
            if not (a["consumer"] == consumer and a["rettighetspakke"] == rettighetspakke)
        ]
        self.skatteetaten_access.append(
            {"consumer": consumer, "rettighetspakke": rettighetspakke, "stadier": stadier}
        )

    # --- (de)serialisation ----------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "environment": "test",
            "password": self.password,
            "organisations": self.organisations,
            "scopes": self.scopes,
            "clients": [c.to_json() for c in self.clients.values()],
            "delegations": self.delegations,
            "scope_grants": self.scope_grants,
            "skatteetaten_access": self.skatteetaten_access,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Registry:
        clients = [Client.from_json(c) for c in data.get("clients", [])]
        return cls(
            clients={c.client_id: c for c in clients},
            scopes=data.get("scopes") or default_scopes(),
            delegations=list(data.get("delegations", [])),
            scope_grants=list(data.get("scope_grants", [])),
            skatteetaten_access=list(data.get("skatteetaten_access", [])),
            organisations=dict(data.get("organisations", {})),
            password=data.get("password", "simulator"),
        )

    @classmethod
    def load(cls, path: Path) -> Registry:
        if not path.exists():
            return cls()
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))

    def save(self, path: Path) -> None:
        """Atomic write, so a running server never reads half a file."""
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, path)


class RegistryStore:
    """Thread-safe access to clients.json that reloads the file when its mtime changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._registry = Registry()

    def get(self) -> Registry:
        try:
            stat = self.path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            stamp = None
        with self._lock:
            if stamp != self._stamp:
                self._registry = Registry.load(self.path)
                self._stamp = stamp
            return self._registry
