"""The seed parameter rows, 2019 to the last sourced date, transcribed from docs/reference/rules.md.

``verified`` follows the evidence tags of docs/reference/rules.md: [B] (stated directly, official source preferred) →
True; [B-muni] (municipal/news only), [D] (derived), [I] and [?] → False, with the reason in ``note``.
Where rules.md has no value ([?]) there is NO row: nothing is carried forward, so a date that needs
the value raises ``MissingParameter`` and the case waits for rates (docs/rules.md § 6). The synthetic
[S] figure 692 465 is never used. docs/rules.md lists every choice. None of these values has been
checked against lovdata.no / udir.no yet (docs/reference/rules.md).
"""
from datetime import date
from decimal import Decimal
from functools import cache

from .parameters import (
    INCOME_CAP_PERCENT,
    KJERNETID_FREE_HOURS,
    KJERNETID_INCOME_LIMIT,
    KJERNETID_MIN_AGE,
    MAKSPRIS,
    PAYMENT_MONTHS,
    SFO_FREE_HOURS,
    SFO_INCOME_CAP_TRINN,
    SIBLING_DISCOUNT,
    SIBLING_THIRD_CHILD_FREE,
    ParameterRow,
    ParameterTable,
)

D = date.fromisoformat

UDIR_FORSKRIFT = "udir.no/regelverkstolkninger/barnehage/forskrift-om-foreldrebetaling-i-barnehager/"
RNB_2025 = "Dagsavisen 2025-06 (RNB 2025: −800 kr)"
UNVERIFIED_MUNI = "[B-muni] bare kommunale sider/nyheter; ingen offisiell kilde sitert"
AGE_PAGES = "asker/oppegard, froland, valle/vennesla/songdalen pages"
FOR_2058 = "FOR-2025-10-19-2058 (lovdata.no/LTI/forskrift/2025-10-19-2058)"
DERIVED_2058 = ("utledet av tilskuddssatsene i FOR-2025-10-19-2058 (326 500 / 332 000 / 339 700 for 0–2 år: "
                "forskjeller 11 × 500 og 11 × 1 200); ikke kontrollert mot Stortingets vedtak")


def _row(key, qualifier, start, end, value, source, verified, note=""):
    return ParameterRow(
        key=key, qualifier=qualifier, valid_from=D(start), valid_to=D(end) if end else None,
        value=Decimal(value), source=f"rules.md: {source}", verified=verified, note=note,
    )


# (from, to, kr per month, tag verified?, source, note) — general makspris, docs/reference/rules.md § 1.1.
_GENERAL_MAKSPRIS = (
    ("2019-01-01", "2019-07-31", "2990", True, "§ 1.1 [B] smiehavna.no 2018-12-18; songdalen.kommune.no; "
     "bergen.kommune.no", ""),
    ("2019-08-01", "2019-12-31", "3040", True, "§ 1.1 [B] smiehavna.no; songdalen.kommune.no; "
     "tv2.no/a/14339447", ""),
    ("2020-01-01", "2020-12-31", "3135", True, "§ 1.1 [B] lundasen-barnehage.no; "
     "gauselbakken.no/nyheter_vis.php?id=1952", ""),
    ("2021-01-01", "2021-12-31", "3230", False, "§ 1.1 [B-muni] trulserudenga.barnehage.no/Innhold/Nyhet/"
     "127996; kyrkjebakken-bhg.no; krodsherad.kommune.no", UNVERIFIED_MUNI),
    ("2022-01-01", "2022-07-31", "3315", True, "§ 1.1 [B] sogndal.kommune.no; nbbh.barnehage.no; "
     "Trondheim HØP 2022", ""),
    ("2022-08-01", "2022-12-31", "3050", True, "§ 1.1 [B] testweb.nes.kommune.no; nbbh page; "
     "tv2.no/a/14339447", ""),
    ("2023-01-01", "2024-07-31", "3000", True, "§ 1.1 [B] regjeringen.no/no/aktuelt/barnehager/id2930586/; "
     "vl.no 2023-09-05", ""),
)

_ZONE_ONLY_GENERAL = "ingen redusert makspris for denne sonen i perioden; generell makspris gjelder"


