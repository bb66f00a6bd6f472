"""The letter's words per målform: ``texts_for("nn").fill("duration", valid_from=..., valid_to=...)``.

A letter follows the kommune's målform (``Municipality.malform``), never the reader's browser language,
so the tables are plain Python (``texts_nb.TEXTS``, ``texts_nn.TEXTS``), not Django's active language.
``Texts`` is a dict (templates read labels as ``{{ t.col_price }}``); ``fill`` formats a sentence with
escaped values and returns safe HTML (the tables themselves may hold ``<strong>``).
"""
import string

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cases.constants import Malform

from . import texts_nb, texts_nn

TABLES = {Malform.BOKMAL.value: texts_nb.TEXTS, Malform.NYNORSK.value: texts_nn.TEXTS}


class Texts(dict):
    """One målform's table. Missing keys raise ``KeyError``: a letter never shows a key name."""

    @property
    def malform(self) -> str:
        return self["lang"]

    def __getitem__(self, key):
        # The tables are code in this repository (reviewed like templates); values never enter here.
        return mark_safe(super().__getitem__(key))  # noqa: S308

    def fill(self, key: str, **values) -> SafeString:
        """The sentence ``key`` with ``values`` (escaped unless already safe) in its placeholders."""
        template = super().__getitem__(key)
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}
        missing = names - values.keys()
        if missing:
            raise KeyError(f"text {key!r} needs {sorted(missing)}")
        if not names:
            return self[key]
        return format_html(template, **{name: values[name] for name in names})


_cache: dict[str, Texts] = {}


def texts_for(malform: str | None) -> Texts:
    """The table for ``malform`` (``nb`` / ``nn``); bokmål when empty or unknown."""
    code = malform if malform in TABLES else Malform.BOKMAL.value
    if code not in _cache:
        _cache[code] = Texts(TABLES[code])
    return _cache[code]


def letter_title(t: Texts, *, kind: str, service: str) -> str:
    """The letter's title for a vedtak of ``kind`` (DecisionKind value) in ``service``, from table ``t``."""
    sfo = service == "sfo"
    if kind == "opphor":
        return t["title_opphor"]
    if kind == "klage":
        return t["title_klage"]
    if kind == "change":
        return t["title_change_sfo" if sfo else "title_change_barnehage"]
    return t["title_sfo" if sfo else "title_barnehage"]
