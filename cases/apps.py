"""App configuration for the cases domain."""
from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Saksbehandling"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cases import (
            signals,  # noqa: F401  (connects the receivers)
            tasks,  # noqa: F401  (registers the pipeline's tasks for cases.dispatch)
        )
