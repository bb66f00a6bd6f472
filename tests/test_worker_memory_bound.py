"""``CELERY_WORKER_MAX_MEMORY_PER_CHILD_MB`` reaches a real prefork worker: a pool child over the bound is
replaced once its task is done (docs/configuration.md), and one under it is not."""
import pytest

from cases.tasks import poll_forsendelser
from devtools.harness import _parents
from tests.support.worker import CeleryWorkerProcess, own_queue, wait_until, worker_env

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def pool_children(pid: int) -> set[int]:
    return {child for child, parent in _parents().items() if parent == pid}


@pytest.mark.parametrize(("bound_mb", "replaced"), [("1", True), ("4000", False)])
def test_a_pool_child_over_the_bound_is_replaced_after_its_task(settings, bound_mb, replaced):
    with own_queue("memory-bound", settings.CELERY_BROKER_URL) as queue:
        env = worker_env(CELERY_WORKER_MAX_MEMORY_PER_CHILD_MB=bound_mb)
        with CeleryWorkerProcess(concurrency=1, queues=queue, env=env, name="memory-bound") as worker:
            before = pool_children(worker.process.pid)
            assert len(before) == 1
            poll_forsendelser.delay()  # a harmless task: nothing is due
            wait_until(lambda: "succeeded" in worker.log.read_text(), 60, "the task to run")
            if replaced:  # the child over 1 MB exits after the task and the pool starts a new one
                wait_until(lambda: len(now := pool_children(worker.process.pid)) == 1 and now != before, 30,
                           "the pool child to be replaced")
            else:
                poll_forsendelser.delay()
                wait_until(lambda: worker.log.read_text().count("succeeded") == 2, 60, "a second task")
                assert pool_children(worker.process.pid) == before
