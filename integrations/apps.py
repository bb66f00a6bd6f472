"""Django app configuration for the integrations app."""

from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "integrations"
    label = "integrations"
    verbose_name = "Integrasjoner (Maskinporten og Skatteetaten)"

    def ready(self) -> None:
        # Installs the redacting filter on the httpx/httpcore loggers (they log request URLs,
        # and Skatteetaten's URL carries the fødselsnummer).
        from integrations import http  # noqa: F401
        from integrations.tables import connect_signals

        # An edited income classification rule invalidates every process's cached table.
        connect_signals()
