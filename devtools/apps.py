"""The dev-only app: installed when ``SKATTEDELING_DEVTOOLS`` is on, for its management commands."""
from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "devtools"
    verbose_name = "Utviklerverktøy (ikke i produksjon)"
