"""The statistics summary: the figures of the statistics page per kommune, period and service (and month).

Rows are written only by ``cases.stats.summary.stats_refresh``, which recomputes one kommune's rows from
the base tables (applications, cases and their history, vedtak, prices per child, renewals) in one
transaction. The page sums these rows (one query), so it costs the same at 1 000 or 1 000 000 cases.
``StatsState`` says when a kommune's rows were computed and whether something changed since.
"""
from django.db import models

from .municipality import Municipality


class StatsFigure(models.Model):
    class Figure(models.TextChoices):
        APPLICATIONS = "applications", "Søknader per måned og kanal"  # key: channel; month: received
        PROCESSING_DAYS = "processing_days", "Saksbehandlingstid (dager)"  # key: days; value: cases
        DECISIONS = "decisions", "Vedtak etter utfall"  # key: Outcome (innvilget/delvis/avslag)
        CASES_REJECTED = "cases_rejected", "Avslåtte saker"  # key: "rejected"
        CHILDREN = "children", "Barn etter pris"  # key: free/reduced/full/free_core_hours
        REDUCTION_KR = "reduction_kr", "Reduksjon i kroner per måned"  # key: "kr"; month
        RENEWAL = "renewal", "Fornyelse"  # key: RenewalItem.Outcome or ends_reduction
        KLAGE = "klage", "Klager"  # key: status / outcome

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+",
                                     verbose_name="kommune")
    period = models.CharField("periode", max_length=7)
    service = models.CharField("tjeneste", max_length=10)
    figure = models.CharField("tall", max_length=20, choices=Figure.choices)
    key = models.CharField("nøkkel", max_length=40)
    month = models.DateField("måned", null=True, blank=True)
    value = models.BigIntegerField("verdi")

    class Meta:
        verbose_name = "statistikktall"
        verbose_name_plural = "statistikktall"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "period", "service", "figure", "key", "month"],
                                    nulls_distinct=False, name="stats_figure_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.key} {self.month or ''}: {self.value}"


class StatsState(models.Model):
    """When a kommune's statistics rows were computed, and since when they are out of date (if they are)."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, primary_key=True,
                                        related_name="+", verbose_name="kommune")
    refreshed_at = models.DateTimeField("beregnet", null=True, blank=True)
    stale_since = models.DateTimeField("endret siden", null=True, blank=True,
                                       help_text="Satt når en sak, et vedtak eller en fornyelse i kommunen endres.")

    class Meta:
        verbose_name = "statistikkstatus"
        verbose_name_plural = "statistikkstatus"

    def __str__(self) -> str:
        return f"Statistikk {self.municipality_id}: {self.refreshed_at}"
