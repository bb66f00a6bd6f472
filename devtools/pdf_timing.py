"""Render timings for benchmarks: the pipeline against a naive WeasyPrint render, per household.

Used by ``benchmarks/pdf_benchmark.py`` and the renewal benchmark (``pdf_ms_median``,
``naive_pdf_ms_median``, ``pdf_ratio_to_naive`` in docs/reference/contracts/benchmark.md). The unit
is **everything one household receives**: the letter and the standard attachment. The naive side
renders both in ONE plain ``weasyprint.HTML(string=html).write_pdf()`` of their standalone HTML
(``household_html``: the attachment's body after the letter's, on a new page), building fonts and
stylesheet afresh as a plain render does. The pipeline renders the letter with the cached fonts and
stylesheet and takes the attachment from its per-kommune cache (``cases.pdf.attachment``): its one
render is shared by every household of the kommune, målform and template version, and
``household_pipeline_ms`` adds that render's share. ``clock`` may be ``time.process_time`` to
measure this process's CPU time instead of wall time.

``phases_ms`` splits one render into WeasyPrint's phases by wrapping its phase functions for the
duration of the call (exclusive times, so nested phases are not counted twice).
"""
import contextlib
import time

from cases.pdf.engine import PDF_VARIANT, STYLESHEET, html_to_pdf

# Phase → what it covers. "other" is the rest of the render (garbage collection, option handling).
PHASES = {
    "parse": "HTML parse (tinyhtml5) into an element tree",
    "setup": "FontConfiguration, stylesheet parse and @font-face font loading",
    "cascade": "selector matching and cascade for every element and pseudo-element",
    "boxes": "box tree (formatting structure)",
    "layout": "layout and pagination: line breaking, tables, floats, margin boxes",
    "draw": "drawing the pages into PDF content streams",
    "fonts": "font subsetting and embedding",
    "tags": "PDF/A-2a structure tree (tags)",
    "pdf_objects": "other PDF objects: metadata (XMP), output intent, links, resources",
    "serialise": "writing the file (pydyf: streams compressed, every object serialised twice for the /ID)",
    "other": "the rest: garbage collection, option handling",
}


def naive_render_ms(html: str, *, pdf_variant: str | None = PDF_VARIANT, clock=time.perf_counter) -> float:
    """Milliseconds for ``weasyprint.HTML(string=html).write_pdf()`` (same PDF variant by default)."""
    from weasyprint import HTML

    start = clock()
    HTML(string=html).write_pdf(pdf_variant=pdf_variant)
    return (clock() - start) * 1000


def cached_render_ms(html: str, *, clock=time.perf_counter) -> float:
    """Milliseconds for the cached pipeline on HTML rendered with ``standalone=False``."""
    start = clock()
    html_to_pdf(html)
    return (clock() - start) * 1000


# The attachment as part of one naive document: its own page style and a new page (as vedtak.css gives
# ``body.attachment``, which a <div> inside the letter's body cannot be).
_ATTACHMENT_PART = ("<style>.attachment-part { page: attachment; break-before: page; } "
                    ".attachment-part h1 { margin-top: 8mm; }</style>")


def _body(html: str) -> str:
    start = html.index(">", html.index("<body")) + 1
    return html[start:html.rindex("</body>")]


def household_html(letter_html: str, attachment_html: str) -> str:
    """One standalone document of everything a household receives: the letter, then the attachment."""
    body = _body(attachment_html).replace(' id="brevhode"', "")  # one anchor per document
    part = f'{_ATTACHMENT_PART}<div class="attachment-part">{body}</div>'
    end = letter_html.rindex("</body>")
    return letter_html[:end] + part + letter_html[end:]


def household_pipeline_ms(letter_html: str, *, attachment_ms: float, households: int,
                          clock=time.perf_counter) -> float:
    """The pipeline's cost for one household: its letter, plus its share of the attachment's one render
    (``attachment_ms`` spread over the ``households`` that share it)."""
    return cached_render_ms(letter_html, clock=clock) + attachment_ms / max(households, 1)


def setup_ms(*, clock=time.perf_counter) -> float:
    """Milliseconds to build what the pipeline caches: a FontConfiguration and the parsed stylesheet
    with its @font-face fonts (the part of a naive render the cache removes)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    start = clock()
    CSS(filename=str(STYLESHEET), font_config=FontConfiguration())
    return (clock() - start) * 1000


def _phase_targets():
    """(owner, attribute, phase) for every function wrapped by ``phases_ms``."""
    import pydyf
    import weasyprint
    import weasyprint.document
    import weasyprint.pdf
    from weasyprint.text.fonts import FontConfiguration

    return [
        (weasyprint.HTML, "__init__", "parse"),
        (weasyprint.HTML, "render", "layout"),  # exclusive of the cascade and box phases inside it
        (weasyprint.CSS, "__init__", "setup"),
        (FontConfiguration, "__init__", "setup"),
        (weasyprint.document, "get_all_computed_styles", "cascade"),
        (weasyprint.document, "build_formatting_structure", "boxes"),
        (weasyprint.document.Page, "paint", "draw"),
        (weasyprint.document, "generate_pdf", "pdf_objects"),
        (weasyprint.pdf, "build_fonts_dictionary", "fonts"),
        (weasyprint.pdf, "add_tags", "tags"),
        (pydyf.PDF, "write", "serialise"),
    ]


@contextlib.contextmanager
def _timed_phases(totals: dict, clock):
    stack = []  # time spent in nested phases, per open phase

    def wrap(function, phase):
        def timed(*args, **kwargs):
            stack.append(0.0)
            start = clock()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = clock() - start
                nested = stack.pop()
                totals[phase] = totals.get(phase, 0.0) + elapsed - nested
                if stack:
                    stack[-1] += elapsed
        return timed

    saved = []
    for owner, name, phase in _phase_targets():
        original = owner.__dict__[name]
        saved.append((owner, name, original))
        setattr(owner, name, wrap(original, phase))
    try:
        yield
    finally:
        for owner, name, original in reversed(saved):
            setattr(owner, name, original)


def phases_ms(html: str, *, naive: bool = False, clock=time.process_time) -> dict[str, float]:
    """One render split into ``PHASES`` (milliseconds, CPU time by default), plus ``total``.

    ``naive=True`` renders ``html`` (the standalone HTML) as ``naive_render_ms`` does; otherwise the
    cached pipeline renders it (HTML rendered with ``standalone=False``).
    """
    totals: dict[str, float] = {}
    with _timed_phases(totals, clock):
        total_ms = naive_render_ms(html, clock=clock) if naive else cached_render_ms(html, clock=clock)
    result = {phase: totals.get(phase, 0.0) * 1000 for phase in PHASES if phase != "other"}
    result["other"] = total_ms - sum(result.values())
    result["total"] = total_ms
    return result
