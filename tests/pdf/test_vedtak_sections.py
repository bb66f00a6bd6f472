"""The vedtak letter, section by section (read from its PDF): every section rules.md § 7.2 requires,
with the content fvl. §§ 24, 25 and 27 ask for, dated statutory references, and section references that
switch to the new forvaltningsloven."""
import datetime
import io
import re

import pytest
from pypdf import PdfReader

from cases.pdf import render_vedtak_pdf
from tests.pdf.conftest import letter_sections

pytestmark = pytest.mark.django_db

REQUIRED_SECTIONS = ("mottakere", "vedtak", "hjemmel", "fakta", "beregning", "varighet", "klage", "kontakt")


def sections(decision) -> dict[str, str]:
    return letter_sections(*render_vedtak_pdf(decision, draft=False))


@pytest.fixture
def letter(make_decision):
    decision = make_decision(children=2, incomes=((150_000, 2_000), (60_000, 0)))
    return decision, sections(decision)


def test_every_required_section_is_present(letter):
    _decision, parts = letter
    assert all(name in parts for name in REQUIRED_SECTIONS), sorted(parts)
    assert "vurdering" not in parts  # no discretion used: no assessment section (rules.md § 7.2 item 7)


def test_header_names_sender_recipients_reference_and_exemption(letter):
    decision, parts = letter
    household = decision.case.application.household
    head = parts["mottakere"]
    assert "Fjordvik kommune" in head and "Oppvekst og kultur" in head
    assert f"Vår ref. {decision.case.saksnummer}" in head
    assert household.applicant_name + " (søker)" in head
    assert household.partner_name + " (medsøker)" in head
    assert "Unntatt offentlighet, offl. § 13 jf. fvl. § 13" in head
    pdf = render_vedtak_pdf(decision, draft=False)[1]
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "nb"


def test_decision_section_per_child(letter):
    decision, parts = letter
    text = parts["vedtak"]
    assert text.startswith("Vedtak Vi har innvilget søknaden din.")
    for fee in decision.child_fees.select_related("child__person"):
        assert f"{fee.child.full_name}, født {fee.child.person.birth_date:%d.%m.%Y}" in text
        assert f"01.08.2026 {fee.monthly_fee:,} kr".replace(",", " ") in text  # fra og med → pris
    assert "Solsikken, 41 timer per uke" in text
    assert "Fra og med Pris per måned" in text
    assert "Gratis kjernetid: 20 timer per uke er gratis." in text
    assert "Søskenmoderasjon: 30 prosent rabatt" in text
    assert "Kost (matpenger) kommer i tillegg og blir ikke redusert" in text


def test_hjemmel_names_act_forskrift_and_stortinget(letter):
    _decision, parts = letter
    text = parts["hjemmel"]
    assert "barnehageloven § 20" in text  # barnehageåret 2026/27 starts on the day § 20 enters into force
    assert "FOR-2005-12-16-1478" in text
    for section in ("§ 1 ", "§ 3a", "§ 3b", "§ 3c"):
        assert section in text
    assert "Stortingets vedtak om maksimalpris" in text
    assert "barnetrygd" in text  # tax-free transfers are not counted
    # § 3a as in force for the period: child no. 3 free from 2023-08-01 (not the pre-2023 50 %)
    assert "Fra 1. august 2023 er plassen gratis for barn nummer tre" in text


def test_facts_show_household_income_split_and_source(letter):
    _decision, parts = letter
    text = parts["fakta"]
    assert "samboere regnes med når de har bodd sammen i minst 12 av de siste 18 månedene" in text
    assert "150 000 kr 2 000 kr 152 000 kr" in text
    assert "Skatteetaten, skatteoppgjør for inntektsåret 2025, hentet 21.05.2026" in text
    assert "Samlet inntekt for husholdningen 212 000 kr" in text


def test_calculation_shows_each_step_in_whole_kroner(letter):
    _decision, parts = letter
    text = parts["beregning"]
    assert "Maksimalpris for en heltidsplass per måned 1 200 kr" in text
    assert "6 prosent av inntekten per år 12 720 kr" in text
    assert "Delt på 11 måneder: høyeste pris per barn per måned 1 156 kr" in text  # 1 156,36 cut
    for label in ("Pris for plassen", "Redusert foreldrebetaling", "Søskenmoderasjon", "Gratis kjernetid"):
        assert label in text
    assert "rundet ned til hele kroner" in text
    assert not re.search(r"\d,\d", text)  # no decimals for families


