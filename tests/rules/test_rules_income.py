"""Household income (rules.md § 2 and § 6): personinntekt + gross kapitalinntekt of søker and
ektefelle/samboer; tax-free transfers are not counted; unknown posts are reported and never counted;
documented income (vesentlig og varig endring) replaces the fetched income of that person.
"""
from decimal import Decimal

import pytest

from cases.rules import ClassifiedIncomeItem, DocumentedIncome, InvalidInput, household_income


def item(amount, income_class, owner="soker", name="post"):
    return ClassifiedIncomeItem(Decimal(amount), income_class, owner, name)


def test_person_and_capital_income_of_both_adults_are_counted():
    result = household_income([
        item(612450, "personinntekt", name="samletLoennsinntekt"),
        item(12000, "kapitalinntekt", name="utbytteFraAksje"),
        item(300000, "personinntekt", "ektefelle_samboer"),
        item(3812, "kapitalinntekt", "ektefelle_samboer"),
    ])
    assert result.total == Decimal(612450 + 12000 + 300000 + 3812)
    assert result.warnings == ()
    soker = result.persons[0]
    assert (soker.personinntekt, soker.kapitalinntekt) == (Decimal(612450), Decimal(12000))


def test_tax_free_transfers_are_not_counted():
    result = household_income([item(500000, "personinntekt"), item(18000, "not_counted", name="barnetrygd")])
    assert result.total == Decimal(500000)
    assert result.warnings == ()


def test_unknown_items_are_reported_and_never_counted():
    result = household_income([item(500000, "personinntekt"), item(40000, "unknown", name="nyPost2026")])
    assert result.total == Decimal(500000)
    assert len(result.warnings) == 1
    assert "nyPost2026" in result.warnings[0] and "40\u00a0000\u00a0kr" in result.warnings[0]


def test_documented_income_replaces_fetched_income_of_that_person_only():
    result = household_income(
        [item(600000, "personinntekt"), item(20000, "kapitalinntekt"), item(400000, "personinntekt",
                                                                         "ektefelle_samboer")],
        [DocumentedIncome("soker", Decimal(250000), "Arbeidsledig fra mars, NAV-vedtak")],
    )
    assert result.total == Decimal(250000 + 400000)
    soker = next(p for p in result.persons if p.owner == "soker")
    assert soker.documented and soker.counted == Decimal(250000)
    assert any("annen dokumentasjon" in w and "Arbeidsledig" in w for w in result.warnings)


def test_documented_income_without_any_fetched_income():
    # e.g. a short stay in Norway: no skattemelding at all.
    result = household_income([], [DocumentedIncome("soker", Decimal(180000), "Kort botid i Norge")])
    assert result.total == Decimal(180000)


def test_documented_increase_is_warned_about():
    result = household_income([item(300000, "personinntekt")],
                              [DocumentedIncome("soker", Decimal(350000), "Ny jobb")])
    assert result.total == Decimal(350000)
    assert any("bare nedgang" in w for w in result.warnings)


@pytest.mark.parametrize("build", [
    lambda: DocumentedIncome("soker", Decimal(1), ""),
    lambda: DocumentedIncome("soker", Decimal(-1), "reason"),
    lambda: DocumentedIncome("barn", Decimal(1), "reason"),
    lambda: ClassifiedIncomeItem(Decimal(1), "wages", "soker"),
    lambda: ClassifiedIncomeItem(Decimal(1), "personinntekt", "nabo"),
    lambda: ClassifiedIncomeItem(Decimal(-5), "kapitalinntekt", "soker"),
    lambda: ClassifiedIncomeItem(1.5, "personinntekt", "soker"),
    lambda: household_income([], [DocumentedIncome("soker", Decimal(1), "a"),
                                  DocumentedIncome("soker", Decimal(2), "b")]),
])
def test_bad_income_input_is_refused(build):
    with pytest.raises(InvalidInput):
        build()


def test_no_income_items_means_zero_income():
    assert household_income([]).total == Decimal(0)
