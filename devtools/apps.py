"""The dev-only app: installed when ``SKATTEDELING_DEVTOOLS`` is on, for its management commands and,
with ``BENCH_TASK_STATS_URL`` set, the benchmark's per-task CPU and query counters (``task_stats``)."""
from django.apps import AppConfig
from django.conf import settings


class DevtoolsConfig(AppConfig):
    name = "devtools"
    verbose_name = "Utviklerverktøy (ikke i produksjon)"

    def ready(self) -> None:
        if settings.BENCH_TASK_STATS_URL:
            from . import task_stats

            task_stats.connect()
