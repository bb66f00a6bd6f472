"""The vedtak (decision letter) as HTML and PDF: the public face of the letter.

    html = render_vedtak_html(decision, draft=True)          # preview, standalone HTML
    html, pdf = render_vedtak_pdf(decision, draft=False)     # the letter to send (PDF/A-2a)
    batch = merge_pdfs([pdf_1, pdf_2], duplex=True)          # print-ready batch

The letter's text lives in ``templates/vedtak/``, its layout in ``static/vedtak/vedtak.css``, the
legal references (and the switch to the new forvaltningsloven) in ``cases.pdf.legal``. The PDF
pipeline (cached fonts and stylesheet, local-only URL fetcher) is ``cases.pdf.engine``.
"""
from django.template.loader import render_to_string

from .context import vedtak_context
from .engine import PDF_VARIANT, STYLESHEET, font_configuration, html_to_pdf, merge_pdfs, stylesheet

TEMPLATE = "vedtak/vedtak.html"

__all__ = [
    "PDF_VARIANT", "font_configuration", "html_to_pdf", "merge_pdfs", "render_vedtak_html",
    "render_vedtak_pdf", "stylesheet", "vedtak_context",
]


def _render(decision, *, draft: bool, stylesheet_url: str) -> str:
    context = vedtak_context(decision, draft=draft)
    context["stylesheet_url"] = stylesheet_url
    return render_to_string(TEMPLATE, context)


def render_vedtak_html(decision, *, draft: bool, standalone: bool = True) -> str:
    """The letter as HTML. ``standalone`` links the stylesheet (by file: URL) so the HTML renders
    on its own, e.g. in a plain ``weasyprint.HTML(string=html).write_pdf()``; the cached pipeline
    passes the parsed stylesheet itself and renders the HTML without the link."""
    return _render(decision, draft=draft, stylesheet_url=STYLESHEET.as_uri() if standalone else "")


def render_vedtak_pdf(decision, *, draft: bool) -> tuple[str, bytes]:
    """``(html, pdf_bytes)``: the letter rendered with the process's cached fonts and stylesheet.

    ``draft=True`` marks every page "UTKAST – ikke sendt" (the preview before approval).
    """
    html = render_vedtak_html(decision, draft=draft, standalone=False)
    return html, html_to_pdf(html)
