"""Counters for ``GET /_simulator/stats``: token requests, API calls, 429s, injected faults, and how long the
simulator took to answer the API calls it counted (its configured latency plus its own work)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any


class Stats:
    """Thread-safe counters; ``reset()`` zeroes them (``POST /_simulator/reset``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.started = time.time()
            self.token_total = 0
            self.tokens_issued = 0
            self.token_by_client: Counter[str] = Counter()
            self.token_by_consumer: Counter[str] = Counter()
            self.token_errors: Counter[str] = Counter()
            self.ssg_calls = 0
            self.ssg_served = 0
            self.ssg_answer_s = 0.0
            self.ssg_by_org: Counter[str] = Counter()
            self.ssg_status: Counter[str] = Counter()
            self.ssg_outcomes: Counter[str] = Counter()
            self.rejected_429 = 0
            self.faults: Counter[str] = Counter()
            self.svarut_requests: Counter[str] = Counter()

    def token_request(self, client_id: str | None) -> None:
        with self._lock:
            self.token_total += 1
            self.token_by_client[client_id or "(none)"] += 1

    def token_issued(self, consumer: str) -> None:
        with self._lock:
            self.tokens_issued += 1
            self.token_by_consumer[consumer] += 1

    def token_error(self, label: str) -> None:
        with self._lock:
            self.token_errors[label] += 1

    def ssg_call(self, org: str) -> None:
        with self._lock:
            self.ssg_calls += 1
            self.ssg_by_org[org] += 1

    def ssg_answered(self, seconds: float) -> None:
        """A counted call was answered ``seconds`` after its handler started (latency sleep included)."""
        with self._lock:
            self.ssg_served += 1
            self.ssg_answer_s += seconds

    def ssg_response(self, status: int, outcome: str) -> None:
        with self._lock:
            self.ssg_status[str(status)] += 1
            self.ssg_outcomes[outcome] += 1

    def rejected(self) -> None:
        with self._lock:
            self.rejected_429 += 1

    def svarut_request(self, kind: str) -> None:
        with self._lock:
            self.svarut_requests[kind] += 1

    def fault(self, kind: str) -> None:
        with self._lock:
            self.faults[kind] += 1

    def snapshot(self, peaks: dict[str, int], current: dict[str, int]) -> dict[str, Any]:
        with self._lock:
            return {
                "since": self.started,
                "token_requests": {
                    "total": self.token_total,
                    "issued": self.tokens_issued,
                    "by_client_id": dict(self.token_by_client),
                    "by_consumer_org": dict(self.token_by_consumer),
                    "errors": dict(self.token_errors),
                },
                "ssg_calls": self.ssg_calls,
                "ssg_calls_by_org": dict(self.ssg_by_org),
                # Mean time from a counted call's handler start to its answer written: the configured latency
                # plus the simulator's own work (token check, lookup, JSON), which the latency does not include.
                "ssg_answer_ms_mean": round(self.ssg_answer_s / self.ssg_served * 1000, 3) if self.ssg_served else None,
                "ssg_responses_by_status": dict(self.ssg_status),
                "ssg_outcomes": dict(self.ssg_outcomes),
                "peak_concurrent_by_org": peaks,
                "current_concurrent_by_org": current,
                "rejected_429": self.rejected_429,
                "faults_injected": sum(self.faults.values()),
                "faults_by_kind": dict(self.faults),
                "svarut_requests": dict(self.svarut_requests),  # authenticated konto calls: send, lookup, status, other
            }
