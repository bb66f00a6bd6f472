"""The legal references printed in the vedtak, switchable on the in-force date of new acts.

Forvaltningsloven 1967 is in force today. The new forvaltningsloven (LOV-2025-06-20-81) enters into
force on a date the King decides; set ``NEW_FVL_IN_FORCE_DATE`` (a date or ISO string) when it is
known, and every letter dated on or after it cites the new sections (docs/reference/rules.md § 7.3). Likewise
``BARNEHAGELOVEN_20_IN_FORCE_DATE`` for barnehageloven § 20 (LOV-2025-06-20-100), which replaces
§ 15 as the statutory basis for parental fees. Both default to None: not in force.

Sections of the new act not given in docs/reference/rules.md § 7.3 are None here and are cited as "forvaltningsloven"
without a section number until someone verifies them on lovdata.no (docs/vedtak.md lists them).
"""
import datetime

from django.conf import settings

from .formatting import parse_date

# Keys name the requirement, not the section, so the template reads the same under both acts.
FVL_1967 = {
    "law": "forvaltningsloven (LOV-1967-02-10)",
    "saksbehandlingstid": "§ 11a",
    "veiledning": "§ 11",
    "taushetsplikt": "§ 13",
    "innsyn": "§§ 18 og 19",
    "skriftlig": "§ 23",
    "begrunnelse": "§ 24",
    "begrunnelse_innhold": "§ 25",
    "underretning": "§ 27",
    "klageinstans": "§ 28 andre ledd",
    "klagefrist": "§ 29",
    "klage_innhold": "§ 32",
    "klage_underinstans": "§ 33",
    "omgjoring": "§ 35",
    "sakskostnader": "§ 36",
    "utsatt_iverksetting": "§ 42",
}

# docs/reference/rules.md § 7.3 (Lovtidend 2025, Prop. 79 L (2024–2025)). None = not yet mapped; verify before use.
FVL_2025 = {
    "law": "forvaltningsloven (LOV-2025-06-20-81)",
    "saksbehandlingstid": "§ 17",
    "veiledning": None,
    "taushetsplikt": None,
    "innsyn": "§ 46",
    "skriftlig": "§ 55",
    "begrunnelse": "§ 56",
    "begrunnelse_innhold": "§ 57",
    "underretning": "§§ 58 og 59",
    "klageinstans": "§§ 61 og 62",
    "klagefrist": "§§ 63 til 65",
    "klage_innhold": "§ 66",
    "klage_underinstans": None,
    "omgjoring": None,
    "sakskostnader": "§ 69",
    "utsatt_iverksetting": None,
}

NEW_SFO_ACT_FROM = datetime.date(2024, 8, 1)  # opplæringslova 2023 and opplæringsforskrifta 2024
BARNEHAGE_FORSKRIFT = "forskrift om foreldrebetaling i barnehager (FOR-2005-12-16-1478)"


def in_force(setting_name: str, on: datetime.date) -> bool:
    """True when the setting holds a date and ``on`` is on or after it."""
    start = parse_date(getattr(settings, setting_name))
    return start is not None and on >= start


def fvl_references(on: datetime.date) -> dict[str, str]:
    """Citations for the letter dated ``on``: ``{"begrunnelse": "fvl. § 24", ...}``.

    An unmapped section of the new act is cited as the act alone ("forvaltningsloven").
    ``law`` is the full name with the act's identifier; ``new_act`` says which act is cited.
    """
    new = in_force("NEW_FVL_IN_FORCE_DATE", on)
    table = FVL_2025 if new else FVL_1967
    refs = {key: (f"fvl. {value}" if value else "forvaltningsloven") for key, value in table.items()}
    refs["law"] = table["law"]
    refs["new_act"] = new
    return refs


def statutory_bases(service: str, on: datetime.date) -> list[str]:
    """The acts and regulations the decision rests on (fvl. § 25 first sentence), by service and date."""
    if service == "sfo":
        if on >= NEW_SFO_ACT_FROM:
            return [
                "opplæringslova (LOV-2023-06-09-30) § 4-5 om skolefritidsordning",
                "opplæringsforskrifta (FOR-2024-06-03-900) kapittel 2, blant annet § 2-5 om behandling av "
                "søknad om redusert foreldrebetaling",
                "kommunens forskrift (vedtekter) for SFO",
            ]
        return [
            "opplæringslova (1998) § 13-7",
            "forskrift til opplæringslova kapittel 1B (§§ 1B-1 til 1B-4)",
            "kommunens vedtekter for SFO",
        ]
    section = "§ 20" if in_force("BARNEHAGELOVEN_20_IN_FORCE_DATE", on) else "§ 15"
    return [
        f"barnehageloven {section}",
        f"{BARNEHAGE_FORSKRIFT} § 1 (maksimalpris), § 3 (moderasjonsordninger), § 3a (søskenmoderasjon), "
        "§ 3b (redusert foreldrebetaling for familier med lav inntekt), § 3c (gratis kjernetid) og § 3e "
        "(søknad og innhenting av skatteopplysninger)",
        "Stortingets vedtak om maksimalpris for en barnehageplass og om inntektsgrensen for gratis "
        "kjernetid for perioden",
    ]
