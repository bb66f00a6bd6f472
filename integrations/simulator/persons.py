"""Synthetic persons: loading and validating data files, and looking up one person, year and stadie.

The format is documented in docs/simulator.md ("Data file format"). Every personidentifikator is
checked with the mod-11 rules on load; errors name the position in the file, never the number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .idnumbers import is_valid_personidentifikator

DEFAULT_DATA = Path(__file__).parent / "data" / "persons.json"
STADIER = ("oppgjoer", "utkast", "fastsatt")


class DataError(ValueError):
    """A data file that does not follow the documented format."""


@dataclass
class Person:
    """One synthetic person: screening flag and, per income year and stadie, the stored record."""

    skjermet: bool
    years: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Lookup:
    """Result of a look-up: outcome is found, unknown_person, no_data or deleted."""

    outcome: str
    person: Person | None = None
    record: dict[str, Any] | None = None


def _check_post(post: Any, where: str) -> None:
    if not isinstance(post, dict) or not isinstance(post.get("tekniskNavn"), str):
        raise DataError(f"{where}: each post needs a string tekniskNavn")
    if isinstance(post.get("beloep"), bool) or not isinstance(post.get("beloep"), int | str):
        raise DataError(f"{where}: beloep must be an integer")
    if not isinstance(post.get("kategori", ""), str):
        raise DataError(f"{where}: kategori must be a string in V2")


def _check_person(raw: Any, where: str) -> tuple[str, Person]:
    if not isinstance(raw, dict):
        raise DataError(f"{where}: a person must be an object")
    pid = raw.get("personidentifikator")
    if not isinstance(pid, str) or not is_valid_personidentifikator(pid):
        raise DataError(f"{where}: personidentifikator is not 11 digits with valid check digits")
    years = raw.get("inntektsaar", {})
    if not isinstance(years, dict):
        raise DataError(f"{where}: inntektsaar must be an object keyed by year")
    for year, stadier in years.items():
        if not (isinstance(year, str) and len(year) == 4 and year.isdigit()) or not isinstance(stadier, dict):
            raise DataError(f"{where}: inntektsaar keys must be YYYY strings mapping to objects")
        for stadie, record in stadier.items():
            if stadie == "slettet":
                continue
            if stadie not in STADIER or not isinstance(record, dict):
                raise DataError(f"{where}/{year}: unknown stadie {stadie!r}")
            for key in ("grunnlag", "svalbardGrunnlag"):
                for i, post in enumerate(record.get(key, [])):
                    _check_post(post, f"{where}/{year}/{stadie}/{key}[{i}]")
    return pid, Person(skjermet=bool(raw.get("skjermet", False)), years=years)


class PersonStore:
    """All persons from the built-in file and any ``--data`` files (later files win)."""

    def __init__(self) -> None:
        self.persons: dict[str, Person] = {}
        self.unknown: set[str] = set()

    def load(self, path: Path) -> int:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise DataError(f"{path}: cannot read JSON ({exc.__class__.__name__})") from exc
        if not isinstance(data, dict) or not isinstance(data.get("persons", []), list):
            raise DataError(f"{path}: expected an object with a 'persons' list")
        loaded = 0
        for i, raw in enumerate(data.get("persons", [])):
            pid, person = _check_person(raw, f"{path.name}: persons[{i}]")
            self.persons[pid] = person
            loaded += 1
        for i, raw in enumerate(data.get("ukjente", [])):
            pid = raw.get("personidentifikator") if isinstance(raw, dict) else raw
            if not isinstance(pid, str) or not is_valid_personidentifikator(pid):
                raise DataError(f"{path.name}: ukjente[{i}] is not a valid personidentifikator")
            self.unknown.add(pid)
        if clash := self.unknown & self.persons.keys():
            raise DataError(f"{path.name}: {len(clash)} number(s) listed both as persons and as ukjente")
        return loaded

    def lookup(self, pid: str, year: str, stadie: str) -> Lookup:
        person = self.persons.get(pid)
        if person is None:
            return Lookup("unknown_person")
        stadier = person.years.get(year)
        if not stadier:
            return Lookup("no_data", person)
        if stadier.get("slettet"):
            return Lookup("deleted", person)
        record = stadier.get(stadie)
        if record is None:
            return Lookup("no_data", person)
        if record.get("slettet"):
            return Lookup("deleted", person)
        return Lookup("found", person, record)


def load_store(extra: list[Path], *, builtin: bool = True) -> PersonStore:
    store = PersonStore()
    if builtin:
        store.load(DEFAULT_DATA)
    for path in extra:
        store.load(path)
    return store
