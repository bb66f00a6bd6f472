"""The legal references printed in the vedtak, dated: each switches on the in-force date of a new act.

- **Barnehageloven § 20** (LOV-2025-06-20-100, «Foreldrebetaling og kostpenger») replaces § 15 as the
  statutory basis for parental fees from **2026-08-01** (FOR-2025-06-20-1100; docs/reference/rules.md § 11). The
  reference follows the *period the fee is for*: a period before 2026-08-01 cites § 15, one from that
  day § 20, one across it both. ``BARNEHAGELOVEN_20_IN_FORCE_DATE`` in settings overrides the date.
- **The new forvaltningsloven** (LOV-2025-06-20-81) enters into force on a date the King decides; set
  ``NEW_FVL_IN_FORCE_DATE`` (a date or ISO string) when it is known, and every letter dated on or after
  it cites the new sections (docs/reference/rules.md § 7.3). Default None: not in force. Sections of the new act that
  docs/reference/rules.md § 7.3 does not map are None and are cited as the act alone until verified on lovdata.no.

Names of acts follow the målform (bokmål «forvaltningsloven», nynorsk «forvaltningslova»); the texts
come from ``cases.pdf.texts``.
"""
import datetime

from django.conf import settings

from .formatting import parse_date, short_date

# Keys name the requirement, not the section, so the texts read the same under both acts.
FVL_1967 = {
    "saksbehandlingstid": "§ 11a",
    "veiledning": "§ 11",
    "taushetsplikt": "§ 13",
    "innsyn": "§§ 18 og 19",
    "skriftlig": "§ 23",
    "begrunnelse": "§ 24",
    "begrunnelse_innhold": "§ 25",
    "underretning": "§ 27",
    "klageinstans": "§ 28 andre ledd",
    "klageinstans_ref": "§ 28",
    "klagefrist": "§ 29",
    # A request for the reasons interrupts the klagefrist; it runs again from when they are received.
    "klagefrist_begrunnelse": "§ 29 tredje ledd",
    "klage_for_sent": "§ 31",
    "klage_innhold": "§ 32",
    "klage_underinstans": "§ 33",
    "omgjoring": "§ 35",
    "sakskostnader": "§ 36",
    "utsatt_iverksetting": "§ 42",
}

# docs/reference/rules.md § 7.3 (Lovtidend 2025, Prop. 79 L (2024–2025)). None = not yet mapped; verify before use.
FVL_2025 = {
    "saksbehandlingstid": "§ 17",
    "veiledning": None,
    "taushetsplikt": None,
    "innsyn": "§ 46",
    "skriftlig": "§ 55",
    "begrunnelse": "§ 56",
    "begrunnelse_innhold": "§ 57",
    "underretning": "§§ 58 og 59",
    "klageinstans": "§§ 61 og 62",
    "klageinstans_ref": "§§ 61 og 62",
    "klagefrist": "§§ 63 til 65",
    "klagefrist_begrunnelse": None,
    "klage_for_sent": None,
    "klage_innhold": "§ 66",
    "klage_underinstans": None,
    "omgjoring": None,
    "sakskostnader": "§ 69",
    "utsatt_iverksetting": None,
}

NEW_SFO_ACT_FROM = datetime.date(2024, 8, 1)  # opplæringslova 2023 and opplæringsforskrifta 2024
# LOV-2025-06-20-100 (barnehageloven § 20) in force per FOR-2025-06-20-1100 (rules.md § 11).
BARNEHAGELOVEN_20_FROM = datetime.date(2026, 8, 1)
# § 3a: child no. 3 and further free when three or more are in barnehage at the same time (rules.md § 4).
THIRD_CHILD_FREE_FROM = datetime.date(2023, 8, 1)


def in_force(setting_name: str, on: datetime.date, default: datetime.date | None = None) -> bool:
    """True when the setting (or ``default`` when the setting is unset) holds a date on or before ``on``."""
    start = parse_date(getattr(settings, setting_name, None)) or default
    return start is not None and on >= start


def new_fvl(on: datetime.date) -> bool:
    """Whether a letter dated ``on`` cites the new forvaltningsloven (LOV-2025-06-20-81)."""
    return in_force("NEW_FVL_IN_FORCE_DATE", on)


def fvl_references(on: datetime.date, texts) -> dict[str, str]:
    """Citations for the letter dated ``on``: ``{"klagefrist": "fvl. § 29", ...}``.

    An unmapped section of the new act is cited as the act alone («forvaltningsloven» /
    «forvaltningslova»). ``law`` is the act's full name with its identifier; ``new_act`` which act.
    """
    new = new_fvl(on)
    table = FVL_2025 if new else FVL_1967
    refs = {key: (f"fvl. {value}" if value else texts["fvl_unmapped"]) for key, value in table.items()}
    refs["law"] = texts["fvl_law_2025" if new else "fvl_law_1967"]
    refs["new_act"] = new
    return refs


def barnehageloven_20_from() -> datetime.date:
    return parse_date(getattr(settings, "BARNEHAGELOVEN_20_IN_FORCE_DATE", None)) or BARNEHAGELOVEN_20_FROM


def barnehageloven_reference(valid_from: datetime.date, valid_to: datetime.date | None, texts) -> str:
    """«barnehageloven § 15» before the switch, «§ 20» from it, both for a period across it."""
    switch = barnehageloven_20_from()
    end = valid_to or valid_from
    if end < switch:
        return texts.fill("law_barnehageloven", section="§ 15")
    if valid_from >= switch:
        return texts.fill("law_barnehageloven", section="§ 20")
    return texts.fill("law_barnehageloven_both", until=short_date(switch - datetime.timedelta(days=1)),
                      start=short_date(switch))


def statutory_bases(service: str, valid_from: datetime.date, valid_to: datetime.date | None, texts) -> list[str]:
    """The acts and regulations the decision rests on (fvl. § 25 first sentence), by service and period."""
    if service == "sfo":
        if valid_from >= NEW_SFO_ACT_FROM:
            return [texts["law_sfo_new_act"], texts["law_sfo_new_forskrift"], texts["law_sfo_new_local"]]
        return [texts["law_sfo_old_act"], texts["law_sfo_old_forskrift"], texts["law_sfo_old_local"]]
    return [barnehageloven_reference(valid_from, valid_to, texts), texts["law_forskrift"], texts["law_stortinget"]]


def sibling_rule_key(valid_from: datetime.date) -> str:
    """The § 3a text in force for the period: child no. 3 is free from 2023-08-01, 50 % before."""
    return "sibling_rule_from" if valid_from >= THIRD_CHILD_FREE_FROM else "sibling_rule_before"
