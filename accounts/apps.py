"""App configuration for staff login and sessions, and django-axes under a Norwegian name."""
from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Innlogging"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts import sessions  # noqa: F401  (connects the login signal that starts the session clock)


class AxesConfig(AxesAppConfig):
    """django-axes (password lockout) as the admin's sidebar names it; its labels are bokmål through
    accounts/locale/nb (the package ships no Norwegian catalogue)."""

    verbose_name = "Innloggingssperre"
