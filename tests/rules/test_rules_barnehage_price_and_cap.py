"""Barnehage: price of the place against makspris (forskrift §§ 1–2) and the 6 % cap (§ 3b).

Expected figures come from rules.md: makspris per period and zone (§ 1.1–1.2) and the published income
thresholds 11 × makspris / 0.06 (§ 1.4). A household BELOW the threshold gets a reduction; the final
fee is rounded down to whole kroner.
"""
import pytest

from cases.rules import MissingParameter, PriceAboveMakspris

from .helpers import barnehage, child, fees, rules, step, young

# (date, zone, makspris, last income that is reduced, first income that is not) — rules.md § 1.4.
THRESHOLDS = [
    ("2019-03-01", "standard", 2990, 548166, 548167),        # published 548 167 (Bergen 2019)
    ("2019-09-01", "standard", 3040, 557333, 557334),        # published 557 333 (Fyresdal)
    ("2020-09-01", "standard", 3135, 574749, 574750),        # exact 574 750 (Skiptvet)
    ("2021-09-01", "standard", 3230, 592166, 592167),        # published 592 167
    ("2022-03-01", "standard", 3315, 607749, 607750),        # exact 607 750 (Bergen Jan 2022)
    ("2022-09-01", "standard", 3050, 559166, 559167),        # exact 559 166.67
    ("2023-09-01", "standard", 3000, 549999, 550000),        # exact 550 000 (Vefsn, Tønsberg)
    ("2024-09-01", "standard", 2000, 366666, 366667),        # published 366 667 (Stord 2024/25)
    ("2024-09-01", "sentralitet_5_6", 1500, 274999, 275000),  # exact 275 000
    ("2025-09-01", "standard", 1200, 219999, 220000),        # exact 220 000
    ("2025-09-01", "sentralitet_5_6", 700, 128333, 128334),  # exact 128 333.33
]


@pytest.mark.parametrize(("on", "zone", "makspris", "reduced", "not_reduced"), THRESHOLDS)
def test_six_percent_threshold_one_krone_either_side(on, zone, makspris, reduced, not_reduced):
    below = barnehage(on, reduced, child(young(on), price=makspris), zone=zone)
    at = barnehage(on, not_reduced, child(young(on), price=makspris), zone=zone)
    assert "income_cap_6_percent" in rules(below)
    assert fees(below) == [makspris - 1]  # just under makspris, rounded down
    assert "income_cap_6_percent" not in rules(at)
    assert fees(at) == [makspris]


def test_threshold_2024_arithmetic_by_hand():
    # 366 666 × 6 % = 21 999.96 a year; / 11 = 1 999.996… a month → 1 999 (rounded down).
    result = barnehage("2024-09-01", 366666, child("2024-05-01"))
    cap = step(result, "income_cap_6_percent")
    assert str(cap.amount).startswith("1999.996363")
    assert fees(result) == [1999]
    # 366 667 × 6 % = 22 000.02; / 11 = 2 000.0018… ≥ 2 000: the rule does not lower the fee.
    assert fees(barnehage("2024-09-01", 366667, child("2024-05-01"))) == [2000]


def test_cap_is_6_percent_over_11_months():
    # 220 000 × 6 % / 11 = 1 200 exactly; at makspris 2 000 the fee is 1 200.
    result = barnehage("2024-09-01", 220000, child("2024-05-01"))
    assert fees(result) == [1200]
    assert step(result, "income_cap_6_percent").legal_basis == "forskrift om foreldrebetaling i barnehager § 3b"


def test_zero_income_gives_zero_fee():
    assert fees(barnehage("2024-09-01", 0, child("2024-05-01"))) == [0]


@pytest.mark.parametrize(("before", "after", "old", "new"), [
    ("2019-07-31", "2019-08-01", 2990, 3040),
    ("2019-12-31", "2020-01-01", 3040, 3135),
    ("2020-12-31", "2021-01-01", 3135, 3230),
    ("2021-12-31", "2022-01-01", 3230, 3315),
    ("2022-07-31", "2022-08-01", 3315, 3050),
    ("2022-12-31", "2023-01-01", 3050, 3000),
    ("2024-07-31", "2024-08-01", 3000, 2000),
    ("2025-07-31", "2025-08-01", 2000, 1200),
])
def test_makspris_changes_on_1_january_and_1_august(before, after, old, new):
    high = 2_000_000
    assert fees(barnehage(before, high, child(young(before), price=old))) == [old]
    assert fees(barnehage(after, high, child(young(after), price=new))) == [new]
    if old > new:
        with pytest.raises(PriceAboveMakspris):
            barnehage(after, high, child(young(after), price=old))
    else:
        with pytest.raises(PriceAboveMakspris):
            barnehage(before, high, child(young(before), price=new))


