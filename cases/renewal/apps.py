"""The annual renewal as a feature package: its own app (so Celery finds ``cases.renewal.tasks``) that
plugs into the core only through ``cases.hooks``; the core never imports it."""
from django.apps import AppConfig


class RenewalConfig(AppConfig):
    name = "cases.renewal"
    label = "renewal"
    verbose_name = "Fornyelse"

    def ready(self) -> None:
        # Django's app registry: models can be imported only once the apps are ready.
        from cases import hooks
        from cases.renewal import tasks  # noqa: F401  (registers the renewal's tasks in this process)
        from cases.renewal.services import annotate_proposal

        # After every proposal task: mark a renewal proposal that ends a reduction (idempotent).
        hooks.register_after_propose(lambda case_id: annotate_proposal(case_id=case_id))
