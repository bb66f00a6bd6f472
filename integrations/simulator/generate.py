"""``generate-persons``: a large, reproducible synthetic persons file for benchmarks (``--data FILE``).

Persons come in households of two (consecutive entries share ``husholdning``). Each person has
oppgjoer for every year but the last, and utkast for the last; every 4th person also has an early
oppgjoer for the last year. Numbers are Tenor numbers (month + 80) that the built-in file does not use.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from .idnumbers import is_valid_personidentifikator, tenor_fnr
from .persons import DEFAULT_DATA

WAGES = "samletLoennsinntektMedTrygdeavgiftspliktOgMedTrekkplikt"
INTEREST = "samledeOpptjenteRenterIInnenlandskeBanker"


def _numbers(count: int, rng: random.Random, taken: set[str]):
    """Unique Tenor numbers for birth years 1965–1999 in a shuffled but seeded order."""
    produced = 0
    while produced < count:
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(35 * 365))
        number = tenor_fnr(birth, rng.randrange(500))
        if number is None or number in taken:
            continue
        taken.add(number)
        produced += 1
        yield number


def _posts(rng: random.Random, wage: int) -> list[dict[str, Any]]:
    posts = [{"tekniskNavn": WAGES, "beloep": wage, "kategori": "inntekt"}]
    if rng.random() < 0.6:
        posts.append({"tekniskNavn": INTEREST, "beloep": rng.randrange(50, 25_000), "kategori": "inntekt"})
    if rng.random() < 0.15:
        posts.append(
            {"tekniskNavn": "utbytteFraAksje", "beloep": rng.randrange(1_000, 80_000), "kategori": "inntekt"}
        )
    return posts


def generate_persons(
    *, count: int, out: Path, seed: int = 1, years: range = range(2022, 2026)
) -> dict[str, Any]:
    if count < 1 or not years:
        raise ValueError("count must be ≥ 1 and the year range non-empty")
    rng = random.Random(seed)
    builtin = json.loads(DEFAULT_DATA.read_text(encoding="utf-8"))
    taken = {p["personidentifikator"] for p in builtin["persons"]}
    taken |= {u["personidentifikator"] for u in builtin.get("ukjente", [])}
    persons = []
    last = years[-1]
    for i, number in enumerate(_numbers(count, rng, taken)):
        assert is_valid_personidentifikator(number)
        wage = int(rng.lognormvariate(12.9, 0.45))
        by_year: dict[str, Any] = {}
        for year in years:
            wage_y = int(wage * (1.035 ** (year - years[0])))
            stadier: dict[str, Any] = {}
            if year != last or i % 4 == 0:
                date = dt.date(year + 1, 3, 21) + dt.timedelta(days=rng.randrange(120))
                stadier["oppgjoer"] = {
                    "skatteoppgjoersdato": date.isoformat(),
                    "ajourholdstidspunkt": f"{date.isoformat()}T06:00:00Z",
                    "grunnlag": _posts(rng, wage_y),
                }
            if year == last:
                stadier["utkast"] = {
                    "ajourholdstidspunkt": f"{year + 1}-03-12T04:10:00Z",
                    "grunnlag": _posts(rng, wage_y),
                }
            by_year[str(year)] = stadier
        persons.append(
            {
                "personidentifikator": number,
                "husholdning": f"G{i // 2 + 1}",
                "skjermet": False,
                "inntektsaar": by_year,
            }
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"persons": persons}, separators=(",", ":")), encoding="utf-8")
    return {
        "out": str(out),
        "persons": len(persons),
        "households": (len(persons) + 1) // 2,
        "years": [str(y) for y in years],
    }
