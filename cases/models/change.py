"""An endring: something in the household or a place that changed during the period after a vedtak was
sent (a new child, a child leaving, new hours, a partner moving in or out, a documented income drop).

Registered only by ``cases.services.changes.change_register``; the new vedtak it leads to points back
to it (``Decision.change``) and replaces the one in force from ``change_date`` (docs/changes.md).
``details`` is structured data (child ids, new hours and price, the ``Person`` id of a new adult and the
values before the change); it never holds a fødselsnummer.
"""
from django.conf import settings
from django.db import models

from cases.constants import ChangeKind, ChangeSource

from .case import Case


class Change(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="changes", verbose_name="sak")
    kind = models.CharField("endring", max_length=30, choices=ChangeKind.choices)
    change_date = models.DateField("gjelder fra")
    source = models.CharField("meldt av", max_length=20, choices=ChangeSource.choices,
                              default=ChangeSource.CASEWORKER)
    details = models.JSONField("detaljer", default=dict, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="registrert av", help_text="Tom når forelderen meldte endringen i Mine saker.",
    )
    registered_at = models.DateTimeField("registrert", auto_now_add=True)
    decision = models.ForeignKey(
        "cases.Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="nytt vedtak", help_text="Forslaget (og senere vedtaket) endringen førte til.",
    )

    class Meta:
        verbose_name = "endring"
        verbose_name_plural = "endringer"
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=ChangeKind.values), name="change_kind_known"),
            models.CheckConstraint(condition=models.Q(source__in=ChangeSource.values), name="change_source_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} fra {self.change_date:%d.%m.%Y}"
