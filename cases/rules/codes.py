"""The codes of the engine's structured outcome: rule ids, reason codes, outcomes, acts (StrEnums).

Re-exported by ``cases.rules.outcome``; labels for each live in ``cases.outcome_labels``.
"""
from decimal import Decimal
from enum import StrEnum


class RuleId(StrEnum):
    """A rule the engine applies to one child (the contract's step ``rule``)."""

    PRICE_OF_PLACE = "price_of_place"  # §§ 1–2 / the kommune's SFO price
    INCOME_CAP_6_PERCENT = "income_cap_6_percent"  # § 3b / the SFO 6 % rule
    SIBLING_DISCOUNT = "sibling_discount"  # § 3a søskenmoderasjon (barnehage)
    FREE_CORE_HOURS = "free_core_hours"  # § 3c gratis kjernetid, 20 hours
    FREE_SFO_HOURS = "free_sfo_hours"  # 12 free SFO hours
    FREE_PLACE_TILTAKSSONE = "free_place_tiltakssone"  # makspris 0 in tiltakssonen: free barnehage
    SFO_SIBLING_DISCOUNT = "sfo_sibling_discount"  # the kommune's own SFO sibling discount
    KOMMUNAL_MODERATION = "kommunal_moderation"  # the kommune's own income bands (more favourable)


# Reductions the family applies for because of its income: these decide innvilget/avslag.
INCOME_BASED_RULES = frozenset({RuleId.INCOME_CAP_6_PERCENT, RuleId.FREE_CORE_HOURS, RuleId.KOMMUNAL_MODERATION})


class ReasonCode(StrEnum):
    """Why a rule was checked and not applied to a child."""

    INCOME_NOT_BELOW_CAP = "income_not_below_cap"  # 6 % of income / months is not below the fee
    INCOME_NOT_BELOW_LIMIT = "income_not_below_limit"  # kjernetid: income not below Stortinget's limit
    NOT_YET_ELIGIBLE_AGE = "not_yet_eligible_age"  # kjernetid starts later (``applies_from``)
    SCHOOL_START_REACHED = "school_start_reached"  # kjernetid ends at school start
    FEE_ALREADY_ZERO = "fee_already_zero"  # nothing left to reduce
    TRINN_NOT_COVERED = "trinn_not_covered"  # SFO 6 % rule does not cover this trinn on the date
    NO_FREE_HOURS_FOR_TRINN = "no_free_hours_for_trinn"  # no national free SFO hours for this trinn
    NATIONAL_RULES_MORE_FAVOURABLE = "national_rules_more_favourable"  # kommunal band not lower
    INCOME_ABOVE_KOMMUNAL_BANDS = "income_above_kommunal_bands"  # no kommunal band covers the income


# Reasons that refuse what the family applied for (they make an outcome delvis or avslag).
REFUSING_REASONS = frozenset({
    ReasonCode.INCOME_NOT_BELOW_CAP, ReasonCode.INCOME_NOT_BELOW_LIMIT, ReasonCode.TRINN_NOT_COVERED,
})


class Outcome(StrEnum):
    """The result of the application, per segment, child and decision."""

    INNVILGET = "innvilget"
    DELVIS = "delvis"
    AVSLAG = "avslag"


class Act(StrEnum):
    """A law or regulation a step rests on (rendered by ``cases.outcome_labels.act_label``)."""

    FORSKRIFT_FORELDREBETALING = "forskrift_foreldrebetaling"  # FOR-2005-12-16-1478
    BARNEHAGELOVEN = "barnehageloven"  # § 15 until 2026-07-31, § 20 from 2026-08-01
    OPPLAERINGSLOVA_1998 = "opplaeringslova_1998"  # § 13-7
    FORSKRIFT_OPPLAERINGSLOVA_1998 = "forskrift_opplaeringslova_1998"  # kap. 1B
    OPPLAERINGSLOVA_2023 = "opplaeringslova_2023"  # LOV-2023-06-09-30 § 4-5
    OPPLAERINGSFORSKRIFTA_2024 = "opplaeringsforskrifta_2024"  # FOR-2024-06-03-900 kap. 2
    KOMMUNAL_FORSKRIFT = "kommunal_forskrift"  # the kommune's own forskrift / vedtekter


def outcome_of(granted, refused, monthly_fee: Decimal) -> Outcome:
    """Innvilget / delvis / avslag from structure alone.

    A fee of 0 is always innvilget (nothing is left to grant: tiltakssonen, three siblings, ...).
    Otherwise: an income-based reduction given and none refused → innvilget; given and one refused →
    delvis; none given → avslag.
    """
    if monthly_fee <= 0:
        return Outcome.INNVILGET
    given = any(g.rule in INCOME_BASED_RULES or g.rule == RuleId.FREE_PLACE_TILTAKSSONE for g in granted)
    denied = any(r.refuses for r in refused)
    if given:
        return Outcome.DELVIS if denied else Outcome.INNVILGET
    return Outcome.AVSLAG


def combine(outcomes) -> Outcome:
    """All innvilget → innvilget; all avslag → avslag; otherwise delvis (an empty list is avslag)."""
    outcomes = list(outcomes)
    if outcomes and all(o == Outcome.INNVILGET for o in outcomes):
        return Outcome.INNVILGET
    if all(o == Outcome.AVSLAG for o in outcomes):
        return Outcome.AVSLAG
    return Outcome.DELVIS
