"""People, households, applications and the children an application covers."""
from django.conf import settings
from django.db import models

from cases.constants import Channel, PartnerRelation, Service
from cases.identity import mask

from .municipality import Municipality


class Person(models.Model):
    """A person known by fødselsnummer or D-nummer (validated by cases.identity on intake)."""

    person_id = models.CharField("fødselsnummer/D-nummer", max_length=11, unique=True)
    given_name = models.CharField("fornavn", max_length=100)
    family_name = models.CharField("etternavn", max_length=100)
    birth_date = models.DateField("fødselsdato")

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "personer"
        indexes = [models.Index(fields=["family_name", "given_name"], name="person_name_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(person_id__regex=r"^\d{11}$"), name="person_id_11_digits")
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({mask(self.person_id)})"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def masked_id(self) -> str:
        return mask(self.person_id)


class Household(models.Model):
    """Søker and, when there is one, the ektefelle/registrert partner/samboer.

    Forskrift § 3b; docs/reference/rules.md § 6.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="households")
    applicant = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="households_as_applicant")
    partner = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="households_as_partner"
    )
    partner_relation = models.CharField(
        "relasjon", max_length=20, choices=PartnerRelation.choices, blank=True,
        help_text="Samboer: over 18 år og bodd sammen i minst 12 av de siste 18 månedene, eller felles barn.",
    )
    address = models.CharField("adresse", max_length=300, blank=True)
    email = models.EmailField("e-post", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "husholdning"
        verbose_name_plural = "husholdninger"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(partner__isnull=True) & models.Q(partner_relation=""))
                | (models.Q(partner__isnull=False) & ~models.Q(partner_relation="")),
                name="household_partner_has_relation",
            ),
            models.CheckConstraint(
                condition=~models.Q(partner=models.F("applicant")), name="household_partner_not_applicant"
            ),
        ]

    def __str__(self) -> str:
        return f"Husholdning {self.applicant.full_name}"

    def adults(self) -> list[Person]:
        return [p for p in (self.applicant, self.partner) if p is not None]


class Application(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="applications")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="applications")
    service = models.CharField("tjeneste", max_length=10, choices=Service.choices)
    period = models.CharField("periode", max_length=7, help_text="Barnehageår eller skoleår, f.eks. 2026/27.")
    period_start = models.DateField("periode fra")
    period_end = models.DateField("periode til")
    received_date = models.DateField("mottatt")
    channel = models.CharField("kanal", max_length=10, choices=Channel.choices, default=Channel.DIGITAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "søknad"
        verbose_name_plural = "søknader"
        constraints = [
            models.CheckConstraint(condition=models.Q(period_end__gt=models.F("period_start")), name="app_period"),
            models.CheckConstraint(condition=models.Q(period__regex=r"^\d{4}/\d{2}$"), name="app_period_format"),
            models.CheckConstraint(condition=models.Q(service__in=Service.values), name="app_service_known"),
        ]
        indexes = [models.Index(fields=["municipality", "period"], name="app_period_idx")]

    def __str__(self) -> str:
        return f"{self.get_service_display()} {self.period}"


class Child(models.Model):
    """A child on an application, with the place as agreed for that period."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="children")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="child_places")
    # Copied from the application so the database can refuse a second active application.
    service = models.CharField("tjeneste", max_length=10, choices=Service.choices)
    period = models.CharField("periode", max_length=7)
    is_active = models.BooleanField(default=True, help_text="Av når saken er trukket eller avslått.")
    institution = models.CharField("barnehage/skole", max_length=200)
    weekly_hours = models.DecimalField("avtalt oppholdstid (timer/uke)", max_digits=4, decimal_places=1)
    monthly_price = models.DecimalField("månedspris for plassen (kr)", max_digits=8, decimal_places=2)
    sfo_trinn = models.PositiveSmallIntegerField("trinn (SFO)", null=True, blank=True)
    deferred_school_start = models.BooleanField("utsatt skolestart", default=False)

    class Meta:
        verbose_name = "barn"
        verbose_name_plural = "barn"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "service", "period"], condition=models.Q(is_active=True),
                name="child_one_active_application_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(weekly_hours__gt=0) & models.Q(weekly_hours__lte=60), name="child_hours_range"
            ),
            models.CheckConstraint(condition=models.Q(monthly_price__gte=0), name="child_price_nonnegative"),
            models.CheckConstraint(
                condition=(models.Q(service="barnehage") & models.Q(sfo_trinn__isnull=True))
                | (models.Q(service="sfo") & models.Q(sfo_trinn__gte=1) & models.Q(sfo_trinn__lte=7)),
                name="child_trinn_only_for_sfo",
            ),
        ]

    def __str__(self) -> str:
        return self.person.full_name
