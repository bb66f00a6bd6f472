"""Render timings for benchmarks: the cached pipeline against a naive WeasyPrint render.

Used by ``benchmarks/pdf_benchmark.py`` and reusable by the renewal benchmark (``pdf_ms_median``,
``naive_pdf_ms_median``, ``pdf_ratio_to_naive`` in shared/contracts/benchmark.md). Both take the
same letter: the naive render gets the standalone HTML (stylesheet linked by file: URL) and builds
its fonts and stylesheet afresh, as ``weasyprint.HTML(string=html).write_pdf()`` does. ``clock`` may
be ``time.process_time`` to measure this process's CPU time instead of wall time.
"""
import time

from .engine import PDF_VARIANT, STYLESHEET, html_to_pdf


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


def setup_ms(*, clock=time.perf_counter) -> float:
    """Milliseconds to build what the pipeline caches: a FontConfiguration and the parsed stylesheet
    with its @font-face fonts (the part of a naive render the cache removes)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    start = clock()
    CSS(filename=str(STYLESHEET), font_config=FontConfiguration())
    return (clock() - start) * 1000


def phases_ms(html: str, *, clock=time.perf_counter) -> tuple[float, float]:
    """(layout, drawing + PDF writing) in milliseconds for the cached pipeline: what dominates a render."""
    from weasyprint import HTML

    from . import engine

    document = HTML(string=html, base_url=engine.STATIC_DIR.as_uri() + "/", url_fetcher=engine.url_fetcher())
    with engine.gc_paused():
        start = clock()
        rendered = document.render(stylesheets=[engine.stylesheet()], font_config=engine.font_configuration(),
                                   pdf_variant=PDF_VARIANT, cache=engine.image_cache())
        middle = clock()
        rendered.write_pdf(pdf_variant=PDF_VARIANT, finisher=engine.compress_streams)
        end = clock()
    return (middle - start) * 1000, (end - middle) * 1000
