"""Celery tasks of the annual renewal: plan a run, renew households in chunks, watch the run to its
end, approve proposals in bulk, and start the yearly runs on a schedule.

Like the rest of the pipeline these take ids, are acknowledged late and are idempotent: a redelivered
message finds its work done (row locks and database constraints) and does nothing twice. The income
fetch and the proposal are the ordinary ``cases.tasks.fetch_income_batch`` (one per registered chunk, on
the asynchronous fetcher) → ``cases.tasks.conclude_fetch`` → ``cases.tasks.propose``; the
renewal's ``AppConfig.ready`` registers ``annotate_proposal`` as the core's after-propose hook, which
marks renewal proposals that end a reduction.
"""
import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cases import dispatch
from cases.models import Decision, Municipality, RenewalRun, User
from cases.services.approval import ApprovalRefused, decision_approve

from . import progress, services
from .eligibility import period_for_start_year
from .services import RenewalRefused, plan_run, renewal_start

logger = logging.getLogger(__name__)

RENEW_CHUNK = 25
# Letters per render task: enough to pay a task's setup once for many letters, small enough that a run's
# letters spread over all worker processes (a chunk of 50 approvals gives 5 render tasks).
RENDER_CHUNK = 10


def _chunks(ids: list[int], size: int):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def watch_interval_s() -> float:
    return float(settings.RENEWAL_WATCH_S)


@shared_task(acks_late=True, ignore_result=True)
def plan_renewal(run_id: int) -> None:
    """Select the run's households (new ones only), queue their registration, start the watcher."""
    pending = plan_run(run_id=run_id)
    for chunk in _chunks(pending, RENEW_CHUNK):
        renew_households.delay(chunk)
    logger.info("renewal run %s planned: %s households to register", run_id, len(pending))
    _watch_later(run_id)


def _watch_later(run_id: int) -> None:
    if watch_run.app.conf.task_always_eager:
        watch_run.apply(args=(run_id,), kwargs={"again": False})  # eager (tests): one look, no loop
    else:
        watch_run.apply_async((run_id,), countdown=watch_interval_s())


@shared_task(acks_late=True, ignore_result=True)
def renew_households(item_ids: list[int]) -> None:
    """Register the renewal case of each item (each in its own transaction; done ones are skipped; the
    chunk's rows read in bulk: ``services.renew_households``).

    An unexpected error leaves that item pending (its transaction rolled back) and the chunk goes on;
    the watcher queues pending items again if the run stands still. The income fetches the registrations
    queue go out together, as one ``fetch_income_batch`` for the chunk (the asynchronous fetcher).
    """
    with dispatch.gathered(dispatch.FETCH_INCOME, into=dispatch.FETCH_INCOME_BATCH, size=RENEW_CHUNK):
        try:
            services.renew_households(item_ids=item_ids)
        except Exception:
            logger.exception("renewal chunk %s..%s: an item was not registered; left pending",
                             item_ids[0] if item_ids else None, item_ids[-1] if item_ids else None)


@shared_task(acks_late=True, ignore_result=True)
def watch_run(run_id: int, again: bool = True) -> None:
    """Every ``RENEWAL_WATCH_S``: finish the run when all households have settled; re-queue lost work
    when the run has stood still for ``RENEWAL_STALL_S``. One watcher per run (heartbeat claim)."""
    now = timezone.now()
    claimed = RenewalRun.objects.filter(pk=run_id, finished_at__isnull=True).exclude(
        heartbeat_at__gt=now - timedelta(seconds=watch_interval_s() / 2)).update(heartbeat_at=now)
    if not claimed:
        return  # finished, or another watcher of this run is alive
    run = RenewalRun.objects.get(pk=run_id)
    if progress.finish_if_done(run):
        logger.info("renewal run %s finished", run_id)
        return
    stalled = progress.sweep_if_stalled(run)
    if any(stalled.values()):
        logger.warning("renewal run %s stood still; re-queueing %s", run_id,
                       {kind: len(ids) for kind, ids in stalled.items()})
    for chunk in _chunks(stalled.get("renew", []), RENEW_CHUNK):
        renew_households.delay(chunk)
    dispatch.send_batches(dispatch.FETCH_INCOME_BATCH, stalled.get("fetch", []), size=RENEW_CHUNK)
    for kind, task_name in (("propose", dispatch.PROPOSE),):
        for object_id in stalled.get(kind, []):
            dispatch.send(task_name, object_id)
    for chunk in _chunks(stalled.get("render", []), RENDER_CHUNK):
        dispatch.send(dispatch.RENDER_VEDTAKS, chunk)
    if again:
        _watch_later(run_id)


@shared_task(acks_late=True, ignore_result=True)
def approve_batch(user_id: int, decision_ids: list[int]) -> None:
    """Approve each decision through ``decision_approve``, then queue the chunk's approved letters still
    without a PDF in render batches of ``RENDER_CHUNK`` (``cases.tasks.render_vedtaks``; also those a killed
    earlier delivery of this task approved, so a redelivery leaves no letter behind)."""
    user = User.objects.get(pk=user_id)
    refused = 0
    for decision_id in decision_ids:
        try:
            decision_approve(decision_id=decision_id, actor=user, queue_pdf=False)
        except ApprovalRefused:
            refused += 1  # already approved (redelivery), changed meanwhile, or four-eyes
    if refused:
        logger.info("bulk approval: %s of %s not approved", refused, len(decision_ids))
    to_render = list(Decision.objects.filter(pk__in=decision_ids, status=Decision.Status.APPROVED, pdf="")
                     .order_by("pk").values_list("pk", flat=True))
    for batch in _chunks(to_render, RENDER_CHUNK):
        dispatch.send(dispatch.RENDER_VEDTAKS, batch)


@shared_task(acks_late=True, ignore_result=True)
def start_scheduled_renewals() -> None:
    """Celery beat (daily): from ``RENEWAL_START`` (MM-DD, default 05-02) until the period begins,
    start each municipality's renewal into the coming period (once: runs are unique per period)."""
    today = timezone.localdate()
    month, day = (int(part) for part in settings.RENEWAL_START.split("-"))
    if not (month, day) <= (today.month, today.day) < (8, 1):
        return
    period = period_for_start_year(today.year)
    only = settings.RENEWAL_KOMMUNER  # kommunenummer list; None = all
    municipalities = Municipality.objects.exclude(renewal_runs__period=period)
    if only is not None:
        municipalities = municipalities.filter(kommunenummer__in=only)
    for municipality in municipalities:
        try:
            with transaction.atomic():
                renewal_start(municipality=municipality, period=period, actor=None)
        except RenewalRefused as exc:
            logger.warning("renewal %s for kommune %s not started: %s", period, municipality.kommunenummer, exc)

