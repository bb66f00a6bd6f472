"""SFO (and Oslo's AKS) fee per pupil per month: the 6 % cap and the 12 free hours.

National rules (rules.md § 5): the 6 % cap per pupil for 1.–2. trinn from 2020-08-01 and 3.–4. trinn
from 2021-08-01; 12 free hours a week for 1. trinn from 2022-08-01, 2. from 2023-08-01, 3. from
2024-08-01. There is no national makspris and no national sibling discount for SFO; the kommune's own
monthly SFO price for the place is the input.

Order decided here (reasoning in docs/rules.md): price of the place → 6 % cap → free hours, the free
hours priced in proportion to the agreed weekly hours: fee × (hours − 12) / hours, 0 for ≤ 12 hours.
"""
from datetime import date
from decimal import Decimal

from .money import ZERO, format_kr, format_number
from .parameters import INCOME_CAP_PERCENT, PAYMENT_MONTHS, SFO_FREE_HOURS, SFO_INCOME_CAP_TRINN, ParameterUse
from .types import HouseholdInput, Step

NEW_ACT_FROM = date(2024, 8, 1)  # LOV-2023-06-09-30 and FOR-2024-06-03-900 in force
HUNDRED = Decimal(100)


def legal_bases(on: date) -> tuple[str, str, str]:
    """(price, 6 % cap, free hours) legal bases in force on ``on``.

    The section numbers of the 6 % and 12-hour rules inside opplæringsforskrifta kap. 2 are not
    verified (rules.md § 9.5), so the chapter is cited.
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


def calculate_sfo(household: HouseholdInput, on: date, use: ParameterUse, warnings: list[str]):
    """Exact fee per pupil (in input order) as ``(pupil, steps, fee, notes)`` tuples."""
    basis_price, basis_cap, basis_free = legal_bases(on)
    income = household.income
    outcomes = []
    for pupil in household.children:
        trinn = str(pupil.grade)
        steps: list[Step] = []
        notes: list[str] = []
        fee = pupil.monthly_price
        steps.append(Step(
            "price_of_place", basis_price, fee, fee,
            f"Kommunens SFO-pris for plassen ({pupil.weekly_hours} t/uke, {trinn}. trinn). "
            "Kost kommer i tillegg og reduseres ikke.",
        ))

        if fee > 0 and use.value(SFO_INCOME_CAP_TRINN, trinn) == 1:
            percent = use.value(INCOME_CAP_PERCENT, "sfo")
            months = use.value(PAYMENT_MONTHS, "sfo")
            cap = income * percent / (HUNDRED * months)
            pct, mon = format_number(percent), format_number(months)
            if cap < fee:
                steps.append(Step(
                    "income_cap_6_percent", basis_cap, fee, cap,
                    f"{pct} % av inntekt {format_kr(income)} / {mon} betalingsmåneder = "
                    f"{format_kr(cap)} per måned, lavere enn {format_kr(fee)}.",
                ))
                fee = cap
            else:
                notes.append(f"6 %-regelen gir ikke lavere pris: taket er {format_kr(cap)} per måned.")
        elif fee > 0:
            notes.append(f"6 %-regelen for SFO gjelder ikke {trinn}. trinn på denne datoen.")

        if fee > 0:
            free = use.value(SFO_FREE_HOURS, trinn)
            if free > 0:
                hours = pupil.weekly_hours
                reduced = ZERO if hours <= free else fee * (hours - free) / hours
                steps.append(Step(
                    "free_sfo_hours", basis_free, fee, reduced,
                    f"{free} gratis timer av {hours} timer per uke ({trinn}. trinn): "
                    f"{format_kr(fee)} × ({hours} − {free}) / {hours}.",
                ))
                fee = reduced
            else:
                notes.append(f"Ingen nasjonale gratis SFO-timer for {trinn}. trinn på denne datoen.")
        if pupil.grade >= 5:
            warnings.append(
                f"Elev {pupil.id} går på {trinn}. trinn: gratis SFO for elever med særskilte behov på "
                "5.–7. trinn er ikke beregnet her og må vurderes av saksbehandler."
            )
        outcomes.append((pupil, tuple(steps), fee, tuple(notes)))
    return outcomes
