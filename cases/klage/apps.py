"""The klage feature as its own Django app; it registers its case-page panel and its state diagram in the
core's explicit hooks (``cases.hooks``) when the apps are ready."""
from django.apps import AppConfig


class KlageConfig(AppConfig):
    name = "cases.klage"
    label = "klage"
    verbose_name = "Klage"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Django's app registry: models can be imported only once the apps are ready.
        from cases import hooks
        from cases.klage import panel, workflow

        hooks.register_state_diagram("klage-status", workflow.state_diagram)
        hooks.register_case_panel(panel.case_panel)
