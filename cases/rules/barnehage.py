"""Barnehage fee per child per month (forskrift om foreldrebetaling i barnehager, FOR-2005-12-16-1478).

Order (docs/reference/rules.md § 4): price of the place (at most makspris, §§ 1–2) → 6 % cap per child
(§ 3b) → søskenmoderasjon on the capped fee (§ 3a) → gratis kjernetid, 20 free hours a week (§ 3c) →
the kommune's own moderation when more favourable (§ 20 from 2026-08-01 lets a kommune set lower prices;
docs/reference/rules.md § 11). Kost is never an input. All amounts exact; the caller rounds only the
final fee (down, whole kroner). Each child's chain records granted and refused rules as structure
(``chain.ChildChain``); the statutory basis (barnehageloven § 15 / § 20) is dated (``legal.py``).
"""
from datetime import date
from decimal import Decimal

from .chain import ChildChain, apply_income_cap, apply_moderation
from .errors import PriceAboveMakspris
from .kroner import kroner_exact
from .legal import basis_text, statute_on
from .money import ZERO, format_number
from .outcome import Act, Granted, LegalBasis, ReasonCode, RuleId
from .parameters import (
    KJERNETID_FREE_HOURS,
    KJERNETID_INCOME_LIMIT,
    KJERNETID_MIN_AGE,
    MAKSPRIS,
    SIBLING_DISCOUNT,
    SIBLING_THIRD_CHILD_FREE,
    ParameterUse,
)
from .types import (
    BARNEHAGE,
    FULL_DAY_HOURS,
    LEAST_EXPENSIVE_FIRST,
    MOST_EXPENSIVE_FIRST,
    OLDEST_FIRST,
    ZONE_TILTAKSSONE,
    BarnehageChild,
    HouseholdInput,
)

FORSKRIFT = Act.FORSKRIFT_FORELDREBETALING
PRICE = (LegalBasis(FORSKRIFT, "§§ 1 og 2"),)
INCOME_CAP = (LegalBasis(FORSKRIFT, "§ 3b"),)
SIBLINGS = (LegalBasis(FORSKRIFT, "§ 3a"),)
CORE_HOURS = (LegalBasis(FORSKRIFT, "§ 3c"),)
FREE_ZONE = (LegalBasis(FORSKRIFT, "§ 1"),)
MODERATION = (LegalBasis(Act.KOMMUNAL_FORSKRIFT),)
BASIS_INCOME_CAP = basis_text(INCOME_CAP)
BASIS_SIBLINGS = basis_text(SIBLINGS)
BASIS_CORE_HOURS = basis_text(CORE_HOURS)

# Opplæringslova: school starts in August of the calendar year the child turns 6 (one year later
# with utsatt skolestart). Kjernetid lasts "until school start".
SCHOOL_START_AGE = 6
HUNDRED = Decimal(100)


def school_start(child: BarnehageChild) -> date:
    return date(child.birth_date.year + SCHOOL_START_AGE + int(child.deferred_school_start), 8, 1)


def kjernetid_start(child: BarnehageChild, min_age: int) -> date:
    """1 August of the calendar year the child reaches the minimum age (§ 3c)."""
    return date(child.birth_date.year + min_age, 8, 1)


def sibling_ranks(children: tuple[BarnehageChild, ...], order: str) -> list[int]:
    """Child number (1 = no discount) for each child, in input order, by the kommune's policy.

    Ties (twins, equal prices) fall back to the older child, then to input order. "Expensive" is
    the price of the place; because the § 3b cap is the same for every child it orders the capped
    fees the same way, and it keeps the order independent of income (so a fee never rises when
    income falls).
    """
    def key(position: int):
        child = children[position]
        age = child.birth_date.toordinal()
        if order == OLDEST_FIRST:
            return (age, position)
        if order == MOST_EXPENSIVE_FIRST:
            return (-child.monthly_price, age, position)
        if order == LEAST_EXPENSIVE_FIRST:
            return (child.monthly_price, age, position)
        return (-age, position)  # youngest_first

    ranks = [0] * len(children)
    for rank, position in enumerate(sorted(range(len(children)), key=key), start=1):
        ranks[position] = rank
    return ranks


