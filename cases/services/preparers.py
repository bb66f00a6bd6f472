"""Who prepared a case (``CasePreparer``): recorded by the services that do the work, read by four-eyes.

A preparer is everyone whose work shaped the decision: the registrant (or whoever started the renewal
that registered it), whoever entered or changed documented income, whoever fetched income again, and
whoever computed a proposal. Work done by the system alone (a background task) records nobody; the
person who triggered it was recorded when they did (docs/four-eyes.md).
"""
from cases.models import CasePreparer

Kind = CasePreparer.Kind
KIND_ORDER = list(Kind)


def preparer_record(*, case_id: int, actor, kind: str) -> None:
    """Record that ``actor`` did ``kind`` on the case (once per case, actor and kind; nobody for the system)."""
    if not getattr(actor, "is_authenticated", False):
        return
    CasePreparer.objects.get_or_create(case_id=case_id, user_id=actor.pk, kind=kind)


def preparer_kinds(*, case_id: int, actor) -> list[str]:
    """What ``actor`` did to prepare the case, in the order of ``CasePreparer.Kind``."""
    if not getattr(actor, "is_authenticated", False):
        return []
    kinds = set(CasePreparer.objects.filter(case_id=case_id, user_id=actor.pk).values_list("kind", flat=True))
    return [kind for kind in KIND_ORDER if kind in kinds]
