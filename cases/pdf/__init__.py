"""The vedtak (decision letter) as HTML and PDF, in the kommune's målform: the public face of the letter.

    document, pdf = render_vedtak_pdf(decision, draft=False)   # the letter (PDF/A-2a) and its JSON
    document, draft = render_vedtak_pdf(decision, draft=True)  # the preview, «UTKAST» on every page
    attachment = standard_attachment_pdf(municipality)         # «Orientering om klagerett og innsyn»
    combined = vedtak_with_attachment_pdf(decision)            # letter + attachment, one file for print
    batch = merge_pdfs([pdf_1, attachment, pdf_2, attachment], duplex=True)

Digital delivery sends the letter and the attachment as two documents; print merges them. The
letter's words live in ``cases/pdf/texts_nb.py`` / ``texts_nn.py`` (one table per målform), the
sentences in ``cases.pdf.context``, the dated legal references in ``cases.pdf.legal``, the data it
shows in ``cases.pdf.letter_data``. The letter is typeset by Typst (``templates/vedtak/vedtak.typ``,
``cases.pdf.typst_engine``) from one JSON document (``cases.pdf.typst_document``), as is the
søknadssammendrag (``cases.pdf.summary``); the attachment and the klage letters are HTML rendered by
WeasyPrint (``cases.pdf.engine``: cached fonts and stylesheet, local-only URL fetcher,
``static/vedtak/vedtak.css``). Why two typesetters: docs/vedtak.md «The letter's typesetter».
"""
from django.utils import timezone

from .attachment import attachment_for, standard_attachment_pdf
from .context import letter_context
from .engine import PDF_VARIANT, font_configuration, html_to_pdf, merge_pdfs, stylesheet
from .letter_data import LetterData, from_decision
from .typst_engine import context_to_pdf

__all__ = [
    "PDF_VARIANT", "LetterData", "font_configuration", "from_decision", "html_to_pdf", "letter_pdf",
    "merge_pdfs", "render_vedtak_pdf", "standard_attachment_pdf",
    "stylesheet", "vedtak_with_attachment_pdf", "with_attachment",
]


def letter_pdf(letter: LetterData, *, draft: bool) -> tuple[str, bytes]:
    """``(document, pdf)``: the letter typeset by Typst from its JSON document (``typst_engine``)."""
    return context_to_pdf(letter_context(letter, draft=draft))


def with_attachment(letter: LetterData, pdf: bytes) -> bytes:
    """``pdf`` (the letter) followed by the kommune's standard attachment, one file for print."""
    return merge_pdfs([pdf, attachment_for(letter.kommune, letter.letter_date)])


def render_vedtak_pdf(decision, *, draft: bool) -> tuple[str, bytes]:
    """``(document, pdf_bytes)``: the letter alone (the attachment is a separate document); ``document`` is
    the JSON it was typeset from.

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
