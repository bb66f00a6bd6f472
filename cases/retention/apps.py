from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "cases.retention"
    label = "retention"
    verbose_name = "Sletting etter bevaringstid"
    default_auto_field = "django.db.models.BigAutoField"
