"""App configuration for staff login and sessions."""
from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Innlogging"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts import sessions  # noqa: F401  (connects the login signal that starts the session clock)
