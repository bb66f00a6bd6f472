"""Barnehage fee per child per month (forskrift om foreldrebetaling i barnehager, FOR-2005-12-16-1478).

Order (rules.md § 4): price of the place (at most makspris, §§ 1–2) → 6 % cap per child (§ 3b) →
søskenmoderasjon on the capped fee (§ 3a) → gratis kjernetid, 20 free hours a week (§ 3c). Kost is
never an input. All amounts exact; the caller rounds only the final fee (down, whole kroner).
"""
from datetime import date
from decimal import Decimal

from .errors import PriceAboveMakspris
from .money import ZERO, format_kr, format_number
from .parameters import (
    INCOME_CAP_PERCENT,
    KJERNETID_FREE_HOURS,
    KJERNETID_INCOME_LIMIT,
    KJERNETID_MIN_AGE,
    MAKSPRIS,
    PAYMENT_MONTHS,
    SIBLING_DISCOUNT,
    SIBLING_THIRD_CHILD_FREE,
    ParameterUse,
)
from .types import (
    FULL_DAY_HOURS,
    LEAST_EXPENSIVE_FIRST,
    MOST_EXPENSIVE_FIRST,
    OLDEST_FIRST,
    BarnehageChild,
    HouseholdInput,
    Step,
)

FORSKRIFT = "forskrift om foreldrebetaling i barnehager"
BASIS_PRICE = f"{FORSKRIFT} §§ 1 og 2 (maksimalpris; deltidsplass)"
BASIS_INCOME_CAP = f"{FORSKRIFT} § 3b"
BASIS_SIBLINGS = f"{FORSKRIFT} § 3a"
BASIS_CORE_HOURS = f"{FORSKRIFT} § 3c"

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


def calculate_barnehage(household: HouseholdInput, on: date, use: ParameterUse, warnings: list[str]):
    """Exact fee per child (in input order) as ``(child, steps, fee, notes)`` tuples."""
    municipality = household.municipality
    zone = municipality.zone
    makspris = use.value(MAKSPRIS, zone)
    income = household.income
    children = household.children
    count = len(children)
    ranks = sibling_ranks(children, municipality.sibling_order) if count > 1 else [1]
    if municipality.full_time_hours < FULL_DAY_HOURS:
        warnings.append(
            f"Kommunens grunnlag for heltidsplass er {municipality.full_time_hours} timer, under 41 timer "
            "(forskriften § 1); fradraget for gratis kjernetid blir større enn etter 41 timer."
        )
    outcomes = []
    for position, child in enumerate(children):
        steps: list[Step] = []
        notes: list[str] = []
        fee = child.monthly_price
        part_time = child.weekly_hours < FULL_DAY_HOURS
        if fee > makspris:
            kind = "part-time" if part_time else "full-time"
            raise PriceAboveMakspris(
                f"children[{position}]: monthly_price {fee} for a {kind} place is above makspris {makspris} "
                f"for zone {zone} on {on.isoformat()} (forskrift § 1; a part-time place must cost less "
                f"than a full-time place, § 2)"
            )
        steps.append(Step(
            "price_of_place", BASIS_PRICE, fee, fee,
            f"Pris for plassen ({child.weekly_hours} t/uke, {'deltid' if part_time else 'heltid'}); "
            f"makspris ({zone}) {format_kr(makspris)}. Kost kommer i tillegg og reduseres ikke.",
        ))

        if fee > 0:  # § 3b: at most 6 % of household income per child, over 11 payment months
            percent = use.value(INCOME_CAP_PERCENT)
            months = use.value(PAYMENT_MONTHS)
            cap = income * percent / (HUNDRED * months)
            pct, mon = format_number(percent), format_number(months)
            if cap < fee:
                steps.append(Step(
                    "income_cap_6_percent", BASIS_INCOME_CAP, fee, cap,
                    f"{pct} % av inntekt {format_kr(income)} / {mon} betalingsmåneder = "
                    f"{format_kr(cap)} per måned, lavere enn {format_kr(fee)}.",
                ))
                fee = cap
            else:
                notes.append(
                    f"6 %-regelen (§ 3b) gir ikke lavere pris: {pct} % av {format_kr(income)} / {mon} "
                    f"= {format_kr(cap)} per måned."
                )

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
            discounted = fee * (HUNDRED - percent) / HUNDRED
            steps.append(Step(
                "sibling_discount", BASIS_SIBLINGS, fee, discounted,
                f"Barn nr. {rank} av {count} i barnehage ({municipality.sibling_order}): {format_number(percent)} % "
                "søskenmoderasjon.",
            ))
            fee = discounted

        fee = _core_hours(child, on, use, income, fee, municipality.full_time_hours, steps, notes, warnings)
        outcomes.append((child, tuple(steps), fee, tuple(notes)))
    return outcomes


def _core_hours(child, on, use, income, fee, full_time_hours, steps, notes, warnings):
    """§ 3c: 20 free hours a week, priced in proportion to the agreed hours (capped at the basis)."""
    starts_school = school_start(child)
    if on >= starts_school:
        warnings.append(
            f"Barn {child.id}: skolestart var {starts_school.isoformat()}; gratis kjernetid gjelder bare til "
            "skolestart. Kontroller at barnet fortsatt skal ha barnehageplass."
        )
        notes.append("Gratis kjernetid (§ 3c): barnet har nådd skolestart.")
        return fee
    min_age = int(use.value(KJERNETID_MIN_AGE))
    first_day = kjernetid_start(child, min_age)
    if on < first_day:
        notes.append(f"Gratis kjernetid (§ 3c) gjelder for dette barnet fra {first_day.isoformat()}.")
        return fee
    if fee <= 0:
        notes.append("Gratis kjernetid (§ 3c) er uten betydning: prisen er allerede 0 kr.")
        return fee
    limit = use.value(KJERNETID_INCOME_LIMIT)
    if not income < limit:
        notes.append(
            f"Gratis kjernetid (§ 3c): inntekten {format_kr(income)} er ikke lavere enn "
            f"inntektsgrensen {format_kr(limit)}."
        )
        return fee
    free = use.value(KJERNETID_FREE_HOURS)
    hours = min(child.weekly_hours, full_time_hours)
    reduced = ZERO if hours <= free else fee * (hours - free) / hours
    steps.append(Step(
        "free_core_hours", BASIS_CORE_HOURS, fee, reduced,
        f"{free} gratis timer av {hours} timer per uke (inntekt under {format_kr(limit)}): "
        f"{format_kr(fee)} × ({hours} − {free}) / {hours}.",
    ))
    return reduced
