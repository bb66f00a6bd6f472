"""Gratis kjernetid (forskrift § 3c): 20 free hours a week, rules.md § 3.

From 1 August of the calendar year the child turns 2 (3 before 2019-08-01) until school start
(August of the year the child turns 6; one year later with utsatt skolestart), when household income
is STRICTLY below the limit of the barnehageår. The deduction is fee × (1 − 20 / hours), hours = the
agreed weekly hours capped at the kommune's full-time basis (default 41); ≤ 20 hours costs 0.
"""
from decimal import Decimal

import pytest

from cases.rules import SEED_ROWS, HouseholdInput, MissingParameter, Municipality, ParameterTable, calculate

from .helpers import D, barnehage, child, fees, rules, step


@pytest.mark.parametrize(("on", "price", "limit"), [
    ("2023-02-01", 3000, 598825),  # 2022/23 [B] udir
    ("2024-03-01", 3000, 615590),  # 2023/24
    ("2024-09-01", 2000, 642700),  # 2024/25 (Stord)
])
def test_income_limit_is_strict_one_krone_either_side(on, price, limit):
    born = "2020-05-05"  # 2-5 years old on every date above
    below = barnehage(on, limit - 1, child(born, price=price))
    at = barnehage(on, limit, child(born, price=price))
    # Incomes this high are above the 6 % threshold, so only kjernetid can change the fee:
    assert "income_cap_6_percent" not in rules(below)
    assert fees(below) == [price * 21 // 41]  # 20 of 41 hours free, rounded down
    assert "free_core_hours" not in rules(at)
    assert fees(at) == [price]
    assert any("ikke lavere enn inntektsgrensen" in note for note in at.children[0].notes)


def test_example_642699_gives_1024_and_642700_gives_2000():
    assert fees(barnehage("2024-09-01", 642699, child("2021-04-10"))) == [1024]  # 2000 × 21/41 = 1024.39
    assert fees(barnehage("2024-09-01", 642700, child("2021-04-10"))) == [2000]


def test_limit_follows_the_barnehageaar_and_changes_on_1_august():
    # 620 000 is above the 2023/24 limit (615 590) but below the 2024/25 limit (642 700).
    assert fees(barnehage("2024-07-31", 620000, child("2020-05-05", price=3000))) == [3000]
    assert fees(barnehage("2024-08-01", 620000, child("2020-05-05", price=2000))) == [1024]


def test_age_two_from_1_august_of_the_year_the_child_turns_two():
    born = "2022-03-01"  # turns 2 in 2024
    assert "free_core_hours" not in rules(barnehage("2024-07-31", 500000, child(born, price=3000)))
    result = barnehage("2024-08-01", 500000, child(born, price=2000))
    assert step(result, "free_core_hours").legal_basis == "forskrift om foreldrebetaling i barnehager § 3c"
    assert fees(result) == [1024]


def test_a_child_born_31_december_counts_from_the_same_august():
    assert fees(barnehage("2024-08-01", 500000, child("2022-12-31", price=2000))) == [1024]


def test_before_2019_08_01_kjernetid_starts_in_the_year_the_child_turns_three():
    # In 2019 the 6 % threshold (548 167) is above the kjernetid limit (533 500 / 548 500), so an
    # income of 530 000 gets both: cap 530 000 × 6 % / 11 = 2 890.909…, then × 21/41 = 1 480.70….
    turned_three_2019 = child("2016-06-01", price=2990)
    turned_three_2018 = child("2015-06-01", price=2990)
    assert fees(barnehage("2019-07-31", 530000, turned_three_2019)) == [2890]
    assert fees(barnehage("2019-07-31", 530000, turned_three_2018)) == [1480]
    # From 2019-08-01 also 2-åringer.
    assert fees(barnehage("2019-08-01", 530000, child("2017-06-01", price=3040))) == [1480]


def test_kjernetid_ends_at_school_start():
    born = "2018-03-01"  # turns 6 in 2024: school from 2024-08-01
    assert "free_core_hours" in rules(barnehage("2024-07-31", 500000, child(born, price=3000)))
    after = barnehage("2024-08-01", 500000, child(born, price=2000))
    assert "free_core_hours" not in rules(after)
    assert any("skolestart" in w for w in after.warnings)


def test_utsatt_skolestart_keeps_kjernetid_one_more_barnehageaar():
    born = "2018-03-01"
    assert fees(barnehage("2024-08-01", 500000, child(born, price=2000, deferred=True))) == [1024]
    assert fees(barnehage("2025-07-31", 500000, child(born, price=2000, deferred=True))) == [1024]
    assert "free_core_hours" not in rules(barnehage("2025-08-01", 500000, child(born, price=1200,
                                                                                 deferred=True)))


@pytest.mark.parametrize(("hours", "price", "expected"), [
    (20, 1000, 0),        # a 20-hour place costs nothing but kost
    (15, 800, 0),
    (30, 1500, 500),      # 1 500 × 10/30
    (41, 2000, 1024),     # 2 000 × 21/41 = 1 024.39
    (45, 2000, 1024),     # hours capped at the full-time basis 41
])
def test_free_hours_proportional_to_agreed_hours(hours, price, expected):
    assert fees(barnehage("2024-09-01", 600000, child("2021-01-01", hours=hours, price=price))) == [expected]


def test_kommune_full_time_basis_of_45_hours():
    # 45-hour place, basis 45: 2 000 × 25/45 = 1 111.11 → 1 111; a 41-hour place stays 21/41.
    assert fees(barnehage("2024-09-01", 600000, child("2021-01-01", hours=45), full_time_hours=45)) == [1111]
    assert fees(barnehage("2024-09-01", 600000, child("2021-01-01", hours=41), full_time_hours=45)) == [1024]


def test_a_basis_below_41_hours_is_allowed_but_warned():
    # Basis 37.5: a 41-hour place counts as 37.5 hours: 2 000 × 17.5/37.5 = 933.33 → 933.
    result = barnehage("2024-09-01", 600000, child("2021-01-01"), full_time_hours="37.5")
    assert fees(result) == [933]
    assert any("under 41 timer" in w for w in result.warnings)


def test_free_hours_are_priced_from_the_capped_fee():
    # The contract example: 2 000 → 1 636.3636 (6 %) → × 21/41 = 838.1374 → 838.
    result = barnehage("2024-09-01", 300000, child("2021-04-10"))
    assert step(result, "free_core_hours").amount_before == step(result, "income_cap_6_percent").amount
    assert fees(result) == [838]


def test_a_child_too_young_never_needs_the_limit():
    # No kjernetid_income_limit row is read for a one-year-old, so no warning about it either.
    result = barnehage("2025-09-01", 100000, child("2024-05-01", price=1200))
    assert "kjernetid_income_limit" not in {row.key for row in result.parameters_used}


def test_kjernetid_is_refused_for_a_barnehageaar_without_a_limit():
    # rules.md § 9.2: no limit entered for the period → no kjernetid computation, an error instead.
    rows = [r for r in SEED_ROWS if not (r.key == "kjernetid_income_limit" and r.valid_from == D("2024-08-01"))]
    household = HouseholdInput("barnehage", Municipality(), Decimal(100000), (child("2021-01-01", price=2000),))
    with pytest.raises(MissingParameter) as error:
        calculate(household, on=D("2024-09-01"), params=ParameterTable(rows))
    assert "kjernetid_income_limit" in str(error.value) and "2024-09-01" in str(error.value)


def test_nothing_is_seeded_beyond_barnehageaar_2026_27():
    with pytest.raises(MissingParameter, match="2027-08-01"):
        barnehage("2027-08-01", 100000, child("2023-01-01", price=0))


def test_650000_on_2025_09_01_is_not_decided_on_the_2024_25_limit():
    # Issue 11 defect 1: carrying 642 700 forward gave 1 200 kr instead of about 614 kr. Without a sourced
    # 2025/26 limit the engine must not decide at all.
    with pytest.raises(MissingParameter) as error:
        barnehage("2025-09-01", 650000, child("2021-01-01", price=1200))
    assert error.value.key == "kjernetid_income_limit" and error.value.on == D("2025-09-01")
