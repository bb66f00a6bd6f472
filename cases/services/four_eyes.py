"""Whether a user may approve a decision, as a reason (an enum), never as prose.

``approval_refusal`` is the one check every path uses (single approval, renewal bulk approval and its
task, the case page that hides the button); ``decision_set_status`` runs it again for an approval, and a
database trigger refuses a preparer as approver whatever the code does (docs/four-eyes.md).
Text is rendered from the reason at the edge, from ``REFUSAL_TEXT`` (bokmål).
"""
import enum
from dataclasses import dataclass

from cases.constants import CaseStatus
from cases.models import CasePreparer, Decision
from cases.permissions import can_approve
from cases.services.preparers import preparer_kinds


class ApprovalRefusal(enum.StrEnum):
    NOT_APPROVER = "not_approver"
    NOT_CURRENT = "not_current"
    PREPARED_BY_YOU = "prepared_by_you"
    CHANGED_MEANWHILE = "changed_meanwhile"
    UNVERIFIED_RATES = "unverified_rates"  # checked by decision_approve (cases.services.parameters)


REFUSAL_TEXT = {
    ApprovalRefusal.NOT_APPROVER: "Du har ikke rollen godkjenner i denne kommunen.",
    ApprovalRefusal.NOT_CURRENT: "Bare et gjeldende forslag til vedtak kan godkjennes.",
    ApprovalRefusal.PREPARED_BY_YOU: "Du {kinds} i denne saken. Kommunen krever at en annen godkjenner "
                                     "godkjenner vedtaket.",
    ApprovalRefusal.CHANGED_MEANWHILE: "Saken ble endret samtidig, for eksempel med et nytt forslag. "
                                       "Se på saken igjen før du godkjenner.",
    ApprovalRefusal.UNVERIFIED_RATES: "Vedtaket bygger på uverifiserte satser. Bekreft dem med en begrunnelse "
                                      "før du godkjenner.",
}


@dataclass(frozen=True)
class Refusal:
    reason: ApprovalRefusal
    kinds: tuple[str, ...] = ()  # CasePreparer.Kind values, for PREPARED_BY_YOU

    @property
    def text(self) -> str:
        labels = [CasePreparer.Kind(kind).label for kind in self.kinds]
        joined = ", ".join(labels[:-1]) + (" og " if len(labels) > 1 else "") + (labels[-1] if labels else "")
        return REFUSAL_TEXT[self.reason].format(kinds=joined)


class ApprovalRefused(Exception):
    """The user may not approve this decision; ``refusal`` says why (``str()`` is the bokmål text)."""

    def __init__(self, refusal: Refusal):
        super().__init__(refusal.text)
        self.refusal = refusal


def approval_refusal(*, decision: Decision, actor) -> Refusal | None:
    """Why ``actor`` may not approve ``decision`` now, or None when they may."""
    case = decision.case
    if not can_approve(actor, case.municipality_id):
        return Refusal(ApprovalRefusal.NOT_APPROVER)
    if decision.status != Decision.Status.PROPOSED or case.status != CaseStatus.PROPOSED:
        return Refusal(ApprovalRefusal.NOT_CURRENT)
    if decision.four_eyes_required:
        kinds = preparer_kinds(case_id=case.pk, actor=actor)
        if decision.proposed_by_id == actor.pk and CasePreparer.Kind.PROPOSED not in kinds:
            kinds.append(CasePreparer.Kind.PROPOSED)  # a proposal made before preparers were recorded
        if kinds:
            return Refusal(ApprovalRefusal.PREPARED_BY_YOU, tuple(kinds))
    return None
