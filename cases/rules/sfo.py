"""SFO (and Oslo's AKS) fee per pupil per month: the 6 % cap, the 12 free hours, the kommune's choices.

National rules (docs/reference/rules.md § 5): the 6 % cap per pupil for 1.–2. trinn from 2020-08-01 and
3.–4. trinn from 2021-08-01; 12 free hours a week for 1. trinn from 2022-08-01, 2. from 2023-08-01, 3. from
2024-08-01. There is no national makspris and no national sibling discount for SFO; the kommune's own
monthly SFO price for the place is the input.

The regulation does not say whether the 6 % cap or the 12 free hours comes first (docs/reference/rules.md § 11), so the
order is the kommune's dated choice (``KommuneChoice.sfo_order``, default cap first — the more generous
reading, docs/rules.md § 3.1). The free hours are priced in proportion to the agreed weekly hours:
fee × (hours − 12) / hours, 0 for ≤ 12 hours. Then the kommune's own SFO sibling discount (if any),
then the kommune's own moderation when it is more favourable.
"""
from datetime import date
from decimal import Decimal

from .chain import ChildChain, apply_income_cap, apply_moderation
from .kroner import kroner_exact
from .legal import statute_on
from .money import ZERO, format_number
from .outcome import Act, LegalBasis, ReasonCode, RuleId
from .parameters import SFO_FREE_HOURS, SFO_INCOME_CAP_TRINN, ParameterUse
from .types import SFO, SFO_FREE_HOURS_FIRST, HouseholdInput

NEW_ACT_FROM = date(2024, 8, 1)  # LOV-2023-06-09-30 and FOR-2024-06-03-900 in force
HUNDRED = Decimal(100)
MODERATION = (LegalBasis(Act.KOMMUNAL_FORSKRIFT),)


def legal_bases(on: date) -> tuple[str, str, str]:
    """(price, 6 % cap, free hours) legal bases in force on ``on`` (bokmål, the contract's strings).

    The section numbers of the 6 % and 12-hour rules inside opplæringsforskrifta kap. 2 are not
    verified (docs/reference/rules.md § 9.5), so the chapter is cited.
    """
    if on >= NEW_ACT_FROM:
        return (
            "opplæringslova § 4-5 og kommunens forskrift om SFO",
            "opplæringslova § 4-5 og opplæringsforskrifta kap. 2 (6 %-regelen)",
            "opplæringslova § 4-5 og opplæringsforskrifta kap. 2 (12 timer gratis SFO)",
        )
    return (
        "opplæringslova (1998) § 13-7 og kommunens vedtekter for SFO",
        "forskrift til opplæringslova § 1B-1",
        "forskrift til opplæringslova § 1B-4",
    )


def structured_bases(on: date) -> tuple[tuple[LegalBasis, ...], ...]:
    """(price, 6 % cap, free hours) as ``LegalBasis`` tuples, the statute dated by ``legal.statute_on``."""
    statute = statute_on(SFO, on)
    if on >= NEW_ACT_FROM:
        chapter = LegalBasis(Act.OPPLAERINGSFORSKRIFTA_2024, "kap. 2")
        return (statute, LegalBasis(Act.KOMMUNAL_FORSKRIFT)), (chapter, statute), (chapter, statute)
    return ((statute, LegalBasis(Act.KOMMUNAL_FORSKRIFT)),
            (LegalBasis(Act.FORSKRIFT_OPPLAERINGSLOVA_1998, "§ 1B-1"), statute),
            (LegalBasis(Act.FORSKRIFT_OPPLAERINGSLOVA_1998, "§ 1B-4"), statute))


def sibling_ranks(pupils) -> list[int]:
    """SFO child number for the kommune's own sibling discount: the highest price pays in full (no. 1).

    Ties fall back to input order.
    """
    order = sorted(range(len(pupils)), key=lambda i: (-pupils[i].monthly_price, i))
    ranks = [0] * len(pupils)
    for rank, position in enumerate(order, start=1):
        ranks[position] = rank
    return ranks


