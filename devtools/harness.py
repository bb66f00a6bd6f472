"""Processes for ``benchmark_renewal``: a throwaway PostgreSQL database, the Maskinporten/Skatteetaten
simulator (run through its command line, never imported), real Celery workers, and the peak resident
memory of every process involved (read from /proc: VmHWM, the kernel's own high-water mark).
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["SKATTEDELING_DEVTOOLS"] = "1"  # the driver is a devtools command
    env.update(extra)
    return env


def simulator_cli(*args: str) -> dict:
    """Run a simulator command that prints one JSON object (init, generate-persons, ...)."""
    done = subprocess.run([sys.executable, "-m", "integrations.simulator", *args], cwd=ROOT, env=child_env(),
                          capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"simulator {args[0]} failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout)


class Simulator:
    """``serve`` on a free port with the given data file, latency and fault rate."""

    def __init__(self, *, data: Path, latency_ms: int, fault_rate: float, orgno: str = "910753614"):
        self.state_dir = Path(tempfile.mkdtemp(prefix="bench-simulator-"))
        self.data, self.latency_ms, self.fault_rate, self.orgno = data, latency_ms, fault_rate, orgno
        self.process: subprocess.Popen | None = None
        self.base_url = ""

    def start(self, timeout: float = 60.0) -> None:
        simulator_cli("init", "--state-dir", str(self.state_dir), "--orgno", self.orgno)
        ready = self.state_dir / "serve.json"
        self.log = open(self.state_dir / "serve.log", "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "integrations.simulator", "serve", "--port", "0", "--quiet",
             "--state-dir", str(self.state_dir), "--data", str(self.data), "--latency-ms", str(self.latency_ms),
             "--fault-rate", str(self.fault_rate)],
            cwd=ROOT, env=child_env(), stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"simulator exited; see {self.state_dir / 'serve.log'}")
            if ready.exists():
                try:
                    self.base_url = json.loads(ready.read_text())["base_url"]
                    self.stats()
                    return
                except (ValueError, KeyError, OSError):
                    pass
            time.sleep(0.1)
        raise RuntimeError("simulator did not become healthy in time")

    def _call(self, method: str, path: str, payload: dict | None = None) -> dict:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method,  # noqa: S310
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - local simulator URL
            return json.loads(response.read())

    def stats(self) -> dict:
        return self._call("GET", "/_simulator/stats")

    def reset(self) -> dict:
        return self._call("POST", "/_simulator/reset", {})

    def client_env(self) -> dict[str, str]:
        """The environment variables of docs/reference/contracts/integration.md for the kommune's client."""
        clients = json.loads((self.state_dir / "clients.json").read_text(encoding="utf-8"))["clients"]
        client = next(c for c in clients if c["client_id"] == f"kommune-{self.orgno}")
        return {"MASKINPORTEN_ISSUER": f"{self.base_url}/maskinporten/", "MASKINPORTEN_CLIENT_ID": client["client_id"],
                "MASKINPORTEN_CERTIFICATE": str(self.state_dir / f"{self.orgno}.p12"),
                "MASKINPORTEN_CERTIFICATE_PASSWORD": "simulator", "MASKINPORTEN_KEY": "", "MASKINPORTEN_KID": "",
                "MASKINPORTEN_CONSUMER_ORG": "", "SKATTEETATEN_SSG_URL": f"{self.base_url}/skatteetaten/v2",
                **self.svarut_env()}

    def svarut_env(self) -> dict[str, str]:
        """SvarUt in the loop (docs/delivery.md): the kommune's konto and integration from svarut.json."""
        data = json.loads((self.state_dir / "svarut.json").read_text(encoding="utf-8"))
        konto = next(k for k in data["kontoer"] if k["orgno"] == self.orgno)
        integration = next(i for i in data["integrasjoner"] if konto["konto_id"] in i["kontoer"])
        return {"SVARUT_URL": f"{self.base_url}/svarut", "SVARUT_KONTO_ID": konto["konto_id"],
                "FIKS_INTEGRASJON_ID": integration["integrasjon_id"],
                "FIKS_INTEGRASJON_PASSORD": integration["passord"]}

    def token_lifetime_s(self) -> int:
        clients = json.loads((self.state_dir / "clients.json").read_text(encoding="utf-8"))["clients"]
        client = next(c for c in clients if c["client_id"] == f"kommune-{self.orgno}")
        return int(client["access_token_lifetime"])

    def stop(self) -> None:
        stop_process(self.process)
        if getattr(self, "log", None):
            self.log.close()


