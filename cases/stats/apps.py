"""The statistics page as its own Django app (no models of its own: the summary tables live in ``cases``),
so Celery finds ``cases.stats.tasks`` and the core never imports it: it connects its signal receivers
(``cases.stats.signals``) when the apps are ready."""
from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "cases.stats"
    label = "stats"
    verbose_name = "Statistikk"

    def ready(self) -> None:
        from cases.stats import signals, tasks  # noqa: F401  (connects the receivers, registers the beat task)
