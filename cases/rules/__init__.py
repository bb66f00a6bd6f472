"""The rules engine: reduced parental fees in barnehage and SFO as plain, testable Python.

Standard library only (no Django, no integrations). Entry point::

    result = calculate(household, on=date(2024, 9, 1))            # seed parameters
    result = calculate(household, on=day, params=ParameterTable(rows_from_db))

Every amount is exact (``Decimal``, 50 significant digits); only the final monthly fee per child is
rounded, down to whole kroner. See docs/rules.md for the legal content.
"""
from datetime import date
from decimal import localcontext

from .barnehage import calculate_barnehage
from .contract import parse_contract_input, parse_contract_text, result_to_contract_json
from .errors import InvalidInput, MissingParameter, OverlappingParameters, PriceAboveMakspris, RulesError
from .income import ClassifiedIncomeItem, DocumentedIncome, HouseholdIncome, household_income
from .legal import statute_on
from .money import CONTEXT, ZERO, floor_krone
from .outcome import DecisionOutcome, Outcome, ReasonCode, RuleId
from .parameters import ParameterRow, ParameterTable, ParameterUse
from .periods import PeriodResult, PeriodSegment, calculate_period
from .seed import SEED_ROWS, default_table
from .sfo import calculate_sfo
from .types import (
    BARNEHAGE,
    SFO,
    BarnehageChild,
    ChildResult,
    HouseholdInput,
    Municipality,
    Result,
    SfoPupil,
    Step,
)

# Stored on each decision (Decision.rules_version); change it whenever the legal content of the engine
# (a rule, an order of steps, the rounding) changes. Parameter values are versioned by their own rows.
RULES_VERSION = "2026.12.1"

__all__ = [
    "RULES_VERSION", "BARNEHAGE", "SFO", "SEED_ROWS", "BarnehageChild", "ChildResult", "ClassifiedIncomeItem",
    "DocumentedIncome", "HouseholdIncome", "HouseholdInput", "InvalidInput", "MissingParameter",
    "Municipality", "OverlappingParameters", "ParameterRow", "ParameterTable", "PriceAboveMakspris",
    "Result", "RulesError", "SfoPupil", "Step", "calculate", "default_table", "household_income",
    "parse_contract_input", "parse_contract_text", "result_to_contract_json", "PeriodResult", "PeriodSegment",
    "calculate_period", "DecisionOutcome", "Outcome", "ReasonCode", "RuleId",
]


def calculate(household: HouseholdInput, *, on: date, params: ParameterTable | None = None,
              price_at_most_makspris: bool = False) -> Result:
    """The monthly fee of every child in ``household`` for the month containing ``on``.

    Every parameter is looked up on ``on``. Raises ``MissingParameter`` when a needed (sourced) row is
    missing and ``InvalidInput`` (e.g. ``PriceAboveMakspris``) when the input cannot be computed.
    ``price_at_most_makspris`` lowers a barnehage price above makspris to makspris instead (used by
    ``calculate_period`` for dates after the period's first, where makspris may have fallen).
    """
    if not isinstance(household, HouseholdInput):
        raise InvalidInput("calculate needs a HouseholdInput")
    if not isinstance(on, date):
        raise InvalidInput("calculate needs a date for 'on'")
    use = ParameterUse(params if params is not None else default_table(), on)
    warnings: list[str] = list(household.income_warnings)
    with localcontext(CONTEXT):
        for child in household.children:
            if household.service == BARNEHAGE and child.birth_date > on:
                raise InvalidInput("a child's birth_date is after the date of the calculation")
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
