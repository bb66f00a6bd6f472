"""The kommune's own dated rule choices: SFO order, its SFO sibling discount, and kommunal moderasjon.

The law leaves these to the kommune (docs/reference/rules.md § 11): the regulation does not say whether
the SFO 6 % cap or the 12 free hours comes first; an SFO sibling discount is municipal; the new
barnehageloven § 20 lets a kommune set lower prices by its own forskrift (income bands with a price),
applied when more favourable than the national rules. Each row is dated and cites the kommune's own
forskrift or vedtekter. ``cases.services.kommune_rules`` turns them into the engine's dataclasses.
"""
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from cases.constants import Service
from cases.formatting import kroner

from .municipality import Municipality


class SfoOrder(models.TextChoices):
    CAP_FIRST = "cap_first", "6 %-taket først, så de gratis timene"
    FREE_HOURS_FIRST = "free_hours_first", "De gratis timene først, så 6 %-taket"


def _check_overlap(instance, queryset) -> None:
    if instance.valid_to is not None and instance.valid_to < instance.valid_from:
        raise ValidationError("«Gjelder til og med» kan ikke være før «gjelder fra».")
    for other in queryset.exclude(pk=instance.pk):
        ends_before = other.valid_to is not None and other.valid_to < instance.valid_from
        starts_after = instance.valid_to is not None and instance.valid_to < other.valid_from
        if not (ends_before or starts_after):
            raise ValidationError(f"Overlapper med en annen rad fra {other.valid_from:%d.%m.%Y}.")


class KommuneRuleChoice(models.Model):
    """Dated SFO choices of one kommune."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="rule_choices",
                                     verbose_name="kommune")
    valid_from = models.DateField("gjelder fra")
    valid_to = models.DateField("gjelder til og med", null=True, blank=True)
    sfo_order = models.CharField("rekkefølge i SFO", max_length=20, choices=SfoOrder.choices,
                                 default=SfoOrder.CAP_FIRST)
    sfo_sibling_percent_2 = models.DecimalField(
        "SFO-søskenmoderasjon barn nr. 2 (%)", max_digits=5, decimal_places=2, default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)])
    sfo_sibling_percent_3 = models.DecimalField(
        "SFO-søskenmoderasjon barn nr. 3 og flere (%)", max_digits=5, decimal_places=2, default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)])
    source = models.CharField("hjemmel (kommunens forskrift/vedtekter)", max_length=500)
    note = models.TextField("merknad", blank=True)

    class Meta:
        verbose_name = "kommunens valg (SFO)"
        verbose_name_plural = "kommunens valg (SFO)"
        ordering = ["municipality", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "valid_from"], name="rulechoice_unique_start"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="rulechoice_valid_range"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} fra {self.valid_from:%d.%m.%Y}: {self.get_sfo_order_display()}"

    def clean(self) -> None:
        if self.municipality_id:
            _check_overlap(self, KommuneRuleChoice.objects.filter(municipality_id=self.municipality_id))


class KommunalModeration(models.Model):
    """A kommune's own income bands with a monthly price, for one service, dated."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="moderations",
                                     verbose_name="kommune")
    service = models.CharField("tjeneste", max_length=12, choices=Service.choices)
    valid_from = models.DateField("gjelder fra")
    valid_to = models.DateField("gjelder til og med", null=True, blank=True)
    source = models.CharField("hjemmel (kommunens forskrift)", max_length=500)
    note = models.TextField("merknad", blank=True)

    class Meta:
        verbose_name = "kommunal moderasjon"
        verbose_name_plural = "kommunal moderasjon"
        ordering = ["municipality", "service", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "service", "valid_from"], name="moderation_unique_start"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="moderation_valid_range"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.get_service_display()} fra {self.valid_from:%d.%m.%Y}"

    def clean(self) -> None:
        if self.municipality_id:
            _check_overlap(self, KommunalModeration.objects.filter(municipality_id=self.municipality_id,
                                                                   service=self.service))


class KommunalModerationBand(models.Model):
    """Household income from (incl.) to (excl.; empty = no upper limit) → price per child per month."""

    rule_set = models.ForeignKey(KommunalModeration, on_delete=models.CASCADE, related_name="bands")
    income_from = models.PositiveBigIntegerField("inntekt fra og med")
    income_to = models.PositiveBigIntegerField("inntekt under", null=True, blank=True)
    monthly_price = models.PositiveIntegerField("pris per barn per måned")

    class Meta:
        verbose_name = "inntektsgruppe"
        verbose_name_plural = "inntektsgrupper"
        ordering = ["rule_set", "income_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(income_to__isnull=True) | models.Q(income_to__gt=models.F("income_from")),
                name="band_valid_range"),
        ]

    def __str__(self) -> str:
        upper = kroner(self.income_to) if self.income_to is not None else "…"
        return f"{kroner(self.income_from)}–{upper}: {kroner(self.monthly_price)}"
