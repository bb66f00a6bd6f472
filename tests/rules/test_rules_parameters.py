"""Dated parameter rows and their lookup; the seed rows against rules.md."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from cases.rules import SEED_ROWS, MissingParameter, OverlappingParameters, ParameterRow, ParameterTable

D = date.fromisoformat


def row(start, end, value, key="makspris", qualifier="standard", verified=True):
    return ParameterRow(key, qualifier, D(start), D(end) if end else None, Decimal(value), "test", verified)


def test_valid_to_is_inclusive_and_the_next_row_starts_the_day_after():
    table = ParameterTable([row("2023-01-01", "2024-07-31", 3000), row("2024-08-01", None, 2000)])
    assert table.lookup("makspris", D("2024-07-31"), "standard").value == 3000
    assert table.lookup("makspris", D("2024-08-01"), "standard").value == 2000
    assert table.lookup("makspris", D("2099-01-01"), "standard").value == 2000


def test_a_gap_raises_missing_parameter_naming_key_qualifier_and_date():
    table = ParameterTable([row("2023-01-01", "2023-12-31", 3000), row("2024-02-01", None, 2000)])
    with pytest.raises(MissingParameter) as error:
        table.lookup("makspris", D("2024-01-15"), "standard")
    assert str(error.value) == "missing parameter: no row for key 'makspris', qualifier standard on 2024-01-15"
    with pytest.raises(MissingParameter):
        table.lookup("makspris", D("2022-12-31"), "standard")


def test_qualifiers_are_separate_and_an_unknown_key_is_missing():
    table = ParameterTable([row("2024-08-01", None, 2000), row("2024-08-01", None, 1500, qualifier="sentralitet_5_6")])
    assert table.lookup("makspris", D("2024-09-01"), "sentralitet_5_6").value == 1500
    with pytest.raises(MissingParameter, match="tiltakssone"):
        table.lookup("makspris", D("2024-09-01"), "tiltakssone")
    with pytest.raises(MissingParameter, match="no_such_key"):
        table.lookup("no_such_key", D("2024-09-01"))


@pytest.mark.parametrize("rows", [
    [row("2023-01-01", "2024-08-01", 3000), row("2024-08-01", None, 2000)],   # one shared day
    [row("2023-01-01", None, 3000), row("2024-08-01", None, 2000)],           # open-ended, then another
    [row("2024-08-01", None, 2000), row("2024-08-01", "2025-01-01", 1)],      # same start
    [row("2024-08-01", "2024-07-01", 2000)],                                  # ends before it starts
])
def test_overlapping_or_inverted_rows_are_refused(rows):
    with pytest.raises(OverlappingParameters):
        ParameterTable(rows)


# --- the seed -------------------------------------------------------------------------------------

TABLE = ParameterTable(SEED_ROWS)  # constructing it proves there is no overlap


def _days(start, end, step=7):
    day = D(start)
    while day <= D(end):
        yield day
        day += timedelta(days=step)


NEEDED = [("makspris", z, "2019-01-01") for z in ("standard", "sentralitet_5_6", "tiltakssone")] + [
    ("kjernetid_income_limit", "", "2019-01-01"), ("kjernetid_free_hours", "", "2019-01-01"),
    ("kjernetid_min_age", "", "2019-01-01"), ("income_cap_percent", "", "2019-01-01"),
    ("payment_months", "", "2019-01-01"), ("sibling_discount", "2", "2019-01-01"),
    ("sibling_discount", "3", "2019-01-01"), ("sibling_third_child_free", "", "2019-01-01"),
    ("income_cap_percent", "sfo", "2020-08-01"), ("payment_months", "sfo", "2020-08-01"),
] + [(key, str(t), "2019-01-01") for key in ("sfo_income_cap_trinn", "sfo_free_hours") for t in range(1, 8)]


# Sourced rows end where the sources end (docs/reference/rules.md § 11): makspris 2025/26, the kjernetid
# limit 2024/25. Later dates have no row, so a decision needing them waits for rates.
LAST_SOURCED = {"makspris": "2026-07-31", "kjernetid_income_limit": "2025-07-31"}


@pytest.mark.parametrize(("key", "qualifier", "start"), NEEDED)
def test_seed_covers_every_day_from_2019_to_the_last_sourced_day(key, qualifier, start):
    last = LAST_SOURCED.get(key, "2027-07-31")
    for day in [*_days(start, last), D(last)]:
        TABLE.lookup(key, day, qualifier)
    if key in LAST_SOURCED:
        with pytest.raises(MissingParameter):
            TABLE.lookup(key, D(last) + timedelta(days=1), qualifier)


@pytest.mark.parametrize(("key", "qualifier", "on", "value"), [
    ("makspris", "standard", "2019-07-31", 2990), ("makspris", "standard", "2019-08-01", 3040),
    ("makspris", "standard", "2020-06-01", 3135), ("makspris", "standard", "2021-06-01", 3230),
    ("makspris", "standard", "2022-07-31", 3315), ("makspris", "standard", "2022-08-01", 3050),
    ("makspris", "standard", "2023-01-01", 3000), ("makspris", "standard", "2024-08-01", 2000),
    ("makspris", "standard", "2025-08-01", 1200), ("makspris", "sentralitet_5_6", "2024-07-31", 3000),
    ("makspris", "sentralitet_5_6", "2024-08-01", 1500), ("makspris", "sentralitet_5_6", "2025-08-01", 700),
    ("makspris", "tiltakssone", "2023-07-31", 3000), ("makspris", "tiltakssone", "2023-08-01", 0),
    ("kjernetid_income_limit", "", "2019-07-31", 533500), ("kjernetid_income_limit", "", "2019-08-01", 548500),
    ("kjernetid_income_limit", "", "2020-08-01", 566100), ("kjernetid_income_limit", "", "2021-08-01", 583650),
    ("kjernetid_income_limit", "", "2022-08-01", 598825), ("kjernetid_income_limit", "", "2023-08-01", 615590),
    ("kjernetid_income_limit", "", "2024-08-01", 642700), ("kjernetid_min_age", "", "2019-07-31", 3),
    ("kjernetid_min_age", "", "2019-08-01", 2), ("kjernetid_free_hours", "", "2024-01-01", 20),
    ("income_cap_percent", "", "2024-01-01", 6), ("payment_months", "", "2024-01-01", 11),
    ("sibling_discount", "2", "2024-01-01", 30), ("sibling_discount", "3", "2022-01-01", 50),
    ("sibling_third_child_free", "", "2023-07-31", 0), ("sibling_third_child_free", "", "2023-08-01", 1),
    ("sfo_income_cap_trinn", "2", "2020-07-31", 0), ("sfo_income_cap_trinn", "2", "2020-08-01", 1),
    ("sfo_income_cap_trinn", "4", "2021-07-31", 0), ("sfo_income_cap_trinn", "4", "2021-08-01", 1),
    ("sfo_income_cap_trinn", "5", "2024-01-01", 0), ("sfo_free_hours", "1", "2022-08-01", 12),
    ("sfo_free_hours", "2", "2023-07-31", 0), ("sfo_free_hours", "3", "2024-08-01", 12),
    ("sfo_free_hours", "4", "2026-09-01", 0),
])
def test_seed_values_are_the_figures_in_rules_md(key, qualifier, on, value):
    assert TABLE.lookup(key, D(on), qualifier).value == value


def test_the_synthetic_692465_is_never_used():
    assert all(r.value != 692465 for r in SEED_ROWS)


def test_no_value_is_carried_forward_without_a_source():
    # rules.md § 11: 642 700 is the 2024/25 figure; carrying it into 2025/26 refused families entitled
    # to free hours. Nothing in the seed is a carried value any more.
    for on in ("2025-08-01", "2026-11-26"):
        with pytest.raises(MissingParameter, match="kjernetid_income_limit"):
            TABLE.lookup("kjernetid_income_limit", D(on))
    for zone in ("standard", "sentralitet_5_6", "tiltakssone"):
        with pytest.raises(MissingParameter, match="makspris"):
            TABLE.lookup("makspris", D("2026-08-01"), zone)
    assert not any("videreført" in r.note for r in SEED_ROWS)


def test_makspris_2025_26_cites_for_2025_10_19_2058():
    for zone, value in (("standard", 1200), ("sentralitet_5_6", 700), ("tiltakssone", 0)):
        found = TABLE.lookup("makspris", D("2025-09-01"), zone)
        assert found.value == value and "FOR-2025-10-19-2058" in found.source


def test_a_row_without_a_source_counts_as_missing():
    unsourced = ParameterRow("kjernetid_income_limit", "", D("2025-08-01"), D("2026-07-31"), Decimal(642700),
                             "  ", False, "carried")
    with pytest.raises(MissingParameter) as error:
        ParameterTable([unsourced]).lookup("kjernetid_income_limit", D("2025-09-01"))
    assert error.value.unsourced and "unsourced" in str(error.value)


@pytest.mark.parametrize(("key", "qualifier", "on"), [
    ("makspris", "standard", "2025-09-01"), ("makspris", "sentralitet_5_6", "2025-09-01"),
    ("makspris", "standard", "2021-06-01"), ("kjernetid_income_limit", "", "2024-09-01"),
])
def test_values_rules_md_marks_muni_derived_or_missing_are_unverified(key, qualifier, on):
    assert TABLE.lookup(key, D(on), qualifier).verified is False


def test_every_row_cites_rules_md_and_fits_the_django_model():
    for r in SEED_ROWS:
        assert r.source.startswith("rules.md: ") and len(r.source) <= 500
        assert len(r.key) <= 50 and len(r.qualifier) <= 30
        assert r.value == r.value.quantize(Decimal("0.0001"))  # DecimalField(decimal_places=4)
        if not r.verified:
            assert r.note, f"unverified row without a reason: {r.label()}"
        if "[B]" not in r.source:
            assert not r.verified, f"only [B] rows may be verified: {r.label()}"
