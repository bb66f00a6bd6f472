"""The standard attachment «Orientering om klagerett og innsyn», rendered once and reused.

The klage and rights text (fvl. §§ 11, 18–19, 24, 27–29, 31–33, 36, 42; rules.md § 7.1) holds no case
data, so it is the same PDF for every letter of one kommune in one målform under one act and template
version. ``standard_attachment_pdf(municipality)`` renders it the first time and keeps the bytes in
private storage under ``vedtak-vedlegg/<hash>.pdf``; the hash covers everything the page shows (the
kommune's name, unit, address, contact and klageinstans, the målform, which forvaltningslov is cited,
and the template, phrase table and stylesheet sources), so a change to any of them renders a new file
and an unchanged one is never rendered twice. A per-process dict saves the storage read.
"""
import datetime
import hashlib
import json
import threading
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.template.loader import render_to_string
from django.utils import timezone

from . import legal
from .context import _contact
from .engine import STYLESHEET, html_to_pdf
from .letter_data import Kommune, kommune_of
from .texts import TABLES, texts_for

TEMPLATE = "vedtak/attachment.html"
# Bump when the attachment's meaning changes without a change to its sources (e.g. a legal review).
TEMPLATE_VERSION = "2026-12-1"
FOLDER = "vedtak-vedlegg"
_SOURCES = [Path(settings.BASE_DIR) / "templates" / "vedtak" / name for name in ("attachment.html", "_letterhead.html")]
_lock = threading.Lock()
_memory: dict[str, bytes] = {}


def _sources_digest() -> str:
    digest = hashlib.sha256(TEMPLATE_VERSION.encode())
    for path in (*_SOURCES, STYLESHEET):
        digest.update(path.read_bytes())
    for table in TABLES.values():
        digest.update(json.dumps(table, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def attachment_key(kommune: Kommune, on: datetime.date) -> str:
    """The hash naming the attachment of ``kommune`` for a letter dated ``on``."""
    shown = {
        "kommune": [kommune.name, kommune.unit, kommune.address, kommune.phone, kommune.email, kommune.website,
                    kommune.orgnr, kommune.klageinstans, kommune.logo_url],
        "malform": texts_for(kommune.malform).malform,
        "new_fvl": legal.new_fvl(on),
        "sources": _sources_digest(),
    }
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()[:32]


def attachment_name(kommune: Kommune, on: datetime.date) -> str:
    return f"{FOLDER}/orientering-{kommune.kommunenummer or 'x'}-{attachment_key(kommune, on)}.pdf"


def attachment_html(kommune: Kommune, on: datetime.date, *, standalone: bool = False) -> str:
    t = texts_for(kommune.malform)
    fvl = legal.fvl_references(on, t)
    where = (t.fill("appeal_where_address", address=kommune.address) if kommune.address else "") + (
        t.fill("appeal_where_email", email=kommune.email) if kommune.email else "")
    context = {
        "t": t, "lang": t.malform, "kommune": kommune, "saksnummer": "",
        "stylesheet_url": STYLESHEET.as_uri() if standalone else "",
        "subtitle": t.fill("attachment_subtitle", kommune=kommune.name),
        "appeal": t.fill("att_appeal", klageinstans_ref=fvl["klageinstans_ref"], klagefrist=fvl["klagefrist"]),
        "how": t.fill("att_how", klage_innhold=fvl["klage_innhold"]),
        "send": t.fill("att_send", unit=kommune.unit, kommune=kommune.name, where=where),
        "next": t.fill("att_next", klage_underinstans=fvl["klage_underinstans"], klageinstans=kommune.klageinstans),
        "late": t.fill("att_late", klage_for_sent=fvl["klage_for_sent"]),
        "rights": [
            t.fill("att_reasons", klagefrist_begrunnelse=fvl["klagefrist_begrunnelse"]),
            t.fill("att_innsyn", innsyn=fvl["innsyn"]),
            t.fill("att_guidance", veiledning=fvl["veiledning"]),
            t.fill("att_costs", sakskostnader=fvl["sakskostnader"]),
            t.fill("att_postpone", utsatt_iverksetting=fvl["utsatt_iverksetting"]),
        ],
        "contact": _contact(t, kommune),
        "law": t.fill("att_law", law=fvl["law"]),
    }
    return render_to_string(TEMPLATE, context)


def attachment_for(kommune: Kommune, on: datetime.date | None = None) -> bytes:
    """The attachment's PDF bytes for ``kommune`` and a letter dated ``on`` (today by default)."""
    on = on or timezone.localdate()
    name = attachment_name(kommune, on)
    with _lock:
        if name in _memory:
            return _memory[name]
        storage = storages["private"]
        if storage.exists(name):
            with storage.open(name, "rb") as handle:
                pdf = handle.read()
        else:
            pdf = html_to_pdf(attachment_html(kommune, on))
            saved = storage.save(name, ContentFile(pdf))
            if saved != name:  # another process stored it first: keep one copy
                storage.delete(saved)
        _memory[name] = pdf
        return pdf


def standard_attachment_pdf(municipality, *, on: datetime.date | None = None) -> bytes:
    """«Orientering om klagerett og innsyn» for ``municipality`` (a ``cases.models.Municipality``)."""
    return attachment_for(kommune_of(municipality), on)


def forget_cached() -> None:
    """Drop the per-process copies (tests; after editing the texts in a running process)."""
    with _lock:
        _memory.clear()
