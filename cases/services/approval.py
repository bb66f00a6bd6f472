"""Approval and the caseworker's other decisions on a case: approve, reject, ask for documentation,
withdraw. Role and four-eyes are checked here, once, for every caller (views, admin, bulk approval)."""
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cases import dispatch
from cases.constants import CaseStatus as S
from cases.models import Case, Decision
from cases.permissions import can_approve, can_work_cases
from cases.services import audit
from cases.services.workflow import transition_case


class ApprovalRefused(Exception):
    """The user may not approve this decision; the message (bokmål) says why."""


def approve_decision(*, decision_id: int, user) -> Decision:
    """Approve the current proposal; the final PDF is rendered in the background after commit."""
    with transaction.atomic():
        decision = Decision.objects.select_for_update().select_related("case__municipality").get(pk=decision_id)
        case = decision.case
        if not can_approve(user, case.municipality_id):
            raise ApprovalRefused("Du har ikke rollen godkjenner i denne kommunen.")
        if decision.status != Decision.Status.PROPOSED or case.status != S.PROPOSED:
            raise ApprovalRefused("Bare et gjeldende forslag til vedtak kan godkjennes.")
        if decision.four_eyes_required and decision.proposed_by_id == user.pk:
            raise ApprovalRefused("Kommunen krever at en annen person godkjenner vedtaket enn den som foreslo det.")
        decision.status = Decision.Status.APPROVED
        decision.approved_by = user
        decision.approved_at = timezone.now()
        decision.save(update_fields=["status", "approved_by", "approved_at"])
        transition_case(case_id=case.pk, to=S.APPROVED, actor=user, reason="Vedtak godkjent")
        audit.audit_record(action="approve", actor=user, municipality=case.municipality, case=case,
                     detail=f"{decision.total_monthly_fee} kr/mnd")
        queue_render(decision_id=decision.pk)
    return decision


def queue_render(*, decision_id: int) -> None:
    """Queue the vedtak's PDF rendering once the current transaction commits."""
    dispatch.on_commit_send(dispatch.RENDER_VEDTAK, decision_id)


def _leave_proposal(*, case_id: int, user, to: str, reason: str, proposal_becomes: str) -> Case:
    """Move the case away from its proposal: check the user's role, retire the current proposal,
    and transition — all or nothing."""
    case = Case.objects.get(pk=case_id)
    if not can_work_cases(user, case.municipality_id):
        raise PermissionDenied
    with transaction.atomic():
        Decision.objects.filter(case_id=case_id, status=Decision.Status.PROPOSED).update(status=proposal_becomes)
        return transition_case(case_id=case_id, to=to, actor=user, reason=reason)


def reject_case(*, case_id: int, user, reason: str) -> Case:
    """Avslag (e.g. no right to reduction). The reason is stored and shown in the history."""
    return _leave_proposal(case_id=case_id, user=user, to=S.REJECTED, reason=reason,
                           proposal_becomes=Decision.Status.REJECTED)


def request_documentation(*, case_id: int, user, reason: str) -> Case:
    return _leave_proposal(case_id=case_id, user=user, to=S.NEEDS_DOCUMENTATION, reason=reason,
                           proposal_becomes=Decision.Status.SUPERSEDED)


def withdraw_case(*, case_id: int, user, reason: str) -> Case:
    return _leave_proposal(case_id=case_id, user=user, to=S.WITHDRAWN, reason=reason,
                           proposal_becomes=Decision.Status.SUPERSEDED)
