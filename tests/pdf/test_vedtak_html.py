"""The vedtak HTML: every section rules.md § 7.2 requires, with the content fvl. §§ 24, 25 and 27 ask
for, and section references that switch to the new forvaltningsloven on the configured date."""
import datetime
import re

import pytest

from cases.pdf import render_vedtak_html
from tests.pdf.conftest import squash

pytestmark = pytest.mark.django_db

REQUIRED_SECTIONS = ("mottakere", "vedtak", "hjemmel", "fakta", "beregning", "varighet", "klage", "kontakt")


def sections(html: str) -> dict[str, str]:
    """Text of each top-level <section id=...> (tags stripped, whitespace collapsed)."""
    found = {}
    for match in re.finditer(r'<section\b[^>]*\bid="([a-z]+)"[^>]*>(.*?)</section>', html, re.S):
        found[match.group(1)] = squash(re.sub(r"<[^>]+>", " ", match.group(2)))
    return found


@pytest.fixture
def letter(make_decision):
    decision = make_decision(children=2, incomes=((150_000, 2_000), (60_000, 0)))
    return decision, sections(render_vedtak_html(decision, draft=False))


def test_every_required_section_is_present(letter):
    _decision, parts = letter
    assert all(name in parts for name in REQUIRED_SECTIONS), sorted(parts)
    assert "vurdering" not in parts  # no discretion used: no assessment section (rules.md § 7.2 item 7)


def test_header_names_sender_recipients_reference_and_exemption(letter):
    decision, parts = letter
    html = render_vedtak_html(decision, draft=False)
    household = decision.case.application.household
    head = squash(re.sub(r"<[^>]+>", " ", html.split("<h1>")[0]))
    assert "Fjordvik kommune" in head and "Oppvekst og kultur" in head
    assert f"Vår ref. {decision.case.saksnummer}" in head
    assert household.applicant_name + " (søker)" in head
    assert household.partner_name + " (medsøker, samboer)" in head
    assert "Unntatt offentlighet, offl. § 13 jf. fvl. § 13" in head


def test_decision_section_per_child(letter):
    decision, parts = letter
    text = parts["vedtak"]
    assert text.startswith("Vedtak Søknaden er innvilget")
    for fee in decision.child_fees.select_related("child__person"):
        assert f"{fee.child.full_name}, født {fee.child.person.birth_date:%d.%m.%Y}" in text
    assert "Solsikken, 41 timer per uke" in text
    assert "01.08.2026 – 31.07.2027" in text
    assert "Gratis kjernetid (20 timer per uke) Ja" in text
    assert "Søskenmoderasjon 30 %" in text
    assert "Kost (matpenger) kommer i tillegg og reduseres ikke" in text


def test_hjemmel_names_act_forskrift_steps_and_stortinget(letter):
    _decision, parts = letter
    text = parts["hjemmel"]
    assert "barnehageloven § 15" in text
    assert "FOR-2005-12-16-1478" in text
    for section in ("§ 1", "§ 3 ", "§ 3a", "§ 3b", "§ 3c", "§ 3e"):
        assert section in text
    assert "forskrift om foreldrebetaling i barnehager § 3b" in text  # from the calculation steps
    assert "Stortingets vedtak om maksimalpris" in text


def test_facts_show_household_income_split_and_source(letter):
    _decision, parts = letter
    text = parts["fakta"]
    assert "samboere regnes med når de har bodd sammen i minst 12 av de siste 18 månedene" in text
    assert "150 000 kr 2 000 kr 152 000 kr" in text
    assert "Skatteetaten, skatteoppgjør (oppgjør) for inntektsåret 2025, hentet 21.05.2026" in text
    assert "Husholdningens samlede inntekt 212 000 kr" in text
    assert "barnetrygd" in parts["hjemmel"]  # tax-free transfers are not counted


def test_calculation_shows_each_step_with_amounts(letter):
    _decision, parts = letter
    text = parts["beregning"]
    assert "Maksimalpris (makspris) per måned for en heltidsplass 1 200 kr" in text
    assert "6 % av inntekten per år 12 720 kr" in text
    assert "Delt på 11 betalingsmåneder (høyeste pris per barn per måned) 1 156,36 kr" in text
    for label in ("Pris for plassen", "Redusert foreldrebetaling (6 %-regelen)", "Søskenmoderasjon",
                  "Gratis kjernetid (20 timer per uke)"):
        assert label in text
    assert "rundet ned til hele kroner" in text


def test_duration_and_appeal_information(letter):
    _decision, parts = letter
    varighet, klage = parts["varighet"], parts["klage"]
    assert "til og med 31. juli 2027" in varighet
    assert "Du må søke på nytt for hvert barnehageår" in varighet
    assert "melde fra" in varighet and "fvl. § 35" in varighet
    assert "Klagefristen er 3 uker" in klage and "fvl. § 29" in klage
    assert "Oppvekst og kultur" in klage  # sent to the unit that decided (underinstans)
    assert "Fjordvik kommunes klagenemnd (fvl. § 28 andre ledd)" in klage
    for reference in ("fvl. § 32", "fvl. § 24", "fvl. §§ 18 og 19", "fvl. § 11", "fvl. § 36", "fvl. § 42"):
        assert reference in klage


def test_contact_names_proposer_and_approver(letter):
    _decision, parts = letter
    text = parts["kontakt"]
    assert "Saksbehandler Siri Saksbehandler" in text
    assert "Godkjent av Gunnar Godkjenner" in text
    assert "Godkjent elektronisk og sendt uten underskrift" in text
    assert "22 33 44 55" in text


def test_section_references_switch_to_new_forvaltningsloven(make_decision, settings):
    decision = make_decision()
    settings.NEW_FVL_IN_FORCE_DATE = datetime.date(2099, 1, 1)
    old = sections(render_vedtak_html(decision, draft=False))["klage"]
    assert "fvl. § 29" in old and "fvl. § 56" not in old

    settings.NEW_FVL_IN_FORCE_DATE = "2026-01-01"
    new = sections(render_vedtak_html(decision, draft=False))["klage"]
    assert "fvl. § 29" not in new and "fvl. § 32" not in new
    assert "fvl. §§ 63 til 65" in new and "fvl. § 66" in new and "fvl. § 56" in new and "fvl. § 46" in new


def test_automatic_renewal_replaces_new_application_text(make_decision):
    decision = make_decision()
    decision.case.is_renewal = True
    decision.case.save(update_fields=["is_renewal"])
    text = sections(render_vedtak_html(decision, draft=False))["varighet"]
    assert "fornyer vedtaket automatisk" in text
    assert "Du må søke på nytt" not in text


def test_missing_inputs_and_parameters_render_gracefully(make_decision):
    decision = make_decision()
    decision.inputs = {}
    decision.calculation = {"children": []}
    decision.save(update_fields=["inputs", "calculation"])
    parts = sections(render_vedtak_html(decision, draft=False))
    assert all(name in parts for name in REQUIRED_SECTIONS)
    fee = decision.child_fees.get()
    assert f"Ny pris per måned {fee.monthly_fee:,} kr".replace(",", " ") in parts["vedtak"]
