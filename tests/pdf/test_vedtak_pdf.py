"""The vedtak PDF, read back with pypdf: what a parent receives must show the decision, its grounds
and the right to appeal (fvl. §§ 24, 25, 27; rules.md § 7), and never a full fødselsnummer.

Expected fees are worked out here from the law with the seeded parameters for barnehageår 2026/27
(rules.md §§ 1–4): makspris 1 200 kr; § 3b cap 6 % × income / 11 per child; § 3a 30 % for child no. 2
(oldest first); § 3c fee × (41 − 20) / 41 below the kjernetid limit; rounded down to whole kroner.
"""
import io
import re
from decimal import ROUND_FLOOR, Decimal

import pytest
from pypdf import PdfReader

from cases.pdf import PDF_VARIANT, render_vedtak_pdf
from tests.pdf.conftest import pdf_text

pytestmark = pytest.mark.django_db


def law_fee(income, *, sibling_percent=0, kjernetid=True) -> int:
    fee = min(Decimal(1200), Decimal(income) * Decimal(6) / Decimal(100) / Decimal(11))
    fee = fee * (100 - Decimal(sibling_percent)) / 100
    if kjernetid:
        fee = fee * (Decimal(41) - 20) / Decimal(41)
    return int(fee.quantize(Decimal(1), rounding=ROUND_FLOOR))


def kr(amount: int) -> str:
    return f"{amount:,}".replace(",", " ") + " kr"


def test_final_letter_shows_fee_legal_basis_appeal_and_exemption(make_decision):
    decision = make_decision(children=2, incomes=((150_000, 2_000), (60_000, 0)))
    _document, pdf = render_vedtak_pdf(decision, draft=False)
    text = pdf_text(pdf)

    income = 152_000 + 60_000
    oldest, youngest = law_fee(income), law_fee(income, sibling_percent=30)
    assert f"Fra og med Pris per måned 01.08.2026 {kr(oldest)}" in text
    assert f"Fra og med Pris per måned 01.08.2026 {kr(youngest)}" in text
    assert f"Samlet pris per måned 01.08.2026 {kr(oldest + youngest)}" in text
    assert "Kost (matpenger) kommer i tillegg og blir ikke redusert" in text
    for section in ("§ 3a", "§ 3b", "§ 3c", "barnehageloven § 20"):
        assert section in text
    assert "innen 3 uker" in text
    assert "Fjordvik kommunes klagenemnd" in text
    assert "Unntatt offentlighet, offl. § 13 jf. fvl. § 13" in text
    assert "Vedtak om redusert foreldrebetaling og gratis kjernetid i barnehage – barnehageåret 2026/2027" in text
    assert "Side 1 av" in text
    assert "Godkjent elektronisk og sendt uten underskrift" in text
    assert "UTKAST" not in text


def test_draft_banner_only_in_drafts(make_decision):
    decision = make_decision(approved=False)
    _document, draft = render_vedtak_pdf(decision, draft=True)
    draft_text = pdf_text(draft)
    pages = PdfReader(io.BytesIO(draft)).pages
    assert all("UTKAST – ikke sendt" in page.extract_text() for page in pages)  # header on every page
    assert "Godkjent elektronisk" not in draft_text

    _document, final = render_vedtak_pdf(decision, draft=False)
    assert "UTKAST" not in pdf_text(final)


def test_sfo_letter_has_sfo_title_basis_and_school_year(make_decision):
    decision = make_decision(service="sfo", children=1, incomes=((200_000, 0), (100_000, 0)))
    _document, pdf = render_vedtak_pdf(decision, draft=False)
    text = pdf_text(pdf)
    assert "Vedtak om redusert foreldrebetaling i SFO – skoleåret 2026/2027" in text
    assert "kjernetid" not in text.split("Regler vi har brukt")[0]
    assert "opplæringslova (LOV-2023-06-09-30) § 4-5" in text
    assert "30. juni 2027" in text  # SFO: to the end of the school year (rules.md § 6)
    # 2. trinn, 20 h, 3 000 kr: 6 % of 300 000 / 11 = 1 636.36; 12 free hours → × 8/20 = 654.54 → 654
    assert "01.08.2026 654 kr" in text
    assert "Gratis SFO: 12 timer per uke er gratis." in text


def test_documented_income_is_assessed_in_vurdering(make_decision):
    decision = make_decision(incomes=((200_000, 0), (300_000, 0)),
                             documented_partner_income=(90_000, "Permittert på ubestemt tid fra mars 2026"))
    _document, pdf = render_vedtak_pdf(decision, draft=False)
    text = pdf_text(pdf)
    vurdering = text.split("Vurdering", 1)[1]
    assert "Permittert på ubestemt tid fra mars 2026" in vurdering
    assert "vesentlig og varig" in vurdering
    assert "Dokumentasjon fra deg" in text
    assert "90 000 kr" in text


def test_refusal_states_outcome_and_reason(make_decision):
    decision = make_decision(incomes=((900_000, 0), (0, 0)))
    _document, pdf = render_vedtak_pdf(decision, draft=False)
    text = pdf_text(pdf)
    assert "Vi har avslått søknaden din" in text
    assert "Dette har vi ikke innvilget for" in text
    assert "Gratis kjernetid: inntekten til husholdningen (900 000 kr) er ikke lavere enn inntektsgrensen" in text
    assert "Redusert foreldrebetaling: 6 prosent av inntekten til husholdningen er 4 909 kr per måned" in text
    assert "01.08.2026 1 200 kr" in text


def test_no_full_fodselsnummer_in_text_or_metadata(make_decision):
    decision = make_decision(children=2)
    household = decision.case.application.household
    numbers = [household.applicant.person_id, household.partner.person_id]
    numbers += [c.person.person_id for c in decision.case.application.children.all()]
    document, pdf = render_vedtak_pdf(decision, draft=True)
    text = pdf_text(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    for number in numbers:
        for haystack in (text, document, metadata, text.replace(" ", "")):
            assert number not in haystack
            assert number[:6] + " " + number[6:] not in haystack
    assert not re.search(r"\d{11}", text.replace(" ", "").replace(".", "x"))
    child = decision.case.application.children.first().person
    assert f"født {child.birth_date:%d.%m.%Y}" in text


def test_pdf_is_tagged_pdf_a(make_decision):
    _document, pdf = render_vedtak_pdf(make_decision(), draft=False)
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    part, conformance = PDF_VARIANT.removeprefix("pdf/a-")[0], PDF_VARIANT[-1].upper()
    assert re.search(rb"pdfaid:part[^0-9]{0,3}" + part.encode(), xmp)
    assert re.search(rb"pdfaid:conformance[^A-Z]{0,3}" + conformance.encode(), xmp)
    assert "/StructTreeRoot" in root  # level A: tagged structure
    assert reader.metadata.title.startswith("Vedtak om redusert foreldrebetaling")


def test_new_price_and_totals_are_never_repeated_at_a_page_break(make_decision):
    """A table footer repeats on every page a table spans (Typst's ``table.footer``, HTML's <tfoot>); the
    letter's totals are rows or blocks after the table, so a long calculation (five children, over several
    pages) states each child's new price exactly once."""
    decision = make_decision(children=5, incomes=((150_000, 0), (60_000, 0)))
    _document, pdf = render_vedtak_pdf(decision, draft=False)
    text = pdf_text(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 4
    for fee in decision.child_fees.select_related("child__person"):
        assert text.count(f"Ny pris per måned for {fee.child.full_name}:") == 1
    assert text.count("Samlet pris for 5 barn") == 1
    assert text.count("Samlet inntekt for husholdningen") == 2  # the facts table's last row, the calculation
