"""``CeleryWorkerProcess``: a real Celery worker subprocess for integration and browser tests, with
``own_queue`` (the test's tasks go to a queue of its own on the Redis broker) and ``wait_until``.

It uses the same PostgreSQL test database, Redis broker, private storage and integration settings
as the test process, so tasks sent by the test (with ``task_always_eager`` off) run in the worker
and their writes are visible to the test (use ``django_db(transaction=True)`` or ``live_server``).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from skattedeling.celery import app

ROOT = Path(__file__).resolve().parents[2]


def worker_env(**overrides: str) -> dict[str, str]:
    """The environment a worker needs to share the test process's database, broker and files."""
    from django.conf import settings
    from django.db import connection

    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "skattedeling.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PRIVATE_STORAGE_ROOT": settings.PRIVATE_STORAGE_ROOT,
    })
    for name in ("MASKINPORTEN_ISSUER", "MASKINPORTEN_CLIENT_ID", "MASKINPORTEN_CERTIFICATE",
                 "MASKINPORTEN_CERTIFICATE_PASSWORD", "MASKINPORTEN_KEY", "MASKINPORTEN_KID",
                 "MASKINPORTEN_CONSUMER_ORG", "SKATTEETATEN_SSG_URL"):
        env[name] = str(getattr(settings, name, "") or "")
    env.update(overrides)
    return env


@contextmanager
def own_queue(prefix: str, broker_url: str) -> Iterator[str]:
    """Tasks sent in the block go (not eagerly) to a new queue on the broker, for workers the test starts;
    afterwards the app's settings are restored and the queue is deleted."""
    queue = f"{prefix}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue")}
    app.conf.update(task_always_eager=False, task_default_queue=queue)
    app.amqp.__dict__.pop("queues", None)
    try:
        yield queue
    finally:
        app.conf.update(saved)
        app.amqp.__dict__.pop("queues", None)
        redis.Redis.from_url(broker_url).delete(queue)


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> None:
    """Poll ``condition`` every 0.1 s; fail the test naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class CeleryWorkerProcess:
    def __init__(self, *, concurrency: int = 2, queues: str | None = None, env: dict[str, str] | None = None,
                 name: str = "test", pool: str = "prefork") -> None:
        self.concurrency = concurrency
        self.pool = pool
        self.queues = queues
        self.env = env
        self.name = name
        self.process: subprocess.Popen | None = None
        self.log = Path(tempfile.mkstemp(prefix=f"celery-{name}-", suffix=".log")[1])

    def __enter__(self) -> CeleryWorkerProcess:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, timeout: float = 60.0) -> None:
        cmd = [sys.executable, "-m", "celery", "-A", "skattedeling", "worker", "-l", "info",
               "--pool", self.pool, "--concurrency", str(self.concurrency), "--without-gossip", "--without-mingle",
               "-n", f"{self.name}-{os.getpid()}-{time.monotonic_ns()}@%h"]
        if self.queues:
            cmd += ["-Q", self.queues]
        handle = self.log.open("w")
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=self.env or worker_env(), stdout=handle,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Celery worker exited early:\n{self.log.read_text()[-3000:]}")
            if " ready." in self.log.read_text():
                return
            time.sleep(0.2)
        raise RuntimeError(f"Celery worker not ready in {timeout} s:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and pool children): no chance to ack or clean up."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
