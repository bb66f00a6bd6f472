"""``calculate``: the monthly fee of every child of a household on one date (the engine's entry point).

Looks every parameter up on the date, runs the barnehage or SFO chain of each child, and rounds each
child's fee down to whole kroner once, at the end. ``periods.calculate_period`` calls it for every date of
a decision period where something changes.
"""
from datetime import date
from decimal import localcontext

from .barnehage import calculate_barnehage
from .errors import InputProblem, InvalidInput
from .legal import statute_on
from .money import CONTEXT, ZERO, floor_krone
from .parameters import ParameterTable, ParameterUse
from .seed import default_table
from .sfo import calculate_sfo
from .types import BARNEHAGE, ChildResult, HouseholdInput, Result


def calculate(household: HouseholdInput, *, on: date, params: ParameterTable | None = None,
              price_at_most_makspris: bool = False) -> Result:
    """The monthly fee of every child in ``household`` for the month containing ``on``.

    Every parameter is looked up on ``on``. Raises ``MissingParameter`` when a needed (sourced) row is
    missing and ``InvalidInput`` (e.g. ``PriceAboveMakspris``) when the input cannot be computed.
    ``price_at_most_makspris`` lowers a barnehage price above makspris to makspris instead (used by
    ``calculate_period`` for dates after the period's first, where makspris may have fallen).
    """
    if not isinstance(household, HouseholdInput):
        raise InvalidInput("calculate needs a HouseholdInput",
                           code=InputProblem.MALFORMED)
    if not isinstance(on, date):
        raise InvalidInput("calculate needs a date for 'on'",
                           code=InputProblem.MALFORMED)
    use = ParameterUse(params if params is not None else default_table(), on)
    warnings: list[str] = list(household.income_warnings)
    with localcontext(CONTEXT):
        for child in household.children:
            if household.service == BARNEHAGE and child.birth_date > on:
                raise InvalidInput("a child's birth_date is after the date of the calculation",
                                   code=InputProblem.BIRTH_DATE_AFTER_CALCULATION, child_id=child.id)
        if household.service == BARNEHAGE:
            chains = calculate_barnehage(household, on, use, warnings, price_at_most_makspris)
        else:
            chains = calculate_sfo(household, on, use, warnings)
        children = []
        total = ZERO
        for child, chain in zip(household.children, chains, strict=True):
            monthly = floor_krone(chain.fee)
            total += monthly
            children.append(ChildResult(child.id, tuple(chain.steps), chain.fee, monthly, tuple(chain.notes),
                                        tuple(chain.granted), tuple(chain.refused), chain.price_rule))
    warnings.extend(use.warnings())
    return Result(
        service=household.service,
        on=on,
        household_income=household.income,
        children=tuple(children),
        total_monthly_fee=total,
        warnings=tuple(dict.fromkeys(warnings)),
        parameters_used=use.rows,
        statute=(statute_on(household.service, on),),
    )
