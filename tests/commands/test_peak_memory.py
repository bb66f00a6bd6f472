"""The benchmark's memory sampler: a pool child's peak counts for its root's role, so the product's
workers and the harness's driver are reported apart (docs/benchmarks.md, ``peak_rss_mb_by_role``)."""
import os
import signal
import subprocess
import sys
import time

from devtools.harness import PeakMemory

GROW = "import time; b = bytearray({mb} * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); time.sleep(30)"


def _spawn(code: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code], start_new_session=True)


def test_a_child_counts_for_its_root_s_role_and_roles_are_apart():
    # "workers": a parent that starts a child which touches 120 MB (as a prefork pool child would)
    worker = _spawn(f"import subprocess, sys; subprocess.run([sys.executable, '-c', {GROW.format(mb=120)!r}])")
    driver = _spawn(GROW.format(mb=40))
    try:
        memory = PeakMemory({worker.pid: "workers", driver.pid: "driver"})
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and (memory.sample() < 120 or memory.by_role["driver"] < 40):
            time.sleep(0.2)
        assert memory.by_role["workers"] >= 120, memory.by_role
        assert 40 <= memory.by_role["driver"] < 100, memory.by_role
        assert memory.peak == max(memory.by_role.values())
    finally:
        for process in (worker, driver):
            os.killpg(process.pid, signal.SIGKILL)  # the worker's child too
            process.wait()


def test_the_timeline_records_the_resident_set_now_of_the_product_roles_only():
    worker = _spawn(GROW.format(mb=60))
    driver = _spawn(GROW.format(mb=60))
    try:
        memory = PeakMemory({worker.pid: "workers", driver.pid: "driver"}, interval=0.05, timeline_every_s=0.1)
        memory.start()  # as the benchmark runs it: a thread sampling until stopped
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and (not memory.timeline or memory.timeline[-1][1]["workers"] < 60):
            time.sleep(0.15)
        assert memory.timeline[-1][1]["workers"] >= 60
        assert all(set(point) == {"workers"} for _t, point in memory.timeline)  # the driver is the harness's
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        memory.stop()  # a last point, even before the next is due: the worker is gone, nothing resident
        assert memory.timeline[-1][1] == {"workers": 0.0}
        assert memory.by_role["workers"] >= 60  # the peak stays
        times = [t for t, _point in memory.timeline]
        assert times == sorted(times)
    finally:
        for process in (worker, driver):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
