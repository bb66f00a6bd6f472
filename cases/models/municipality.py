"""Municipalities (tenants), their dated makspris zone, staff users and their roles per municipality."""
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from stdnum.no import orgnr

from cases.constants import Malform, Role, SiblingOrder, Zone


def validate_orgnr(value: str) -> None:
    if not orgnr.is_valid(value or ""):
        raise ValidationError("Ugyldig organisasjonsnummer (9 siffer med gyldig kontrollsiffer).")


class User(AbstractUser):
    """A staff user; which municipalities and roles come from Membership rows."""

    class Meta:
        verbose_name = "bruker"
        verbose_name_plural = "brukere"


class Municipality(models.Model):
    kommunenummer = models.CharField(
        "kommunenummer", max_length=4, unique=True, validators=[RegexValidator(r"^\d{4}$", "Fire siffer.")]
    )
    organisasjonsnummer = models.CharField(
        "organisasjonsnummer", max_length=9, unique=True, validators=[validate_orgnr]
    )
    name = models.CharField("navn", max_length=100)
    unit_name = models.CharField("enhet som fatter vedtak", max_length=200, default="Oppvekst")
    malform = models.CharField("målform", max_length=2, choices=Malform.choices, default=Malform.BOKMAL)
    full_time_hours = models.DecimalField(
        "timer i heltidsplass",
        max_digits=4,
        decimal_places=1,
        default=41,
        validators=[MinValueValidator(20), MaxValueValidator(60)],
        help_text="Grunnlag for fradraget for gratis kjernetid (forskrift § 3c).",
    )
    sibling_order = models.CharField(
        "rekkefølge for søskenmoderasjon", max_length=30, choices=SiblingOrder.choices,
        default=SiblingOrder.OLDEST_FIRST,
    )
    requires_four_eyes = models.BooleanField(
        "krever godkjenning av en annen person", default=True,
        help_text="Når på, kan ikke den som foreslo vedtaket også godkjenne det.",
    )
    klageinstans = models.CharField(
        "klageinstans", max_length=300, default="kommunens klagenemnd",
        help_text="Kommunens klageorgan etter fvl. § 28 annet ledd (ikke Statsforvalteren).",
    )
    logo = models.FileField("logo/brevhode", upload_to="logos/", blank=True)
    address = models.CharField("postadresse", max_length=300, blank=True)
    phone = models.CharField("telefon", max_length=30, blank=True)
    email = models.EmailField("e-post", blank=True)
    website = models.URLField("nettside", blank=True)

    class Meta:
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.kommunenummer})"

    def zone_on(self, day) -> str:
        """The barnehage makspris zone on a date; raises LookupError when none is recorded."""
        row = self.zones.filter(valid_from__lte=day).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day)
        ).order_by("-valid_from").first()
        if row is None:
            raise LookupError(f"{self.name} har ingen makspris-sone registrert for {day:%d.%m.%Y}.")
        return row.zone


class MunicipalityZone(models.Model):
    """Dated history of the municipality's barnehage makspris zone (SSB sentralitet / tiltakssone)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="zones", verbose_name="kommune"
    )
    zone = models.CharField("sone", max_length=20, choices=Zone.choices)
    valid_from = models.DateField("gjelder fra")
    valid_to = models.DateField("gjelder til og med", null=True, blank=True)
    source = models.CharField("kilde", max_length=300, blank=True)

    class Meta:
        verbose_name = "makspris-sone"
        verbose_name_plural = "makspris-soner"
        ordering = ["municipality", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "valid_from"], name="zone_unique_start"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="zone_valid_range",
            ),
            models.CheckConstraint(condition=models.Q(zone__in=Zone.values), name="zone_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_zone_display()} fra {self.valid_from}"


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name="bruker")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships", verbose_name="kommune"
    )
    role = models.CharField("rolle", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "tilgang"
        verbose_name_plural = "tilganger"
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality", "role"], name="membership_unique"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} i {self.municipality.name}"
