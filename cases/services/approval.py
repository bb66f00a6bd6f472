"""Approval and the caseworker's other decisions on a case: approve, reject, ask for documentation,
withdraw. Role and four-eyes are checked in ``cases.services.four_eyes`` for every caller (case page,
renewal bulk approval and its task); the admin cannot approve at all (docs/four-eyes.md)."""
from django.core.exceptions import PermissionDenied
from django.db import transaction

from cases import dispatch
from cases.constants import CaseStatus as S
from cases.models import Case, Decision
from cases.permissions import can_work_cases
from cases.services import audit
from cases.services.decisions import (
    decision_conflicts_refused,
    decision_retire_proposal,
    decision_set_status,
    decision_supersede,
)
from cases.services.four_eyes import ApprovalRefusal, ApprovalRefused, Refusal, approval_refusal
from cases.services.parameters import unverified_parameters_confirmed
from cases.services.workflow import transition_case

__all__ = ["ApprovalRefusal", "ApprovalRefused", "Refusal", "approval_refusal", "decision_approve",
           "case_reject", "case_request_documentation", "case_withdraw"]


def _changed_meanwhile() -> ApprovalRefused:
    return ApprovalRefused(Refusal(ApprovalRefusal.CHANGED_MEANWHILE))


def decision_approve(*, decision_id: int, actor, queue_pdf: bool = True) -> Decision:
    """Approve the current proposal; the final PDF is rendered in the background after commit.

    A proposal that ``supersedes`` the vedtak in force (an endringsvedtak, opphør or vedtak after klage)
    ends that vedtak in the same transaction: it becomes SUPERSEDED with ``effective_to`` the day before
    the new one's ``valid_from`` (docs/changes.md).

    ``queue_pdf=False``: the caller queues the rendering itself, in a batch (the renewal's bulk approval).

    The case row is locked first (as ``decision_propose`` and ``transition_case`` do), so an approval and a
    re-proposal of the same case run one after the other; the later one finds the case changed and is
    refused.
    """
    with decision_conflicts_refused(_changed_meanwhile), transaction.atomic():
        case_id = Decision.objects.filter(pk=decision_id).values_list("case_id", flat=True).first()
        if case_id is None:
            raise ApprovalRefused(Refusal(ApprovalRefusal.NOT_CURRENT))
        case = Case.objects.select_for_update().select_related("municipality").get(pk=case_id)
        decision = Decision.objects.select_for_update().get(pk=decision_id)
        decision.case = case
        refusal = approval_refusal(decision=decision, actor=actor)
        if refusal is not None:
            raise ApprovalRefused(refusal)
        if decision.supersedes_id is not None:
            decision_supersede(decision_id=decision.supersedes_id, by=decision, actor=actor)
        decision = decision_set_status(decision_id=decision.pk, to=Decision.Status.APPROVED, actor=actor)
        if not unverified_parameters_confirmed(decision):
            raise ApprovalRefused(Refusal(ApprovalRefusal.UNVERIFIED_RATES))
        reason = "Vedtak godkjent" if decision.supersedes_id is None else (
            f"{decision.get_kind_display()} godkjent: erstatter vedtaket fra {decision.valid_from:%d.%m.%Y}")
        transition_case(case_id=case.pk, to=S.APPROVED, actor=actor, reason=reason)
        audit.audit_record(action="approve", actor=actor, municipality=case.municipality, case=case,
                     detail=f"{decision.get_kind_display()}: {decision.total_monthly_fee} kr/mnd fra "
                            f"{decision.valid_from:%d.%m.%Y}")
        if queue_pdf:
            queue_render(decision_id=decision.pk)
    return decision


def queue_render(*, decision_id: int) -> None:
    """Queue the vedtak's PDF rendering once the current transaction commits."""
    dispatch.on_commit_send(dispatch.RENDER_VEDTAK, decision_id)


def _leave_proposal(*, case_id: int, actor, to: str, reason: str, proposal_becomes: str) -> Case:
    """Move the case away from its proposal: check the actor's role, retire the current proposal,
    and transition — all or nothing."""
    case = Case.objects.get(pk=case_id)
    if not can_work_cases(actor, case.municipality_id):
        raise PermissionDenied
    with decision_conflicts_refused(), transaction.atomic():
        Case.objects.select_for_update().get(pk=case_id)
        decision_retire_proposal(case_id=case_id, to=proposal_becomes, actor=actor)
        return transition_case(case_id=case_id, to=to, actor=actor, reason=reason)


def case_reject(*, case_id: int, actor, reason: str) -> Case:
    """Avslag (e.g. no right to reduction). The reason is stored and shown in the history."""
    return _leave_proposal(case_id=case_id, actor=actor, to=S.REJECTED, reason=reason,
                           proposal_becomes=Decision.Status.REJECTED)


def case_request_documentation(*, case_id: int, actor, reason: str) -> Case:
    return _leave_proposal(case_id=case_id, actor=actor, to=S.NEEDS_DOCUMENTATION, reason=reason,
                           proposal_becomes=Decision.Status.SUPERSEDED)


def case_withdraw(*, case_id: int, actor, reason: str) -> Case:
    return _leave_proposal(case_id=case_id, actor=actor, to=S.WITHDRAWN, reason=reason,
                           proposal_becomes=Decision.Status.SUPERSEDED)
