"""The HTTP process: one ThreadingHTTPServer serving Maskinporten, the API and the control endpoints.

URL layout on one port: ``/maskinporten/`` (issuer), ``/skatteetaten/v2/...`` (API base), ``/oidc``
(staff OpenID Connect provider, oidc_http.py) and ``/_simulator/...`` (control, not part of the real
services). One short log line per request; any 11-digit number in a logged path is masked, so no
fødselsnummer reaches the log.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from . import idporten_http, oidc_http
from .faults import ConfigError
from .maskinporten import wall_now
from .skatteetaten import ApiError, ApiResponse, error_response, negotiate
from .state import App
from .svarut import CONTROL as SVARUT_CONTROL
from .svarut import PREFIX as SVARUT_PREFIX

log = logging.getLogger("integrations.simulator")
_ELEVEN_DIGITS = re.compile(r"\d{11}")
SSG_PREFIX = "/skatteetaten/v2/"


class Handler(BaseHTTPRequestHandler):
    """Routes one request; the shared state lives on ``self.server.app``."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: avoid 40 ms delayed-ACK stalls
    server_version = "skattedeling-simulator"
    sys_version = ""

    @property
    def app(self) -> App:
        return self.server.app  # type: ignore[attr-defined]

    # --- plumbing -------------------------------------------------------------------------------
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence the default log
        return

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, status: int, body: bytes, content_type: str, note: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)
        self._log(status, note)

    def _json(self, status: int, payload: Any, note: str = "") -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode(), "application/json", note)

    def _plain_404(self, note: str = "") -> None:
        self._send(404, b"404 NOT FOUND\n", "text/plain; charset=utf-8", note)

    def _log(self, status: int | str, note: str) -> None:
        path = _ELEVEN_DIGITS.sub("<personidentifikator>", urlsplit(self.path).path)
        elapsed = (time.monotonic() - self._started) * 1000
        log.info("%s %s %s %s %.0fms", self.command, path, status, note, elapsed)

    def handle_one_request(self) -> None:
        self._started = time.monotonic()
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # --- routing --------------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        # staff OIDC provider (/oidc/..., /_simulator/oidc/...), then SvarUt
        if oidc_http.handle(self, "GET", path) or self._svarut_route("GET", path, b""):
            return
        if idporten_http.handle(self, "GET", path):  # parents' ID-porten: /idporten/..., /_simulator/idporten/...
            return
        mp = self.app.maskinporten
        if path == "/maskinporten/.well-known/oauth-authorization-server":
            self._json(200, mp.metadata())
        elif path == "/maskinporten/jwk":
            self._json(200, mp.keys.jwks())
        elif path.startswith(SSG_PREFIX):
            self._ssg(path[len(SSG_PREFIX) :])
        elif path == "/_simulator/health":
            self._json(200, self.app.health())
        elif path == "/_simulator/stats":
            self._json(200, self.app.stats_snapshot())
        elif path == "/_simulator/config":
            self._json(200, self.app.config.to_json())
        elif path in ("/maskinporten/token", "/_simulator/reset"):
            self._json(405, {"error": "method_not_allowed"})
        else:
            self._plain_404()

    def do_POST(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        body = self._body()
        # staff OIDC provider (/oidc/..., /_simulator/oidc/...), then SvarUt
        if oidc_http.handle(self, "POST", path, body) or self._svarut_route("POST", path, body):
            return
        if idporten_http.handle(self, "POST", path, body):  # parents' ID-porten
            return
        if path == "/maskinporten/token":
            self._token(body)
        elif path in ("/_simulator/config", "/_simulator/reset"):
            try:
                changes = json.loads(body or b"{}")
                if not isinstance(changes, dict):
                    raise ConfigError("expected a JSON object")
                result = self.app.configure(changes) if path.endswith("config") else self.app.reset(changes)
            except (ConfigError, json.JSONDecodeError) as exc:
                self._json(400, {"error": str(exc)})
                return
            self._json(200, result)
        else:
            self._plain_404()

    # --- Maskinporten ---------------------------------------------------------------------------
    def _token(self, body: bytes) -> None:
        app, cfg = self.app, self.app.config
        iss = app.maskinporten.unverified_iss(body)
        app.stats.token_request(iss)
        if cfg.token_latency_ms:
            time.sleep(cfg.token_latency_ms / 1000)
        fault = app.faults.decide(
            seed=cfg.seed, key=f"token|{iss}", rate=cfg.token_fault_rate, kinds=cfg.token_fault_kinds
        )
        if fault:
            app.stats.fault(fault)
            if fault == "mp-stall":
                time.sleep(cfg.stall_ms / 1000)
            else:
                status = 500 if fault == "mp-500" else 503
                error = "server_error" if status == 500 else "temporarily_unavailable"
                description = f"Simulated fault. (trace_id: {secrets.token_hex(16)})"
                self._json(status, {"error": error, "error_description": description}, f"fault={fault}")
                return
        result = app.maskinporten.token(
            self.headers.get("Content-Type", ""),
            body,
            app.registry.get(),
            now=wall_now(cfg.clock_offset_s),
            max_lifetime=cfg.grant_max_lifetime,
            lifetime_override=cfg.token_lifetime,
            token_aud=cfg.token_aud,
        )
        if result.status == 200:
            app.stats.token_issued(result.consumer or "-")
        else:
            app.stats.token_error(result.label)
        self._json(result.status, result.body, f"client={result.client_id} {result.label}")

    # --- Summert skattegrunnlag -----------------------------------------------------------------
    def _ssg(self, rest: str) -> None:
        app, cfg = self.app, self.app.config
        started = time.perf_counter()
        fmt = negotiate(self.headers.get("Accept"))
        try:
            org = app.ssg.authenticate(self.headers.get("Authorization"), wall_now(cfg.clock_offset_s))
        except ApiError as exc:
            self._ssg_send(error_response(exc.kode, fmt or "json", exc.detail), "-")
            return
        if not app.limiter.acquire(org, cfg.concurrency_limit):
            app.stats.rejected()
            self._ssg_send(error_response("SSG-429", fmt or "json"), org)
            return
        try:
            app.stats.ssg_call(org)
            if cfg.latency_ms:
                time.sleep(cfg.latency_ms / 1000)
            fault = app.faults.decide(
                seed=cfg.seed, key=f"ssg|{rest}", rate=cfg.fault_rate, kinds=cfg.fault_kinds
            )
            if fault:
                app.stats.fault(fault)
                if fault == "disconnect":
                    self.close_connection = True
                    self._log("-", f"org={org} fault=disconnect")
                    return
                if fault == "gateway-404":
                    app.stats.ssg_response(404, "gateway-404")
                    self._plain_404(f"org={org} fault=gateway-404")
                    return
                if fault == "stall":
                    time.sleep(cfg.stall_ms / 1000)
                else:
                    self._ssg_send(error_response(fault.upper(), fmt or "json"), org, f"fault={fault}")
                    return
            self._ssg_send(self._ssg_answer(rest, fmt, org), org)
        finally:
            app.limiter.release(org)
            app.stats.ssg_answered(time.perf_counter() - started)

    def _ssg_answer(self, rest: str, fmt: str | None, org: str) -> ApiResponse:
        if fmt is None:
            return error_response("SSG-009")
        segments = rest.split("/")
        if len(segments) != 4 or not all(segments):
            return error_response("SSG-003", fmt)
        try:
            return self.app.ssg.respond(
                segments, fmt, org, self.app.registry.get(), self.app.config.max_income_year
            )
        except ApiError as exc:
            return error_response(exc.kode, fmt, exc.detail)

    def _ssg_send(self, response: ApiResponse, org: str, note: str = "") -> None:
        self.app.stats.ssg_response(response.status, response.outcome)
        self._send(
            response.status,
            response.body,
            response.content_type,
            f"org={org} {response.outcome} {note}".rstrip(),
        )


    # --- KS Fiks SvarUt (svarut.py) -----------------------------------------------------------
    def _svarut_route(self, method: str, path: str, body: bytes) -> bool:
        """Serve ``/svarut/api/v2/...`` and ``/_simulator/svarut/...``; False for any other path."""
        app, cfg = self.app, self.app.config
        now = wall_now(cfg.clock_offset_s)
        if path.startswith(SVARUT_CONTROL):
            reply = app.svarut.control(method, path, body, now)
        elif path.startswith(SVARUT_PREFIX):

            def fault(key: str) -> str | None:
                return app.faults.decide(seed=cfg.seed, key=key, rate=cfg.svarut_fault_rate,
                                         kinds=cfg.svarut_fault_kinds)

            reply = app.svarut.handle(method, self.path, self.headers, body, now=now,
                                      step_s=cfg.svarut_step_s, fault=fault, count=app.stats.svarut_request,
                                      send_latency_ms=cfg.svarut_send_latency_ms)
        else:
            return False
        if reply.note.startswith("fault="):
            app.stats.fault(reply.note.removeprefix("fault=").split()[0])
        if reply.action == "stall":
            time.sleep(cfg.stall_ms / 1000)
        if reply.action:
            self.close_connection = True
            self._log("-", reply.note)
            return True
        self._json(reply.status, reply.payload, reply.note)
        return True


class SimulatorServer(ThreadingHTTPServer):
    """ThreadingHTTPServer with daemon threads and a deep listen queue for benchmark bursts."""

    daemon_threads = True
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], app: App | None = None) -> None:
        super().__init__(address, Handler)
        self.app = app  # set by the caller once the port (and so the issuer) is known
