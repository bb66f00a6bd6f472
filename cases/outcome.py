"""The structured outcome of a stored Decision (``Decision.calculation["outcome"]``) as dataclasses.

``decision_outcome(decision)`` is how every consumer (case page, letter, renewal, statistics) reads
what was decided: granted and refused reductions with reason codes, the fee per child from each date,
the parameters used. Decisions stored before the outcome existed are read back from their steps as
one segment (granted from the steps; refusals are then unknown and left empty).
"""
from decimal import Decimal

from cases.rules.outcome import (
    ChildOutcome,
    DecisionOutcome,
    FeeSegment,
    Granted,
    Outcome,
    ParameterUsed,
    RuleId,
    outcome_of,
)


def decision_outcome(decision) -> DecisionOutcome:
    """The decision's outcome; never fails on an old row (see module docstring)."""
    calculation = decision.calculation or {}
    stored = calculation.get("outcome")
    if stored:
        return DecisionOutcome.from_dict(stored)
    return _legacy(decision, calculation)


def _legacy(decision, calculation: dict) -> DecisionOutcome:
    parameters = tuple(ParameterUsed.from_dict(p) for p in calculation.get("parameters_used") or ())
    children = []
    for child in calculation.get("children") or ():
        granted = []
        for step in child.get("steps") or ():
            try:
                rule = RuleId(step.get("rule"))
            except ValueError:
                continue
            before, after = Decimal(str(step.get("amount_before", "0"))), Decimal(str(step.get("amount", "0")))
            if rule != RuleId.PRICE_OF_PLACE and after < before:
                granted.append(Granted(rule, (), before, after))
        fee = int(child.get("monthly_fee", 0))
        segment = FeeSegment(decision.valid_from, decision.valid_to, fee,
                             Decimal(str(child.get("unrounded_fee", fee))), outcome_of(granted, (), Decimal(fee)),
                             granted[-1].rule if granted else RuleId.PRICE_OF_PLACE, tuple(granted))
        children.append(ChildOutcome(str(child.get("id")), (segment,), parameters))
    return DecisionOutcome(calculation.get("service", ""), decision.valid_from, decision.valid_to, tuple(children))


__all__ = ["decision_outcome", "Outcome"]
