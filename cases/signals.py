"""Signal receivers of the cases app: keep each case's denormalised search text in step with the names
its household gives its adults (``cases.services.search_text``). Connected in ``CasesConfig.ready``.
A ``Person`` row is never renamed, and its names are not the case's, so it needs no receiver."""
from django.db.models.signals import post_save
from django.dispatch import receiver

from cases.models import Household
from cases.services.parameters import parameter_saved
from cases.services.search_text import case_search_text_refresh


@receiver(post_save, sender=Household, dispatch_uid="cases.household_search_text")
def household_saved(sender, instance: Household, created: bool, raw: bool = False, **kwargs) -> None:
    if not created and not raw:
        case_search_text_refresh(household_ids=[instance.pk])


@receiver(post_save, sender="cases.LegalParameter", dispatch_uid="cases.legal_parameter_release")
def legal_parameter_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    """A sourced rate entered by an administrator releases the cases waiting for rates (after commit)."""
    if not raw:
        parameter_saved(instance)