def test_full_time_price_above_makspris_is_refused_with_a_clear_error():
    with pytest.raises(PriceAboveMakspris) as error:
        barnehage("2024-09-01", 900000, child("2024-05-01", price=2001, id="12345678901"))
    message = str(error.value)
    assert "makspris 2000" in message and "standard" in message and "2024-09-01" in message
    assert "12345678901" not in message  # an id may be a fødselsnummer: never in an exception


def test_part_time_price_is_taken_as_given():
    result = barnehage("2024-09-01", 900000, child("2024-05-01", hours=25, price=1300))
    assert fees(result) == [1300]
    assert "deltid" in result.children[0].steps[0].note


def test_part_time_price_above_makspris_is_refused():
    with pytest.raises(PriceAboveMakspris, match="part-time"):
        barnehage("2024-09-01", 900000, child("2024-05-01", hours=25, price=2500))


def test_part_time_place_is_reduced_only_when_above_the_cap():
    # Cap at income 180 000: 10 800 / 11 = 981.81…; a 1 000 kr part-time place is lowered to 981.
    assert fees(barnehage("2024-09-01", 180000, child("2024-05-01", hours=25, price=1000))) == [981]
    # Cap at income 198 000: 11 880 / 11 = 1 080 > 1 000: unchanged.
    result = barnehage("2024-09-01", 198000, child("2024-05-01", hours=25, price=1000))
    assert fees(result) == [1000]
    assert rules(result) == ["price_of_place"]


def test_sentralitet_zone_makspris_1500_from_2024_08_01():
    assert fees(barnehage("2024-07-31", 2_000_000, child("2024-05-01", price=3000), zone="sentralitet_5_6")) == [3000]
    assert fees(barnehage("2024-08-01", 2_000_000, child("2024-05-01", price=1500), zone="sentralitet_5_6")) == [1500]
    with pytest.raises(PriceAboveMakspris):
        barnehage("2024-08-01", 2_000_000, child("2024-05-01", price=1501), zone="sentralitet_5_6")


def test_tiltakssone_is_free_from_2023_08_01():
    assert fees(barnehage("2023-07-31", 2_000_000, child("2023-05-01", price=3000), zone="tiltakssone")) == [3000]
    free = barnehage("2023-08-01", 2_000_000, child("2023-05-01", price=0), zone="tiltakssone")
    assert fees(free) == [0]
    assert free.total_monthly_fee == 0
    with pytest.raises(PriceAboveMakspris):
        barnehage("2023-08-01", 2_000_000, child("2023-05-01", price=1), zone="tiltakssone")


def test_tiltakssone_after_july_2026_has_no_source_and_is_not_decided():
    # rules.md § 9.3 / § 11: continuation after 31.07.2026 is not confirmed, so no row decides it.
    with pytest.raises(MissingParameter, match="makspris"):
        barnehage("2026-09-01", 500000, child("2026-05-01", price=0), zone="tiltakssone")


def test_barnehageaar_2026_27_waits_for_a_sourced_makspris():
    with pytest.raises(MissingParameter, match="makspris"):
        barnehage("2026-11-26", 200000, child("2023-03-01", price=1200))


def test_barnehageaar_2025_26_computes_on_the_sourced_makspris_with_a_warning():
    # A one-year-old needs no kjernetid limit: 200 000 × 6 % / 11 = 1 090.909… < 1 200 → 1 090.
    result = barnehage("2025-11-26", 200000, child("2025-03-01", price=1200))
    assert fees(result) == [1090]
    assert any("makspris [standard]" in w for w in result.warnings)


def test_the_only_rounding_is_the_final_fee_down():
    result = barnehage("2024-09-01", 300000, child("2024-05-01"))
    cap = step(result, "income_cap_6_percent")
    assert cap.amount == result.children[0].unrounded_fee
    assert str(cap.amount).startswith("1636.363636363636")  # exact, not rounded
    assert fees(result) == [1636]  # 1 636.36… rounded DOWN


@pytest.mark.parametrize("on", ["2018-12-31", "2027-08-01"])
def test_a_date_without_makspris_raises_missing_parameter(on):
    with pytest.raises(MissingParameter) as error:
        barnehage(on, 300000, child("2018-01-01", price=1000))
    assert "makspris" in str(error.value) and "standard" in str(error.value) and on in str(error.value)


def test_every_step_names_its_legal_basis_and_before_after_amounts():
    result = barnehage("2024-09-01", 300000, child("2021-04-10"))
    for applied in result.children[0].steps:
        assert applied.legal_basis.startswith("forskrift om foreldrebetaling i barnehager")
        assert applied.amount <= applied.amount_before
    assert [s.rule for s in result.children[0].steps] == ["price_of_place", "income_cap_6_percent",
                                                          "free_core_hours"]
    assert {row.key for row in result.parameters_used} >= {"makspris", "income_cap_percent", "payment_months",
                                                          "kjernetid_income_limit"}
