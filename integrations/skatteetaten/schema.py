"""Tolerant parsing of a Summert skattegrunnlag V2 body (docs/reference/skatteetaten-api.md § 2).

Unknown fields are ignored (new fields arrive without a new API version). Kept: ``inntektsaar``
(a string on the wire), ``stadie``, ``skatteoppgjoersdato``, ``ajourholdstidspunkt``, ``skjermet``,
``grunnlag`` and ``svalbardGrunnlag``. ``beloep`` may be an int or a numeric string; ``kategori``
may be a string (V2) or a list (V1 shape). A post whose ``beloep`` cannot be read is kept with
``valid=False`` so that it is reported, never silently dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

logger = logging.getLogger(__name__)


class SchemaError(ValueError):
    """The body is not a JSON object at all (the only shape problem we refuse)."""


@dataclass(frozen=True)
class Post:
    """One element of ``grunnlag`` / ``svalbardGrunnlag``."""

    teknisk_navn: str
    beloep: int
    kategori: str
    svalbard: bool = False
    valid: bool = True


@dataclass(frozen=True)
class TaxBasisBody:
    inntektsaar: int | None
    stadie: str
    skatteoppgjoersdato: dt.date | None
    ajourholdstidspunkt: dt.datetime | None
    skjermet: bool
    posts: tuple[Post, ...]


def parse_beloep(value: Any) -> int | None:
    """Whole kroner from an int, a float or a numeric string; None if it is not a number."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip().replace(" ", "").replace("\u00a0", ""))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    whole = number.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if whole != number:
        logger.warning("beloep with decimals rounded to whole kroner")
    return int(whole)


def parse_kategori(value: Any) -> str:
    """``"inntekt"`` or ``["inntekt"]`` → ``"inntekt"``; several list values are joined with ','."""
    if isinstance(value, list | tuple):
        return ",".join(str(v).strip() for v in value if v is not None)
    return "" if value is None else str(value).strip()


def _parse_date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _parse_datetime(value: Any) -> dt.datetime | None:
    if not value:
        return None
    text = str(value).strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _parse_year(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _posts(items: Any, *, svalbard: bool) -> list[Post]:
    if not isinstance(items, list):
        return []
    posts = []
    for item in items:
        if not isinstance(item, dict):
            continue
        name = str(item.get("tekniskNavn") or "").strip()
        beloep = parse_beloep(item.get("beloep"))
        posts.append(
            Post(
                teknisk_navn=name,
                beloep=beloep if beloep is not None else 0,
                kategori=parse_kategori(item.get("kategori")),
                svalbard=svalbard,
                valid=bool(name) and beloep is not None,
            )
        )
    return posts


def parse_body(body: Any) -> TaxBasisBody:
    """Parse a 200 body. Raises :class:`SchemaError` only when it is not an object."""
    if not isinstance(body, dict):
        raise SchemaError("the body is not a JSON object")
    posts = _posts(body.get("grunnlag"), svalbard=False) + _posts(body.get("svalbardGrunnlag"), svalbard=True)
    skjermet = body.get("skjermet")
    return TaxBasisBody(
        inntektsaar=_parse_year(body.get("inntektsaar")),
        stadie=str(body.get("stadie") or ""),
        skatteoppgjoersdato=_parse_date(body.get("skatteoppgjoersdato")),
        ajourholdstidspunkt=_parse_datetime(body.get("ajourholdstidspunkt")),
        skjermet=skjermet is True or str(skjermet).lower() == "true",
        posts=tuple(posts),
    )
