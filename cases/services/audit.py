"""Audit records: every fetch and view of tax data, every vedtak download, every approval."""
from cases.models import AuditEvent
from cases.permissions import actor_or_none


def audit_record(*, action: str, actor, municipality, case=None, detail: str = "") -> None:
    """Store one audit event; ``actor`` may be None for the system (a background task)."""
    audit_event(action=action, actor=actor, municipality=municipality, case=case, detail=detail).save()


def audit_event(*, action: str, actor, municipality, case=None, detail: str = "") -> AuditEvent:
    """An unsaved audit event, checked like :func:`audit_record` (for ``bulk_create`` of many)."""
    if action not in AuditEvent.Action.values:
        raise ValueError(f"unknown audit action {action!r}")
    return AuditEvent(action=action, actor=actor_or_none(actor), municipality=municipality, case=case,
                      detail=detail[:500])
