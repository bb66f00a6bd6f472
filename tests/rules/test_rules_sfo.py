"""SFO: the 6 % cap per pupil and the 12 free hours, rules.md § 5.

6 % cap: 1.–2. trinn from 2020-08-01, 3.–4. trinn from 2021-08-01 (never 5.–7.). 12 free hours a
week: 1. trinn from 2022-08-01, 2. from 2023-08-01, 3. from 2024-08-01, none for 4. The engine's
documented order (docs/rules.md): cap first, then the free hours in proportion to the weekly hours.
"""
import pytest

from .helpers import fees, pupil, rules, sfo, step

RICH = 2_000_000


@pytest.mark.parametrize(("trinn", "before", "after"), [
    (1, "2020-07-31", "2020-08-01"),
    (2, "2020-07-31", "2020-08-01"),
    (3, "2021-07-31", "2021-08-01"),
    (4, "2021-07-31", "2021-08-01"),
])
def test_six_percent_cap_starts_per_trinn(trinn, before, after):
    # Income 300 000: cap 18 000 / 11 = 1 636.36… a month.
    assert fees(sfo(before, 300000, pupil(trinn, price=2615))) == [2615]
    result = sfo(after, 300000, pupil(trinn, price=2615))
    assert fees(result) == [1636]
    assert step(result, "income_cap_6_percent").legal_basis == "forskrift til opplæringslova § 1B-1"


@pytest.mark.parametrize("trinn", [5, 6, 7])
def test_no_six_percent_cap_for_5_to_7_trinn(trinn):
    result = sfo("2024-09-01", 100000, pupil(trinn, price=2500))
    assert fees(result) == [2500]
    assert any("særskilte behov" in w for w in result.warnings)


def test_bergen_2019_threshold_479417_for_a_2615_place():
    # rules.md § 5: threshold = 2 615 × 11 / 0.06 = 479 416.67, published 479 417 (Bergen).
    assert fees(sfo("2021-09-01", 479416, pupil(2, price=2615))) == [2614]
    assert fees(sfo("2021-09-01", 479417, pupil(2, price=2615))) == [2615]


def test_kongsvinger_2021_threshold_552750_for_a_3015_place():
    # 3 015 × 11 / 0.06 = 552 750 exactly: at the threshold the cap equals the price, no reduction.
    assert fees(sfo("2021-08-01", 552749, pupil(3, price=3015))) == [3014]
    assert fees(sfo("2021-08-01", 552750, pupil(3, price=3015))) == [3015]
    assert fees(sfo("2021-07-31", 300000, pupil(3, price=3015))) == [3015]


@pytest.mark.parametrize(("trinn", "before", "after"), [
    (1, "2022-07-31", "2022-08-01"),
    (2, "2023-07-31", "2023-08-01"),
    (3, "2024-07-31", "2024-08-01"),
])
def test_twelve_free_hours_start_per_trinn(trinn, before, after):
    # 20 hours a week at 3 000 kr: 12 of 20 hours free → 3 000 × 8/20 = 1 200.
    assert fees(sfo(before, RICH, pupil(trinn, hours=20, price=3000))) == [3000]
    result = sfo(after, RICH, pupil(trinn, hours=20, price=3000))
    assert fees(result) == [1200]
    assert "free_sfo_hours" in rules(result)


@pytest.mark.parametrize("on", ["2024-09-01", "2026-09-01"])
def test_no_free_hours_for_4_trinn(on):
    result = sfo(on, RICH, pupil(4, hours=20, price=3000))
    assert fees(result) == [3000]
    assert "free_sfo_hours" not in rules(result)


def test_4_trinn_after_2025_uses_an_unverified_no_extension_row():
    result = sfo("2026-09-01", RICH, pupil(4, hours=20, price=3000))
    assert any("sfo_free_hours [4]" in w for w in result.warnings)


@pytest.mark.parametrize(("hours", "expected"), [(12, 0), (10, 0), (24, 1500), (15, 600)])
def test_free_hours_proportional_and_a_12_hour_place_is_free(hours, expected):
    assert fees(sfo("2024-09-01", RICH, pupil(1, hours=hours, price=3000))) == [expected]


def test_order_is_cap_first_then_free_hours():
    # 24 h at 3 000 kr, income 300 000: cap 1 636.3636… then × 12/24 = 818.18 → 818.
    # (Free hours first would give min(1 500, 1 636.36) = 1 500: the family-favourable order is chosen.)
    result = sfo("2024-09-01", 300000, pupil(1, hours=24, price=3000))
    assert rules(result) == ["price_of_place", "income_cap_6_percent", "free_sfo_hours"]
    assert fees(result) == [818]


def test_legal_basis_switches_to_the_new_act_on_2024_08_01():
    old = sfo("2024-07-31", 300000, pupil(2, hours=20, price=3000))
    new = sfo("2024-08-01", 300000, pupil(2, hours=20, price=3000))
    assert step(old, "free_sfo_hours").legal_basis == "forskrift til opplæringslova § 1B-4"
    assert step(old, "price_of_place").legal_basis.startswith("opplæringslova (1998) § 13-7")
    assert "opplæringslova § 4-5" in step(new, "income_cap_6_percent").legal_basis
    assert "opplæringsforskrifta kap. 2" in step(new, "free_sfo_hours").legal_basis


def test_sfo_payment_months_are_flagged_as_unverified():
    result = sfo("2024-09-01", 300000, pupil(1, price=3000))
    assert any("payment_months [sfo]" in w for w in result.warnings)


def test_sfo_never_checks_a_makspris():
    assert fees(sfo("2024-09-01", RICH, pupil(4, hours=25, price=5000))) == [5000]
