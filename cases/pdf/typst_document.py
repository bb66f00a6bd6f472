"""A template context as the JSON document a Typst template reads (``templates/vedtak/vedtak.typ``, the
letter; ``templates/summary/summary.typ``, the søknadssammendrag).

The contexts (``cases.pdf.context.letter_context``, ``cases.pdf.summary.summary_context``) hold
display-ready values in the målform; the sentences that come from the phrase tables are HTML-safe
strings (escaped values, ``<strong>`` for emphasis). Here they become data Typst shows as text, never
as markup:

- an HTML-safe string without emphasis → its plain text (entities unescaped);
- one with ``<strong>`` → a list of ``[text, bold]`` runs;
- a raw string (a name, an address: never HTML) → itself, unchanged.

A template receives one JSON string through ``sys.inputs`` and shows every value with Typst's text
functions, so a parent's name like ``*Kari* #x`` is printed as written. Only the labels a template
names (``LABELS`` for the letter) are passed, not the whole phrase table.
"""
import dataclasses
import html
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.utils.safestring import SafeData

LABELS = (
    "applicant", "approved_by", "assessment_rule", "attachment_title", "calc_lead", "caseworker",
    "change_col_child", "change_col_old", "co_applicant", "col_after", "col_counted", "col_explanation",
    "col_from", "col_kapitalinntekt", "col_person", "col_personinntekt", "col_price", "col_source",
    "col_step", "col_total", "date", "draft_mark", "draft_text", "draft_warnings", "enclosure",
    "h_appeal", "h_assessment", "h_calculation", "h_change", "h_contact", "h_decision", "h_duration",
    "h_facts", "h_hjemmel", "h_household", "h_income", "h_siblings", "hjemmel_lead", "hjemmel_sfo",
    "income_rule", "income_total", "kost", "not_approved", "orgnr", "our_ref", "phone", "regards",
    "signed_draft", "signed_final", "to", "your_ref",
)
_STRONG = re.compile(r"(<strong>.*?</strong>)", re.S)
_TAG = re.compile(r"<[^>]+>")


def _text(value: str):
    """A string for the template: runs when an HTML-safe sentence has emphasis, else plain text."""
    if not isinstance(value, SafeData):
        return str(value)
    if "<strong>" not in value:
        return html.unescape(_TAG.sub("", value))
    runs = []
    for part in _STRONG.split(str(value)):
        if not part:
            continue
        bold = part.startswith("<strong>")
        runs.append([html.unescape(_TAG.sub("", part)), bold])
    return runs


def plain(value):
    """``value`` with every string made template-ready, dataclasses as dicts, tuples as lists."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def labels(t, keys) -> dict:
    """The phrase table's entries ``keys``, template-ready."""
    return {key: _text(t[key]) for key in keys}


def flat(value) -> str:
    """The plain text of a template value (runs joined)."""
    return "".join(text for text, _bold in value) if isinstance(value, list) else str(value)


def logo_path(logo_url: str) -> str | None:
    """The logo's file path for a ``file:`` URL (local storage), else ``None``."""
    parts = urlsplit(logo_url or "")
    if parts.scheme != "file":
        return None
    return str(Path(unquote(parts.path)))


def letter_document(context: dict, *, logo: str | None) -> str:
    """The JSON the letter template reads: the context's values, the labels it names and the metadata.

    ``logo``: the path of the letterhead's image, already checked by the caller (``typst_engine``);
    ``None`` for no logo.
    """
    t = context["t"]
    data = {key: plain(value) for key, value in context.items() if key not in ("t", "kommune")}
    data["t"] = labels(t, LABELS)
    kommune = plain(context["kommune"])
    kommune.pop("logo_url", None)
    data["kommune"] = kommune
    data["logo"] = logo
    title, saksnummer = html.unescape(str(context["title"])), context.get("saksnummer") or ""
    data["meta"] = {
        "title": f"{title} – {html.unescape(str(t['our_ref']))} {saksnummer}".strip(),
        "author": f"{kommune['name']}, {kommune['unit']}",
        "description": f"{title} – {flat(data['period_text'])}",
        "keywords": ["vedtak", saksnummer] if saksnummer else ["vedtak"],
    }
    return json.dumps(data, ensure_ascii=False)
