"""Søskenmoderasjon (forskrift § 3a), rules.md § 4.

At least 30 % for child no. 2 and 50 % for child no. 3+ until 2023-07-31; from 2023-08-01 child no. 3+
is free when three or more are in barnehage at the same time. The discount is computed on the fee
capped by § 3b; which child is no. 1 is kommune policy. SFO has no national sibling discount.
"""
import pytest

from .helpers import barnehage, child, fees, pupil, rules, sfo, step

RICH = 900_000  # above the 6 % threshold and every kjernetid limit: only the sibling rule acts


def test_second_child_pays_70_percent():
    result = barnehage("2024-09-01", RICH, child("2020-01-01"), child("2022-01-01"))
    assert fees(result) == [2000, 1400]
    assert result.total_monthly_fee == 3400
    assert step(result, "sibling_discount", 1).legal_basis == "forskrift om foreldrebetaling i barnehager § 3a"


def test_third_child_half_price_until_31_july_2023():
    kids = (child("2018-09-01", price=3000), child("2020-01-01", price=3000), child("2022-01-01", price=3000))
    assert fees(barnehage("2023-07-31", RICH, *kids)) == [3000, 2100, 1500]


def test_third_child_free_from_1_august_2023():
    kids = (child("2018-09-01", price=3000), child("2020-01-01", price=3000), child("2022-01-01", price=3000))
    assert fees(barnehage("2023-08-01", RICH, *kids)) == [3000, 2100, 0]


def test_fourth_child_is_free_too():
    kids = [child(f"20{year}-03-01") for year in (19, 20, 21, 22)]
    assert fees(barnehage("2024-09-01", RICH, *kids)) == [2000, 1400, 0, 0]


def test_fourth_child_half_price_before_the_2023_rule():
    kids = [child(f"20{year}-03-01", price=3050) for year in (17, 18, 19, 20)]
    assert fees(barnehage("2022-09-01", RICH, *kids)) == [3050, 2135, 1525, 1525]


def test_one_child_has_no_sibling_step():
    assert "sibling_discount" not in rules(barnehage("2024-09-01", RICH, child("2020-01-01")))


def test_youngest_first_policy():
    result = barnehage("2024-09-01", RICH, child("2020-01-01"), child("2022-01-01"), sibling_order="youngest_first")
    assert fees(result) == [1400, 2000]


def test_most_and_least_expensive_first_policies():
    older_part_time = child("2019-05-01", hours=30, price=1000)
    younger_full = child("2022-05-01", price=2000)
    assert fees(barnehage("2024-09-01", RICH, older_part_time, younger_full)) == [1000, 1400]
    assert fees(barnehage("2024-09-01", RICH, older_part_time, younger_full,
                          sibling_order="most_expensive_first")) == [700, 2000]
    assert fees(barnehage("2024-09-01", RICH, older_part_time, younger_full,
                          sibling_order="least_expensive_first")) == [1000, 1400]


def test_twins_are_ranked_in_input_order():
    result = barnehage("2024-09-01", RICH, child("2022-01-01", id="a"), child("2022-01-01", id="b"))
    assert fees(result) == [2000, 1400]


def test_discount_is_computed_on_the_capped_fee():
    # 300 000: cap 1 636.3636… per child; child 2 pays 70 % of the CAPPED fee = 1 145.45 → 1 145.
    result = barnehage("2024-09-01", 300000, child("2023-02-01"), child("2024-02-01"))
    assert fees(result) == [1636, 1145]
    assert step(result, "sibling_discount", 1).amount_before == step(result, "income_cap_6_percent", 1).amount


def test_full_order_cap_then_siblings_then_kjernetid():
    # Child 2 (3 years old): 2 000 → 1 636.36 (§ 3b) → × 0.7 (§ 3a) → × 21/41 (§ 3c) = 264 600/451 = 586.69.
    result = barnehage("2024-09-01", 300000, child("2020-02-01"), child("2021-02-01"))
    assert rules(result, 1) == ["price_of_place", "income_cap_6_percent", "sibling_discount", "free_core_hours"]
    assert fees(result) == [838, 586]


def test_siblings_in_tiltakssone_stay_free():
    kids = (child("2020-01-01", price=0), child("2022-01-01", price=0))
    assert fees(barnehage("2024-09-01", RICH, *kids, zone="tiltakssone")) == [0, 0]


@pytest.mark.parametrize("on", ["2023-09-01", "2024-09-01"])
def test_sfo_has_no_national_sibling_discount(on):
    result = sfo(on, RICH, pupil(4, price=3000, id="a"), pupil(4, price=3000, id="b"))
    assert fees(result) == [3000, 3000]
    assert all("sibling_discount" not in rules(result, i) for i in range(2))
