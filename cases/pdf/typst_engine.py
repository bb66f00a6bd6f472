"""The per-household typesetter: a JSON document → PDF/A-2a with Typst (the ``typst`` package).

Two templates: ``templates/vedtak/vedtak.typ`` (the vedtak letter, ``TEMPLATE``) and
``templates/summary/summary.typ`` (the søknadssammendrag of the archive copy, ``SUMMARY_TEMPLATE``).
One ``typst.Compiler`` per process holds the bundled Liberation Sans faces (``static/fonts``; no system
or built-in fonts, so a document looks the same on every machine) and Typst's memoised work; each
document is one ``compile`` of its template with its JSON in ``sys.inputs``. A lock serialises the
compiles of a process that renders from several threads. Why Typst and not WeasyPrint for these two:
docs/vedtak.md «The letter's typesetter» (≈ 10 times less CPU per letter on the same machine).

The template reads nothing but its document and, when the kommune has one, its logo: the logo's path
must lie inside the logo folder of the default storage (``BlockedPath`` otherwise); a logo in a storage
without local files arrives as a ``data:`` URL (``letter_data.logo_url``) and is written once, by its
hash, to the process's own temporary folder. Typst itself never reaches the network (no packages are
imported).
"""
import atexit
import base64
import datetime
import hashlib
import mimetypes
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings

from .typst_document import letter_document, logo_path

TEMPLATE = Path(settings.BASE_DIR) / "templates" / "vedtak" / "vedtak.typ"
SUMMARY_TEMPLATE = Path(settings.BASE_DIR) / "templates" / "summary" / "summary.typ"
FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
PDF_STANDARD = "a-2a"  # PDF/A-2a: archival and tagged (docs/vedtak.md), as the WeasyPrint documents

_lock = threading.RLock()
_cache: dict[str, object] = {}


class BlockedPath(ValueError):
    """The letter named a file outside the logo folder."""


def logo_root() -> Path:
    return (Path(settings.MEDIA_ROOT) / "logos").resolve()


def _copied_logo(data_url: str) -> str:
    """The path of a ``data:`` URL's image, written once per process into its temporary folder."""
    header, _, payload = data_url.partition(",")
    raw = base64.b64decode(payload) if header.endswith(";base64") else unquote(payload).encode()
    suffix = mimetypes.guess_extension(header[5:].split(";")[0]) or ".png"
    with _lock:
        if "logo_dir" not in _cache:
            folder = tempfile.mkdtemp(prefix="skattedeling-logos-")
            atexit.register(shutil.rmtree, folder, True)
            _cache["logo_dir"] = folder
        path = Path(_cache["logo_dir"]) / f"{hashlib.sha256(raw).hexdigest()[:32]}{suffix}"
        if not path.exists():
            path.write_bytes(raw)
    return str(path)


def _checked_logo(logo_url: str) -> str | None:
    if logo_url.startswith("data:"):
        return _copied_logo(logo_url)
    path = logo_path(logo_url)
    if path is None:
        return None
    resolved = Path(path).resolve()
    if not resolved.is_relative_to(logo_root()):
        raise BlockedPath("the letterhead's logo must be in the logo folder")
    return str(resolved)


def compiler():
    """The process's one ``typst.Compiler`` (fonts loaded once; the letter's template by default)."""
    with _lock:
        if "compiler" not in _cache:
            import typst

            fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(FONTS)])
            _cache["compiler"] = typst.Compiler(str(TEMPLATE), root="/", font_paths=fonts)
        return _cache["compiler"]


def reset_cache() -> None:
    """Forget the compiler (after editing the template in a running process; for tests)."""
    with _lock:
        _cache.pop("compiler", None)


def compile_document(document: str, *, template: Path = TEMPLATE,
                     created: datetime.datetime | None = None) -> bytes:
    """The PDF of ``template`` typeset from ``document`` (JSON, ``sys.inputs.letter``); ``created`` its
    creation date (now when ``None``)."""
    with _lock:
        return compiler().compile(input=str(template), format="pdf", sys_inputs={"letter": document},
                                  pdf_standards=[PDF_STANDARD], timestamp=created)


def document_for(context: dict) -> str:
    """The JSON letter document of a ``letter_context`` (its logo checked)."""
    return letter_document(context, logo=_checked_logo(getattr(context["kommune"], "logo_url", "")))


def context_to_pdf(context: dict, *, created: datetime.datetime | None = None) -> tuple[str, bytes]:
    """``(document, pdf)`` for a ``letter_context``: the JSON that was typeset, and the PDF."""
    document = document_for(context)
    return document, compile_document(document, created=created)