def _makspris_rows():
    rows = []
    for zone, until in (("standard", "2024-07-31"), ("sentralitet_5_6", "2024-07-31"),
                        ("tiltakssone", "2023-07-31")):
        for start, end, value, verified, source, note in _GENERAL_MAKSPRIS:
            if start > until:
                continue
            end = min(end, until)
            zone_note = "" if zone == "standard" else _ZONE_ONLY_GENERAL
            rows.append(_row(MAKSPRIS, zone, start, end, value, source, verified,
                             "; ".join(n for n in (note, zone_note) if n)))
    rows += [
        _row(MAKSPRIS, "standard", "2024-08-01", "2025-07-31", "2000", "§ 1.1 [B] regjeringen.no/no/aktuelt/"
             "historisk-billig-barnehage/id2997094/; stange.kommune.no", True),
        _row(MAKSPRIS, "standard", "2025-08-01", "2026-07-31", "1200", f"§ 1.1, § 1.3, § 11 [D] {FOR_2058} "
             f"(grant rates imply it); {RNB_2025}; tusenbein.barnehage.no/Innhold/Side/8116", False,
             f"[D] {DERIVED_2058}"),
        _row(MAKSPRIS, "sentralitet_5_6", "2024-08-01", "2025-07-31", "1500", "§ 1.2 [B] regjeringen.no/no/"
             "aktuelt/historisk-billig-barnehage/id2997094/; vl.no 2023-09-05", True),
        _row(MAKSPRIS, "sentralitet_5_6", "2025-08-01", "2026-07-31", "700", f"§ 1.2, § 1.3, § 11 [D] {FOR_2058} "
             f"(grant rates imply it); {RNB_2025}; lierne.kommune.no priser 2026", False, f"[D] {DERIVED_2058}"),
        _row(MAKSPRIS, "tiltakssone", "2023-08-01", "2026-07-31", "0", "§ 1.2 [B] regjeringen.no/no/aktuelt/"
             "60-000-elever-far-billigere-sfo-og-7000-barn-far-gratis-barnehage/id2984316/; "
             "regjeringen.no …/barnehager/id2930586/; karasjok.kommune.no; 2025/26 also "
             f"{FOR_2058} (§ 11)", True,
             "Gratis barnehage i tiltakssonen; 'tre år' fra 2023-08-01 ifølge Karasjok [B-muni]"),
        # From 2026-08-01 no makspris is known from any source (docs/reference/rules.md § 11): no row, so a decision
        # needing it waits for rates («Venter på satser») until an administrator enters a sourced row.
    ]
    return rows


# docs/reference/rules.md § 3.1: the household income must be BELOW the limit; changes every 1 August.
_KJERNETID_LIMITS = (
    ("2018-08-01", "2019-07-31", "533500", False, "gjennestadbarnehage.no/Innhold/Nyhet/101629; overhalla"),
    ("2019-08-01", "2020-07-31", "548500", False, "vennesla.kommune.no; haegebostad.kommune.no"),
    ("2020-08-01", "2021-07-31", "566100", False, "ulvik.kommune.no; bykle.kommune.no; skiptvet.kommune.no"),
    ("2021-08-01", "2022-07-31", "583650", False, "ulvik; osen.kommune.no; bykle; guovdageainnu.suohkan.no"),
    ("2022-08-01", "2023-07-31", "598825", True, "udir.no …/fakta-om-barnehager/"
     "foreldrebetaling-og-moderasjonsordninger; vefsn.kommune.no; lierne.kommune.no"),
    ("2023-08-01", "2024-07-31", "615590", False, "vestby.kommune.no; skaun.kommune.no; tonsberg.kommune.no"),
    ("2024-08-01", "2025-07-31", "642700", False, "stord.kommune.no (endring-i-foreldrebetaling-for-"
     "barnehageaaret-2024-2025)"),
)


def _kjernetid_rows():
    rows = [
        _row(KJERNETID_INCOME_LIMIT, "", start, end, value, f"§ 3.1 [{'B' if verified else 'B-muni'}] {src}",
             verified, "" if verified else UNVERIFIED_MUNI)
        for start, end, value, verified, src in _KJERNETID_LIMITS
    ]
    # 2025/26 and later: no published limit found (docs/reference/rules.md § 11). Carrying 642 700 forward refused
    # families entitled to free hours, so there is no row: a decision needing it waits for rates.
    rows += [
        _row(KJERNETID_FREE_HOURS, "", "2015-08-01", None, "20", f"§ 3 [B] {UDIR_FORSKRIFT} (§ 3c)", True),
        _row(KJERNETID_MIN_AGE, "", "2016-08-01", "2019-07-31", "3", f"§ 3 [B] {AGE_PAGES} (3-, 4- and "
             "5-åringer from 2016-08-01)", True),
        _row(KJERNETID_MIN_AGE, "", "2019-08-01", None, "2", f"§ 3 [B] {AGE_PAGES} (2-åringer from "
             "2019-08-01)", True),
    ]
    return rows


