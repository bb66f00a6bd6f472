"""The WeasyPrint pipeline: HTML → PDF/A with a per-process font configuration and stylesheet.

WeasyPrint is imported inside functions (ruff TID253: the import is slow and does I/O). The
``FontConfiguration`` (which loads the bundled TTF files named by @font-face) and the parsed
``static/vedtak/vedtak.css`` are built once per process and reused by every render; a lock makes
the first build and the renders safe when a process renders from several threads.

The URL fetcher only serves ``file:`` URLs inside the project's ``static/`` folder and the logo
folder of the default storage, plus inline ``data:`` URLs: a template can never reach the network.

Per render the pipeline also avoids work a plain ``write_pdf()`` repeats (measured in
docs/vedtak.md): decoded images (the logo) are kept in a per-process cache together with their
encoded PDF image streams (``ImageCache``), the cascade uses only
the user-agent rules that can match a letter's elements (``static/vedtak/user-agent.css``, the same
output byte for byte), streams are compressed once at zlib level 6 instead of level 9
(``compress_streams``), the file identifier PDF/A requires is the hash of the written file instead
of a second serialisation of every object (``add_file_identifier``), and the cyclic garbage collector
is paused while WeasyPrint allocates its box tree (``gc_paused``).
"""
import atexit
import contextlib
import gc
import hashlib
import io
import logging
import mimetypes
import threading
import zlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

# PDF/A-2a: archival (ISO 19005-2, what Noark archives accept) at conformance level "a", which also
# requires a tagged, Unicode-mapped structure (the accessibility part). See docs/vedtak.md.
PDF_VARIANT = "pdf/a-2a"
STATIC_DIR = Path(settings.BASE_DIR) / "static"
STYLESHEET = STATIC_DIR / "vedtak" / "vedtak.css"
# The subset of WeasyPrint's HTML user-agent stylesheet that applies to the letter's elements, and
# those elements: a template using any other element needs its user-agent rules added first.
USER_AGENT_STYLESHEET = STATIC_DIR / "vedtak" / "user-agent.css"
USER_AGENT_ELEMENTS = frozenset({
    "aside", "body", "br", "caption", "col", "colgroup", "div", "h1", "h2", "h3", "head", "header", "html",
    "img", "li", "link", "meta", "p", "section", "span", "strong", "table", "tbody", "td", "tfoot", "th",
    "thead", "title", "tr", "ul",
})

# WeasyPrint logs each layout step of each page at INFO; a renewal batch of thousands of letters must
# keep its log volume small, so only that logger's warnings are kept.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# zlib level for the PDF's streams. pydyf uses 9, which costs noticeably more CPU than 6 (zlib's
# default) for a file about 1 % smaller.
ZLIB_LEVEL = 6

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


def user_agent_stylesheet():
    """The parsed ``user-agent.css`` (the letter's subset of WeasyPrint's HTML user-agent sheet)."""
    with _lock:
        if "user_agent" not in _cache:
            from weasyprint import CSS

            _cache["user_agent"] = CSS(filename=str(USER_AGENT_STYLESHEET), url_fetcher=url_fetcher())
        return _cache["user_agent"]


def letter_html_class():
    """A ``weasyprint.HTML`` subclass that cascades ``user_agent_stylesheet()`` instead of the full
    HTML user-agent sheet (WeasyPrint's ``_ua_stylesheets`` hook; forms keep the default)."""
    with _lock:
        if "html_class" not in _cache:
            from weasyprint import HTML

            class LetterHTML(HTML):
                def _ua_stylesheets(self, forms=False):
                    if forms:
                        return super()._ua_stylesheets(forms)
                    return [user_agent_stylesheet()]

            _cache["html_class"] = LetterHTML
        return _cache["html_class"]


def reset_cache() -> None:
    """Forget the cached pipeline (after editing the stylesheet in a running process; for tests)."""
    with _lock:
        _cache.clear()


def image_cache() -> dict:
    """The process's WeasyPrint image cache (decoded logos and their encoded PDF streams, keyed by
    URL; logo uploads get new names)."""
    with _lock:
        return _cache.setdefault("images", ImageCache())


def _stream_copy(stream):
    """A new ``pydyf.Stream`` with the same data and a copy of its dictionary (nested streams too)."""
    import pydyf

    extra = pydyf.Dictionary({key: _stream_copy(value) if isinstance(value, pydyf.Stream) else value
                              for key, value in stream.extra.items()})
    return pydyf.Stream(list(stream.stream), extra, stream.compress)


