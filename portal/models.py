"""A kommune's settings for the parents' portal: on or off, the ID-porten assurance level it requires,
the ``onbehalfof`` name of its service (vendor client) and the contact text shown to parents."""
from django.db import models

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
    contact_text = models.CharField("kontaktinformasjon for foreldre", max_length=300, blank=True)

    class Meta:
        verbose_name = "innbyggerportal"
        verbose_name_plural = "innbyggerportal"

    def __str__(self) -> str:
        return f"Innbyggerportal for {self.municipality}"

    @property
    def accepted_acr(self) -> tuple[str, ...]:
        return (LOA_HIGH,) if self.acr == LOA_HIGH else (LOA_SUBSTANTIAL, LOA_HIGH)
