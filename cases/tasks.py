"""Celery tasks: thin wrappers that take ids, skip work already done, and call a service.

All tasks are idempotent and acknowledged late (a killed worker's task is delivered again).
Transient integration errors are retried with exponential backoff and jitter up to
``FETCH_MAX_RETRIES``; then the case is parked with the reason, visible in the UI.
"""
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cases import dispatch, hooks
from cases.constants import Attention, AttentionReason
from cases.constants import CaseStatus as S
from cases.models import Case, Decision
from cases.pdf import render_vedtak_pdf
from cases.refusal_labels import blocked_text
from cases.retry import jittered_backoff
from cases.services.assessment import AssessmentBlocked, decision_propose
from cases.services.forsendelse import poll_due, send_one, stalled
from cases.services.forsendelse_parties import plan_delivery
from cases.services.income import (
    TransientFetchError,
    case_conclude_fetch,
    fetch_income_for_case,
    fetch_income_for_cases,
    park,
)
from cases.services.workflow import case_set_attention

logger = logging.getLogger(__name__)

FETCH_MAX_RETRIES = settings.FETCH_MAX_RETRIES


def backoff_seconds(retries: int) -> float:
    return jittered_backoff(base_s=settings.FETCH_RETRY_BASE_S, exponent=retries, cap_s=300.0)


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=FETCH_MAX_RETRIES)
def fetch_income(self, case_id: int) -> None:
    """Fetch every adult's tax basis for the case; then queue the proposal."""
    try:
        ready = fetch_income_for_case(case_id=case_id)
    except TransientFetchError as exc:
        if self.request.retries >= self.max_retries:
            park(case_id=case_id, reason=f"Skatteetaten svarte ikke etter {self.request.retries + 1} forsøk: {exc}",
                 reason_code=AttentionReason.FETCH_RETRIES_EXHAUSTED)
            logger.warning("case %s parked after %s attempts", case_id, self.request.retries + 1)
            return
        raise self.retry(countdown=backoff_seconds(self.request.retries), exc=exc) from None
    if ready:
        transaction.on_commit(lambda: propose.delay(case_id))


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=FETCH_MAX_RETRIES)
def fetch_income_batch(self, case_ids: list[int]) -> None:
    """Fetch every adult of many cases at once on the asynchronous fetcher (the ``fetch`` queue); queue
    the conclusion of the complete ones on the cpu queue; retry only the cases that failed transiently
    (jittered backoff), then park them."""
    outcome = fetch_income_for_cases(case_ids=case_ids)
    if outcome.complete:
        transaction.on_commit(lambda: dispatch.send(dispatch.CONCLUDE_FETCH, outcome.complete))
    if not outcome.transient:
        return
    if self.request.retries >= self.max_retries:
        attempts = self.request.retries + 1
        for case_id, error in outcome.transient.items():
            park(case_id=case_id, reason=f"Skatteetaten svarte ikke etter {attempts} forsøk: {error}",
                 reason_code=AttentionReason.FETCH_RETRIES_EXHAUSTED)
        logger.warning("%s cases parked after %s attempts", len(outcome.transient), attempts)
        return
    raise self.retry(args=(sorted(outcome.transient),), countdown=backoff_seconds(self.request.retries)) from None


@shared_task(acks_late=True, ignore_result=True)
def conclude_fetch(case_ids: list[int]) -> None:
    """CPU work after a batch fetch (the cpu queue): move each complete case on, then propose."""
    for case_id in case_ids:
        if case_conclude_fetch(case_id=case_id):
            transaction.on_commit(lambda cid=case_id: propose.delay(cid))


@shared_task(acks_late=True, ignore_result=True)
def propose(case_id: int) -> None:
    """Compute the proposal when the case is ready for it (skip otherwise); then run the
    ``hooks.after_propose`` functions (also when skipped: a redelivered task finds its work done)."""
    try:
        if not Case.objects.filter(pk=case_id, status=S.READY_FOR_ASSESSMENT).exists():
            return
        try:
            decision_propose(case_id=case_id)
        except AssessmentBlocked as exc:
            case_set_attention(case_id=case_id, attention=Attention.BLOCKED_PROPOSAL,
                               reason_code=AttentionReason.ASSESSMENT_BLOCKED, text=blocked_text(exc))
    finally:
        hooks.after_propose(case_id)


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(OSError,), max_retries=3, retry_backoff=True)
def render_vedtak(decision_id: int) -> None:
    """Render the approved vedtak to PDF into private storage (skip when already rendered)."""
    decision = Decision.objects.select_related("case").get(pk=decision_id)
    if decision.pdf or decision.status != Decision.Status.APPROVED:
        return
    _render_and_store(decision)