def _common_rows():
    return [
        _row(INCOME_CAP_PERCENT, "", "2019-01-01", "2020-07-31", "6", f"§ 2 [B] {UDIR_FORSKRIFT}", False,
             "[?] Før FOR-2020-02-28-199 lød teksten 'for første barn i barnehage'; motoren bruker taket per "
             "barn. Ikrafttredelsen av endringen (antatt 2020-08-01) er ikke bekreftet"),
        _row(INCOME_CAP_PERCENT, "", "2020-08-01", None, "6", f"§ 2 [B] {UDIR_FORSKRIFT} (§ 3b 'per barn')",
             True),
        _row(PAYMENT_MONTHS, "", "2019-01-01", None, "11", f"§ 1 [B] {UDIR_FORSKRIFT}; old merknad "
             "skoledata.net/Forskrifter/Bahage/fobhg10.htm; asker.kommune.no", True),
        _row(SIBLING_DISCOUNT, "2", "2019-01-01", None, "30", "§ 4 [B] lovdata.no/artikkel/"
             f"foreldrebetaling_i_barnehager/917; fubhg.no; {UDIR_FORSKRIFT} (§ 3a: minst 30 %)", True),
        _row(SIBLING_DISCOUNT, "3", "2019-01-01", None, "50", "§ 4 [B] lovdata.no/artikkel/"
             f"foreldrebetaling_i_barnehager/917; fubhg.no; {UDIR_FORSKRIFT} (§ 3a: minst 50 %)", True),
        _row(SIBLING_THIRD_CHILD_FREE, "", "2019-01-01", "2023-07-31", "0", "§ 4 [B] (50 % for barn 3+ "
             "until 2023-07-31)", True),
        _row(SIBLING_THIRD_CHILD_FREE, "", "2023-08-01", None, "1", "§ 4 [B] regjeringen.no …/id2930586/ "
             "and …/id2984316/; vg.no 2023-06; stange.kommune.no", True,
             "Barn nr. 3 og flere gratis når 3 eller flere er i barnehage samtidig"),
    ]


_SFO_CAP_SOURCE = {1: "lavangen.custompublish.com (quotes § 1B-1); altaposten.no 2020-08-22",
                   3: "askoy.kommune.no (redusert-foreldrebetaling-i-sfo-ogsa-for-3-og-4-trinn)"}
_SFO_FREE_SOURCE = {1: "osen.kommune.no (quotes § 1B-4)", 2: "vindafjord.kommune.no; regjeringen.no "
                    "…/id2984316/", 3: "bamble.kommune.no; gran.kommune.no; sor-odal.kommune.no"}


def _sfo_rows():
    rows = [
        _row(INCOME_CAP_PERCENT, "sfo", "2020-08-01", None, "6", f"§ 5 [B] {_SFO_CAP_SOURCE[1]}", True),
        _row(PAYMENT_MONTHS, "sfo", "2020-08-01", None, "11", "§ 5 [B-muni]/[D] Bergen 2019 (2 615 × 11 / "
             "0.06 = 479 417); Kongsvinger 2021 (3 015 × 11)", False,
             "[B-muni]/[D] 11 betalingsmåneder er utledet av kommunale terskler; SFO-betalingsmåneder "
             "fastsettes i kommunens vedtekter"),
    ]
    for trinn in range(1, 8):
        q = str(trinn)
        cap_start = {1: "2020-08-01", 2: "2020-08-01", 3: "2021-08-01", 4: "2021-08-01"}.get(trinn)
        if cap_start:
            src = _SFO_CAP_SOURCE[1 if trinn <= 2 else 3]
            end = (D(cap_start).replace(day=31, month=7)).isoformat()
            rows.append(_row(SFO_INCOME_CAP_TRINN, q, "2019-01-01", end, "0", f"§ 5 [B] {src} (rule starts "
                             f"{cap_start})", True))
            rows.append(_row(SFO_INCOME_CAP_TRINN, q, cap_start, None, "1", f"§ 5 [B] {src}", True))
        else:
            rows.append(_row(SFO_INCOME_CAP_TRINN, q, "2019-01-01", None, "0", "§ 5 [B] the 6 % rule covers "
                             "1.–4. trinn only", True))
        free_start = {1: "2022-08-01", 2: "2023-08-01", 3: "2024-08-01"}.get(trinn)
        if free_start:
            src = _SFO_FREE_SOURCE[trinn]
            end = (D(free_start).replace(day=31, month=7)).isoformat()
            rows.append(_row(SFO_FREE_HOURS, q, "2019-01-01", end, "0", f"§ 5 [B] {src} (rule starts "
                             f"{free_start})", True))
            rows.append(_row(SFO_FREE_HOURS, q, free_start, None, "12", f"§ 5 [B] {src}", True))
        elif trinn == 4:
            rows.append(_row(SFO_FREE_HOURS, q, "2019-01-01", "2025-07-31", "0", "§ 5 [B] 12 free hours "
                             "reached 3. trinn in 2024; none for 4. trinn", True))
            rows.append(_row(SFO_FREE_HOURS, q, "2025-08-01", None, "0", "§ 5 [?]/[I] no national extension "
                             "to 4. trinn found (Lovtidend 2025)", False,
                             "[?]/[I] ingen nasjonal utvidelse til 4. trinn funnet; bekreft "
                             "(docs/reference/rules.md § 9.5)"))
        else:
            rows.append(_row(SFO_FREE_HOURS, q, "2019-01-01", None, "0", "§ 5 [B] 12 free hours cover "
                             "1.–3. trinn only", True))
    return rows


SEED_ROWS: tuple[ParameterRow, ...] = tuple(
    _makspris_rows() + _kjernetid_rows() + _common_rows() + _sfo_rows()
)


@cache
def default_table() -> ParameterTable:
    """The seed rows as a table, built once per process."""
    return ParameterTable(SEED_ROWS)
