"""Properties that follow from the law for every household (hypothesis):

- the fee never exceeds the price of the place (reductions only reduce; kost is not part of it);
- when the 6 % rule lowers a fee, the fee never exceeds 6 % of income / 11;
- the fee never rises when income falls (every rule is income-tested downwards only);
- only the final fee is rounded, down to whole kroner.
"""
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cases.rules import (
    SEED_ROWS,
    BarnehageChild,
    HouseholdInput,
    Municipality,
    ParameterTable,
    SfoPupil,
    calculate,
)

TABLE = ParameterTable(SEED_ROWS)
# Every barnehage parameter has a sourced row from 2019 to 2025-07-31 (later: waits for rates).
dates = st.dates(min_value=date(2019, 1, 1), max_value=date(2025, 7, 31))
zones = st.sampled_from(["standard", "sentralitet_5_6", "tiltakssone"])
orders = st.sampled_from(["oldest_first", "youngest_first", "most_expensive_first", "least_expensive_first"])
incomes = st.integers(min_value=0, max_value=2_000_000)
hours = st.integers(min_value=1, max_value=60)


@st.composite
def barnehage_households(draw):
    on = draw(dates)
    zone = draw(zones)
    makspris = TABLE.lookup("makspris", on, zone).value
    children = []
    for number in range(draw(st.integers(min_value=1, max_value=4))):
        born = on - timedelta(days=draw(st.integers(min_value=0, max_value=7 * 365)))
        price = Decimal(draw(st.integers(min_value=0, max_value=int(makspris))))
        children.append(BarnehageChild(str(number), born, Decimal(draw(hours)), price, draw(st.booleans())))
    municipality = Municipality(zone=zone, full_time_hours=Decimal(draw(st.sampled_from([41, 45]))),
                                sibling_order=draw(orders))
    return on, municipality, tuple(children)


@st.composite
def sfo_households(draw):
    on = draw(st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 12, 31)))
    pupils = tuple(
        SfoPupil(str(n), draw(st.integers(1, 7)), Decimal(draw(hours)), Decimal(draw(st.integers(0, 6000))))
        for n in range(draw(st.integers(min_value=1, max_value=3)))
    )
    return on, pupils


def compute(service, on, municipality, children, income):
    return calculate(HouseholdInput(service, municipality, Decimal(income), children), on=on, params=TABLE)


@settings(deadline=None, max_examples=300)
@given(barnehage_households(), incomes)
def test_barnehage_fee_never_exceeds_the_price_and_respects_the_cap(household, income):
    on, municipality, children = household
    result = compute("barnehage", on, municipality, children, income)
    cap = Decimal(income) * 6 / 100 / 11
    for given_child, outcome in zip(children, result.children, strict=True):
        assert 0 <= outcome.monthly_fee <= given_child.monthly_price
        assert outcome.monthly_fee <= outcome.unrounded_fee < outcome.monthly_fee + 1
        assert outcome.monthly_fee == int(outcome.monthly_fee)
        if any(s.rule == "income_cap_6_percent" for s in outcome.steps) or cap < given_child.monthly_price:
            assert outcome.monthly_fee <= cap
    assert result.total_monthly_fee == sum(c.monthly_fee for c in result.children)


@settings(deadline=None, max_examples=300)
@given(barnehage_households(), incomes, st.integers(min_value=1, max_value=500_000))
def test_barnehage_fee_never_rises_when_income_falls(household, income, drop):
    on, municipality, children = household
    higher = compute("barnehage", on, municipality, children, income + drop)
    lower = compute("barnehage", on, municipality, children, income)
    for rich, poor in zip(higher.children, lower.children, strict=True):
        assert poor.unrounded_fee <= rich.unrounded_fee
        assert poor.monthly_fee <= rich.monthly_fee


@settings(deadline=None, max_examples=300)
@given(sfo_households(), incomes, st.integers(min_value=1, max_value=500_000))
def test_sfo_fee_bounded_by_price_and_monotone_in_income(household, income, drop):
    on, pupils = household
    higher = compute("sfo", on, Municipality(), pupils, income + drop)
    lower = compute("sfo", on, Municipality(), pupils, income)
    cap = Decimal(income) * 6 / 100 / 11
    for given_pupil, rich, poor in zip(pupils, higher.children, lower.children, strict=True):
        assert 0 <= poor.monthly_fee <= rich.monthly_fee <= given_pupil.monthly_price
        if any(s.rule == "income_cap_6_percent" for s in poor.steps):
            assert poor.monthly_fee <= cap


@settings(deadline=None, max_examples=200)
@given(barnehage_households(), incomes)
def test_steps_chain_and_each_only_lowers(household, income):
    on, municipality, children = household
    for outcome in compute("barnehage", on, municipality, children, income).children:
        steps = outcome.steps
        assert steps[0].rule == "price_of_place"
        for earlier, later in zip(steps, steps[1:], strict=False):
            assert later.amount_before == earlier.amount
        assert all(s.amount <= s.amount_before for s in steps)
        assert steps[-1].amount == outcome.unrounded_fee
