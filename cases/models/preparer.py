"""Who prepared a case: everyone whose work shaped its decision (docs/four-eyes.md).

Written only by the services that do that work (``cases.services.preparers.preparer_record``). Where the
kommune requires four-eyes, none of these users may approve the case's decision; the approval service
checks it and a database trigger refuses it (migration ``0008_foureyes_preparers_and_application_names``).
"""
from django.conf import settings
from django.db import models

from .case import Case


class CasePreparer(models.Model):
    class Kind(models.TextChoices):
        REGISTERED = "registered", "registrerte søknaden"
        RENEWAL_STARTED = "renewal_started", "startet fornyelsen som opprettet saken"
        DOCUMENTED_INCOME = "documented_income", "registrerte eller endret dokumentert inntekt"
        REFETCHED_INCOME = "refetched_income", "hentet inntekt på nytt"
        PROPOSED = "proposed", "beregnet forslaget til vedtak"
        REGISTERED_CHANGE = "registered_change", "registrerte endringen"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="preparers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name="bruker")
    kind = models.CharField("hva brukeren gjorde", max_length=20, choices=Kind.choices)
    at = models.DateTimeField("første gang", auto_now_add=True)

    class Meta:
        verbose_name = "forberedt av"
        verbose_name_plural = "forberedt av"
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "user", "kind"], name="case_preparer_unique"),
            models.CheckConstraint(condition=models.Q(kind__in=[
                "registered", "renewal_started", "documented_income", "refetched_income", "proposed",
                "registered_change"]),
                name="case_preparer_kind_known"),
        ]
        indexes = [models.Index(fields=["case", "user"], name="case_preparer_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.user})"
