"""The running simulator's shared state: configuration, services, counters and control actions."""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from .faults import ConcurrencyLimiter, Config, ConfigError, FaultPlan, updated
from .grant import GrantValidator
from .keys import SigningKeys, load_or_create_signing_key
from .maskinporten import Maskinporten
from .persons import PersonStore
from .registry import RegistryStore
from .skatteetaten import SummertSkattegrunnlag
from .stats import Stats
from .svarut import SvarUt
from .svarut_store import Accounts
from .trust import TrustStore


class App:
    """Everything the request handler needs; one instance per process."""

    def __init__(self, *, state_dir: Path, base_url: str, persons: PersonStore, config: Config) -> None:
        self.state_dir = state_dir
        self.base_url = base_url.rstrip("/")
        self.issuer = f"{self.base_url}/maskinporten/"
        self.ssg_base_url = f"{self.base_url}/skatteetaten/v2"
        self.registry = RegistryStore(state_dir / "clients.json")
        self.keys = SigningKeys(load_or_create_signing_key(state_dir))
        validator = GrantValidator(self.issuer, TrustStore(state_dir / "ca"))
        self.maskinporten = Maskinporten(self.issuer, validator, self.keys)
        self.persons = persons
        self.ssg = SummertSkattegrunnlag(self.issuer, self.keys, persons)
        self.initial_config = config
        self.config = config
        self._config_lock = threading.Lock()
        self.stats = Stats()
        self.limiter = ConcurrencyLimiter()
        self.faults = FaultPlan()
        self.svarut = SvarUt(self.issuer, self.keys, Accounts(state_dir / "svarut.json"))
        self.svarut_base_url = f"{self.base_url}/svarut"

    def health(self) -> dict[str, Any]:
        return {
            "status": "ok",
            "pid": os.getpid(),
            "issuer": self.issuer,
            "token_endpoint": f"{self.issuer}token",
            "ssg_base_url": self.ssg_base_url,
            "svarut_base_url": self.svarut_base_url,
            "persons": len(self.persons.persons),
            "clients": len(self.registry.get().clients),
        }

    def stats_snapshot(self) -> dict[str, Any]:
        peaks, current = self.limiter.snapshot()
        snapshot = self.stats.snapshot(peaks, current)
        snapshot["config"] = self.config.to_json()
        return snapshot

    def configure(self, changes: dict[str, Any]) -> dict[str, Any]:
        changes = dict(changes)
        rotate = bool(changes.pop("rotate_signing_key", False))
        with self._config_lock:
            self.config = updated(self.config, changes)
        result = self.config.to_json()
        if rotate:
            result["signing_kid"] = self.keys.rotate()
        return result

    def reset(self, options: dict[str, Any]) -> dict[str, Any]:
        """Zero the counters and peaks; ``{"config": true}`` also restores the start configuration."""
        if unknown := set(options) - {"config"}:
            raise ConfigError(f"unknown reset options {sorted(unknown)}")
        self.stats.reset()
        self.limiter.reset_peaks()
        self.faults.reset()
        if options.get("config"):
            with self._config_lock:
                self.config = replace(self.initial_config)
        return {"reset": True, "config": self.config.to_json()}
