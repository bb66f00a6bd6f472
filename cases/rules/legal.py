"""Dated statutory references as data: which act and section a step rests on, on a given date.

- Barnehage: the fee rules are forskrift om foreldrebetaling i barnehager (FOR-2005-12-16-1478); its
  statutory basis in barnehageloven is § 15 until 2026-07-31 and the new § 20 «Foreldrebetaling og
  kostpenger» from 2026-08-01 (LOV-2025-06-20-100, in force per FOR-2025-06-20-1100; docs/reference/
  docs/reference/rules.md § 11). The switch date is a row of ``STATUTE_TABLE``, not an ``if`` in the steps.
- SFO: opplæringslova (1998) § 13-7 and forskrift til opplæringslova kap. 1B until 2024-07-31;
  opplæringslova (LOV-2023-06-09-30) § 4-5 and opplæringsforskrifta (FOR-2024-06-03-900) kap. 2 from
  2024-08-01 (docs/reference/rules.md § 0, § 5).

``basis_text`` renders a basis in bokmål for the contract's ``legal_basis`` string (a field the
``calculate_fee`` contract has always had); every other reader renders ``LegalBasis`` through
``cases.outcome_labels``.
"""
from dataclasses import dataclass
from datetime import date

from .errors import NoStatute
from .outcome import Act, LegalBasis


@dataclass(frozen=True, slots=True)
class DatedStatute:
    service: str
    valid_from: date
    valid_to: date | None
    basis: LegalBasis
    source: str


STATUTE_TABLE: tuple[DatedStatute, ...] = (
    DatedStatute("barnehage", date(2006, 1, 1), date(2026, 7, 31), LegalBasis(Act.BARNEHAGELOVEN, "§ 15"),
                 "barnehageloven (LOV-2005-06-17-64) § 15; docs/reference/rules.md § 0, § 11"),
    DatedStatute("barnehage", date(2026, 8, 1), None, LegalBasis(Act.BARNEHAGELOVEN, "§ 20"),
                 "LOV-2025-06-20-100 (ny § 20 Foreldrebetaling og kostpenger), i kraft 2026-08-01 etter "
                 "FOR-2025-06-20-1100; docs/reference/rules.md § 11 (ikke kontrollert mot lovdata.no)"),
    DatedStatute("sfo", date(1999, 1, 1), date(2024, 7, 31), LegalBasis(Act.OPPLAERINGSLOVA_1998, "§ 13-7"),
                 "opplæringslova (1998) § 13-7; docs/reference/rules.md § 0"),
    DatedStatute("sfo", date(2024, 8, 1), None, LegalBasis(Act.OPPLAERINGSLOVA_2023, "§ 4-5"),
                 "opplæringslova (LOV-2023-06-09-30) § 4-5; docs/reference/rules.md § 0"),
)

STATUTE_CHANGE_DATES = tuple(sorted({row.valid_from for row in STATUTE_TABLE}))


def statute_on(service: str, on: date) -> LegalBasis:
    """The statutory basis of the fee rules of ``service`` in force on ``on``."""
    for row in STATUTE_TABLE:
        if row.service == service and row.valid_from <= on and (row.valid_to is None or on <= row.valid_to):
            return row.basis
    raise NoStatute(f"no statutory basis for {service} on {on.isoformat()}")


# Bokmål act names for the contract's ``legal_basis`` string; ``cases.outcome_labels`` uses this table as its
# bokmål act labels (one table, not two).
ACT_NAMES_NB = {
    Act.FORSKRIFT_FORELDREBETALING: "forskrift om foreldrebetaling i barnehager",
    Act.BARNEHAGELOVEN: "barnehageloven",
    Act.OPPLAERINGSLOVA_1998: "opplæringslova (1998)",
    Act.FORSKRIFT_OPPLAERINGSLOVA_1998: "forskrift til opplæringslova",
    Act.OPPLAERINGSLOVA_2023: "opplæringslova",
    Act.OPPLAERINGSFORSKRIFTA_2024: "opplæringsforskrifta",
    Act.KOMMUNAL_FORSKRIFT: "kommunens forskrift",
}


def basis_text(basis: tuple[LegalBasis, ...], extra: str = "") -> str:
    """Bokmål form for the contract's ``legal_basis``: «forskrift om foreldrebetaling i barnehager § 3b»."""
    parts = [f"{ACT_NAMES_NB[b.act]} {b.section}".strip() for b in basis]
    text = parts[0] + (f" {extra}" if extra else "") if parts else extra
    for part in parts[1:]:
        text += f", jf. {part}"
    return text
