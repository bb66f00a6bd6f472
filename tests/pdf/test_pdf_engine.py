"""The WeasyPrint pipeline (the standard attachment, the søknadssammendrag, the klage letters): one cached
font configuration and stylesheet per process, a URL fetcher that cannot leave the local static files,
the municipality logo, and the merged print batch. The letter's own typesetter: test_typst_letter.py."""
import datetime
import io
import re
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from cases.pdf import engine, merge_pdfs, render_vedtak_pdf
from cases.pdf.attachment import attachment_html
from cases.pdf.letter_data import kommune_of

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 12, 1)


def _attachment(municipality, *, standalone=False) -> str:
    """The attachment's HTML: the WeasyPrint document every letter of the kommune carries."""
    return attachment_html(kommune_of(municipality), ON, standalone=standalone)


def test_two_renders_reuse_the_cached_font_configuration_and_stylesheet(letter_kommune, monkeypatch):
    import weasyprint

    seen = []
    original = weasyprint.HTML.write_pdf

    def spy(self, *args, **kwargs):
        seen.append((kwargs.get("font_config"), kwargs.get("stylesheets")))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", spy)
    engine.html_to_pdf(_attachment(letter_kommune))
    engine.html_to_pdf(_attachment(letter_kommune))

    assert len(seen) == 2
    (fonts_1, sheets_1), (fonts_2, sheets_2) = seen
    assert fonts_1 is fonts_2 is engine.font_configuration()
    assert sheets_1[0] is sheets_2[0] is engine.stylesheet()


def test_pipeline_html_has_no_stylesheet_link_but_standalone_has(letter_kommune):
    assert "<link" not in _attachment(letter_kommune)
    assert f'href="{engine.STYLESHEET.as_uri()}"' in _attachment(letter_kommune, standalone=True)


@pytest.mark.parametrize("url", [
    "http://example.com/logo.png",
    "https://example.com/font.ttf",
    "file:///etc/passwd",
    (engine.STATIC_DIR / ".." / "manage.py").as_uri(),
])
def test_url_fetcher_refuses_network_and_files_outside_static(url):
    with pytest.raises(ValueError):
        engine.url_fetcher().fetch(url)


def test_url_fetcher_serves_bundled_fonts():
    response = engine.url_fetcher().fetch((engine.STATIC_DIR / "fonts" / "LiberationSans-Regular.ttf").as_uri())
    assert response.read(4) == b"\x00\x01\x00\x00"  # TrueType


def _png(width=4, height=2) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x0b\x3a\x5b" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_logo_is_drawn_in_the_letterhead(letter_kommune, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    letter_kommune.logo.save("fjordvik.png", ContentFile(_png()), save=True)
    html = _attachment(letter_kommune)
    assert 'class="logo"' in html
    assert len(PdfReader(io.BytesIO(engine.html_to_pdf(html))).pages[0].images) == 1


def test_merge_pdfs_keeps_order_and_pads_for_duplex(make_decision):
    one = render_vedtak_pdf(make_decision(children=1), draft=False)[1]
    two = render_vedtak_pdf(make_decision(children=2), draft=False)[1]
    pages = [len(PdfReader(io.BytesIO(part)).pages) for part in (one, two)]

    merged = PdfReader(io.BytesIO(merge_pdfs([one, two])))
    assert len(merged.pages) == sum(pages)
    assert merged.pages[0].extract_text() == PdfReader(io.BytesIO(one)).pages[0].extract_text()

    duplex = PdfReader(io.BytesIO(merge_pdfs([one, two], duplex=True)))
    assert len(duplex.pages) == sum(count + count % 2 for count in pages)
    with pytest.raises(ValueError):
        merge_pdfs([])


def test_page_content_is_deflated_and_readable(letter_kommune):
    pdf = engine.html_to_pdf(_attachment(letter_kommune))
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        contents = page["/Contents"].get_object()
        assert contents["/Filter"] == "/FlateDecode"
        assert b"BT" in contents.get_data()  # decodes to text-drawing operators
    assert "Du har rett til å klage på vedtaket" in " ".join(page.extract_text() for page in reader.pages)


