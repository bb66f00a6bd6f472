"""The proposed and approved vedtak: fee per child with the full calculation trace, and the PDF."""
import datetime

from django.conf import settings
from django.core.files.storage import storages
from django.db import models

from cases.constants import DecisionKind

from .case import Case
from .household import Child


def _private_storage():
    return storages["private"]


def last_day_applied(valid_to: datetime.date, effective_to: datetime.date | None) -> datetime.date:
    """The last day an approved vedtak applies: the end of its period, or the day before the vedtak that
    replaced it applies from (``effective_to``; before ``valid_from`` when replaced from its first day)."""
    return min(valid_to, effective_to) if effective_to else valid_to


class Decision(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Forslag"
        APPROVED = "approved", "Godkjent"
        SUPERSEDED = "superseded", "Erstattet"
        REJECTED = "rejected", "Forkastet"

    # With ``approved_at`` set: approved once, so it applies from valid_from until ``applies_to`` (in force,
    # or replaced by a later vedtak). A proposal retired before approval is superseded too, but has no
    # approved_at and never applies (docs/changes.md).
    APPLIED = (Status.APPROVED, Status.SUPERSEDED)

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions", verbose_name="sak")
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.PROPOSED)
    kind = models.CharField("type vedtak", max_length=12, choices=DecisionKind.choices,
                            default=DecisionKind.ORDINARY)
    # The vedtak this one replaces from its valid_from (an endring or a klage); docs/changes.md. RESTRICT:
    # protected like PROTECT, but retention may delete a case's vedtak together (cases.retention).
    supersedes = models.ForeignKey(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="superseded_by",
        verbose_name="erstatter vedtak",
    )
    # Set on this vedtak when a later one is approved: the last day it applies (the later one's
    # valid_from − 1 day; before valid_from when the later one replaces it from its first day).
    effective_to = models.DateField("gjelder faktisk til", null=True, blank=True)
    change = models.ForeignKey(
        "cases.Change", on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions",
        verbose_name="endring",
    )
    calculated_on = models.DateField("beregnet for dato")
    valid_from = models.DateField("gjelder fra")
    valid_to = models.DateField("gjelder til")
    household_income = models.BigIntegerField("husholdningens inntekt")
    total_monthly_fee = models.IntegerField("sum per måned")
    calculation = models.JSONField("beregning", default=dict)
    inputs = models.JSONField("grunnlag for beregningen", default=dict)
    warnings = models.JSONField("advarsler", default=list, blank=True)
    rules_version = models.CharField("regelversjon", max_length=40)
    four_eyes_required = models.BooleanField("krever godkjenning av en annen person", default=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="foreslått av",
    )
    proposed_at = models.DateTimeField("foreslått", auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="godkjent av",
    )
    approved_at = models.DateTimeField("godkjent", null=True, blank=True)
    pdf = models.FileField("vedtaksbrev (PDF)", storage=_private_storage, upload_to="vedtak/%Y/", blank=True)
    pdf_rendered_at = models.DateTimeField("brevet laget", null=True, blank=True)
    sent_at = models.DateTimeField("sendt", null=True, blank=True)
    delivery_channel = models.CharField("sendt via", max_length=20, blank=True)
    # The approver's confirmation that unverified parameter rows may decide this vedtak (docs/rules.md § 6).
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="uverifiserte satser bekreftet av",
    )
    confirmed_at = models.DateTimeField("uverifiserte satser bekreftet", null=True, blank=True)
    confirmed_reason = models.TextField("begrunnelse for å bruke uverifiserte satser", blank=True)

    class Meta:
        verbose_name = "vedtak"
        verbose_name_plural = "vedtak"
        ordering = ["-proposed_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(four_eyes_required=False)
                | models.Q(approved_by__isnull=True)
                | ~models.Q(approved_by=models.F("proposed_by")),
                name="decision_four_eyes",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved")
                | (models.Q(approved_by__isnull=False) & models.Q(approved_at__isnull=False)),
                name="decision_approved_has_approver",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="proposed"), name="decision_one_proposal_per_case",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="approved"), name="decision_one_in_force_per_case",
            ),
            models.CheckConstraint(condition=models.Q(total_monthly_fee__gte=0), name="decision_fee_nonneg"),
        ]

    def __str__(self) -> str:
        return f"Vedtak {self.case.saksnummer} ({self.get_status_display()})"

    @property
    def applies_to(self) -> datetime.date:
        """The last day this vedtak applies (``last_day_applied``), once approved."""
        return last_day_applied(self.valid_to, self.effective_to)


class ChildFee(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="child_fees", verbose_name="vedtak")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="fees", verbose_name="barn")
    monthly_fee = models.IntegerField("ny månedspris")
    free_core_hours = models.BooleanField("gratis kjernetid", default=False)
    sibling_discount_percent = models.DecimalField("søskenmoderasjon (%)", max_digits=5, decimal_places=2, default=0)
    steps = models.JSONField("beregningssteg", default=list)
    # The fee from each date of the decision period: [{"valid_from", "valid_to", "monthly_fee"}, ...]
    # (one entry unless a parameter, an age bracket, a kommune choice or the place changes in the period).
    segments = models.JSONField("pris fra og med dato", default=list, blank=True)

    class Meta:
        verbose_name = "pris per barn"
        verbose_name_plural = "priser per barn"
        constraints = [
            models.UniqueConstraint(fields=["decision", "child"], name="childfee_unique"),
            models.CheckConstraint(condition=models.Q(monthly_fee__gte=0), name="childfee_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.child}: {self.monthly_fee} kr"
