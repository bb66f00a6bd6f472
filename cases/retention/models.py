"""The deletion report: one row per kommune and day the retention job ran, visible to its administrator."""
from django.db import models


class DeletionReport(models.Model):
    municipality = models.ForeignKey("cases.Municipality", on_delete=models.CASCADE, related_name="+",
                                     verbose_name="kommune")
    run_date = models.DateField("kjøredato")
    retention_years = models.PositiveSmallIntegerField("bevaringstid (år)")
    cutoff = models.DateField("perioder som sluttet før",
                              help_text="Saker med periodeslutt før denne datoen er slettet.")
    cases_deleted = models.PositiveIntegerField("saker slettet", default=0)
    persons_deleted = models.PositiveIntegerField("personer slettet", default=0)
    files_deleted = models.PositiveIntegerField("PDF-filer slettet", default=0)
    held_for_archive = models.PositiveIntegerField("venter på bekreftet arkivkopi", default=0)
    failed = models.PositiveIntegerField("kunne ikke slettes", default=0)
    saksnumre = models.JSONField("slettede saksnumre", default=list, blank=True)
    problems = models.JSONField("feil", default=list, blank=True,
                                help_text="Saksnummer og hvilken tabell som hindret slettingen.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "sletterapport"
        verbose_name_plural = "sletterapporter"
        ordering = ["-run_date"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "run_date"], name="deletion_report_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"Sletting {self.run_date:%d.%m.%Y}: {self.cases_deleted} saker"
