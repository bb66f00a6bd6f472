"""A kommune's settings for the parents' portal: on or off, the ID-porten assurance level it requires,
the ``onbehalfof`` name of its service (vendor client), the contact information shown to parents on every
page, and its price list (``PortalPriceOption``: the places parents choose from instead of typing hours
and price)."""
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from cases.constants import Service

LOA_SUBSTANTIAL = "idporten-loa-substantial"
LOA_HIGH = "idporten-loa-high"


class PortalSettings(models.Model):
    class Level(models.TextChoices):
        SUBSTANTIAL = LOA_SUBSTANTIAL, "Betydelig (MinID, BankID …)"
        HIGH = LOA_HIGH, "Høyt (BankID, Buypass, Commfides)"

    municipality = models.OneToOneField("cases.Municipality", on_delete=models.CASCADE,
                                        related_name="portal_settings", verbose_name="kommune")
    enabled = models.BooleanField(
        "innbyggerportalen er åpen", default=False,
        help_text="Foreldre kan søke og følge saken sin på /innbygger/<kommunenummer>/ med ID-porten.")
    acr = models.CharField("sikkerhetsnivå i ID-porten", max_length=40, choices=Level.choices,
                           default=Level.SUBSTANTIAL,
                           help_text="Innlogging med lavere nivå avvises (tokenets acr kontrolleres).")
    onbehalfof = models.CharField(
        "onbehalfof (ID-porten)", max_length=100, blank=True,
        help_text="Når leverandørens ID-porten-klient logger inn på vegne av kommunen: navnet på kommunens "
                  "tjeneste i Samarbeidsportalen. Sendes til ID-porten og kontrolleres i ID-tokenet.")
    contact_text = models.CharField(
        "kontaktinformasjon for foreldre", max_length=300, blank=True,
        help_text="F.eks. «Oppvekstkontoret, åpent 9–15». Vises nederst på hver side, sammen med telefon, "
                  "e-post og nettside nedenfor.")
    contact_phone = models.CharField("telefon", max_length=30, blank=True)
    contact_email = models.EmailField("e-post", blank=True)
    contact_web = models.URLField("nettside om foreldrebetaling", blank=True)

    class Meta:
        verbose_name = "innbyggerportal"
        verbose_name_plural = "innbyggerportal"

    def __str__(self) -> str:
        return f"Innbyggerportal for {self.municipality}"

    @property
    def accepted_acr(self) -> tuple[str, ...]:
        return (LOA_HIGH,) if self.acr == LOA_HIGH else (LOA_SUBSTANTIAL, LOA_HIGH)


class PortalPriceOption(models.Model):
    """One place in the kommune's price list (e.g. «Heltid, 5 dager»): its weekly hours and full monthly
    price before reduction. Where a service has a list, parents choose from it instead of typing."""

    portal = models.ForeignKey(PortalSettings, on_delete=models.CASCADE, related_name="price_options",
                               verbose_name="innbyggerportal")
    service = models.CharField("tjeneste", max_length=10, choices=Service.choices)
    name = models.CharField("plass", max_length=80, help_text="Slik foreldrene kjenner den, f.eks. «Heltid, 5 dager».")
    weekly_hours = models.DecimalField("timer per uke", max_digits=4, decimal_places=1,
                                       validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(60)])
    monthly_price = models.DecimalField("pris per måned (kr)", max_digits=8, decimal_places=2,
                                        validators=[MinValueValidator(0)])
    order = models.PositiveSmallIntegerField("rekkefølge", default=0)

    class Meta:
        verbose_name = "plass i prislisten"
        verbose_name_plural = "prisliste"
        ordering = ["service", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_service_display()}: {self.name}"