def calculate_sfo(household: HouseholdInput, on: date, use: ParameterUse, warnings: list[str]):
    """One ``ChildChain`` per pupil (in input order)."""
    basis_price, basis_cap, basis_free = legal_bases(on)
    price_bases, cap_bases, free_bases = structured_bases(on)
    income = household.income
    municipality = household.municipality
    choice = municipality.choice_on(on)
    free_first = choice is not None and choice.sfo_order == SFO_FREE_HOURS_FIRST
    moderation = municipality.moderation_on(SFO, on)
    pupils = household.children
    ranks = sibling_ranks(pupils)
    chains = []
    for position, pupil in enumerate(pupils):
        trinn = str(pupil.grade)
        chain = ChildChain(pupil.monthly_price)
        chain.step(RuleId.PRICE_OF_PLACE, basis_price, price_bases, pupil.monthly_price,
                   f"Kommunens SFO-pris for plassen ({format_number(pupil.weekly_hours)} t/uke, {trinn}. trinn). "
                   "Kost kommer i tillegg og reduseres ikke.")

        def cap(chain=chain, trinn=trinn):
            if chain.fee > 0 and use.value(SFO_INCOME_CAP_TRINN, trinn) == 1:
                apply_income_cap(chain, use, income, "sfo", basis_cap, cap_bases)
            elif chain.fee > 0:
                chain.refuse(RuleId.INCOME_CAP_6_PERCENT, ReasonCode.TRINN_NOT_COVERED, cap_bases,
                             f"6 %-regelen for SFO gjelder ikke {trinn}. trinn på denne datoen.")

        def free_hours(chain=chain, trinn=trinn, pupil=pupil):
            if chain.fee <= 0:
                return
            free = use.value(SFO_FREE_HOURS, trinn)
            if free > 0:
                hours = pupil.weekly_hours
                reduced = ZERO if hours <= free else chain.fee * (hours - free) / hours
                chain.step(RuleId.FREE_SFO_HOURS, basis_free, free_bases, reduced,
                           f"{format_number(free)} gratis timer av {format_number(hours)} timer per uke "
                           f"({trinn}. trinn): {kroner_exact(chain.fee)} × ({format_number(hours)} − "
                           f"{format_number(free)}) / {format_number(hours)}.",
                           free_hours=free, of_hours=hours)
            else:
                chain.refuse(RuleId.FREE_SFO_HOURS, ReasonCode.NO_FREE_HOURS_FOR_TRINN, free_bases,
                             f"Ingen nasjonale gratis SFO-timer for {trinn}. trinn på denne datoen.")

        for step in ((free_hours, cap) if free_first else (cap, free_hours)):
            step()
        if choice is not None and len(pupils) > 1 and chain.fee > 0:
            rank = ranks[position]
            percent = (ZERO if rank == 1 else choice.sfo_sibling_percent_2 if rank == 2
                       else choice.sfo_sibling_percent_3)
            if percent > 0:
                chain.step(RuleId.SFO_SIBLING_DISCOUNT, f"kommunens forskrift om SFO ({choice.source})".strip(),
                           (LegalBasis(Act.KOMMUNAL_FORSKRIFT),), chain.fee * (HUNDRED - percent) / HUNDRED,
                           f"SFO-barn nr. {rank} av {len(pupils)}: {format_number(percent)} % søskenmoderasjon "
                           "(kommunens regel).", percent=percent, child_number=rank)
        apply_moderation(chain, moderation, income, MODERATION)
        if pupil.grade >= 5:
            warnings.append(
                f"Elev {pupil.id} går på {trinn}. trinn: gratis SFO for elever med særskilte behov på "
                "5.–7. trinn er ikke beregnet her og må vurderes av saksbehandler."
            )
        chains.append(chain)
    return chains