# What ``cases.pdf.from_decision`` reads of a decision, fetched with the batch in one query.
LETTER_RELATED = ("case__municipality", "case__application__household__applicant",
                  "case__application__household__partner", "proposed_by", "approved_by")


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=3)
def render_vedtaks(self, decision_ids: list[int]) -> None:
    """Render a batch of approved vedtak (the renewal's bulk approval sends one batch per chunk).

    One task for many letters: the worker's PDF setup (the Typst compiler, the kommune's attachment) and
    the task's own overhead are paid once per batch, and the decisions are read in one query. Letters
    already rendered, or no longer approved, are skipped, so a redelivered batch does nothing twice.
    A letter that fails with an ``OSError`` (storage) is retried in a smaller batch; at the soft time limit
    (a saturated host) the rest of the batch goes to a new task; any other failure is logged and left for
    the renewal watcher's sweep (``watch_run``), and the batch goes on.
    """
    failed = []
    pending = list(Decision.objects.filter(pk__in=decision_ids, status=Decision.Status.APPROVED, pdf="")
                   .select_related(*LETTER_RELATED).order_by("pk"))
    for position, decision in enumerate(pending):
        try:
            _render_and_store(decision)
        except SoftTimeLimitExceeded:
            # A saturated host: hand the rest of the batch (this letter included) to a new task, now.
            rest = [d.pk for d in pending[position:]] + failed
            logger.warning("render batch over its time limit; %s letters re-queued", len(rest))
            render_vedtaks.delay(rest)
            return
        except OSError:
            failed.append(decision.pk)
        except Exception:
            logger.exception("vedtak %s not rendered; left for the watcher", decision.pk)
    if failed:
        raise self.retry(args=(failed,), countdown=backoff_seconds(self.request.retries))


def _render_and_store(decision: Decision) -> None:
    _document, pdf = render_vedtak_pdf(decision, draft=False)
    name = f"vedtak-{decision.case.saksnummer.replace('/', '-')}-{decision.pk}.pdf"
    decision_id = decision.pk
    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision_id)
        if locked.pdf:
            return
        locked.pdf.save(name, ContentFile(pdf), save=False)
        locked.pdf_rendered_at = timezone.now()
        locked.save(update_fields=["pdf", "pdf_rendered_at"])
        transaction.on_commit(lambda: deliver_decision.delay(decision_id))  # SvarUt (below)


# --- Delivery through KS Fiks SvarUt (cases/services/forsendelse.py) --------------------------------
@shared_task(acks_late=True, ignore_result=True)
def deliver_decision(decision_id: int) -> None:
    """Plan the approved vedtak's forsendelser (one per adult + archive copy) and queue each send."""
    with transaction.atomic():
        for forsendelse_id in plan_delivery(decision_id=decision_id):
            transaction.on_commit(lambda fid=forsendelse_id: send_forsendelse.delay(fid))


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=None)
def send_forsendelse(self, forsendelse_id: int) -> None:
    """Send one forsendelse (idempotent by its eksternReferanse); retried with backoff, then parked."""
    for _ in range(100):  # eager mode (tests, no broker) retries in-process; a worker retries via the broker
        outcome = send_one(forsendelse_id=forsendelse_id)
        if outcome.retry_in is None:
            return
        if not self.request.is_eager:
            raise self.retry(countdown=outcome.retry_in)


@shared_task(acks_late=True, ignore_result=True)
def poll_forsendelser() -> None:
    """Beat: status-sok for due forsendelser; re-queue work a lost task left behind."""
    poll_due()
    decisions, pending = stalled(older_than_s=float(settings.SVARUT_STALLED_S))
    for decision_id in decisions:
        deliver_decision.delay(decision_id)
    for forsendelse_id in pending:
        send_forsendelse.delay(forsendelse_id)