def test_duration_next_year_and_appeal(letter):
    _decision, parts = letter
    varighet, klage = parts["varighet"], parts["klage"]
    assert "til og med 31. juli 2027" in varighet
    assert "Du må søke på nytt" not in varighet  # renewal is automatic (docs/renewal.md)
    assert "Du trenger ikke å søke på nytt for neste barnehageår" in varighet
    assert "sender deg et nytt vedtak" in varighet
    assert "si fra" in varighet and "fvl. § 35" in varighet
    assert "innen 3 uker" in klage and "fvl. § 29" in klage
    assert "Oppvekst og kultur" in klage  # sent to the unit that decided (underinstans)
    assert "klageinstansen, som er Fjordvik kommunes klagenemnd" in klage
    assert "innsyn, fvl. §§ 18 og 19" in klage
    assert "«Orientering om klagerett og innsyn»" in klage


def test_contact_names_proposer_and_approver_and_the_attachment(letter):
    _decision, parts = letter
    text = parts["kontakt"]
    assert "Saksbehandler Siri Strand" in text
    assert "Godkjent av Gunnar Berg" in text
    assert "Godkjent elektronisk og sendt uten underskrift" in text
    assert "22 33 44 55" in text
    assert "Vedlegg: Orientering om klagerett og innsyn" in text


def test_section_references_switch_to_new_forvaltningsloven(make_decision, settings):
    decision = make_decision()
    settings.NEW_FVL_IN_FORCE_DATE = datetime.date(2099, 1, 1)
    old = sections(decision)["klage"]
    assert "fvl. § 29" in old and "fvl. §§ 63 til 65" not in old

    settings.NEW_FVL_IN_FORCE_DATE = "2026-01-01"
    new = sections(decision)["klage"]
    assert "fvl. § 29" not in new
    assert "fvl. §§ 63 til 65" in new and "fvl. § 46" in new


@pytest.mark.parametrize(("valid_from", "valid_to", "expected", "absent"), [
    (datetime.date(2025, 8, 1), datetime.date(2026, 7, 31), "barnehageloven § 15", "§ 20"),
    (datetime.date(2026, 8, 1), datetime.date(2027, 7, 31), "barnehageloven § 20", "§ 15"),
    (datetime.date(2026, 3, 1), datetime.date(2026, 12, 31),
     "barnehageloven § 15 til og med 31.07.2026 og § 20 fra og med 01.08.2026", None),
])
def test_barnehageloven_section_follows_the_period(make_decision, valid_from, valid_to, expected, absent):
    """LOV-2025-06-20-100 § 20 replaces § 15 from 2026-08-01 (FOR-2025-06-20-1100; rules.md § 11)."""
    decision = make_decision()
    decision.valid_from, decision.valid_to = valid_from, valid_to
    decision.save(update_fields=["valid_from", "valid_to"])
    text = sections(decision)["hjemmel"]
    assert expected in text
    if absent:
        assert absent not in text


def test_sibling_rule_before_2023_is_the_old_text(make_decision):
    decision = make_decision()
    decision.valid_from, decision.valid_to = datetime.date(2022, 8, 1), datetime.date(2023, 7, 31)
    decision.save(update_fields=["valid_from", "valid_to"])
    text = sections(decision)["hjemmel"]
    assert "minst 50 prosent for barn nummer tre" in text
    assert "plassen gratis for barn nummer tre" not in text


def test_renewal_letter_says_so_instead_of_an_application_date(make_decision):
    decision = make_decision()
    decision.case.is_renewal = True
    decision.case.save(update_fields=["is_renewal"])
    parts = sections(decision)
    assert "Automatisk fornyelse" in parts["mottakere"]
    assert "fornyelse av det forrige vedtaket ditt" in parts["fakta"]


def test_missing_inputs_and_parameters_render_gracefully(make_decision):
    decision = make_decision()
    decision.inputs = {}
    decision.calculation = {"children": []}
    decision.save(update_fields=["inputs", "calculation"])
    parts = sections(decision)
    assert all(name in parts for name in REQUIRED_SECTIONS)
