"""SvarUt's side of the simulator state: kontoer and Fiks-integrasjoner (``DIR/svarut.json``), the
forsendelser received, and how each one's status moves over time.

Accounts: ``init`` gives every kommune one konto and one integration (authorised organisation = the
kommune itself, access "Sende forsendelser" on its own konto) with a random password, and adds the
Maskinporten scope ``ks:fiks`` to every client of every kommune (with the scope grant).

Delivery route per recipient (deterministic, documented in docs/simulator.md § SvarUt):

* an organisasjonsnummer (9 digits): MOTTATT → AKSEPTERT → KLAR_FOR_MOTTAK → LEST (SvarInn fetched it);
* a person, by individnummer (digits 7–9) modulo 4:
  0 digital mailbox: MOTTATT → AKSEPTERT → SENDT_SDP → LEVERT_SDP;
  1 Altinn, read:    MOTTATT → AKSEPTERT → VARSLET → LEST;
  2 reserved against digital post (KRR): MOTTATT → AKSEPTERT → SENDT_PRINT → PRINTET;
  3 Altinn, not read in time: MOTTATT → AKSEPTERT → VARSLET → SENDT_PRINT → PRINTET;
* a document with an ``/Encrypt`` dictionary (password-protected PDF): MOTTATT → AVVIST.

Each step takes ``svarut_step_s`` seconds (simulator config, stored on the forsendelse when it arrives),
so status is a pure function of the elapsed time; ``/_simulator/svarut/forsendelser/{id}/status`` can
force a later status (MANUELT_HANDTERT, IKKE_LEVERT) as a returned letter would.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .registry import Registry

FIKS_SCOPE = "ks:fiks"
NAMESPACE = uuid.UUID("6f1d8c3e-5b1a-4c44-9a57-2f1b0d6e9c11")
ROUTES: dict[str, tuple[str, ...]] = {
    "digital": ("MOTTATT", "AKSEPTERT", "SENDT_SDP", "LEVERT_SDP"),
    "altinn": ("MOTTATT", "AKSEPTERT", "VARSLET", "LEST"),
    "reservert": ("MOTTATT", "AKSEPTERT", "SENDT_PRINT", "PRINTET"),
    "ulest": ("MOTTATT", "AKSEPTERT", "VARSLET", "SENDT_PRINT", "PRINTET"),
    "organisasjon": ("MOTTATT", "AKSEPTERT", "KLAR_FOR_MOTTAK", "LEST"),
    "avvist": ("MOTTATT", "AVVIST"),
}
PERSON_ROUTES = ("digital", "altinn", "reservert", "ulest")
FORCEABLE = ("MANUELT_HANDTERT", "IKKE_LEVERT", "LEST", "PRINTET")


def route_for(digital_id: str, documents: list[bytes]) -> str:
    if any(b"/Encrypt" in data for data in documents):
        return "avvist"
    if len(digital_id) == 9:
        return "organisasjon"
    return PERSON_ROUTES[int(digital_id[6:9]) % 4]


# --- accounts -------------------------------------------------------------------------------------
def konto_id(orgno: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"konto:{orgno}"))


def integrasjon_id(orgno: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"integrasjon:{orgno}"))


def ensure_accounts(state_dir: Path, kommuner: list[str], organisations: list[str]) -> dict[str, Any]:
    """Create/complete ``svarut.json`` and give every organisation's clients the ``ks:fiks`` scope."""
    path = state_dir / "svarut.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"kontoer": [], "integrasjoner": []}
    known = {k["orgno"] for k in data["kontoer"]}
    for orgno in kommuner:
        if orgno in known:
            continue
        data["kontoer"].append({"konto_id": konto_id(orgno), "orgno": orgno})
        data["integrasjoner"].append({
            "integrasjon_id": integrasjon_id(orgno), "passord": secrets.token_urlsafe(18),
            "autorisert_org": orgno, "kontoer": [konto_id(orgno)],
        })
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    path.chmod(0o600)
    registry_path = state_dir / "clients.json"
    registry = Registry.load(registry_path)
    for client in registry.clients.values():
        if client.orgno in organisations and FIKS_SCOPE not in client.scopes:
            client.scopes.append(FIKS_SCOPE)
    for orgno in organisations:
        registry.add_scope_grant(orgno, FIKS_SCOPE)
    registry.save(registry_path)
    return data


