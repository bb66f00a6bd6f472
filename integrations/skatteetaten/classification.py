"""Classify the posts of a V2 body into personinntekt / kapitalinntekt / not_counted / unknown.

The table is data, not code: dated rows (``teknisk_navn``, valid income years from/to, classification,
note), seeded from ``data/income_classification.csv`` and editable in the admin (model
``IncomeClassificationRule``). A row's ``teknisk_navn`` may hold ``*`` wildcards for a documented family
(``gevinstVedRealisasjonAv*``); an exact row always beats a pattern, and a longer pattern beats a
shorter one.

Policy (docs/integrations.md):
- only a post with ``kategori == "inntekt"`` can count; a known name in another kategori is
  ``not_counted``;
- a name the table does not know for that income year is ``unknown``: listed in ``unknown_items``,
  never counted, never dropped. A post whose ``beloep`` cannot be read is ``unknown`` too.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from integrations.skatteetaten.result import Classification, Outcome, TaxBasisItem, TaxBasisResult
from integrations.skatteetaten.schema import Post, TaxBasisBody, parse_body

DATA_FILE = Path(__file__).parent / "data" / "income_classification.csv"
COUNTED_KATEGORI = "inntekt"
COUNTABLE = {Classification.PERSONINNTEKT, Classification.KAPITALINNTEKT, Classification.NOT_COUNTED}


@dataclass(frozen=True)
class Rule:
    teknisk_navn: str
    classification: Classification
    valid_from: int | None = None
    valid_to: int | None = None
    note: str = ""

    def applies_to(self, year: int | None) -> bool:
        if year is None:
            return True
        return (self.valid_from is None or self.valid_from <= year) and (
            self.valid_to is None or year <= self.valid_to
        )


class ClassificationTable:
    def __init__(self, rules: Iterable[Rule]) -> None:
        self.exact: dict[str, list[Rule]] = {}
        self.patterns: list[Rule] = []
        for rule in rules:
            if "*" in rule.teknisk_navn or "?" in rule.teknisk_navn:
                self.patterns.append(rule)
            else:
                self.exact.setdefault(rule.teknisk_navn, []).append(rule)
        self.patterns.sort(key=lambda r: len(r.teknisk_navn.replace("*", "")), reverse=True)

    def __len__(self) -> int:
        return sum(len(rules) for rules in self.exact.values()) + len(self.patterns)

    def lookup(self, teknisk_navn: str, year: int | None) -> Rule | None:
        for rule in self.exact.get(teknisk_navn, ()):
            if rule.applies_to(year):
                return rule
        for rule in self.patterns:
            if rule.applies_to(year) and fnmatchcase(teknisk_navn, rule.teknisk_navn):
                return rule
        return None

    def classify(self, post: Post, year: int | None) -> TaxBasisItem:
        rule = self.lookup(post.teknisk_navn, year) if post.valid else None
        if rule is None:
            classification, note = (
                Classification.UNKNOWN,
                ("ukjent tekniskNavn for inntektsåret" if post.valid else "beløpet kunne ikke leses"),
            )
        elif post.kategori != COUNTED_KATEGORI:
            classification, note = Classification.NOT_COUNTED, f"kategori {post.kategori or '-'} telles ikke"
        else:
            classification, note = rule.classification, rule.note
        return TaxBasisItem(
            teknisk_navn=post.teknisk_navn,
            beloep=post.beloep,
            kategori=post.kategori,
            classification=classification,
            svalbard=post.svalbard,
            note=note,
        )


def read_rules_file(path: Path = DATA_FILE) -> list[Rule]:
    """Rows of the CSV data file (columns: teknisk_navn, valid_from, valid_to, classification, note)."""
    rules = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            classification = Classification(row["classification"].strip())
            if classification not in COUNTABLE:
                raise ValueError(f"{row['teknisk_navn']}: classification must be one of {sorted(COUNTABLE)}")
            rules.append(
                Rule(
                    teknisk_navn=row["teknisk_navn"].strip(),
                    classification=classification,
                    valid_from=int(row["valid_from"]) if row["valid_from"].strip() else None,
                    valid_to=int(row["valid_to"]) if row["valid_to"].strip() else None,
                    note=row.get("note", "").strip(),
                )
            )
    return rules


def build_result(
    parsed: TaxBasisBody,
    table: ClassificationTable,
    *,
    raw: dict | None,
    year: int | None = None,
    stadie: str | None = None,
    korrelasjonsid: str = "",
    fetched_at: dt.datetime | None = None,
    tried: tuple[str, ...] = (),
) -> TaxBasisResult:
    """Classify every post and sum the counted ones."""
    year = parsed.inntektsaar if parsed.inntektsaar is not None else year
    items = tuple(table.classify(post, year) for post in parsed.posts)
    personinntekt = sum(i.beloep for i in items if i.classification is Classification.PERSONINNTEKT)
    kapitalinntekt = sum(i.beloep for i in items if i.classification is Classification.KAPITALINNTEKT)
    return TaxBasisResult(
        outcome=Outcome.SKJERMET if parsed.skjermet else Outcome.FOUND,
        inntektsaar=year,
        stadie=stadie or parsed.stadie or None,
        skatteoppgjoersdato=parsed.skatteoppgjoersdato,
        ajourholdstidspunkt=parsed.ajourholdstidspunkt,
        skjermet=parsed.skjermet,
        items=items,
        personinntekt=personinntekt,
        kapitalinntekt=kapitalinntekt,
        counted_income=personinntekt + kapitalinntekt,
        unknown_items=tuple(i for i in items if i.classification is Classification.UNKNOWN),
        korrelasjonsid=korrelasjonsid,
        raw=raw,
        fetched_at=fetched_at,
        tried=tried,
    )


def classify_body(body: dict, table: ClassificationTable, **kw) -> TaxBasisResult:
    """Parse and classify a raw V2 body (no HTTP)."""
    return build_result(parse_body(body), table, raw=body, **kw)
