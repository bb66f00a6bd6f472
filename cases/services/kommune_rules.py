"""The kommune's dated rule choices from the database as the rules engine's plain dataclasses."""
from decimal import Decimal

from cases.models import KommunalModeration, KommuneRuleChoice
from cases.rules.kommune import KommuneChoice, ModerationBand, ModerationRuleSet


def kommune_inputs(municipality) -> tuple[tuple[KommuneChoice, ...], tuple[ModerationRuleSet, ...]]:
    """(SFO choices, moderation rule sets) of ``municipality``, every row dated."""
    choices = tuple(
        KommuneChoice(valid_from=c.valid_from, valid_to=c.valid_to, sfo_order=c.sfo_order,
                      sfo_sibling_percent_2=Decimal(c.sfo_sibling_percent_2),
                      sfo_sibling_percent_3=Decimal(c.sfo_sibling_percent_3), source=c.source)
        for c in KommuneRuleChoice.objects.filter(municipality=municipality).order_by("valid_from")
    )
    moderation = tuple(
        ModerationRuleSet(
            service=m.service, valid_from=m.valid_from, valid_to=m.valid_to, source=m.source,
            bands=tuple(ModerationBand(Decimal(b.income_from), None if b.income_to is None else Decimal(b.income_to),
                                       Decimal(b.monthly_price)) for b in m.bands.order_by("income_from")),
        )
        for m in KommunalModeration.objects.filter(municipality=municipality).prefetch_related("bands")
        .order_by("service", "valid_from")
    )
    return choices, moderation
