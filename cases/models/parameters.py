"""Dated legal parameters (makspris, income limits, percentages), editable by administrators.

Mirrors ``cases.rules.parameters.ParameterRow``; the rules engine reads a table built from these rows.
"""
from django.db import models


class LegalParameter(models.Model):
    key = models.CharField("parameter", max_length=50)
    qualifier = models.CharField(
        "kvalifikator", max_length=30, blank=True, help_text="Sone, barn nr. eller trinn der parameteren har det."
    )
    valid_from = models.DateField("gjelder fra")
    valid_to = models.DateField("gjelder til og med", null=True, blank=True)
    value = models.DecimalField("verdi", max_digits=14, decimal_places=4)
    source = models.CharField("kilde", max_length=500)
    verified = models.BooleanField(
        "verifisert", default=False, help_text="Kontrollert mot lovdata.no/udir.no eller Stortingets vedtak."
    )
    note = models.TextField("merknad", blank=True)
    updated_at = models.DateTimeField("endret", auto_now=True)

    class Meta:
        verbose_name = "satsparameter"
        verbose_name_plural = "satsparametere"
        ordering = ["key", "qualifier", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "qualifier", "valid_from"], name="parameter_unique_start"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="parameter_valid_range",
            ),
        ]

    def __str__(self) -> str:
        qualifier = f" [{self.qualifier}]" if self.qualifier else ""
        return f"{self.key}{qualifier} fra {self.valid_from}: {self.value}"
