"""A case (sak) per application, its status and the history of every transition.

``Case.status`` is written only by ``cases.services.workflow.transition_case``, the attention state
(``attention``, ``attention_reason``, ``attention_text``) only by ``case_set_attention`` beside it.
"""
from django.conf import settings
from django.db import models

from cases.constants import Attention, AttentionReason, CaseStatus

from .household import Application
from .municipality import Municipality


class Case(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="cases", verbose_name="kommune"
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="case", verbose_name="søknad"
    )
    saksnummer = models.CharField("saksnummer", max_length=20)
    status = models.CharField("status", max_length=30, choices=CaseStatus.choices, default=CaseStatus.RECEIVED)
    status_reason = models.CharField("årsak", max_length=500, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_cases",
        verbose_name="saksbehandler",
    )
    # Why the case stands still (parked fetch, blocked proposal): written only by
    # cases.services.workflow.case_set_attention.
    attention = models.CharField("trenger oppmerksomhet", max_length=30, choices=Attention.choices, blank=True,
                                 default=Attention.NONE)
    attention_reason = models.CharField("årsakskode", max_length=40, choices=AttentionReason.choices, blank=True,
                                        default=AttentionReason.NONE)
    attention_text = models.CharField(
        "merknad", max_length=500, blank=True,
        help_text="Detaljer om hvorfor saken står stille (f.eks. feilmeldingen fra Skatteetaten).",
    )
    is_renewal = models.BooleanField("fornyelse", default=False)
    search_text = models.CharField(
        "søketekst", max_length=400, blank=True, editable=False,
        help_text="Saksnummer og navn på søker og ektefelle/partner/samboer, for søk i arbeidslisten.",
    )
    created_at = models.DateTimeField("opprettet", auto_now_add=True)
    updated_at = models.DateTimeField("endret", auto_now=True)

    class Meta:
        verbose_name = "sak"
        verbose_name_plural = "saker"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "saksnummer"], name="case_saksnummer_unique"),
            models.CheckConstraint(condition=models.Q(status__in=CaseStatus.values), name="case_status_known"),
            models.CheckConstraint(condition=models.Q(attention__in=Attention.values), name="case_attention_known"),
        ]
        indexes = [
            # The work queue: newest first, all statuses or one (the -id breaks ties in the same order).
            models.Index(fields=["municipality", "-created_at", "-id"], name="case_queue_order_idx"),
            models.Index(fields=["municipality", "status", "-created_at", "-id"], name="case_queue_idx"),
            models.Index(fields=["municipality", "assigned_to", "status"], name="case_assigned_idx"),
            # A user of many kommuner (the vendor's system administrator): newest first across them, the
            # kommune checked in the index itself (a walk that stops after one page, not a sort of them all).
            models.Index(fields=["-created_at", "-id"], include=["municipality"],
                         name="case_all_kommuner_order_idx"),
            models.Index(fields=["status", "-created_at", "-id"], include=["municipality"],
                         name="case_all_kommuner_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Sak {self.saksnummer}"


class CaseTransition(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions", verbose_name="sak")
    from_status = models.CharField("fra status", max_length=30, choices=CaseStatus.choices)
    to_status = models.CharField("til status", max_length=30, choices=CaseStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Tom når systemet (en bakgrunnsjobb) gjorde overgangen.",
        verbose_name="utført av",
    )
    at = models.DateTimeField("tidspunkt", auto_now_add=True)
    reason = models.CharField("årsak", max_length=500, blank=True)

    class Meta:
        verbose_name = "statusendring"
        verbose_name_plural = "statusendringer"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="transition_case_idx")]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class CaseNumberSequence(models.Model):
    """Per municipality and year, the last saksnummer handed out (rows are locked when incremented)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", verbose_name="kommune")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="case_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
