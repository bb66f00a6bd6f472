"""A klage letter's PDF leaves private storage when its row is deleted (the klage goes with its case when
the retention job deletes the case: Klage and KlageLetter cascade), once the deleting transaction commits."""
import logging

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import KlageLetter

logger = logging.getLogger(__name__)


@receiver(post_delete, sender=KlageLetter)
def remove_letter_file(sender, instance: KlageLetter, **kwargs) -> None:
    name, storage = instance.pdf.name, instance.pdf.storage
    if not name:
        return

    def remove() -> None:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("klage: could not remove a letter PDF from private storage")

    transaction.on_commit(remove)