def test_garbage_collector_is_on_again_after_a_render_and_after_a_failure(letter_kommune, monkeypatch):
    import gc

    engine.html_to_pdf(_attachment(letter_kommune))
    assert gc.isenabled()

    def broken(*args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr("weasyprint.HTML.write_pdf", broken)
    with pytest.raises(RuntimeError):
        engine.html_to_pdf("<p>x</p>")
    assert gc.isenabled()


def test_logo_is_decoded_once_per_process_and_drawn_in_every_document(letter_kommune, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    letter_kommune.logo.save("fjordvik.png", ContentFile(_png()), save=True)
    engine.reset_cache()
    first = engine.html_to_pdf(_attachment(letter_kommune))
    cached = dict(engine.image_cache())
    second = engine.html_to_pdf(_attachment(letter_kommune))

    assert engine.Path(letter_kommune.logo.path).resolve().as_uri() in cached
    assert engine.image_cache() == cached  # the second letter decoded nothing new
    for pdf in (first, second):
        assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1


def test_pdf_a_file_identifier_is_written_by_pydyf_and_every_object_is_where_the_xref_says(letter_kommune):
    from pypdf.generic import IndirectObject

    pdf = engine.html_to_pdf(_attachment(letter_kommune))
    reader = PdfReader(io.BytesIO(pdf), strict=True)
    first, second = (str(part) for part in reader.trailer["/ID"])  # PDF/A requires the trailer /ID
    assert len(first) == len(second) == 32
    for number in range(1, reader.trailer["/Size"]):
        assert reader.get_object(IndirectObject(number, 0, reader)) is not None
    assert "Du har rett til å klage på vedtaket" in " ".join(page.extract_text() for page in reader.pages)


# Private names of WeasyPrint/pydyf the engine used until December 2026 (docs/vedtak.md: what each was
# worth); a private name is any attribute starting with one underscore.
PRIVATE_USE = re.compile(r"\b(?:weasyprint|pydyf|HTML|CSS|RasterImage|FontConfiguration|URLFetcher|Stream|PDF)"
                         r"(?:\.\w+)*\._(?!_)\w+|\b_ua_stylesheets\b|\b_to_bytes\b|get_x_object")


def test_pdf_code_uses_no_private_internals():
    """Public API only (docs/vedtak.md): no ``obj._name`` of WeasyPrint or pydyf, no overridden private hook."""
    folder = engine.Path(__file__).resolve().parents[2] / "cases" / "pdf"
    for path in sorted(folder.glob("*.py")):
        found = PRIVATE_USE.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name} uses private internals: {found}"
    assert PRIVATE_USE.search("pydyf._to_bytes(item)") and PRIVATE_USE.search("def _ua_stylesheets(self)")


def test_a_render_leaves_no_cyclic_garbage_for_later(letter_kommune):
    """The collection at the end of a render frees the render's own cycles (inside the timed call)."""
    import gc

    html = _attachment(letter_kommune)
    engine.html_to_pdf(html)
    gc.collect()
    engine.html_to_pdf(html)
    assert gc.collect() == 0


def test_phases_split_a_render_and_show_what_the_cache_removes(letter_kommune):
    from devtools import pdf_timing as timing

    cached = timing.phases_ms(_attachment(letter_kommune))
    naive = timing.phases_ms(_attachment(letter_kommune, standalone=True), naive=True)
    for phases in (cached, naive):
        assert set(phases) == {*timing.PHASES, "total"}
        assert phases["layout"] > 0 and phases["draw"] > 0 and phases["serialise"] > 0
        assert sum(value for phase, value in phases.items() if phase != "total") == pytest.approx(phases["total"])
    assert cached["setup"] == 0 < naive["setup"]
    import weasyprint

    assert "timed" not in weasyprint.HTML.render.__qualname__  # the wrappers are removed again


def _boxes_by_class(html: str) -> dict:
    """The first laid-out box of each element class on page 1 of ``html`` (pipeline HTML)."""
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=engine.STATIC_DIR.as_uri() + "/",
                                          url_fetcher=engine.url_fetcher())
    rendered = document.render(stylesheets=[engine.stylesheet()], font_config=engine.font_configuration())
    found = {}

    def walk(box):
        element = getattr(box, "element", None)
        if element is not None and box.element_tag != "html":
            for name in (element.get("class") or "").split():
                found.setdefault(name, box)
        for child in getattr(box, "children", []):
            walk(child)

    walk(rendered.pages[0]._page_box)
    return found


def test_letterhead_sits_side_by_side_above_the_text(letter_kommune):
    """Floats replace flexbox in the letterhead: sender left, contact right, the text below both."""
    box = _boxes_by_class(_attachment(letter_kommune))
    sender, contact, head = box["sender"], box["sender-contact"], box["letterhead"]

    assert sender.position_x < contact.position_x and abs(sender.position_y - contact.position_y) < 1
    assert contact.position_x + contact.margin_width() == pytest.approx(head.position_x + head.margin_width())
    assert head.position_y + head.margin_height() >= max(sender.position_y + sender.margin_height(),
                                                         contact.position_y + contact.margin_height())
    assert box["subtitle"].position_y > head.position_y + head.margin_height()
