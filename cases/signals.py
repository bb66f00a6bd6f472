"""Signal receivers of the cases app: keep each case's denormalised search text in step with the names
of its household's adults (``cases.services.search_text``). Connected in ``CasesConfig.ready``."""
from django.db.models.signals import post_save
from django.dispatch import receiver

from cases.models import Household, Person
from cases.services.search_text import case_search_text_refresh


@receiver(post_save, sender=Person, dispatch_uid="cases.person_search_text")
def person_saved(sender, instance: Person, created: bool, raw: bool = False, **kwargs) -> None:
    if not created and not raw:
        case_search_text_refresh(person_ids=[instance.pk])


@receiver(post_save, sender=Household, dispatch_uid="cases.household_search_text")
def household_saved(sender, instance: Household, created: bool, raw: bool = False, **kwargs) -> None:
    if not created and not raw:
        case_search_text_refresh(household_ids=[instance.pk])
