"""``SimulatorProcess``: run the Maskinporten + Skatteetaten simulator as a real subprocess for tests.

    with SimulatorProcess(latency_ms=20) as sim:
        sim.issuer            # "http://127.0.0.1:PORT/maskinporten/" (grant aud; token endpoint = issuer + "token")
        sim.ssg_base_url      # "http://127.0.0.1:PORT/skatteetaten/v2"
        sim.p12_path("910753614"), sim.password, sim.clients, sim.client("910753614")
        sim.stats(); sim.configure(fault_rate=0.2); sim.reset()

It runs ``python -m integrations.simulator init`` into a temporary state directory (or the one given),
then ``serve --port 0`` and waits for ``/_simulator/health``. Leaving the block kills the process.
Only the standard library is used, so any test (with or without Django) can import it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEMO_KOMMUNE = "910753614"
OTHER_KOMMUNE = "310912344"
VENDOR = "312917408"
PASSWORD = "simulator"


class SimulatorError(RuntimeError):
    """The simulator could not be initialised or did not become healthy."""


class SimulatorProcess:
    """A running simulator (context manager). Arguments map to ``serve`` options."""

    def __init__(
        self,
        *,
        state_dir: Path | str | None = None,
        orgnos: list[str] | None = None,
        password: str = PASSWORD,
        latency_ms: int = 0,
        fault_rate: float = 0.0,
        token_lifetime: int | None = None,
        data: list[Path | str] = (),  # type: ignore[assignment]
        extra_args: list[str] = (),  # type: ignore[assignment]
        startup_timeout: float = 30.0,
    ) -> None:
        self._own_dir = state_dir is None
        self.state_dir = Path(state_dir or tempfile.mkdtemp(prefix="simulator-"))
        self.orgnos = list(orgnos or [])
        self.password = password
        self.serve_args = ["--latency-ms", str(latency_ms), "--fault-rate", str(fault_rate)]
        if token_lifetime is not None:
            self.serve_args += ["--token-lifetime", str(token_lifetime)]
        for path in data:
            self.serve_args += ["--data", str(path)]
        self.serve_args += list(extra_args)
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.base_url = ""
        self.init_result: dict[str, Any] = {}

    # --- lifecycle ------------------------------------------------------------------------------
    def __enter__(self) -> SimulatorProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def cli(self, *args: str) -> dict[str, Any]:
        """Run another CLI command (``register-client``, ``delegate``, ``grant`` ...); returns its JSON."""
        result = subprocess.run(
            [sys.executable, "-m", "integrations.simulator", *args],
            cwd=ROOT,
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            raise SimulatorError(f"simulator {args[0]} failed: {result.stderr.strip()}")
        return json.loads(result.stdout)

    def start(self) -> None:
        init = ["init", "--state-dir", str(self.state_dir), "--password", self.password]
        for orgno in self.orgnos:
            init += ["--orgno", orgno]
        self.init_result = self.cli(*init)
        ready = self.state_dir / "serve.json"
        ready.unlink(missing_ok=True)
        self._log = open(self.state_dir / "serve.log", "ab")  # noqa: SIM115 - closed in stop()
        serve = ["serve", "--host", "127.0.0.1", "--port", "0", "--state-dir", str(self.state_dir)]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "integrations.simulator", *serve, *self.serve_args],
            cwd=ROOT,
            env=self._env(),
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise SimulatorError(f"simulator exited with {self.process.returncode}; see {self.log_path}")
            if ready.exists():
                try:
                    self.base_url = json.loads(ready.read_text())["base_url"]
                    self._get("/_simulator/health")
                    return
                except (ValueError, KeyError, OSError):
                    pass
            time.sleep(0.05)
        self.stop()
        raise SimulatorError("simulator did not become healthy in time")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if getattr(self, "_log", None):
            self._log.close()
        if self._own_dir and os.environ.get("SIMULATOR_KEEP_STATE") != "1":
            shutil.rmtree(self.state_dir, ignore_errors=True)

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        return env

    # --- addresses and material -----------------------------------------------------------------
    @property
    def log_path(self) -> Path:
        return self.state_dir / "serve.log"

    @property
    def issuer(self) -> str:
        return f"{self.base_url}/maskinporten/"

    @property
    def token_endpoint(self) -> str:
        return f"{self.issuer}token"

    @property
    def ssg_base_url(self) -> str:
        return f"{self.base_url}/skatteetaten/v2"

    @property
    def svarut_base_url(self) -> str:
        """SvarUt's base URL (the client adds ``/api/v2``)."""
        return f"{self.base_url}/svarut"

    def svarut_account(self, orgno: str) -> dict[str, str]:
        """``{"konto_id", "integrasjon_id", "passord"}`` of the kommune's SvarUt konto (from svarut.json)."""
        data = json.loads((self.state_dir / "svarut.json").read_text(encoding="utf-8"))
        konto = next(k for k in data["kontoer"] if k["orgno"] == orgno)
        integration = next(i for i in data["integrasjoner"] if konto["konto_id"] in i["kontoer"])
        return {"konto_id": konto["konto_id"], "integrasjon_id": integration["integrasjon_id"],
                "passord": integration["passord"]}

    def svarut_forsendelser(self) -> list[dict[str, Any]]:
        """Every forsendelse the simulator received (control endpoint; fødselsnummer masked)."""
        return self._get("/_simulator/svarut/forsendelser")["forsendelser"]

    def svarut_force_status(self, forsendelse_id: str, status: str) -> dict[str, Any]:
        return self._request("POST", f"/_simulator/svarut/forsendelser/{forsendelse_id}/status", {"status": status})

    def p12_path(self, orgno: str) -> Path:
        return self.state_dir / f"{orgno}.p12"

    @property
    def clients(self) -> dict[str, Any]:
        """The parsed clients.json (re-read on every access)."""
        return json.loads((self.state_dir / "clients.json").read_text(encoding="utf-8"))

    def client(self, orgno: str, *, key_based: bool = False) -> dict[str, Any]:
        """The default client of an organisation: certificate-based, or key-based (``-jwk``)."""
        role = "leverandor" if orgno == VENDOR else "kommune"
        wanted = f"{role}-{orgno}-jwk" if key_based else f"{role}-{orgno}"
        return next(c for c in self.clients["clients"] if c["client_id"] == wanted)

    # --- control endpoints ----------------------------------------------------------------------
    def _request(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - local URL
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            raise SimulatorError(f"{method} {path}: {exc.code} {exc.read().decode(errors='replace')}") from exc

    def _get(self, path: str) -> Any:
        return self._request("GET", path)

    def stats(self) -> dict[str, Any]:
        return self._get("/_simulator/stats")

    def configure(self, **changes: Any) -> dict[str, Any]:
        """Change latency_ms, fault_rate, fault_kinds, stall_ms, clock_offset_s, seed, ... at run time."""
        return self._request("POST", "/_simulator/config", changes)

    def reset(self, *, config: bool = False) -> dict[str, Any]:
        """Zero the counters; with ``config=True`` also restore the configuration the process started with."""
        return self._request("POST", "/_simulator/reset", {"config": True} if config else {})


def reset_around(simulator):
    """A fixture's body: the simulator with its start configuration and zeroed counters, restored after
    the test (``yield from reset_around(simulator)``)."""
    simulator.reset(config=True)
    yield simulator
    simulator.reset(config=True)
