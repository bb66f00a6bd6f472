"""The case state machine: the only code that writes ``Case.status``.

Every transition is checked against ``ALLOWED``, stored with actor, time and reason, and done under a
row lock so two workers cannot move the same case at once.
"""
from django.db import transaction

from cases.constants import CaseStatus as S
from cases.models import Case, CaseTransition

ALLOWED: dict[str, set[str]] = {
    S.RECEIVED: {S.FETCHING_INCOME, S.NEEDS_DOCUMENTATION, S.REJECTED, S.WITHDRAWN},
    S.FETCHING_INCOME: {S.READY_FOR_ASSESSMENT, S.NEEDS_DOCUMENTATION, S.WITHDRAWN},
    S.READY_FOR_ASSESSMENT: {
        S.PROPOSED, S.WAITING_FOR_RATES, S.FETCHING_INCOME, S.NEEDS_DOCUMENTATION, S.REJECTED, S.WITHDRAWN,
    },
    S.PROPOSED: {
        S.PROPOSED,  # a new proposal replaces the old one (e.g. after documented income)
        S.APPROVED, S.WAITING_FOR_RATES, S.READY_FOR_ASSESSMENT, S.FETCHING_INCOME, S.NEEDS_DOCUMENTATION,
        S.REJECTED, S.WITHDRAWN,
    },
    # No sourced parameter row for a date the decision needs: the case waits until an administrator
    # enters one (cases.services.parameters.release_waiting_cases), then it is proposed again.
    S.WAITING_FOR_RATES: {
        S.PROPOSED, S.READY_FOR_ASSESSMENT, S.FETCHING_INCOME, S.NEEDS_DOCUMENTATION, S.REJECTED, S.WITHDRAWN,
    },
    S.NEEDS_DOCUMENTATION: {S.FETCHING_INCOME, S.READY_FOR_ASSESSMENT, S.REJECTED, S.WITHDRAWN},
    S.APPROVED: {S.SENT},
    S.SENT: set(),
    S.REJECTED: set(),
    S.WITHDRAWN: set(),
}
FINAL = frozenset(status for status, targets in ALLOWED.items() if not targets)
# Statuses that need a reason from the person (or task) making the transition.
REASON_REQUIRED = frozenset({S.NEEDS_DOCUMENTATION, S.REJECTED, S.WITHDRAWN})


class TransitionNotAllowed(Exception):
    """The case cannot move from its current status to the one asked for."""


def transition_case(*, case_id: int, to: str, actor=None, reason: str = "") -> Case:
    """Move a case to ``to``; raise TransitionNotAllowed (and change nothing) when not allowed."""
    if to not in ALLOWED:
        raise TransitionNotAllowed(f"Ukjent status: {to!r}.")
    reason = (reason or "").strip()
    if to in REASON_REQUIRED and not reason:
        raise TransitionNotAllowed(f"Overgang til «{S(to).label}» krever en begrunnelse.")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        if to not in ALLOWED[case.status]:
            raise TransitionNotAllowed(
                f"Saken kan ikke gå fra «{S(case.status).label}» til «{S(to).label}»."
            )
        CaseTransition.objects.create(case=case, from_status=case.status, to_status=to, actor=actor,
                                      reason=reason[:500])
        case.status = to
        case.status_reason = reason[:500]
        case.save(update_fields=["status", "status_reason", "updated_at"])
        if to in (S.REJECTED, S.WITHDRAWN):
            case.application.children.update(is_active=False)
    return case
