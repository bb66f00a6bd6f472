"""Benchmark of the rules engine: N seeded random households, timed, against a naive baseline.

    .venv/bin/python benchmarks/rules_benchmark.py [--households 10000] [--seed 2026]

The fast path is how the application runs: one ``ParameterTable`` built once and shared. The naive
baseline, measured in the same run on the same households, builds a fresh table from the seed rows
for every household (validation, sorting, no memoised lookups). Prints figures only; it asserts
nothing about time. Target: 10 000 households well under a second.
"""
import argparse
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cases.rules import (  # noqa: E402
    SEED_ROWS,
    BarnehageChild,
    HouseholdInput,
    Municipality,
    ParameterTable,
    SfoPupil,
    calculate,
)
from cases.rules.parameters import MAKSPRIS  # noqa: E402

FIRST_DAY = date(2019, 8, 1)
LAST_DAY = date(2025, 7, 31)  # the last day every barnehage parameter has a sourced row
ZONES = ("standard", "standard", "standard", "sentralitet_5_6", "tiltakssone")


def make_households(count: int, seed: int, table: ParameterTable) -> list[tuple[HouseholdInput, date]]:
    """Random but reproducible households whose prices respect makspris on their date."""
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days
    households = []
    for _ in range(count):
        on = FIRST_DAY + timedelta(days=rng.randrange(span + 1))
        income = Decimal(rng.randrange(0, 1_200_000))
        size = rng.choice((1, 1, 2, 2, 3))
        if rng.random() < 0.8:
            zone = rng.choice(ZONES)
            makspris = table.lookup(MAKSPRIS, on, zone).value
            children = []
            for number in range(size):
                birth = on - timedelta(days=rng.randrange(300, 6 * 365))
                hours = Decimal(rng.choice((15, 20, 25, 30, 37, 41, 41, 41, 45)))
                price = makspris if hours >= 41 else (makspris * hours / 45).quantize(Decimal(1))
                children.append(BarnehageChild(str(number), birth, hours, price, rng.random() < 0.05))
            municipality = Municipality(zone=zone, sibling_order=rng.choice(
                ("oldest_first", "youngest_first", "most_expensive_first")))
            households.append((HouseholdInput("barnehage", municipality, income, tuple(children)), on))
        else:
            pupils = tuple(
                SfoPupil(str(number), rng.randint(1, 7), Decimal(rng.choice((10, 12, 15, 20, 25))),
                         Decimal(rng.randrange(1000, 4000)))
                for number in range(size)
            )
            households.append((HouseholdInput("sfo", Municipality(), income, pupils), on))
    return households


def run(households, table_for) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, sum of fees) for computing every household."""
    start, cpu_start = time.perf_counter(), time.process_time()
    total = 0
    for household, on in households:
        total += int(calculate(household, on=on, params=table_for()).total_monthly_fee)
    return time.perf_counter() - start, time.process_time() - cpu_start, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    shared = ParameterTable(SEED_ROWS)
    households = make_households(args.households, args.seed, shared)
    children = sum(len(h.children) for h, _ in households)

    fast_seconds, fast_cpu, fast_total = run(households, lambda: shared)
    naive_seconds, naive_cpu, naive_total = run(households, lambda: ParameterTable(SEED_ROWS))
    if fast_total != naive_total:
        raise SystemExit(f"results differ: {fast_total} vs {naive_total}")

    out = sys.stdout.write
    out(f"households: {len(households)} ({children} children), seed {args.seed}\n")
    out(f"rules engine (shared table): {fast_seconds:.3f} s total ({fast_cpu:.3f} s CPU), "
        f"{len(households) / fast_seconds:,.0f} households/s\n")
    out(f"naive baseline (fresh table per household): {naive_seconds:.3f} s total ({naive_cpu:.3f} s CPU), "
        f"{len(households) / naive_seconds:,.0f} households/s\n")
    out(f"ratio naive / engine: {naive_seconds / fast_seconds:.2f}x wall, {naive_cpu / fast_cpu:.2f}x CPU\n")
    out(f"sum of monthly fees (sanity, equal in both runs): {fast_total} kr\n")

if __name__ == "__main__":
    main()
