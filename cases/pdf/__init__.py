"""The vedtak (decision letter) as HTML and PDF, in the kommune's målform: the public face of the letter.

    html = render_vedtak_html(decision, draft=True)            # preview, standalone HTML
    html, pdf = render_vedtak_pdf(decision, draft=False)       # the letter itself (PDF/A-2a)
    attachment = standard_attachment_pdf(municipality)         # «Orientering om klagerett og innsyn»
    combined = vedtak_with_attachment_pdf(decision)            # letter + attachment, one file for print
    batch = merge_pdfs([pdf_1, attachment, pdf_2, attachment], duplex=True)

Digital delivery sends the letter and the attachment as two documents; print merges them. The
letter's words live in ``cases/pdf/texts_nb.py`` / ``texts_nn.py`` (one table per målform), its
structure in ``templates/vedtak/``, its layout in ``static/vedtak/vedtak.css``, the dated legal
references in ``cases.pdf.legal``, the data it shows in ``cases.pdf.letter_data``. The PDF pipeline
(cached fonts and stylesheet, local-only URL fetcher) is ``cases.pdf.engine``.
"""
from django.template.loader import render_to_string
from django.utils import timezone

from .attachment import attachment_for, standard_attachment_pdf
from .context import letter_context
from .engine import PDF_VARIANT, STYLESHEET, font_configuration, html_to_pdf, merge_pdfs, stylesheet
from .letter_data import LetterData, from_decision

TEMPLATE = "vedtak/vedtak.html"

__all__ = [
    "PDF_VARIANT", "LetterData", "font_configuration", "from_decision", "html_to_pdf", "letter_html",
    "letter_pdf", "merge_pdfs", "render_vedtak_html", "render_vedtak_pdf", "standard_attachment_pdf",
    "stylesheet", "vedtak_with_attachment_pdf", "with_attachment",
]


def letter_html(letter: LetterData, *, draft: bool, standalone: bool = True) -> str:
    """The letter as HTML. ``standalone`` links the stylesheet (by file: URL) so the HTML renders on
    its own; the cached pipeline passes the parsed stylesheet itself and renders it without the link."""
    context = letter_context(letter, draft=draft)
    context["stylesheet_url"] = STYLESHEET.as_uri() if standalone else ""
    return render_to_string(TEMPLATE, context)


def letter_pdf(letter: LetterData, *, draft: bool) -> tuple[str, bytes]:
    html = letter_html(letter, draft=draft, standalone=False)
    return html, html_to_pdf(html)


def with_attachment(letter: LetterData, pdf: bytes) -> bytes:
    """``pdf`` (the letter) followed by the kommune's standard attachment, one file for print."""
    return merge_pdfs([pdf, attachment_for(letter.kommune, letter.letter_date)])


def render_vedtak_html(decision, *, draft: bool, standalone: bool = True) -> str:
    return letter_html(from_decision(decision), draft=draft, standalone=standalone)


def render_vedtak_pdf(decision, *, draft: bool) -> tuple[str, bytes]:
    """``(html, pdf_bytes)``: the letter alone (the attachment is a separate document).

    ``draft=True`` marks every page "UTKAST" (the preview before approval).
    """
    return letter_pdf(from_decision(decision), draft=draft)


def vedtak_with_attachment_pdf(decision, *, draft: bool = False, letter_pdf_bytes: bytes | None = None) -> bytes:
    """The letter and its standard attachment as one PDF (print). ``letter_pdf_bytes``: the stored
    letter (``Decision.pdf``), so an approved letter is not rendered again."""
    if letter_pdf_bytes is None:
        letter = from_decision(decision)
        return with_attachment(letter, letter_pdf(letter, draft=draft)[1])
    on = timezone.localdate(decision.approved_at) if decision.approved_at else timezone.localdate()
    return merge_pdfs([letter_pdf_bytes, standard_attachment_pdf(decision.case.municipality, on=on)])
