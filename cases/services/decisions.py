"""The decision state machine: the only code that writes ``Decision.status``.

Every change is checked against ``ALLOWED`` under a row lock; an approval also runs the four-eyes check
(``cases.services.four_eyes``) and stores who approved and when. An approved vedtak becomes SUPERSEDED
only when a later vedtak replacing it is approved (``decision_supersede``, called by ``decision_approve``
in the same transaction), with ``effective_to`` = the last day it applies. ``decision_conflicts_refused``
is the one place where the database's last guards on decisions (one proposal and one vedtak in force per
case, four-eyes) become a refusal instead of an error, for a race the row locks did not prevent.
"""
import contextlib
import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Decision
from cases.services.four_eyes import ApprovalRefused, approval_refusal
from cases.services.workflow import TransitionNotAllowed

D = Decision.Status
ALLOWED: dict[str, set[str]] = {
    D.PROPOSED: {D.APPROVED, D.SUPERSEDED, D.REJECTED},
    D.APPROVED: {D.SUPERSEDED},  # only by decision_supersede, when the vedtak replacing it is approved
    D.SUPERSEDED: set(),
    D.REJECTED: set(),
}
# The database's guards on decisions that a concurrent change can trip (migrations 0001, 0009 and 0021).
DECISION_CONSTRAINTS = ("decision_one_proposal_per_case", "decision_one_in_force_per_case", "decision_four_eyes",
                        "decision_four_eyes_preparers")
CHANGED_MEANWHILE = "Saken ble endret samtidig, for eksempel med et nytt forslag eller en godkjenning. Prøv igjen."


class DecisionTransitionNotAllowed(TransitionNotAllowed):
    """The decision cannot move from its current status to the one asked for."""


def decision_set_status(*, decision_id: int, to: str, actor=None) -> Decision:
    """Move a decision to ``to``; raise (and change nothing) when the table or four-eyes does not allow it."""
    if to not in ALLOWED:
        raise DecisionTransitionNotAllowed(f"Ukjent status for vedtak: {to!r}.")
    return _set_status(decision_id=decision_id, to=to, actor=actor)


def _set_status(*, decision_id: int, to: str, actor=None, effective_to: datetime.date | None = None) -> Decision:
    if to == D.APPROVED and not getattr(actor, "is_authenticated", False):
        raise DecisionTransitionNotAllowed("Et vedtak godkjennes av en person, aldri av systemet.")
    with transaction.atomic():
        decision = Decision.objects.select_for_update().select_related("case").get(pk=decision_id)
        if to not in ALLOWED[decision.status]:
            raise DecisionTransitionNotAllowed(
                f"Vedtaket kan ikke gå fra «{D(decision.status).label}» til «{D(to).label}».")
        if decision.status == D.APPROVED and effective_to is None:
            raise DecisionTransitionNotAllowed("Et vedtak i kraft erstattes bare når et nytt vedtak godkjennes.")
        fields = ["status"]
        if effective_to is not None:
            decision.effective_to = effective_to
            fields.append("effective_to")
        if to == D.APPROVED:
            refusal = approval_refusal(decision=decision, actor=actor)
            if refusal is not None:
                raise ApprovalRefused(refusal)
            decision.approved_by, decision.approved_at = actor, timezone.now()
            fields += ["approved_by", "approved_at"]
        decision.status = to
        decision.save(update_fields=fields)
    return decision


def decision_supersede(*, decision_id: int, by: Decision, actor) -> Decision:
    """The vedtak in force becomes SUPERSEDED by ``by`` (the proposal naming it in ``supersedes``): it applies
    until the day before ``by.valid_from``. Only ``decision_approve`` calls it, inside the transaction that
    approves ``by`` right after (the database allows one vedtak in force per case, so the old one goes first;
    a refused approval rolls both back)."""
    if not transaction.get_connection().in_atomic_block:
        raise DecisionTransitionNotAllowed("Et vedtak erstattes bare i samme transaksjon som det nye godkjennes.")
    if by.supersedes_id != decision_id or by.status != D.PROPOSED:
        raise DecisionTransitionNotAllowed("Bare forslaget som erstatter dette vedtaket, kan avslutte det.")
    return _set_status(decision_id=decision_id, to=D.SUPERSEDED, actor=actor,
                       effective_to=by.valid_from - datetime.timedelta(days=1))


def decision_retire_proposal(*, case_id: int, to: str, actor=None) -> Decision | None:
    """The case's current proposal becomes ``to`` (superseded or rejected); None when it has none."""
    proposal_id = Decision.objects.filter(case_id=case_id, status=D.PROPOSED).values_list("pk", flat=True).first()
    if proposal_id is None:
        return None
    return decision_set_status(decision_id=proposal_id, to=to, actor=actor)


@contextlib.contextmanager
def decision_conflicts_refused(refusal=lambda: DecisionTransitionNotAllowed(CHANGED_MEANWHILE)):
    """Turn a decision constraint tripped by a concurrent change into ``refusal()`` (other errors pass)."""
    try:
        yield
    except IntegrityError as exc:
        if _constraint_name(exc) in DECISION_CONSTRAINTS:
            raise refusal() from exc
        raise


def _constraint_name(exc: IntegrityError) -> str | None:
    diag = getattr(exc.__cause__, "diag", None)  # PostgreSQL (psycopg) names the constraint
    if getattr(diag, "constraint_name", None):
        return diag.constraint_name
    # SQLite (quick start only) says it in the message alone: a check's or trigger's name, or the columns
    # of a partial unique index ("UNIQUE constraint failed: cases_decision.case_id"), which is the same for
    # both of them (one proposal, one vedtak in force per case): either means the case changed meanwhile.
    text = str(exc)
    if "cases_decision.case_id" in text:
        return "decision_one_proposal_per_case"
    return next((name for name in DECISION_CONSTRAINTS if name in text), None)
