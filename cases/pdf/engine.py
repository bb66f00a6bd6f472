"""The WeasyPrint pipeline: HTML → PDF/A with a per-process font configuration and stylesheet.

It renders the documents that are not made per household: the standard attachment (once per kommune,
målform and version), the klage letters and the innsyn export. The vedtak letter and the
søknadssammendrag are typeset by Typst (``cases.pdf.typst_engine``). Public API of WeasyPrint and pydyf
only (docs/vedtak.md): a private internal breaks on upgrade; none of the four formerly used here gained
5 % on its own (measured in November–December 2026, docs/vedtak.md).

WeasyPrint is imported inside functions (ruff TID253: the import is slow and does I/O). The
``FontConfiguration`` (which loads the bundled TTF files named by @font-face) and the parsed
``static/vedtak/vedtak.css`` are built once per process and reused by every render; a lock makes
the first build and the renders safe when a process renders from several threads. WeasyPrint's
public image ``cache`` (a dict) keeps the decoded logo for the process.

The URL fetcher only serves ``file:`` URLs inside the project's ``static/`` folder and the logo
folder of the default storage, plus inline ``data:`` URLs: a template can never reach the network.
The cyclic garbage collector is paused while WeasyPrint allocates its box tree (``gc_paused``).
"""
import atexit
import contextlib
import gc
import io
import logging
import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

# PDF/A-2a: archival (ISO 19005-2, what Noark archives accept) at conformance level "a", which also
# requires a tagged, Unicode-mapped structure (the accessibility part). See docs/vedtak.md.
PDF_VARIANT = "pdf/a-2a"
STATIC_DIR = Path(settings.BASE_DIR) / "static"
STYLESHEET = STATIC_DIR / "vedtak" / "vedtak.css"
# WeasyPrint logs each layout step of each page at INFO; a renewal batch of thousands of letters must
# keep its log volume small, so only that logger's warnings are kept.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

_lock = threading.RLock()
_cache: dict[str, object] = {}


@atexit.register
def _release_at_exit() -> None:
    """Drop the cached objects while modules still exist: ``FontConfiguration.__del__`` then removes its
    temporary font folder (at interpreter teardown it would fail with ``'NoneType' object is not callable``)."""
    with _lock:
        _cache.clear()


class BlockedURL(ValueError):
    """A template asked for a resource outside the allowed local folders."""


def allowed_roots() -> tuple[Path, ...]:
    media = Path(settings.MEDIA_ROOT) / "logos"
    return (STATIC_DIR.resolve(), media.resolve())


def _local_path(url: str) -> Path:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise BlockedURL(f"only local files may be used in a vedtak: {parts.scheme}:")
    path = Path(unquote(parts.path)).resolve()
    if not any(path.is_relative_to(root) for root in allowed_roots()):
        raise BlockedURL("file outside static/ and the logo folder")
    return path


def url_fetcher():
    """The process's local-only URL fetcher (a weasyprint ``URLFetcher`` subclass)."""
    with _lock:
        if "fetcher" not in _cache:
            from weasyprint.urls import URLFetcher, URLFetcherResponse

            class LocalFetcher(URLFetcher):
                def fetch(self, url, headers=None):
                    if url.startswith("data:"):
                        return super().fetch(url, headers)
                    path = _local_path(url)
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(path.as_uri(), body=path.read_bytes(),
                                              headers={"Content-Type": kind})

            _cache["fetcher"] = LocalFetcher(allowed_protocols={"file", "data"})
        return _cache["fetcher"]


def font_configuration():
    """The process's one ``FontConfiguration`` (the same object on every call)."""
    with _lock:
        if "fonts" not in _cache:
            from weasyprint.text.fonts import FontConfiguration

            _cache["fonts"] = FontConfiguration()
        return _cache["fonts"]


def stylesheet():
    """The parsed vedtak stylesheet, its @font-face rules registered in ``font_configuration()``."""
    with _lock:
        if "css" not in _cache:
            from weasyprint import CSS

            _cache["css"] = CSS(filename=str(STYLESHEET), font_config=font_configuration(),
                                url_fetcher=url_fetcher())
        return _cache["css"]


def reset_cache() -> None:
    """Forget the cached pipeline (after editing the stylesheet in a running process; for tests)."""
    with _lock:
        _cache.clear()


def image_cache() -> dict:
    """The process's WeasyPrint image cache (WeasyPrint's public ``cache`` option: decoded logos keyed
    by URL; logo uploads get new names, and ``reset_cache()`` clears it)."""
    with _lock:
        return _cache.setdefault("images", {})


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector during a render and collect the youngest generation after.

    A render allocates several hundred thousand short-lived objects; with the collector on, it runs
    many generation-0/1 passes over them mid-render. Reference counting still frees most of them.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


def _write_pdf(html: str) -> bytes:
    from weasyprint import HTML

    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=url_fetcher())
    return document.write_pdf(stylesheets=[stylesheet()], font_config=font_configuration(), pdf_variant=PDF_VARIANT,
                              cache=image_cache())


def html_to_pdf(html: str) -> bytes:
    """Render ``html`` (without its own stylesheet link) with the cached fonts and stylesheet.

    The render runs in its own function so that its element and box trees are unreachable when
    ``gc_paused`` collects: the collection frees them instead of scanning them as live objects.
    """
    with _lock, gc_paused():
        return _write_pdf(html)


def merge_pdfs(parts: list[bytes], *, duplex: bool = False) -> bytes:
    """One PDF of ``parts`` in order (the print-ready batch).

    With ``duplex``, a blank page follows every letter with an odd page count, so each letter starts
    on a new sheet when printed on both sides. The batch is for printing: it is not PDF/A itself.
    """
    if not parts:
        raise ValueError("merge_pdfs needs at least one PDF")
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        reader = PdfReader(io.BytesIO(part))
        writer.append(reader)
        if duplex and len(reader.pages) % 2:
            box = reader.pages[-1].mediabox
            writer.add_blank_page(width=box.width, height=box.height)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
