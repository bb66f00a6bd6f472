"""The result of one tax-basis lookup: frozen dataclasses the cases app stores and shows.

``TaxBasisResult`` is what :func:`integrations.service.get_tax_basis` returns. Amounts are whole
kroner. ``counted_income = personinntekt + kapitalinntekt``; posts classified ``unknown`` are listed
in ``unknown_items`` and counted in neither.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# Fields of a response body that identify the person: never kept in ``TaxBasisResult.raw`` (the caller
# already knows whom it asked about; the stored copy needs the figures, not the number).
IDENTIFYING_FIELDS = frozenset({"personidentifikator"})


def minimise_raw(body: Any) -> Any:
    """A copy of a response body without the identifying fields, at any depth."""
    if isinstance(body, dict):
        return {key: minimise_raw(value) for key, value in body.items() if key not in IDENTIFYING_FIELDS}
    if isinstance(body, list):
        return [minimise_raw(value) for value in body]
    return body


class Outcome(StrEnum):
    FOUND = "found"
    NO_DATA = "no_data"
    PERSON_UNKNOWN = "person_unknown"
    YEAR_UNAVAILABLE = "year_unavailable"
    DELETED = "deleted"
    SKJERMET = "skjermet"


class Classification(StrEnum):
    PERSONINNTEKT = "personinntekt"
    KAPITALINNTEKT = "kapitalinntekt"
    NOT_COUNTED = "not_counted"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class TaxBasisItem:
    teknisk_navn: str
    beloep: int
    kategori: str
    classification: Classification
    svalbard: bool = False
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The contract's item shape (docs/reference/contracts/integration.md): tekniskNavn, beloep, kategori, class."""
        return {
            "tekniskNavn": self.teknisk_navn,
            "beloep": self.beloep,
            "kategori": self.kategori,
            "class": str(self.classification),
        }


@dataclass(frozen=True)
class TaxBasisResult:
    outcome: Outcome
    inntektsaar: int | None = None
    stadie: str | None = None
    skatteoppgjoersdato: dt.date | None = None
    ajourholdstidspunkt: dt.datetime | None = None
    skjermet: bool = False
    items: tuple[TaxBasisItem, ...] = ()
    personinntekt: int = 0
    kapitalinntekt: int = 0
    counted_income: int = 0
    unknown_items: tuple[TaxBasisItem, ...] = ()
    kode: str = ""
    korrelasjonsid: str = ""
    raw: dict | None = None
    fetched_at: dt.datetime | None = None
    tried: tuple[str, ...] = field(default=())

    @property
    def has_income_data(self) -> bool:
        """True only for ``found``: ``skjermet`` is never "zero income"."""
        return self.outcome is Outcome.FOUND

    def __post_init__(self) -> None:
        # Minimisation at the source: whoever builds a result, its raw body carries no person number.
        if self.raw is not None:
            object.__setattr__(self, "raw", minimise_raw(self.raw))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict (dates as ISO strings) for the case record; includes the minimised raw body."""
        return {
            "outcome": str(self.outcome),
            "inntektsaar": self.inntektsaar,
            "stadie": self.stadie,
            "skatteoppgjoersdato": self.skatteoppgjoersdato.isoformat() if self.skatteoppgjoersdato else None,
            "ajourholdstidspunkt": self.ajourholdstidspunkt.isoformat() if self.ajourholdstidspunkt else None,
            "skjermet": self.skjermet,
            "items": [item.as_dict() for item in self.items],
            "personinntekt": self.personinntekt,
            "kapitalinntekt": self.kapitalinntekt,
            "counted_income": self.counted_income,
            "unknown_items": [item.as_dict() for item in self.unknown_items],
            "kode": self.kode,
            "korrelasjonsid": self.korrelasjonsid,
            "raw": self.raw,
            "fetched_at": self.fetched_at.isoformat() if self.fetched_at else None,
            "tried": list(self.tried),
        }
