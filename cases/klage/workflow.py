"""The klage state machine: the only code that writes ``Klage.status``.

Every change is checked against ``ALLOWED``, done under a row lock, and stored with actor, time and
reason in ``KlageTransition``. ``state_diagram`` draws the table for docs/architecture.md (registered in
``cases.hooks`` by the app, so ``manage.py draw_state_machines`` draws it without the core importing us).
"""
from django.db import transaction
from django.utils import timezone

from cases.services.workflow import mermaid_state_diagram

from .choices import KlageStatus as K
from .models import Klage, KlageTransition

ALLOWED: dict[str, set[str]] = {
    # A klage in time goes straight to forberedende klagebehandling; a late one waits here for the
    # kommune to take it up anyway (fvl. § 31, with the reason) or to reject it as too late.
    K.RECEIVED: {K.IN_PROGRESS, K.AVVIST, K.WITHDRAWN},
    K.IN_PROGRESS: {K.MEDHOLD, K.OVERSENDELSE_PROPOSED, K.OVERSENDT, K.AVVIST, K.WITHDRAWN},
    # Four-eyes on the oversendelse: the second person approves it or sends it back.
    K.OVERSENDELSE_PROPOSED: {K.OVERSENDT, K.IN_PROGRESS, K.WITHDRAWN},
    K.OVERSENDT: {K.DECIDED, K.WITHDRAWN},
    K.MEDHOLD: set(),
    K.DECIDED: set(),
    K.AVVIST: set(),
    K.WITHDRAWN: set(),
}
FINAL = frozenset(status for status, targets in ALLOWED.items() if not targets)
OPEN = frozenset(ALLOWED) - FINAL


class KlageTransitionNotAllowed(Exception):
    """The klage cannot move from its current status to the one asked for."""


def klage_set_status(*, klage_id: int, to: str, actor=None, reason: str = "") -> Klage:
    """Move a klage to ``to``; raise KlageTransitionNotAllowed (and change nothing) when not allowed."""
    if to not in ALLOWED:
        raise KlageTransitionNotAllowed(f"Ukjent status for klage: {to!r}.")
    with transaction.atomic():
        klage = Klage.objects.select_for_update().get(pk=klage_id)
        if to not in ALLOWED[klage.status]:
            raise KlageTransitionNotAllowed(
                f"Klagen kan ikke gå fra «{K(klage.status).label}» til «{K(to).label}».")
        KlageTransition.objects.create(klage=klage, from_status=klage.status, to_status=to,
                                       actor=actor if getattr(actor, "is_authenticated", False) else None,
                                       reason=(reason or "").strip()[:500])
        klage.status = to
        fields = ["status", "updated_at"]
        if to in FINAL:
            klage.closed_at = timezone.now()
            fields.append("closed_at")
        klage.save(update_fields=fields)
    return klage


def state_diagram() -> str:
    return mermaid_state_diagram(ALLOWED, labels=dict(K.choices), initial=K.RECEIVED)
