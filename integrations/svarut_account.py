"""``SvarUtAccount``: one kommune's SvarUt konto and Fiks-integrasjon, edited in the admin.

Imported by ``integrations/models.py`` so it belongs to the ``integrations`` app; it lives beside the
``svarut`` client package, not in it, so models and client form no import cycle. The database holds the
NAME of the environment variable with the integration password (prefix ``SKATTEDELING_SECRET_``), never
the password itself. The Maskinporten client (certificate or key) is the kommune's
``MunicipalityIntegration`` row, or the ``MASKINPORTEN_*`` environment fallback; the SvarUt token is
requested with scope ``ks:fiks`` only and without ``consumer_org``.
"""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

SECRET_PREFIX = "SKATTEDELING_SECRET_"
DEFAULT_URLS = {"test": "https://test.svarut.ks.no", "prod": "https://svarut.ks.no"}

secret_env_var = RegexValidator(
    rf"^{SECRET_PREFIX}[A-Z0-9_]+$",
    f"Navnet på en miljøvariabel som begynner med {SECRET_PREFIX}, f.eks. {SECRET_PREFIX}SVARUT_OSLO.",
)


class SvarUtAccount(models.Model):
    orgno = models.CharField("kommunens organisasjonsnummer", max_length=9, unique=True,
                             validators=[RegexValidator(r"^\d{9}$", "Ni siffer.")])
    name = models.CharField("navn", max_length=200, blank=True)
    environment = models.CharField("miljø", max_length=4, choices=[("test", "Test"), ("prod", "Produksjon")],
                                   default="test")
    base_url = models.URLField("SvarUt grunnadresse", blank=True,
                               help_text="Uten /api. Tom: https://test.svarut.ks.no eller https://svarut.ks.no.")
    konto_id = models.UUIDField("SvarUt konto-id")
    integrasjon_id = models.UUIDField("Fiks-integrasjon-id")
    password_env_var = models.CharField(
        "miljøvariabel med integrasjonspassordet", max_length=100, validators=[secret_env_var],
        help_text="NAVNET på miljøvariabelen; passordet lagres aldri i databasen.")
    archive_orgno = models.CharField(
        "organisasjonsnummer for arkivkopi", max_length=9, blank=True,
        validators=[RegexValidator(r"^\d{9}$", "Ni siffer.")],
        help_text="Mottaker av arkivkopien (kommunens SvarInn). Tom: kommunens eget organisasjonsnummer. ")
    archive_copy = models.BooleanField("send arkivkopi via SvarUt", default=True)
    archive_case_year = models.PositiveIntegerField(
        "arkivsak: saksår", null=True, blank=True,
        help_text="Saksmappen i sak/arkiv som vedtakene skal journalføres i (metadataForImport). Tom: SvarInn "
        "legger kopien i importkøen for manuell arkivering.")
    archive_case_number = models.PositiveIntegerField("arkivsak: sakssekvensnummer", null=True, blank=True)
    active = models.BooleanField("aktiv", default=True)
    updated_at = models.DateTimeField("sist endret", auto_now=True)

    class Meta:
        app_label = "integrations"
        verbose_name = "SvarUt-konto"
        verbose_name_plural = "SvarUt-kontoer"
        ordering = ["orgno"]

    def __str__(self) -> str:
        return f"SvarUt {self.name or self.orgno} ({self.environment})"

    @property
    def effective_base_url(self) -> str:
        return self.base_url or DEFAULT_URLS[self.environment]

    def password(self) -> str:
        return os.environ.get(self.password_env_var, "")

    def clean(self) -> None:
        super().clean()
        if (self.archive_case_year is None) != (self.archive_case_number is None):
            raise ValidationError("Oppgi både saksår og sakssekvensnummer for arkivsaken, eller ingen av dem.")
        if self.password_env_var and self.password_env_var not in os.environ:
            raise ValidationError({"password_env_var": f"Miljøvariabelen {self.password_env_var} er ikke satt."})
