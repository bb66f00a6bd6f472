"""Who continues into the new period: pure date and trinn rules (no database).

Barnehage: a child starts school in August of the year it turns 6 (opplæringslova § 2-1), one year
later with deferred school start; the child keeps its place only when school starts after the new
period has begun. SFO: the pupil moves up one trinn; the place continues while the new trinn is within
the kommune's SFO offer (1.–4. trinn by default).
"""
import datetime
from dataclasses import dataclass

BARNEHAGE = "barnehage"
SFO = "sfo"
DEFAULT_SFO_MAX_TRINN = 4


def previous_period(period: str) -> str:
    """``2027/28`` → ``2026/27``."""
    start = int(period[:4])
    return f"{start - 1}/{start % 100:02d}"


def next_period(period: str) -> str:
    """``2026/27`` → ``2027/28``."""
    start = int(period[:4])
    return f"{start + 1}/{(start + 2) % 100:02d}"


def period_for_start_year(year: int) -> str:
    """The barnehageår/skoleår starting in August ``year``: ``2027`` → ``2027/28``."""
    return f"{year}/{(year + 1) % 100:02d}"


def school_start_year(birth_date: datetime.date, *, deferred: bool) -> int:
    """The year the child starts school (August): the year it turns 6, +1 with deferred start."""
    return birth_date.year + 6 + (1 if deferred else 0)


@dataclass(frozen=True)
class ChildFacts:
    """What eligibility needs to know about one child on the previous application."""

    birth_date: datetime.date
    deferred_school_start: bool = False
    sfo_trinn: int | None = None


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    reason: str = ""  # bokmål, shown to the caseworker when not eligible; never names a person number
    next_trinn: int | None = None


def child_verdict(service: str, child: ChildFacts, *, new_period_start: datetime.date,
                  sfo_max_trinn: int = DEFAULT_SFO_MAX_TRINN) -> Verdict:
    """Whether the child's place continues into the period starting ``new_period_start``."""
    if service == BARNEHAGE:
        starts = school_start_year(child.birth_date, deferred=child.deferred_school_start)
        if starts <= new_period_start.year:
            return Verdict(False, f"begynner på skolen høsten {starts}")
        return Verdict(True)
    if service == SFO:
        if child.sfo_trinn is None:
            return Verdict(False, "trinn mangler")
        nxt = child.sfo_trinn + 1
        if nxt > sfo_max_trinn:
            return Verdict(False, f"går over i {nxt}. trinn (SFO-tilbudet gjelder til og med {sfo_max_trinn}. trinn)")
        return Verdict(True, next_trinn=nxt)
    raise ValueError(f"unknown service {service!r}")
