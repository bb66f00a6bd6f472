"""Run-time configuration, reproducible fault decisions and the per-organisation concurrency limit.

Fault decisions are drawn from ``random.Random(f"{seed}|{key}|{n}")``, where ``key`` identifies the
call (the request path for the API, the client id for the token endpoint) and ``n`` counts earlier
calls with the same key. A run therefore gets the same faults in the same places whatever the thread
interleaving, and a retry of a failed call draws a fresh decision.
"""

from __future__ import annotations

import random
import threading
from collections import defaultdict
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

SSG_FAULT_KINDS = ("ssg-001", "ssg-002", "das-003", "gateway-404", "stall", "disconnect")
TOKEN_FAULT_KINDS = ("mp-500", "mp-503", "mp-stall")
SVARUT_FAULT_KINDS = ("svarut-500", "svarut-503", "stall", "disconnect", "lost-answer")


@dataclass
class Config:
    """Everything ``POST /_simulator/config`` can change while the simulator runs."""

    latency_ms: int = 0
    token_latency_ms: int = 0
    fault_rate: float = 0.0
    fault_kinds: list[str] = field(default_factory=lambda: ["ssg-001", "ssg-002", "das-003"])
    token_fault_rate: float = 0.0
    token_fault_kinds: list[str] = field(default_factory=lambda: ["mp-500", "mp-503"])
    stall_ms: int = 30_000
    clock_offset_s: float = 0.0
    seed: int = 0
    token_lifetime: int | None = None
    token_aud: str | None = None
    grant_max_lifetime: int = 120
    max_income_year: int = 2025
    concurrency_limit: int = 5
    # SvarUt (svarut.py): faults per call, and the seconds each status step takes.
    svarut_fault_rate: float = 0.0
    svarut_fault_kinds: list[str] = field(default_factory=lambda: ["svarut-500", "svarut-503"])
    svarut_step_s: float = 2.0
    svarut_send_latency_ms: int = 0  # a send is stored at once, answered after this delay

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class ConfigError(ValueError):
    """A bad value sent to /_simulator/config or given on the command line."""


def _check(config: Config) -> Config:
    if config.latency_ms < 0 or config.token_latency_ms < 0 or config.stall_ms < 0:
        raise ConfigError("latency_ms, token_latency_ms and stall_ms must be ≥ 0")
    for name in ("fault_rate", "token_fault_rate", "svarut_fault_rate"):
        if not 0.0 <= getattr(config, name) <= 1.0:
            raise ConfigError(f"{name} must be between 0 and 1")
    if unknown := set(config.fault_kinds) - set(SSG_FAULT_KINDS):
        raise ConfigError(f"unknown fault_kinds {sorted(unknown)}; known: {list(SSG_FAULT_KINDS)}")
    if unknown := set(config.token_fault_kinds) - set(TOKEN_FAULT_KINDS):
        raise ConfigError(f"unknown token_fault_kinds {sorted(unknown)}; known: {list(TOKEN_FAULT_KINDS)}")
    if unknown := set(config.svarut_fault_kinds) - set(SVARUT_FAULT_KINDS):
        raise ConfigError(f"unknown svarut_fault_kinds {sorted(unknown)}; known: {list(SVARUT_FAULT_KINDS)}")
    if config.svarut_step_s < 0 or config.svarut_send_latency_ms < 0:
        raise ConfigError("svarut_step_s and svarut_send_latency_ms must be ≥ 0")
    if config.svarut_fault_rate and not config.svarut_fault_kinds:
        raise ConfigError("a fault rate above 0 needs at least one fault kind")
    if (config.fault_rate and not config.fault_kinds) or (
        config.token_fault_rate and not config.token_fault_kinds
    ):
        raise ConfigError("a fault rate above 0 needs at least one fault kind")
    if config.grant_max_lifetime not in (120, 180):
        raise ConfigError("grant_max_lifetime must be 120 (documented) or 180 (observed)")
    if config.token_lifetime is not None and config.token_lifetime < 2:
        raise ConfigError("token_lifetime must be ≥ 2 seconds")
    if config.token_aud not in (None, "unspecified"):
        raise ConfigError('token_aud must be null (omit aud) or "unspecified"')
    if config.concurrency_limit < 1:
        raise ConfigError("concurrency_limit must be ≥ 1")
    return config


def updated(config: Config, changes: dict[str, Any]) -> Config:
    """A new Config with ``changes`` applied, type-coerced and validated."""
    known = {f.name: f for f in fields(Config)}
    if unknown := set(changes) - set(known):
        raise ConfigError(f"unknown config keys {sorted(unknown)}")
    coerced: dict[str, Any] = {}
    for name, value in changes.items():
        try:
            if name in ("fault_kinds", "token_fault_kinds", "svarut_fault_kinds"):
                coerced[name] = [str(v) for v in value]
            elif name in ("token_lifetime", "token_aud") and value is None:
                coerced[name] = None
            elif name == "token_aud":
                coerced[name] = str(value)
            elif name in ("fault_rate", "token_fault_rate", "clock_offset_s", "svarut_fault_rate", "svarut_step_s"):
                coerced[name] = float(value)
            else:
                coerced[name] = int(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"bad value for {name}") from exc
    return _check(replace(config, **coerced))


class FaultPlan:
    """Decides, reproducibly, whether a call gets a fault and which one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._attempts: dict[str, int] = defaultdict(int)

    def reset(self) -> None:
        with self._lock:
            self._attempts.clear()

    def decide(self, *, seed: int, key: str, rate: float, kinds: list[str]) -> str | None:
        with self._lock:
            n = self._attempts[key]
            self._attempts[key] = n + 1
        if rate <= 0 or not kinds:
            return None
        rng = random.Random(f"{seed}|{key}|{n}")
        if rng.random() >= rate:
            return None
        return rng.choice(sorted(kinds))


class ConcurrencyLimiter:
    """Counts in-flight API calls per organisation and refuses calls above the limit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: dict[str, int] = defaultdict(int)
        self._peak: dict[str, int] = defaultdict(int)

    def acquire(self, org: str, limit: int) -> bool:
        with self._lock:
            if self._current[org] >= limit:
                return False
            self._current[org] += 1
            self._peak[org] = max(self._peak[org], self._current[org])
            return True

    def release(self, org: str) -> None:
        with self._lock:
            self._current[org] -= 1

    def snapshot(self) -> tuple[dict[str, int], dict[str, int]]:
        with self._lock:
            return dict(self._peak), {k: v for k, v in self._current.items() if v}

    def reset_peaks(self) -> None:
        with self._lock:
            self._peak = defaultdict(int, {k: v for k, v in self._current.items() if v})
