"""Which stadie and which income year: the lookup policy, as steps of the sans-IO wire core (``wire.py``).

Stadie (docs/reference/skatteetaten-api.md § 2.7): ask ``oppgjoer``; on SSG-008 ask ``utkast``; any other answer
stops. The result records the stadie that answered.

Income year: try the years in order (newest first). A year with no data (SSG-008 in both stadier) or
a year Skatteetaten does not offer (SSG-006 on the inntektsår) moves on to the next year; any other
outcome (found, skjermet, person unknown, deleted) stops. When no year has data, the outcome is
``no_data`` if any year said SSG-008, else ``year_unavailable``, reported for the first year tried.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator, Sequence
from typing import Any

from integrations.skatteetaten.classification import ClassificationTable, classify_body
from integrations.skatteetaten.client import SsgClient
from integrations.skatteetaten.errors import Kind, SsgError
from integrations.skatteetaten.result import Outcome, TaxBasisResult
from integrations.skatteetaten.wire import STADIER, Effect, Wire

_OUTCOME = {
    Kind.NO_DATA: Outcome.NO_DATA,
    Kind.PERSON_UNKNOWN: Outcome.PERSON_UNKNOWN,
    Kind.YEAR_UNAVAILABLE: Outcome.YEAR_UNAVAILABLE,
    Kind.DELETED: Outcome.DELETED,
}
_WALK_ON = {Kind.NO_DATA, Kind.YEAR_UNAVAILABLE}


def candidate_years(
    income_year: int | None, max_years_back: int | None, *, today: dt.date, default_lookback: int
) -> list[int]:
    """``income_year`` alone by default; without it, last year and ``default_lookback`` years before."""
    if income_year is not None:
        start, back = int(income_year), (max_years_back or 0)
    else:
        start, back = today.year - 1, (default_lookback if max_years_back is None else max_years_back)
    return [start - n for n in range(max(0, back) + 1)]


def _error_outcome(
    error: SsgError, year: int, stadie: str, tried: list[str], now: dt.datetime
) -> TaxBasisResult:
    return TaxBasisResult(
        outcome=_OUTCOME[error.kind],
        inntektsaar=year,
        stadie=stadie,
        kode=error.kode,
        korrelasjonsid=error.korrelasjonsid,
        fetched_at=now,
        tried=tuple(tried),
        raw={"kode": error.kode, "melding": error.melding, "korrelasjonsid": error.korrelasjonsid},
    )


def fetch_tax_basis(
    client: SsgClient,
    *,
    person_id: str,
    years: Sequence[int],
    table: Callable[[], ClassificationTable],
    now: Callable[[], dt.datetime],
) -> TaxBasisResult:
    """Run the stadie and year policy on the sync client. Transient/permanent errors propagate."""
    return client.run(tax_basis_steps(client.wire, person_id=person_id, years=years, table=table, now=now))


def tax_basis_steps(
    wire: Wire,
    *,
    person_id: str,
    years: Sequence[int],
    table: Callable[[], ClassificationTable],
    now: Callable[[], dt.datetime],
) -> Generator[Effect, Any, TaxBasisResult]:
    """The stadie and year policy as wire steps (run by the sync or the async transport)."""
    tried: list[str] = []
    walked: list[tuple[SsgError, int, str]] = []
    for year in years:
        error, stadie = None, STADIER[0]
        for stadie in STADIER:
            reply = yield from wire.lookup(stadie=stadie, inntektsaar=year, person_id=person_id)
            if reply.body is not None:
                tried.append(f"{year}/{stadie}:200")
                return classify_body(
                    reply.body,
                    table(),
                    year=year,
                    stadie=stadie,
                    korrelasjonsid=reply.korrelasjonsid,
                    fetched_at=now(),
                    tried=tuple(tried),
                )
            error = reply.error
            tried.append(f"{year}/{stadie}:{error.kode or error.status}")
            if error.kind is not Kind.NO_DATA:
                break
        if error.kind not in _WALK_ON:
            return _error_outcome(error, year, stadie, tried, now())
        walked.append((error, year, stadie))
    chosen = next((w for w in walked if w[0].kind is Kind.NO_DATA), walked[0])
    error, _year, stadie = chosen
    return _error_outcome(error, years[0], stadie, tried, now())