class Workers:
    """``count`` Celery worker processes (``celery -A skattedeling worker``), each in its own session."""

    def __init__(self, *, count: int, concurrency: int, pool: str, env: dict[str, str], queues: str = "",
                 name: str = "bench", nice: int = 0):
        self.count, self.concurrency, self.pool, self.env = count, concurrency, pool, env
        self.queues, self.name, self.nice = queues, name, nice
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    def start(self, timeout: float = 120.0) -> None:
        for number in range(self.count):
            log = Path(tempfile.mkstemp(prefix=f"bench-worker-{number}-", suffix=".log")[1])
            with log.open("w") as handle:
                niced = ["nice", "-n", str(self.nice)] if self.nice else []
                self.processes.append(subprocess.Popen(
                    [*niced, sys.executable, "-m", "celery", "-A", "skattedeling", "worker", "-l", "info",
                     "--pool", self.pool, "--concurrency", str(self.concurrency), "--without-gossip",
                     "--without-mingle", "-n", f"{self.name}{number}-{os.getpid()}@%h",
                     *(["-Q", self.queues] if self.queues else [])],
                    cwd=ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True))
            self.logs.append(log)
        deadline = time.monotonic() + timeout
        waiting = set(range(self.count))
        while waiting and time.monotonic() < deadline:
            for number in list(waiting):
                if self.processes[number].poll() is not None:
                    raise RuntimeError(f"worker exited early:\n{self.logs[number].read_text()[-3000:]}")
                if " ready." in self.logs[number].read_text():
                    waiting.discard(number)
            time.sleep(0.2)
        if waiting:
            raise RuntimeError("workers not ready in time")

    def task_seconds(self, task_name: str) -> list[float]:
        """Run times Celery logged for ``task_name`` ("Task <name>[id] succeeded in 0.61s")."""
        marker = f"Task {task_name}["
        times = []
        for log in self.logs:
            for line in log.read_text(errors="replace").splitlines():
                if marker in line and " succeeded in " in line:
                    times.append(float(line.split(" succeeded in ")[1].split("s:")[0]))
        return times

    def stop(self) -> None:
        for process in self.processes:
            stop_process(process, group=True)
        for log in self.logs:
            log.unlink(missing_ok=True)


def stop_process(process: subprocess.Popen | None, *, group: bool = False, timeout: float = 30.0) -> None:
    if process is None or process.poll() is not None:
        return
    send = (lambda sig: os.killpg(process.pid, sig)) if group else process.send_signal
    send(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
        process.wait(timeout=10)


def _parents() -> dict[int, int]:
    """pid → parent pid of every process (from /proc/<pid>/stat)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            pass
    return parents


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process (all its threads), 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def uptime() -> str:
    """``uptime``'s line (the load averages), for the benchmark's JSON."""
    done = subprocess.run(["uptime"], capture_output=True, text=True, check=False)
    return done.stdout.strip()


CONCURRENT_CALLS = 5  # Skatteetaten's limit per organisation (docs/reference/skatteetaten-api.md § 5)


def api_limit_per_s(call_ms: float) -> float:
    """Calls per second that ``CONCURRENT_CALLS`` in flight allow when each call takes ``call_ms``."""
    return CONCURRENT_CALLS * 1000 / call_ms


def _status_mb(pid: int, field: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_rss_mb(pid: int) -> float:
    """VmHWM (peak resident set) of one process in MB, 0 when it is gone."""
    return _status_mb(pid, "VmHWM:")


def rss_mb(pid: int) -> float:
    """VmRSS (resident set now) of one process in MB, 0 when it is gone."""
    return _status_mb(pid, "VmRSS:")


class PeakMemory(threading.Thread):
    """Samples the peak RSS of the given processes and all their descendants until stopped.

    ``roots`` maps a root pid to its role («workers», «driver», ...); a descendant (a prefork pool child)
    counts for its root's role, so the product's processes and the harness's are reported apart."""

    def __init__(self, roots: dict[int, str], interval: float = 1.0, *, timeline_every_s: float = 60.0,
                 timeline_roles: tuple[str, ...] = ("workers", "fetch_worker")):
        super().__init__(daemon=True)
        self.roots, self.interval, self.peak = dict(roots), interval, 0.0
        self.by_role: dict[str, float] = dict.fromkeys(self.roots.values(), 0.0)
        # Every ``timeline_every_s``: seconds since the start and, per role in ``timeline_roles``, the largest
        # resident set of its processes at that moment: growth within a run shows up here, and in which phase.
        self.timeline: list[tuple[float, dict[str, float]]] = []
        self.timeline_every_s, self.timeline_roles = timeline_every_s, timeline_roles
        self._began, self._next_point = time.monotonic(), 0.0
        self.loads: list[float] = []  # 1-minute load average at each sample (the machine may be shared)
        self._stop_event = threading.Event()

    def sample(self) -> float:
        parents = _parents()
        role_of, grew = dict(self.roots), True
        while grew:
            extra = {pid: role_of[parent] for pid, parent in parents.items()
                     if parent in role_of and pid not in role_of}
            role_of |= extra
            grew = bool(extra)
        for pid, role in role_of.items():
            rss = peak_rss_mb(pid)
            self.by_role[role] = max(self.by_role[role], rss)
            self.peak = max(self.peak, rss)
        self.loads.append(os.getloadavg()[0])
        elapsed = time.monotonic() - self._began
        if elapsed >= self._next_point:
            now: dict[str, float] = {}
            for pid, role in role_of.items():
                if role in self.timeline_roles:
                    now[role] = round(max(now.get(role, 0.0), rss_mb(pid)), 1)
            self.timeline.append((round(elapsed), now))
            self._next_point = elapsed + self.timeline_every_s
        return self.peak

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            self.sample()

    def stop(self) -> float:
        self._next_point = 0.0  # the last sample is a timeline point too
        self.sample()
        self._stop_event.set()
        return self.peak
