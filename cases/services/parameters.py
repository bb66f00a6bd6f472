"""Legal parameters in the database: the seed, the engine's table, and the parameter policy.

Policy (docs/rules.md § 6):
- a row decides only with a source (URL or legal reference); the engine treats an unsourced row as
  missing (``MissingParameter``) and the case waits in «Venter på satser»;
- entering a sourced row releases every waiting case: each goes back to «Klar for vurdering», is
  audited, and is proposed again after commit (``release_waiting_cases``, called from the post_save
  signal on ``LegalParameter``);
- a sourced but unverified row gives a warning the approver must confirm, with a reason stored on the
  Decision (``decision_confirm_unverified_rates``); approval refuses without it
  (``unverified_parameters_confirmed``).
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases import dispatch
from cases.constants import CaseStatus as S
from cases.models import AuditEvent, Case, Decision, LegalParameter
from cases.outcome import decision_outcome
from cases.permissions import can_approve
from cases.rules.parameters import ParameterRow, ParameterTable
from cases.rules.seed import SEED_ROWS
from cases.services import audit
from cases.services.workflow import TransitionNotAllowed, transition_case


@transaction.atomic
def legal_parameters_load_seed() -> int:
    """Insert the seed rows that are missing; return how many were added.

    ``bulk_create`` sends no ``post_save``, so when rows were added the waiting cases are released here
    (after commit), as for a row saved in the admin.
    """
    existing = set(LegalParameter.objects.values_list("key", "qualifier", "valid_from"))
    new = [
        LegalParameter(key=row.key, qualifier=row.qualifier, valid_from=row.valid_from, valid_to=row.valid_to,
                       value=row.value, source=row.source[:500], verified=row.verified, note=row.note)
        for row in SEED_ROWS
        if (row.key, row.qualifier, row.valid_from) not in existing
    ]
    LegalParameter.objects.bulk_create(new)
    if any(row.source.strip() for row in new):
        transaction.on_commit(lambda: release_waiting_cases(reason="Satser lastet inn fra seed"))
    return len(new)


def parameter_table() -> ParameterTable:
    """The engine's table from the current database rows (raises OverlappingParameters on bad data)."""
    return ParameterTable(
        ParameterRow(key=p.key, qualifier=p.qualifier, valid_from=p.valid_from, valid_to=p.valid_to,
                     value=p.value, source=p.source, verified=p.verified, note=p.note)
        for p in LegalParameter.objects.all()
    )


# --- waiting for rates --------------------------------------------------------------------------------

def parameter_saved(parameter: LegalParameter) -> None:
    """A parameter row was saved: when it has a source, release the waiting cases once it commits."""
    if (parameter.source or "").strip():
        qualifier = f" [{parameter.qualifier}]" if parameter.qualifier else ""
        label = f"{parameter.key}{qualifier} fra {parameter.valid_from}"
        transaction.on_commit(lambda: release_waiting_cases(reason=f"Satser registrert: {label}"))


def release_waiting_cases(*, reason: str = "Satser registrert") -> list[int]:
    """Move every case in «Venter på satser» back to «Klar for vurdering» and queue its proposal.

    Each release is a transition (with the reason) and an audit event; the proposal runs after commit
    (``cases.tasks.propose``), and a case still missing a rate simply waits again. Returns the case ids.
    """
    released = []
    for case in Case.objects.filter(status=S.WAITING_FOR_RATES).select_related("municipality").order_by("pk"):
        try:
            with transaction.atomic():
                transition_case(case_id=case.pk, to=S.READY_FOR_ASSESSMENT, reason=reason)
                audit.audit_record(action=AuditEvent.Action.RELEASE_WAITING, actor=None, municipality=case.municipality,
                             case=case, detail=reason)
        except TransitionNotAllowed:  # moved on meanwhile
            continue
        released.append(case.pk)
        dispatch.on_commit_send(dispatch.PROPOSE, case.pk)
    return released


# --- unverified rows: the approver's confirmation -------------------------------------------------------

def unverified_rows(decision: Decision) -> list[dict]:
    """The unverified parameter rows the decision was computed with (from its stored outcome)."""
    return [row.to_dict() for row in decision_outcome(decision).unverified_parameters]


def unverified_parameters_confirmed(decision: Decision) -> bool:
    """True when the decision used no unverified row, or an approver confirmed them with a reason."""
    if not unverified_rows(decision):
        return True
    return bool(decision.confirmed_by_id and decision.confirmed_at and (decision.confirmed_reason or "").strip())


def decision_confirm_unverified_rates(*, decision_id: int, actor, reason: str) -> Decision:
    """The approver confirms that the unverified rows may decide this proposal; the reason is stored."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Skriv hvorfor de uverifiserte satsene kan brukes.")
    with transaction.atomic():
        decision = Decision.objects.select_for_update().select_related("case__municipality").get(pk=decision_id)
        if not can_approve(actor, decision.case.municipality_id):
            raise PermissionDenied("Du har ikke rollen godkjenner i denne kommunen.")
        if decision.status != Decision.Status.PROPOSED:
            raise ValidationError("Bare et gjeldende forslag til vedtak kan bekreftes.")
        decision.confirmed_by, decision.confirmed_at, decision.confirmed_reason = actor, timezone.now(), reason[:2000]
        decision.save(update_fields=["confirmed_by", "confirmed_at", "confirmed_reason"])
        audit.audit_record(action=AuditEvent.Action.CONFIRM_PARAMETERS, actor=actor,
                     municipality=decision.case.municipality, case=decision.case, detail=reason)
    return decision
