"""The case state machine: the only code that writes ``Case.status`` and the case's attention state.

Every transition is checked against ``ALLOWED``, stored with actor, time and reason, and done under a
row lock so two workers cannot move the same case at once. ``case_set_attention`` records why a case
stands still (a parked fetch, a blocked proposal) as an ``Attention`` state with a reason code.
The diagrams in docs/architecture.md are rendered from these tables (``mermaid_state_diagram``).
"""
import logging

from django.db import transaction

from cases import hooks
from cases.constants import Attention, AttentionReason
from cases.constants import CaseStatus as S
from cases.models import Case, CaseTransition, Decision

logger = logging.getLogger(__name__)

# A sent case is reopened by an endring (cases.services.changes.change_register): SENT → FETCHING_INCOME
# (a new adult), NEEDS_DOCUMENTATION (an income drop), READY_FOR_ASSESSMENT or PROPOSED; while the vedtak
# in force stays in force, a discarded change goes back to SENT (``change_discard`` checks there is one).
ALLOWED: dict[str, set[str]] = {
    S.RECEIVED: {S.FETCHING_INCOME, S.NEEDS_DOCUMENTATION, S.REJECTED, S.WITHDRAWN},
    S.FETCHING_INCOME: {S.READY_FOR_ASSESSMENT, S.NEEDS_DOCUMENTATION, S.WITHDRAWN, S.SENT},
    S.READY_FOR_ASSESSMENT: {
        S.PROPOSED, S.WAITING_FOR_RATES, S.FETCHING_INCOME, S.NEEDS_DOCUMENTATION, S.REJECTED, S.WITHDRAWN, S.SENT,
    },
    S.PROPOSED: {
        S.PROPOSED,  # a new proposal replaces the old one (e.g. after documented income)
        S.APPROVED, S.WAITING_FOR_RATES, S.READY_FOR_ASSESSMENT, S.FETCHING_INCOME, S.NEEDS_DOCUMENTATION,
        S.REJECTED, S.WITHDRAWN, S.SENT,
    },
    # No sourced parameter row for a date the decision needs: the case waits until an administrator
    # enters one (cases.services.parameters.release_waiting_cases), then it is proposed again.
    S.WAITING_FOR_RATES: {
        S.PROPOSED, S.READY_FOR_ASSESSMENT, S.FETCHING_INCOME, S.NEEDS_DOCUMENTATION, S.REJECTED, S.WITHDRAWN,
        S.SENT,
    },
    S.NEEDS_DOCUMENTATION: {S.FETCHING_INCOME, S.READY_FOR_ASSESSMENT, S.REJECTED, S.WITHDRAWN, S.SENT},
    S.APPROVED: {S.SENT},
    S.SENT: {S.FETCHING_INCOME, S.READY_FOR_ASSESSMENT, S.PROPOSED, S.NEEDS_DOCUMENTATION},
    S.REJECTED: set(),
    S.WITHDRAWN: set(),
}
# Where the application's own processing has ended (a sent case is reopened only by an endring).
FINAL = frozenset({S.SENT, S.REJECTED, S.WITHDRAWN})
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
        # A case reopened by an endring keeps its vedtak in force: it goes back to «Sendt» (the change is
        # discarded, cases.services.changes), never to «Avslått»/«Trukket», which would end the application.
        reopened = case.status not in (S.RECEIVED, S.APPROVED, S.SENT) and Decision.objects.filter(
            case_id=case.pk, status=Decision.Status.APPROVED, sent_at__isnull=False).exists()
        if to == S.SENT and case.status != S.APPROVED and not reopened:
            raise TransitionNotAllowed("Saken går tilbake til «Sendt» bare når et sendt vedtak fortsatt gjelder.")
        if to in (S.REJECTED, S.WITHDRAWN) and reopened:
            raise TransitionNotAllowed("Et vedtak gjelder i saken: forkast endringen i stedet.")
        CaseTransition.objects.create(case=case, from_status=case.status, to_status=to, actor=actor,
                                      reason=reason[:500])
        case.status = to
        case.status_reason = reason[:500]
        case.save(update_fields=["status", "status_reason", "updated_at"])
        if to in (S.REJECTED, S.WITHDRAWN):
            case.application.children.update(is_active=False)
    return case


# Which reason codes go with which attention state.
ATTENTION_REASONS: dict[str, frozenset[str]] = {
    Attention.NONE: frozenset({AttentionReason.NONE}),
    Attention.PARKED_FETCH: frozenset({AttentionReason.FETCH_RETRIES_EXHAUSTED, AttentionReason.FETCH_REFUSED}),
    Attention.BLOCKED_PROPOSAL: frozenset({AttentionReason.ASSESSMENT_BLOCKED}),
    Attention.DELIVERY_PROBLEM: frozenset({AttentionReason.LETTER_NOT_SENT, AttentionReason.LETTER_NOT_DELIVERED}),
}


def case_set_attention(*, case_id: int, attention: str, reason_code: str = "", text: str = "",
                       actor=None) -> bool:
    """Set (or, with ``Attention.NONE``, clear) why the case stands still; return whether it changed.

    ``text`` gives the details shown to the caseworker (never a fødselsnummer); it is dropped on clear.
    """
    attention, reason_code = Attention(attention), AttentionReason(reason_code)
    if reason_code not in ATTENTION_REASONS[attention]:
        raise ValueError(f"reason {reason_code.value!r} does not belong to attention {attention.value!r}")
    text = "" if attention == Attention.NONE else (text or "").strip()[:500]
    values = {"attention": attention, "attention_reason": reason_code, "attention_text": text}
    changed = Case.objects.filter(pk=case_id).exclude(**values).update(**values)
    if changed:
        logger.info("case %s attention %r (%s) by %s", case_id, attention.value, reason_code.value,
                    getattr(actor, "pk", None) or "system")
    return bool(changed)


def mermaid_state_diagram(table: dict[str, set[str]], *, labels: dict[str, str], initial: str) -> str:
    """A Mermaid ``stateDiagram-v2`` of a transition table (states in the table's order)."""
    lines = ["stateDiagram-v2"]
    lines += [f'    state "{labels[state]}" as {state}' for state in table]
    lines.append(f"    [*] --> {initial}")
    order = list(table)
    for source, targets in table.items():
        lines += [f"    {source} --> {target}" for target in sorted(targets, key=order.index)]
        if not targets:
            lines.append(f"    {source} --> [*]")
    return "\n".join(lines) + "\n"


def state_diagrams() -> dict[str, str]:
    """Every state machine drawn in docs/architecture.md, by the name of its marker there (feature packages
    add theirs through ``cases.hooks.register_state_diagram``)."""
    return {"case-status": mermaid_state_diagram(ALLOWED, labels=dict(S.choices), initial=S.RECEIVED),
            **hooks.feature_state_diagrams()}
