"""People, households, applications and the children an application covers."""
from dataclasses import dataclass

from django.conf import settings
from django.db import models

from cases.constants import Channel, PartnerRelation, Service
from cases.identity import mask

from .municipality import Municipality


class Person(models.Model):
    """A person's identity: fødselsnummer or D-nummer (validated by cases.identity on intake) and birth date.

    Shared by every application and kommune, so it holds no names and is never changed by a registration:
    the names an application gave are stored on that application (``Household`` and ``Child``) and are
    the ones every page, letter and search uses. ``given_name``/``family_name`` are empty and unused
    (migration 0009 moved their content to the applications); they go once the admin stops naming them.
    """

    person_id = models.CharField("fødselsnummer/D-nummer", max_length=11, unique=True)
    given_name = models.CharField("fornavn (ikke i bruk)", max_length=100, blank=True, editable=False)
    family_name = models.CharField("etternavn (ikke i bruk)", max_length=100, blank=True, editable=False)
    birth_date = models.DateField("fødselsdato")

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "personer"
        constraints = [
            models.CheckConstraint(condition=models.Q(person_id__regex=r"^\d{11}$"), name="person_id_11_digits")
        ]

    def __str__(self) -> str:
        return f"Person {mask(self.person_id)}"

    @property
    def masked_id(self) -> str:
        return mask(self.person_id)


@dataclass(frozen=True)
class NamedPerson:
    """A person as one application names them: the shared identity with this application's names."""

    person: Person
    given_name: str
    family_name: str

    @property
    def pk(self) -> int:
        return self.person.pk

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def masked_id(self) -> str:
        return self.person.masked_id

    @property
    def birth_date(self):
        return self.person.birth_date


class Household(models.Model):
    """Søker and, when there is one, the ektefelle/registrert partner/samboer, with the names and address
    as this application gave them.

    Forskrift § 3b; docs/reference/rules.md § 6.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="households", verbose_name="kommune"
    )
    applicant = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="households_as_applicant", verbose_name="søker"
    )
    applicant_given_name = models.CharField("søkers fornavn", max_length=100)
    applicant_family_name = models.CharField("søkers etternavn", max_length=100)
    partner = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="households_as_partner",
        verbose_name="ektefelle/partner/samboer",
    )
    partner_given_name = models.CharField("fornavn til ektefelle/partner/samboer", max_length=100, blank=True)
    partner_family_name = models.CharField("etternavn til ektefelle/partner/samboer", max_length=100, blank=True)
    partner_relation = models.CharField(
        "relasjon", max_length=20, choices=PartnerRelation.choices, blank=True,
        help_text="Samboer: over 18 år og bodd sammen i minst 12 av de siste 18 månedene, eller felles barn.",
    )
    address = models.CharField("adresse", max_length=300, blank=True)
    email = models.EmailField("e-post", blank=True)
    created_at = models.DateTimeField("opprettet", auto_now_add=True)

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
        return f"Husholdning {self.applicant_name}"

    def adults(self) -> list[Person]:
        return [p for p in (self.applicant, self.partner) if p is not None]

    @property
    def applicant_name(self) -> str:
        return f"{self.applicant_given_name} {self.applicant_family_name}"

    @property
    def partner_name(self) -> str:
        return f"{self.partner_given_name} {self.partner_family_name}" if self.partner_id else ""

    @property
    def named_applicant(self) -> NamedPerson:
        return NamedPerson(self.applicant, self.applicant_given_name, self.applicant_family_name)

    @property
    def named_partner(self) -> NamedPerson | None:
        if self.partner_id is None:
            return None
        return NamedPerson(self.partner, self.partner_given_name, self.partner_family_name)

    def named_adults(self) -> list[NamedPerson]:
        """Søker and partner with this application's names (for pages, letters, search and messages)."""
        return [p for p in (self.named_applicant, self.named_partner) if p is not None]

    def name_of(self, person_id: int) -> str:
        """This application's name for one of its adults (by ``Person`` pk)."""
        return next((p.full_name for p in self.named_adults() if p.pk == person_id), "")


class Application(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="applications", verbose_name="kommune"
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="applications", verbose_name="husholdning"
    )
    service = models.CharField("tjeneste", max_length=10, choices=Service.choices)
    period = models.CharField("periode", max_length=7, help_text="Barnehageår eller skoleår, f.eks. 2026/27.")
    period_start = models.DateField("periode fra")
    period_end = models.DateField("periode til")
    received_date = models.DateField("mottatt")
    channel = models.CharField("kanal", max_length=10, choices=Channel.choices, default=Channel.DIGITAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="registrert av",
    )
    created_at = models.DateTimeField("opprettet", auto_now_add=True)

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

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="children", verbose_name="søknad"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="child_places", verbose_name="person")
    given_name = models.CharField("fornavn", max_length=100)
    family_name = models.CharField("etternavn", max_length=100)
    # Copied from the application so the database can refuse a second active application in the kommune.
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", verbose_name="kommune")
    service = models.CharField("tjeneste", max_length=10, choices=Service.choices)
    period = models.CharField("periode", max_length=7)
    is_active = models.BooleanField("aktiv", default=True, help_text="Av når saken er trukket eller avslått.")
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
                fields=["municipality", "person", "service", "period"], condition=models.Q(is_active=True),
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
        return self.full_name

    def save(self, *args, **kwargs):
        if self.municipality_id is None and self.application_id is not None:
            self.municipality_id = self.application.municipality_id  # the rule is per kommune
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        """The child's name as this application gave it."""
        return f"{self.given_name} {self.family_name}"
