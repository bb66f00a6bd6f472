"""The one kroner formatter (Norwegian typography: «−1 234 kr» with U+2212 and no-break spaces)."""
from decimal import Decimal, localcontext

from cases import formatting, outcome_labels
from cases.pdf import formatting as pdf_formatting
from cases.rules import kroner as engine_kroner
from cases.rules.money import CONTEXT

NB = "\u00a0"


def test_thousands_are_grouped_with_no_break_spaces():
    assert engine_kroner.kroner(1234567) == f"1{NB}234{NB}567{NB}kr"
    assert engine_kroner.kroner(0) == f"0{NB}kr"
    assert engine_kroner.kroner("999") == f"999{NB}kr"


def test_the_amount_without_the_unit_for_the_portals_sentences():
    assert formatting.amount(262000) == f"262{NB}000"
    assert formatting.amount(Decimal("-1234.99")) == "\u22121" + NB + "234"
    assert formatting.amount(None) == "–" and formatting.amount(0) == "0"


def test_a_negative_amount_has_the_minus_sign_not_a_hyphen():
    assert engine_kroner.kroner(Decimal("-1234")) == f"\u22121{NB}234{NB}kr"
    assert "-" not in engine_kroner.kroner(-5)
    assert engine_kroner.kroner(Decimal("-0.4")) == f"0{NB}kr"  # cut to zero: no sign on nothing


def test_amounts_are_cut_towards_zero_never_rounded_up():
    assert engine_kroner.kroner(Decimal("1156.99")) == f"1{NB}156{NB}kr"
    assert engine_kroner.kroner("1636.3699", 2) == f"1{NB}636,36{NB}kr"
    assert engine_kroner.kroner(Decimal("-1156.99")) == f"\u22121{NB}156{NB}kr"


def test_the_engine_notes_form_drops_trailing_zeros():
    assert engine_kroner.kroner_exact(Decimal(18000) / Decimal(11)) == f"1{NB}636,3636{NB}kr"
    assert engine_kroner.kroner_exact(Decimal("1500.50")) == f"1{NB}500,5{NB}kr"
    assert engine_kroner.kroner_exact(Decimal(2000)) == f"2{NB}000{NB}kr"
    assert engine_kroner.kroner("2000", 2) == f"2{NB}000,00{NB}kr"  # a fixed column keeps its decimals


def test_division_noise_of_the_engine_shows_as_the_whole_krone():
    with localcontext(CONTEXT):
        noisy = Decimal(1000) / Decimal(3) * Decimal(3)
    assert noisy < 1000
    assert engine_kroner.kroner(noisy) == f"1{NB}000{NB}kr"


def test_missing_and_non_numbers():
    assert engine_kroner.kroner(None) == "–"
    assert engine_kroner.kroner("") == "–"
    assert engine_kroner.kroner("ukjent") == "ukjent"


def test_every_consumer_uses_the_one_implementation():
    assert formatting.kroner is engine_kroner.kroner
    assert outcome_labels.kroner is engine_kroner.kroner
    assert pdf_formatting.kr(Decimal("-1234.5")) == engine_kroner.kroner(Decimal("-1234.5"))
