"""The letter's typesetter (``cases.pdf.typst_engine``, ``templates/vedtak/vedtak.typ``): a name is text,
never Typst markup; the logo only from the logo folder; one compiler per process; the layout of the
letterhead and the addressing; a readable PDF/A file with a file identifier."""
import io
import json

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from cases.pdf import render_vedtak_pdf, typst_engine
from cases.pdf.typst_document import LABELS, letter_document
from tests.pdf.conftest import pdf_text
from tests.pdf.test_pdf_engine import _png

pytestmark = pytest.mark.django_db

# Typst markup, code and a label, a math formula and an HTML tag: each must come out exactly as typed.
HOSTILE_NAME = '*Kari* _#read("/etc/passwd")_ $x^2$ <lbl> @ref [x] \\ `raw` «Ærlig & Øy»'


def test_a_name_with_markup_is_printed_as_written(make_decision):
    decision = make_decision()
    household = decision.case.application.household
    household.applicant_given_name, household.applicant_family_name = HOSTILE_NAME, "Nordmann"
    household.save(update_fields=["applicant_given_name", "applicant_family_name"])

    document, pdf = render_vedtak_pdf(decision, draft=False)
    text = pdf_text(pdf)
    assert f"{HOSTILE_NAME} Nordmann (søker)" in text
    assert "root:" not in text
    assert json.loads(document)["applicant"] == f"{HOSTILE_NAME} Nordmann"


def test_phrase_table_emphasis_is_bold_runs_and_entities_are_unescaped(make_decision):
    document, _pdf = render_vedtak_pdf(make_decision(), draft=False)
    data = json.loads(document)
    assert data["conclusion"] == [["Vi har ", False], ["innvilget", True], [" søknaden din.", False]]
    assert "&amp;" not in document and "<strong>" not in document


def test_the_logo_is_drawn_and_a_path_outside_the_logo_folder_is_refused(make_decision, letter_kommune, settings,
                                                                         tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    letter_kommune.logo.save("fjordvik.png", ContentFile(_png()), save=True)
    _document, pdf = render_vedtak_pdf(make_decision(), draft=False)
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1

    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(_png())
    with pytest.raises(typst_engine.BlockedPath):
        typst_engine._checked_logo(outside.as_uri())
    with pytest.raises(typst_engine.BlockedPath):
        typst_engine._checked_logo((tmp_path / "logos" / ".." / "elsewhere.png").as_uri())



def test_a_logo_from_storage_without_local_files_is_drawn_too(make_decision, monkeypatch):
    """Storage without local paths gives the logo as a data: URL (letter_data.logo_url): copied once."""
    import base64

    data_url = "data:image/png;base64," + base64.b64encode(_png()).decode()
    monkeypatch.setattr("cases.pdf.letter_data.logo_url", lambda municipality: data_url)
    _document, pdf = render_vedtak_pdf(make_decision(), draft=False)
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1
    copied = typst_engine._checked_logo(data_url)
    assert copied == typst_engine._checked_logo(data_url) and open(copied, "rb").read() == _png()


def test_one_compiler_per_process_serves_every_letter(make_decision, monkeypatch):
    typst_engine.reset_cache()
    first = typst_engine.compiler()
    calls = []
    original = type(first).compile

    def spy(self, *args, **kwargs):
        calls.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(type(first), "compile", spy)
    render_vedtak_pdf(make_decision(), draft=True)
    render_vedtak_pdf(make_decision(children=2), draft=False)
    assert calls == [first, first]


def _positions(page) -> dict[str, tuple[float, float]]:
    """The first position (x, y from the page's bottom left) at which each text run is drawn."""
    found = {}

    def visit(text, cm, tm, _font, _size):
        if text.strip():  # the text matrix's origin through the current transformation matrix
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.setdefault(text.strip(), (x, y))

    page.extract_text(visitor_text=visit)
    return found


def _at(positions, prefix):
    return next(value for key, value in positions.items() if key.startswith(prefix))


@pytest.mark.parametrize("partner", [True, False])
def test_letterhead_and_addressing_sit_side_by_side_above_the_text(make_decision, partner):
    """Sender left and contact right; recipients left and references right; the exemption below both,
    then the title."""
    _document, pdf = render_vedtak_pdf(make_decision(partner=partner), draft=False)
    at = _positions(PdfReader(io.BytesIO(pdf)).pages[0])
    sender, contact = _at(at, "Fjordvik kommune"), _at(at, "Postboks 100")
    recipient, reference = _at(at, "TIL"), _at(at, "Vår ref.")
    exemption, title = _at(at, "Unntatt offentlighet"), _at(at, "Vedtak om redusert")
    assert sender[0] < contact[0] and abs(sender[1] - contact[1]) < 16  # first lines: 16 pt name, 8.5 pt contact
    assert recipient[0] < reference[0] and abs(recipient[1] - reference[1]) < 3
    assert recipient[1] < contact[1]  # below the letterhead
    assert exemption[1] < recipient[1] and exemption[1] < reference[1] and title[1] < exemption[1]


def test_the_file_is_deflated_tagged_identified_and_in_the_kommunes_language(make_decision):
    _document, pdf = render_vedtak_pdf(make_decision(), draft=False)
    reader = PdfReader(io.BytesIO(pdf), strict=True)
    assert len(reader.trailer["/ID"]) == 2  # PDF/A requires the trailer /ID
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nb" and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    for page in reader.pages:
        contents = page["/Contents"].get_object()
        assert contents["/Filter"] == "/FlateDecode"
    fonts = {str(font.get_object()["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    assert fonts and all("LiberationSans" in name for name in fonts)  # bundled faces only, embedded


def test_the_document_carries_only_the_named_labels(make_decision):
    from cases.pdf.context import letter_context
    from cases.pdf.letter_data import from_decision

    context = letter_context(from_decision(make_decision()), draft=False)
    data = json.loads(letter_document(context, logo=None))
    assert set(data["t"]) == set(LABELS)
    assert data["logo"] is None and "logo_url" not in data["kommune"]


def test_household_timings_report_the_pipeline_and_the_naive_side(make_decision, letter_kommune):
    """The benchmarks' unit (devtools.pdf_timing.household_timings): figures only, no timed assertion."""
    import datetime

    from cases.pdf.attachment import attachment_html
    from cases.pdf.context import letter_context
    from cases.pdf.letter_data import from_decision, kommune_of
    from devtools.pdf_timing import household_timings

    documents = [typst_engine.document_for(letter_context(from_decision(make_decision(children=n)), draft=False))
                 for n in (1, 2)]
    kommune, on = kommune_of(letter_kommune), datetime.date(2026, 12, 1)
    result = household_timings(documents, attachment_html=attachment_html(kommune, on),
                               attachment_standalone=attachment_html(kommune, on, standalone=True),
                               households=2, rounds=1)
    assert set(result) == {"pdf_ms_median", "naive_pdf_ms_median", "pdf_cpu_ms_median", "naive_pdf_cpu_ms_median",
                           "pdf_ratio_to_naive", "pdf_wall_ratio_to_naive", "letter_cpu_ms_median",
                           "naive_letter_cpu_ms_median", "attachment_cpu_ms_once"}
    assert all(value > 0 for value in result.values())
    assert result["pdf_ratio_to_naive"] == pytest.approx(
        result["pdf_cpu_ms_median"] / result["naive_pdf_cpu_ms_median"], abs=0.01)
