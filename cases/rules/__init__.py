"""The rules engine: reduced parental fees in barnehage and SFO as plain, testable Python.

Standard library only (no Django, no integrations). Entry point::

    result = calculate(household, on=date(2024, 9, 1))            # seed parameters
    result = calculate(household, on=day, params=ParameterTable(rows_from_db))

Every amount is exact (``Decimal``, 50 significant digits); only the final monthly fee per child is
rounded, down to whole kroner. See docs/rules.md for the legal content.
"""
from .calculation import calculate
from .contract import parse_contract_input, parse_contract_text, result_to_contract_json
from .errors import (
    InputProblem,
    InvalidInput,
    MissingParameter,
    NoStatute,
    OverlappingParameters,
    PriceAboveMakspris,
    RulesError,
)
from .income import ClassifiedIncomeItem, DocumentedIncome, HouseholdIncome, household_income
from .outcome import DecisionOutcome, Outcome, ReasonCode, RuleId
from .parameters import ParameterRow, ParameterTable
from .periods import PeriodResult, PeriodSegment, calculate_period
from .seed import SEED_ROWS, default_table
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
    "calculate_period", "DecisionOutcome", "Outcome", "ReasonCode", "RuleId", "InputProblem", "NoStatute",
]
