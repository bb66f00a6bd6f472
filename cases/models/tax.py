"""Income per adult: the tax basis fetched from Skatteetaten, and income documented by the caseworker."""
from django.conf import settings
from django.db import models

from cases.constants import AdultRole
from cases.formatting import kroner

from .case import Case
from .household import Person


class TaxBasis(models.Model):
    """One adult's summert skattegrunnlag for one income year, as used in one case."""

    class FetchStatus(models.TextChoices):
        PENDING = "pending", "Venter"
        RETRYING = "retrying", "Prøver igjen"
        DONE = "done", "Hentet"
        FAILED = "failed", "Feilet"
        PARKED = "parked", "Parkert etter gjentatte feil"

    class Outcome(models.TextChoices):
        FOUND = "found", "Funnet"
        NO_DATA = "no_data", "Ingen data for året"
        PERSON_UNKNOWN = "person_unknown", "Ukjent person hos Skatteetaten"
        YEAR_UNAVAILABLE = "year_unavailable", "Inntektsåret er ikke tilgjengelig"
        DELETED = "deleted", "Skattegrunnlaget er slettet"
        SKJERMET = "skjermet", "Skjermet person"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tax_bases", verbose_name="sak")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="tax_bases", verbose_name="person")
    role = models.CharField("rolle", max_length=10, choices=AdultRole.choices)
    status = models.CharField(
        "status for henting", max_length=10, choices=FetchStatus.choices, default=FetchStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("forsøk", default=0)
    last_error = models.CharField("siste feil", max_length=500, blank=True)
    outcome = models.CharField("resultat", max_length=20, choices=Outcome.choices, blank=True)
    income_year = models.PositiveSmallIntegerField("inntektsår", null=True, blank=True)
    stadie = models.CharField("stadie", max_length=10, blank=True)
    skatteoppgjoersdato = models.DateField("skatteoppgjørsdato", null=True, blank=True)
    ajourholdstidspunkt = models.CharField("ajourholdstidspunkt", max_length=40, blank=True)
    skjermet = models.BooleanField("skjermet", default=False)
    items = models.JSONField("poster", default=list, blank=True)
    unknown_items = models.JSONField("ukjente poster", default=list, blank=True)
    personinntekt = models.BigIntegerField("personinntekt", null=True, blank=True)
    kapitalinntekt = models.BigIntegerField("kapitalinntekt", null=True, blank=True)
    counted_income = models.BigIntegerField("inntekt som teller", null=True, blank=True)
    korrelasjonsid = models.CharField("korrelasjonsid", max_length=64, blank=True)
    raw = models.JSONField("svar fra Skatteetaten", null=True, blank=True)
    fetched_at = models.DateTimeField("hentet", null=True, blank=True)

    class Meta:
        verbose_name = "skattegrunnlag"
        verbose_name_plural = "skattegrunnlag"
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="taxbasis_one_per_adult")]

    def __str__(self) -> str:
        return f"Skattegrunnlag {self.income_year or ''} {self.person.masked_id}"


class DocumentedIncome(models.Model):
    """Income documented outside Skatteetaten after a 'vesentlig og varig endring' (only decreases count)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documented_incomes", verbose_name="sak")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="person")
    yearly_income = models.BigIntegerField("årsinntekt (kr)")
    reason = models.TextField("begrunnelse (vesentlig og varig endring)")
    documents = models.TextField("dokumentasjon", help_text="F.eks. lønnsslipper, vedtak fra NAV.")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="registrert av"
    )
    registered_at = models.DateTimeField("registrert", auto_now_add=True)

    class Meta:
        verbose_name = "dokumentert inntekt"
        verbose_name_plural = "dokumenterte inntekter"
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="documented_income_one_per_adult"),
            models.CheckConstraint(condition=models.Q(yearly_income__gte=0), name="documented_income_nonneg"),
        ]

    def __str__(self) -> str:
        return f"Dokumentert inntekt {kroner(self.yearly_income)}"
