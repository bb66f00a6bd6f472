"""Render timings for benchmarks: the pipeline against a naive render, per household.

Used by ``benchmarks/pdf_benchmark.py`` and the renewal benchmark (``pdf_ms_median``,
``naive_pdf_ms_median``, ``pdf_ratio_to_naive`` in docs/reference/contracts/benchmark.md). The unit
is **everything one household receives**: the letter and the standard attachment
(``household_timings``).

- The pipeline typesets the letter with the process's one Typst compiler (``typst_cached_ms``) and
  takes the attachment from its per-kommune cache (``cases.pdf.attachment``): the attachment's one
  WeasyPrint render is shared by every household of the kommune, målform and template version, and
  its share is added.
- The naive side renders both documents plainly, each with its own typesetter's one-shot call: the
  letter with ``typst.compile()`` (a new compiler: template read and parsed, fonts searched and
  loaded, system fonts included, as a plain call does; ``typst_naive_ms``), and the attachment with
  ``weasyprint.HTML(string=html).write_pdf()`` of its standalone HTML (``naive_render_ms``).

Since December 2026 the letter is not HTML, so the former baseline (the letter and the attachment
in ONE WeasyPrint render) no longer exists; docs/benchmarks.md keeps its last figures beside the
new ones from the same machine. ``clock`` may be ``time.process_time`` to measure this process's CPU
time (all its threads) instead of wall time. ``phases_ms`` splits one WeasyPrint render into its
phases by wrapping its phase functions for the duration of the call (exclusive times).

``phases_ms`` splits one render into WeasyPrint's phases by wrapping its phase functions for the
duration of the call (exclusive times, so nested phases are not counted twice).
"""
import contextlib
import statistics
import time

from cases.pdf import typst_engine
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


def typst_cached_ms(document: str, *, clock=time.perf_counter) -> float:
    """Milliseconds for the pipeline's letter: one compile with the process's cached Typst compiler."""
    start = clock()
    typst_engine.compile_document(document)
    return (clock() - start) * 1000


def typst_naive_ms(document: str, *, clock=time.perf_counter) -> float:
    """Milliseconds for a plain one-shot ``typst.compile()`` of the letter (nothing kept between calls)."""
    import typst

    start = clock()
    typst.compile(str(typst_engine.TEMPLATE), root="/", font_paths=[str(typst_engine.FONTS)], format="pdf",
                  sys_inputs={"letter": document}, pdf_standards=[typst_engine.PDF_STANDARD])
    return (clock() - start) * 1000


def household_timings(documents: list[str], *, attachment_html: str, attachment_standalone: str, households: int,
                      rounds: int = 2) -> dict:
    """Pipeline against naive for everything a household receives, per household (medians over
    ``documents`` × ``rounds``, the two sides interleaved in alternating order), CPU and wall time.

    ``households``: how many households share the attachment's one render (its share is added to the
    pipeline's side)."""
    attachment_cpu = statistics.median(cached_render_ms(attachment_html, clock=time.process_time)
                                       for _ in range(3))
    share = attachment_cpu / max(households, 1)
    typst_cached_ms(documents[0]), typst_naive_ms(documents[0]), naive_render_ms(attachment_standalone)  # warm-up
    times: dict[str, list[float]] = {key: [] for key in (
        "cached", "naive", "cached_cpu", "naive_cpu", "letter_cpu", "naive_letter_cpu")}

    def timed(kind: str, document: str) -> None:
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        if kind == "cached":
            letter_cpu = typst_cached_ms(document, clock=time.process_time)
        else:
            letter_cpu = typst_naive_ms(document, clock=time.process_time)
            naive_render_ms(attachment_standalone)
        extra = share if kind == "cached" else 0.0
        times[kind].append((time.perf_counter() - start_wall) * 1000 + extra)
        times[f"{kind}_cpu"].append((time.process_time() - start_cpu) * 1000 + extra)
        times["letter_cpu" if kind == "cached" else "naive_letter_cpu"].append(letter_cpu)

    for round_number in range(rounds):
        for index, document in enumerate(documents):
            for kind in ("cached", "naive") if (index + round_number) % 2 == 0 else ("naive", "cached"):
                timed(kind, document)
    median = {kind: statistics.median(values) for kind, values in times.items()}
    return {"pdf_ms_median": round(median["cached"], 1), "naive_pdf_ms_median": round(median["naive"], 1),
            "pdf_cpu_ms_median": round(median["cached_cpu"], 1),
            "naive_pdf_cpu_ms_median": round(median["naive_cpu"], 1),
            "pdf_ratio_to_naive": round(median["cached_cpu"] / median["naive_cpu"], 3),
            "pdf_wall_ratio_to_naive": round(median["cached"] / median["naive"], 3),
            "letter_cpu_ms_median": round(median["letter_cpu"], 1),
            "naive_letter_cpu_ms_median": round(median["naive_letter_cpu"], 1),
            "attachment_cpu_ms_once": round(attachment_cpu, 1)}


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
