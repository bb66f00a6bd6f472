"""Annual renewal: one run per municipality and period, one item per household (source case) renewed.

The database refuses duplicates: a second run for the same municipality and period, a second item for
the same source case in a run, and a renewal case that belongs to two items. Re-running a renewal
therefore never creates a second renewal case for a household (see cases.renewal.services).
"""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from .case import Case
from .municipality import Municipality


class RenewalRun(models.Model):
    class Status(models.TextChoices):
        PLANNING = "planning", "Velger husholdninger"
        RUNNING = "running", "Pågår"
        FINISHED = "finished", "Ferdig"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="renewal_runs")
    period = models.CharField("ny periode", max_length=7,
                              help_text="Barnehageår/skoleår det fornyes til, f.eks. 2027/28.")
    sfo_max_trinn = models.PositiveSmallIntegerField(
        "siste trinn med SFO", default=4, validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text="Elever fornyes bare når neste trinn er innenfor kommunens SFO-tilbud.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNING)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Tom når fornyelsen ble startet automatisk (tidsplan).",
    )
    started_at = models.DateTimeField(default=timezone.now)
    planned_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="Sist kontrollert av oppfølgingsjobben.")
    households = models.PositiveIntegerField("husholdninger valgt ut", default=0)
    summary = models.JSONField("sluttrapport", default=dict, blank=True)

    class Meta:
        verbose_name = "fornyelse"
        verbose_name_plural = "fornyelser"
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "period"], name="renewal_run_one_per_period"),
            models.CheckConstraint(condition=models.Q(period__regex=r"^\d{4}/\d{2}$"),
                                   name="renewal_period_format"),
            models.CheckConstraint(condition=models.Q(status__in=["planning", "running", "finished"]),
                                   name="renewal_run_status_known"),
        ]

    def __str__(self) -> str:
        return f"Fornyelse {self.period} ({self.municipality.name})"


class RenewalItem(models.Model):
    """One household to renew: the approved case it is renewed from and the renewal case made for it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Venter"
        CREATED = "created", "Fornyelsessak opprettet"
        NOT_ELIGIBLE = "not_eligible", "Ikke aktuell (ingen barn fortsetter)"
        SKIPPED = "skipped", "Hoppet over (har allerede søknad)"
        FAILED = "failed", "Feilet"

    run = models.ForeignKey(RenewalRun, on_delete=models.CASCADE, related_name="items")
    source_case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="renewal_item")
    service = models.CharField(max_length=10)
    child_ids = models.JSONField("barn som fornyes", default=list, blank=True,
                                 help_text="Id-ene til barna (Child) i kildesaken som fortsetter.")
    outcome = models.CharField(max_length=15, choices=Outcome.choices, default=Outcome.PENDING)
    reason = models.CharField("årsak", max_length=500, blank=True)
    ends_reduction = models.BooleanField(
        "reduksjonen opphører", null=True, blank=True,
        help_text="Forslaget gir ingen inntektsgradert reduksjon lenger (full pris).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "fornyelse av husholdning"
        verbose_name_plural = "fornyelser av husholdninger"
        constraints = [
            models.UniqueConstraint(fields=["run", "source_case"], name="renewal_item_one_per_source"),
            models.CheckConstraint(
                condition=models.Q(outcome__in=["pending", "created", "not_eligible", "skipped", "failed"]),
                name="renewal_item_outcome_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="created") | models.Q(case__isnull=False),
                name="renewal_item_created_has_case",
            ),
        ]
        indexes = [models.Index(fields=["run", "outcome"], name="renewal_item_run_idx")]

    def __str__(self) -> str:
        return f"{self.run}: sak {self.source_case_id} → {self.get_outcome_display()}"