class Accounts:
    """``svarut.json``, re-read when it changes on disk."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._mtime: int | None = None
        self._data: dict[str, Any] = {"kontoer": [], "integrasjoner": []}

    def get(self) -> dict[str, Any]:
        with self._lock:
            try:
                mtime = self.path.stat().st_mtime_ns
            except OSError:
                return self._data
            if mtime != self._mtime:
                self._data = json.loads(self.path.read_text(encoding="utf-8"))
                self._mtime = mtime
            return self._data

    def integration(self, integration_id: str) -> dict[str, Any] | None:
        return next((i for i in self.get()["integrasjoner"] if i["integrasjon_id"] == integration_id), None)


# --- forsendelser ---------------------------------------------------------------------------------
def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds")


@dataclass
class Forsendelse:
    id: str
    konto_id: str
    ekstern_referanse: str
    metadata: dict[str, Any]  # the forsendelse JSON part, with mottaker.digitalId
    documents: list[dict[str, Any]]  # filnavn, mimeType, storrelse, sha256Hash
    route: str
    received: float
    step_s: float
    forced: list[tuple[str, float]] = field(default_factory=list)

    def history(self, now: float) -> list[tuple[str, float]]:
        steps = ROUTES[self.route]
        stop = min(now, self.forced[0][1]) if self.forced else now  # a forced status freezes the route
        reached = [(s, self.received + i * self.step_s) for i, s in enumerate(steps)
                   if self.received + i * self.step_s <= stop or i == 0]
        return reached + [(s, t) for s, t in self.forced if t <= now]

    def current(self, now: float) -> tuple[str, float]:
        return self.history(now)[-1]

    def public(self, now: float) -> dict[str, Any]:
        """For the control endpoint: everything but the full fødselsnummer."""
        mottaker = dict(self.metadata.get("mottaker") or {})
        digital_id = str(mottaker.get("digitalId", ""))
        mottaker["digitalId"] = digital_id if len(digital_id) == 9 else digital_id[:6] + "*****"
        status, changed = self.current(now)
        return {"id": self.id, "kontoId": self.konto_id, "eksternReferanse": self.ekstern_referanse,
                "tittel": self.metadata.get("tittel"), "mottaker": mottaker, "route": self.route,
                "status": status, "sisteStatusEndring": iso(changed), "dokumenter": self.documents,
                "metadataForImport": self.metadata.get("metadataForImport"),
                "historikk": [{"status": s, "tidspunkt": iso(t)} for s, t in self.history(now)]}


class Forsendelser:
    """All forsendelser received since the process started (in memory, like the other counters)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[str, Forsendelse] = {}

    def add(
        self, *, konto: str, metadata: dict[str, Any], files: list[tuple[str, bytes]], step_s: float
    ) -> Forsendelse:
        documents = [{"filnavn": name, "mimeType": doc.get("mimeType"), "storrelse": len(data),
                      "sha256Hash": hashlib.sha256(data).hexdigest()}
                     for (name, data), doc in zip(files, metadata["dokumenter"], strict=True)]
        item = Forsendelse(
            id=str(uuid.uuid4()), konto_id=konto, ekstern_referanse=str(metadata.get("eksternReferanse") or ""),
            metadata=metadata, documents=documents,
            route=route_for(str(metadata["mottaker"].get("digitalId", "")), [d for _, d in files]),
            received=time.time(), step_s=step_s)
        with self._lock:
            self._items[item.id] = item
        return item

    def get(self, forsendelse_id: str) -> Forsendelse | None:
        with self._lock:
            return self._items.get(forsendelse_id)

    def by_reference(self, konto: str, reference: str) -> list[Forsendelse]:
        with self._lock:
            found = [f for f in self._items.values() if f.konto_id == konto and f.ekstern_referanse == reference]
        return sorted(found, key=lambda f: f.received)

    def all(self) -> list[Forsendelse]:
        with self._lock:
            return sorted(self._items.values(), key=lambda f: f.received)

    def force(self, forsendelse_id: str, status: str) -> Forsendelse | None:
        with self._lock:
            item = self._items.get(forsendelse_id)
            if item is not None:
                item.forced.append((status, time.time()))
            return item

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