def calculate_barnehage(household: HouseholdInput, on: date, use: ParameterUse, warnings: list[str],
                        price_at_most_makspris: bool = False):
    """One ``ChildChain`` per child (in input order).

    ``price_at_most_makspris``: for a date inside a decision period after makspris fell (e.g. 1 January
    2023), the price of the place is lowered to makspris (§ 1) instead of refused; the period's first
    date is always checked strictly (``PriceAboveMakspris``).
    """
    municipality = household.municipality
    zone = municipality.zone
    makspris = use.value(MAKSPRIS, zone)
    statute = statute_on(BARNEHAGE, on)
    price_basis = (*PRICE, statute)
    basis_price = basis_text(price_basis, "(maksimalpris; deltidsplass)")
    income = household.income
    children = household.children
    count = len(children)
    ranks = sibling_ranks(children, municipality.sibling_order) if count > 1 else [1]
    moderation = municipality.moderation_on(BARNEHAGE, on)
    if municipality.full_time_hours < FULL_DAY_HOURS:
        warnings.append(
            f"Kommunens grunnlag for heltidsplass er {municipality.full_time_hours} timer, under 41 timer "
            "(forskriften § 1); fradraget for gratis kjernetid blir større enn etter 41 timer."
        )
    chains = []
    for position, child in enumerate(children):
        part_time = child.weekly_hours < FULL_DAY_HOURS
        price = child.monthly_price
        if price > makspris and price_at_most_makspris:
            price = makspris
        elif price > makspris:
            kind = "part-time" if part_time else "full-time"
            raise PriceAboveMakspris(
                f"children[{position}]: monthly_price {child.monthly_price} for a {kind} place is above makspris "
                f"{makspris} for zone {zone} on {on.isoformat()} (forskrift § 1; a part-time place must cost "
                f"less than a full-time place, § 2)", child_id=child.id)
        chain = ChildChain(child.monthly_price)
        chain.step(RuleId.PRICE_OF_PLACE, basis_price, price_basis, price,
                   f"Pris for plassen ({format_number(child.weekly_hours)} t/uke, "
                   f"{'deltid' if part_time else 'heltid'}); makspris ({zone}) {kroner_exact(makspris)}"
                   f"{'; prisen er satt ned til makspris' if price < child.monthly_price else ''}. "
                   "Kost kommer i tillegg og reduseres ikke.")
        if zone == ZONE_TILTAKSSONE and makspris == 0:
            # Free barnehage in tiltakssonen: a granted reduction to 0, never a refusal.
            chain.granted.append(Granted(RuleId.FREE_PLACE_TILTAKSSONE, FREE_ZONE, ZERO, ZERO, limit=makspris))
            chain.price_rule = RuleId.FREE_PLACE_TILTAKSSONE

        if chain.fee > 0:  # § 3b: at most 6 % of household income per child, over 11 payment months
            apply_income_cap(chain, use, income, "", BASIS_INCOME_CAP, INCOME_CAP, eligibility_price=makspris)

        if count > 1:  # § 3a, on the capped fee
            rank = ranks[position]
            if rank == 1:
                percent = ZERO
            elif rank == 2:
                percent = use.value(SIBLING_DISCOUNT, "2")
            elif count >= 3 and use.value(SIBLING_THIRD_CHILD_FREE) == 1:
                percent = HUNDRED
            else:
                percent = use.value(SIBLING_DISCOUNT, "3")
            chain.step(RuleId.SIBLING_DISCOUNT, BASIS_SIBLINGS, SIBLINGS, chain.fee * (HUNDRED - percent) / HUNDRED,
                       f"Barn nr. {rank} av {count} i barnehage: {format_number(percent)} % søskenmoderasjon.",
                       percent=percent, child_number=rank)

        _core_hours(child, on, use, income, chain, municipality.full_time_hours, warnings)
        apply_moderation(chain, moderation, income, MODERATION)
        chains.append(chain)
    return chains


def _core_hours(child, on, use, income, chain: ChildChain, full_time_hours, warnings):
    """§ 3c: 20 free hours a week, priced in proportion to the agreed hours (capped at the basis)."""
    starts_school = school_start(child)
    rule = RuleId.FREE_CORE_HOURS
    if on >= starts_school:
        warnings.append(
            f"Barn {child.id}: skolestart var {starts_school.isoformat()}; gratis kjernetid gjelder bare til "
            "skolestart. Kontroller at barnet fortsatt skal ha barnehageplass."
        )
        chain.refuse(rule, ReasonCode.SCHOOL_START_REACHED, CORE_HOURS,
                     "Gratis kjernetid (§ 3c): barnet har nådd skolestart.", applies_from=starts_school)
        return
    min_age = int(use.value(KJERNETID_MIN_AGE))
    first_day = kjernetid_start(child, min_age)
    if on < first_day:
        chain.refuse(rule, ReasonCode.NOT_YET_ELIGIBLE_AGE, CORE_HOURS,
                     f"Gratis kjernetid (§ 3c) gjelder for dette barnet fra {first_day.isoformat()}.",
                     applies_from=first_day)
        return
    if chain.fee <= 0:
        chain.refuse(rule, ReasonCode.FEE_ALREADY_ZERO, CORE_HOURS,
                     "Gratis kjernetid (§ 3c) er uten betydning: prisen er allerede 0 kr.")
        return
    limit = use.value(KJERNETID_INCOME_LIMIT)
    if not income < limit:
        chain.refuse(rule, ReasonCode.INCOME_NOT_BELOW_LIMIT, CORE_HOURS,
                     f"Gratis kjernetid (§ 3c): inntekten {kroner_exact(income)} er ikke lavere enn "
                     f"inntektsgrensen {kroner_exact(limit)}.", limit=limit)
        return
    free = use.value(KJERNETID_FREE_HOURS)
    hours = min(child.weekly_hours, full_time_hours)
    reduced = ZERO if hours <= free else chain.fee * (hours - free) / hours
    chain.step(rule, BASIS_CORE_HOURS, CORE_HOURS, reduced,
               f"{format_number(free)} gratis timer av {format_number(hours)} timer per uke (inntekt under "
               f"{kroner_exact(limit)}): {kroner_exact(chain.fee)} × "
               f"({format_number(hours)} − {format_number(free)}) / "
               f"{format_number(hours)}.",
               free_hours=free, of_hours=hours, limit=limit)
