"""What the statistics count changed in a kommune → mark its summary stale (``stats_mark_stale``, after
commit); the beat task refreshes it within ``STATS_REFRESH_SECONDS``. Every case status change writes a
CaseTransition; applications, vedtak, renewal items and klager are saved. A write that sends no signal
(a bulk update) is caught by the refresh of every kommune after ``STATS_MAX_AGE_SECONDS``."""
from django.db.models.signals import post_save
from django.dispatch import receiver

from cases.klage.models import Klage
from cases.models import Application, CaseTransition, Decision, RenewalItem

from .summary import stats_mark_stale


@receiver(post_save, sender=Application, dispatch_uid="stats.application")
def application_saved(sender, instance: Application, raw: bool = False, **kwargs) -> None:
    if not raw:
        stats_mark_stale(municipality_id=instance.municipality_id)


@receiver(post_save, sender=CaseTransition, dispatch_uid="stats.transition")
@receiver(post_save, sender=Decision, dispatch_uid="stats.decision")
@receiver(post_save, sender=Klage, dispatch_uid="stats.klage")
def case_row_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        stats_mark_stale(case_id=instance.case_id)


@receiver(post_save, sender=RenewalItem, dispatch_uid="stats.renewal_item")
def renewal_item_saved(sender, instance: RenewalItem, raw: bool = False, **kwargs) -> None:
    if not raw:
        stats_mark_stale(case_id=instance.source_case_id)