def reuse_encoded_image(image) -> None:
    """Let a raster ``image`` encode its PDF image stream only once (other objects are left alone).

    WeasyPrint keeps the decoded image in its cache but encodes it for every document again
    (``RasterImage.get_x_object``: PNG decode, alpha split, two PNG encodes — ≈ 9 ms for a 400 × 400
    logo, more for larger ones). The image remembers the first result and hands out a copy per
    document: a new stream object (WeasyPrint numbers it and replaces its soft mask by a reference
    when it adds it to a PDF) around the same encoded bytes.
    """
    from weasyprint.images import RasterImage

    if not isinstance(image, RasterImage) or "get_x_object" in vars(image):
        return
    encoded: dict = {}

    def get_x_object(interpolate, dpi_ratio, encode=image.get_x_object):
        key = (interpolate, dpi_ratio)
        if key not in encoded:
            encoded[key] = _stream_copy(encode(interpolate, dpi_ratio))
        return _stream_copy(encoded[key])

    image.get_x_object = get_x_object


class ImageCache(dict):
    """WeasyPrint's image cache (URL → decoded image, plus encoded bytes by image slot) whose raster
    images encode their PDF stream once per process (``reuse_encoded_image``)."""

    def __setitem__(self, key, value):
        reuse_encoded_image(value)
        super().__setitem__(key, value)


def compress_streams(document, pdf) -> None:
    """WeasyPrint ``finisher``: deflate every stream pydyf would compress, once, at ``ZLIB_LEVEL``.

    pydyf compresses at level 9, and for a PDF/A file identifier it serialises every object twice;
    a stream that is already deflated (``compress`` off, ``/FlateDecode`` set) is written as it is.
    """
    import pydyf

    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.compress:
            raw = b"\n".join(pydyf._to_bytes(item) for item in obj.stream)
            obj.stream = [zlib.compress(raw, ZLIB_LEVEL)]
            obj.extra["Filter"] = "/FlateDecode"
            obj.compress = False


def add_file_identifier(pdf: bytes) -> bytes:
    """``pdf`` (written without a file identifier) with the trailer ``/ID`` PDF/A requires.

    With ``pdf_identifier=True`` pydyf serialises every object a second time only to hash it; the MD5
    of the finished file identifies it as well, at no cost. The entry goes into the trailer dictionary
    — for PDF 1.5+ the cross-reference stream's dictionary, the last object — so no object before it
    moves, ``startxref`` still points at the object's start, and the stream's ``/Length`` is unchanged.
    """
    _head, found, tail = pdf.rpartition(b"startxref\n")
    if not found:
        raise ValueError("not a PDF: no startxref")
    position = int(tail.split(b"\n", 1)[0])
    if pdf.startswith(b"xref", position):
        start = pdf.index(b"trailer\n<<", position) + len(b"trailer\n<<")
    else:
        start = pdf.index(b"<<", position) + 2
    if b"/ID [" in pdf[start:start + 400]:
        raise ValueError("the PDF already has a file identifier")
    digest = hashlib.md5(pdf, usedforsecurity=False).hexdigest().encode()
    return pdf[:start] + b"/ID [(" + digest + b") (" + digest + b")]" + pdf[start:]


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


def _write_pdf(html: str, user_agent_subset: bool) -> bytes:
    from weasyprint import HTML

    html_class = letter_html_class() if user_agent_subset else HTML
    document = html_class(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=url_fetcher())
    return document.write_pdf(stylesheets=[stylesheet()], font_config=font_configuration(), pdf_variant=PDF_VARIANT,
                              cache=image_cache(), finisher=compress_streams, pdf_identifier=False)


def html_to_pdf(html: str, *, user_agent_subset: bool = True) -> bytes:
    """Render ``html`` (without its own stylesheet link) with the cached fonts and stylesheet.

    The render runs in its own function so that its element and box trees are unreachable when
    ``gc_paused`` collects: the collection frees them instead of scanning them as live objects.
    ``user_agent_subset=False`` cascades WeasyPrint's full user-agent sheet instead (for the test
    that the subset changes nothing, and for measuring what it saves).
    """
    with _lock, gc_paused():
        pdf = _write_pdf(html, user_agent_subset)
    return add_file_identifier(pdf)


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
