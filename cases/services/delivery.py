"""Delivery of approved vedtak to the parents.

A delivery channel turns an approved decision with a rendered PDF into something the parents
receive. Today: ``print`` (download and a merged, print-ready batch). SvarUt / digital mailbox can be
added later as another ``DeliveryChannel`` without touching the workflow.
"""
from typing import Protocol

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases.constants import CaseStatus as S
from cases.models import Decision
from cases.pdf import merge_pdfs, vedtak_with_attachment_pdf
from cases.permissions import can_work_cases, municipality_ids
from cases.services import audit
from cases.services.workflow import transition_case


class DeliveryChannel(Protocol):
    name: str

    def deliver(self, decision: Decision) -> str:
        """Hand the vedtak over; return a receipt/reference to store. Raise to leave it unsent."""


class PrintChannel:
    """The kommune prints and posts the letter (or hands it out); nothing leaves the system."""

    name = "print"

    def deliver(self, decision: Decision) -> str:
        return "utskrift"


CHANNELS: dict[str, DeliveryChannel] = {"print": PrintChannel()}


def decision_send(*, decision_id: int, actor, channel: str = "print") -> Decision:
    """Mark an approved vedtak as sent through ``channel``; the case moves to 'Sendt'."""
    if channel not in CHANNELS:
        raise ValidationError(f"Ukjent forsendelseskanal: {channel}.")
    with transaction.atomic():
        decision = Decision.objects.select_for_update().select_related("case").get(pk=decision_id)
        if not can_work_cases(actor, decision.case.municipality_id):
            raise PermissionDenied
        if decision.status != Decision.Status.APPROVED or not decision.pdf:
            raise ValidationError("Vedtaket må være godkjent og ferdig produsert før det sendes.")
        if decision.sent_at:
            return decision
        CHANNELS[channel].deliver(decision)
        decision.sent_at = timezone.now()
        decision.delivery_channel = channel
        decision.save(update_fields=["sent_at", "delivery_channel"])
        transition_case(case_id=decision.case_id, to=S.SENT, actor=actor, reason=f"Sendt ({channel})")
    return decision


def decisions_batch_pdf(*, decision_ids: list[int], actor) -> bytes:
    """One print-ready PDF of the given approved vedtak (only those the actor may see), each letter followed
    by its kommune's standard attachment «Orientering om klagerett og innsyn» (rendered once, cached)."""
    decisions = list(
        Decision.objects.filter(pk__in=decision_ids, status=Decision.Status.APPROVED,
                                case__municipality_id__in=municipality_ids(actor))
        .exclude(pdf="").select_related("case__municipality").order_by("case__saksnummer")
    )
    if not decisions:
        raise ValidationError("Ingen godkjente vedtak med ferdig PDF er valgt.")
    parts = []
    for decision in decisions:
        with decision.pdf.open("rb") as handle:
            parts.append(vedtak_with_attachment_pdf(decision, letter_pdf_bytes=handle.read()))
        audit.audit_record(action="download_vedtak", actor=actor, municipality=decision.case.municipality,
                     case=decision.case, detail="samlet utskrift")
    return merge_pdfs(parts)
