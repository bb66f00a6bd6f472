"""The billing app's rows: API tokens, export runs and the lines each run gave the billing system.

A run's lines are what the billing system was told to charge; the state billed after a run is the sum
of the lines along its chain of ``since_run`` (docs/billing.md, «Since the last export»). Lines point at
the child and the vedtak with ``CASCADE``: the retention job deletes a case's vedtak and children, and
their billing lines go with them (nothing here protects a person from deletion).
"""
from django.conf import settings
from django.db import models


class Change(models.TextChoices):
    """How a line differs from what the billing system was told before (the marker of docs/billing.md)."""

    NEW = "new", "Ny"
    CHANGED = "changed", "Endret"
    UNCHANGED = "unchanged", "Uendret"
    ENDED = "ended", "Avsluttet"


class LineType(models.TextChoices):
    CHARGE = "charge", "Månedspris"
    CORRECTION = "correction", "Korreksjon"


class BillingToken(models.Model):
    """A kommune's key to the billing API. Only a SHA-256 hash of the key is stored (docs/billing.md)."""

    municipality = models.ForeignKey("cases.Municipality", on_delete=models.CASCADE, related_name="+",
                                     verbose_name="kommune")
    name = models.CharField("navn", max_length=100, help_text="Hvilket system eller hvem nøkkelen er til.")
    prefix = models.CharField("nøkkel-id", max_length=16, unique=True, editable=False)
    token_hash = models.CharField("hash av nøkkelen", max_length=64, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="opprettet av", editable=False)
    created_at = models.DateTimeField("opprettet", auto_now_add=True)
    revoked_at = models.DateTimeField("trukket tilbake", null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="trukket tilbake av", editable=False)
    last_used_at = models.DateTimeField("sist brukt", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "API-nøkkel for fakturering"
        verbose_name_plural = "API-nøkler for fakturering"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        state = " (trukket tilbake)" if self.revoked_at else ""
        return f"{self.name} [{self.prefix}]{state}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ExportRun(models.Model):
    """One export to the billing system: who, when, which kommune, since which earlier export, up to which month."""

    class Channel(models.TextChoices):
        PAGE = "page", "Nettside"
        API = "api", "API"

    municipality = models.ForeignKey("cases.Municipality", on_delete=models.CASCADE, related_name="+",
                                     verbose_name="kommune")
    created_at = models.DateTimeField("tidspunkt", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="eksportert av")
    token = models.ForeignKey(BillingToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="runs",
                              verbose_name="API-nøkkel")
    channel = models.CharField("kanal", max_length=10, choices=Channel.choices)
    since_run = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name="endringer siden eksport",
                                  help_text="Tom: alt fra starten (første eksport).")
    since_requested = models.CharField("forespurt «siden»", max_length=20, blank=True)
    through_month = models.DateField("til og med måned")
    line_count = models.PositiveIntegerField("linjer", default=0)
    correction_count = models.PositiveIntegerField("korreksjoner", default=0)
    total_reduced_amount = models.BigIntegerField("sum å fakturere (kr)", default=0)

    class Meta:
        verbose_name = "eksport til fakturering"
        verbose_name_plural = "eksporter til fakturering"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality", "-id"], name="billing_run_kommune_idx")]

    def __str__(self) -> str:
        return f"Eksport {self.pk} ({self.through_month:%Y-%m})"


class ExportLine(models.Model):
    """One line of a run: a child's price for (part of) a month under one vedtak, or a correction of a month."""

    run = models.ForeignKey(ExportRun, on_delete=models.CASCADE, related_name="lines", verbose_name="eksport")
    child = models.ForeignKey("cases.Child", on_delete=models.CASCADE, related_name="+", verbose_name="barn")
    decision = models.ForeignKey("cases.Decision", on_delete=models.CASCADE, related_name="+",
                                 verbose_name="vedtak")
    child_key = models.CharField("barnets referanse", max_length=40)
    place = models.CharField("barnehage/skole", max_length=200,
                             help_text="Plassen slik den var da eksporten ble laget (en endring kan flytte barnet).")
    month = models.DateField("måned")
    line_type = models.CharField("linjetype", max_length=12, choices=LineType.choices)
    change = models.CharField("endring", max_length=12, choices=Change.choices)
    change_date = models.DateField("endret fra", null=True, blank=True)
    period_from = models.DateField("fra og med")
    period_to = models.DateField("til og med")
    days = models.PositiveSmallIntegerField("dager")
    days_in_month = models.PositiveSmallIntegerField("dager i måneden")
    ordinary_price = models.IntegerField("ordinær månedspris")
    reduced_price = models.IntegerField("redusert månedspris")
    ordinary_amount = models.IntegerField("ordinært beløp")
    reduced_amount = models.IntegerField("beløp å fakturere")
    outcome = models.CharField("utfall", max_length=20)
    price_rule = models.CharField("regel som ga prisen", max_length=40)
    reasons = models.JSONField("årsakskoder", default=list, blank=True)

    class Meta:
        verbose_name = "fakturalinje"
        verbose_name_plural = "fakturalinjer"
        ordering = ["run", "child_key", "month", "line_type", "period_from", "id"]
        indexes = [models.Index(fields=["run", "child_key", "month"], name="billing_line_child_month_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(line_type__in=LineType.values), name="billing_line_type_known"),
            models.CheckConstraint(condition=models.Q(change__in=Change.values), name="billing_line_change_known"),
        ]

    def __str__(self) -> str:
        return f"{self.child_key} {self.month:%Y-%m}: {self.reduced_amount} kr"
