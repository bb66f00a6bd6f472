"""CSV import of applications (docs/csv-import.md): the whole file is validated before anything is saved.

parse → one ``ApplicationInput`` per household (rows with the same søker, tjeneste and periode) →
``validate_application`` on each, duplicate children within the file and against the database →
only when there are no errors at all, every application is registered in ONE transaction.
Errors name the line (the header is line 1) and the column; they never repeat a fødselsnummer.
"""
import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.constants import Channel, PartnerRelation, Service
from cases.identity import validate_person_id
from cases.models import Case, Municipality
from cases.selectors import active_child_person_ids
from cases.services.intake import (
    ApplicationInput,
    ChildInput,
    PersonInput,
    application_register,
    period_dates,
    validate_application,
)

SEPARATOR = ";"
MAX_ROWS = 5000
REQUIRED_COLUMNS = (
    "tjeneste", "periode", "soker_fnr", "soker_fornavn", "soker_etternavn", "barn_fnr", "barn_fornavn",
    "barn_etternavn", "barnehage_skole", "timer_per_uke", "manedspris",
)
OPTIONAL_COLUMNS = (
    "mottatt", "partner_fnr", "partner_fornavn", "partner_etternavn", "relasjon", "adresse", "epost", "trinn",
    "utsatt_skolestart",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Columns that describe the household: every row of one application must agree on them.
HOUSEHOLD_COLUMNS = ("mottatt", "partner_fnr", "partner_fornavn", "partner_etternavn", "relasjon", "adresse", "epost")

SERVICES = {"barnehage": Service.BARNEHAGE, "sfo": Service.SFO, "aks": Service.SFO, "sfo/aks": Service.SFO}
RELATIONS = {"ektefelle": PartnerRelation.EKTEFELLE, "registrert partner": PartnerRelation.REGISTRERT_PARTNER,
             "registrert_partner": PartnerRelation.REGISTRERT_PARTNER, "samboer": PartnerRelation.SAMBOER}
YES, NO = {"ja", "j", "x", "1", "true", "sann"}, {"", "nei", "n", "0", "false", "usann"}
DUPLICATE_IN_DB = "Barnet har allerede en aktiv søknad for denne tjenesten og perioden."


@dataclass(frozen=True, order=True)
class LineError:
    line: int  # 0 = the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Linje {self.line}" if self.line else "Filen"
        return f"{where}{f', kolonne {self.column}' if self.column else ''}: {self.message}"


@dataclass
class ImportResult:
    errors: list[LineError] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    rows: int = 0
    households: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Household:
    lines: list[int]
    rows: list[dict]
    child_lines: list[int]


def normalise_header(name: str) -> str:
    name = name.strip().lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"[\s\-]+", "_", name)


def _decimal(text: str) -> Decimal:
    cleaned = re.sub(r"[\s\u00a0]|kr", "", text.lower()).replace(",", ".")
    value = Decimal(cleaned)
    if not value.is_finite():
        raise InvalidOperation
    return value


def _date(text: str) -> datetime.date:
    text = text.strip()
    if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", text):
        day, month, year = (int(part) for part in text.split("."))
        return datetime.date(year, month, day)
    return datetime.date.fromisoformat(text)


class _RowParser:
    """Turns one CSV row into typed values, collecting every problem with its column."""

    def __init__(self, line: int, raw: dict, errors: list[LineError]):
        self.line, self.raw, self.errors, self.ok = line, raw, errors, True

    def error(self, column: str, message: str) -> None:
        self.errors.append(LineError(self.line, column, message))
        self.ok = False

    def text(self, column: str, *, required: bool = True) -> str:
        value = (self.raw.get(column) or "").strip()
        if required and not value:
            self.error(column, "Mangler verdi.")
        return value

    def person_id(self, column: str, *, required: bool = True) -> str:
        value = self.text(column, required=required)
        if not value:
            return ""
        try:
            return validate_person_id(value)
        except ValidationError as exc:
            self.error(column, exc.messages[0])
            return ""

    def parse(self) -> dict:
        row = {"line": self.line}
        service = SERVICES.get(self.text("tjeneste").lower())
        if self.raw.get("tjeneste", "").strip() and service is None:
            self.error("tjeneste", "Skriv «barnehage» eller «sfo».")
        row["service"] = service
        row["period"] = self.text("periode")
        if row["period"] and service:
            try:
                period_dates(service, row["period"])
            except ValidationError as exc:
                self.error("periode", exc.messages[0])
        received = self.text("mottatt", required=False)
        row["received_date"] = None
        if received:
            try:
                row["received_date"] = _date(received)
                if row["received_date"] > timezone.localdate():
                    self.error("mottatt", "Datoen ligger fram i tid.")
            except ValueError:
                self.error("mottatt", "Skriv datoen som dd.mm.åååå, f.eks. 15.03.2026.")
        for who in ("soker", "partner", "barn"):
            required = who != "partner"
            row[f"{who}_fnr"] = self.person_id(f"{who}_fnr", required=required)
            row[f"{who}_fornavn"] = self.text(f"{who}_fornavn", required=required)
            row[f"{who}_etternavn"] = self.text(f"{who}_etternavn", required=required)
        relation = self.text("relasjon", required=False).lower()
        row["relation"] = RELATIONS.get(relation, "")
        has_partner = any(self.raw.get(f"partner_{c}", "").strip() for c in ("fnr", "fornavn", "etternavn"))
        if relation and not row["relation"]:
            self.error("relasjon", "Skriv «ektefelle», «registrert partner» eller «samboer».")
        elif has_partner and not relation:
            self.error("relasjon", "Oppgi relasjon når ektefelle/partner/samboer er fylt ut.")
        elif relation and not has_partner:
            self.error("relasjon", "Relasjon er oppgitt uten ektefelle/partner/samboer.")
        elif has_partner:
            for column in ("partner_fnr", "partner_fornavn", "partner_etternavn"):
                if not self.raw.get(column, "").strip():
                    self.error(column, "Mangler verdi.")
        row["address"], row["email"] = self.text("adresse", required=False), self.text("epost", required=False)
        row["institution"] = self.text("barnehage_skole")
        for column, key in (("timer_per_uke", "weekly_hours"), ("manedspris", "monthly_price")):
            value = self.text(column)
            row[key] = None
            if value:
                try:
                    row[key] = _decimal(value)
                except (InvalidOperation, ValueError):
                    self.error(column, "Skriv et tall, f.eks. 41 eller 1 234,50.")
        trinn = self.text("trinn", required=False)
        row["sfo_trinn"] = int(trinn) if trinn.isdigit() else None
        if trinn and not (trinn.isdigit() and 1 <= int(trinn) <= 7):
            self.error("trinn", "Skriv trinn som et tall fra 1 til 7.")
        deferred = self.text("utsatt_skolestart", required=False).lower()
        row["deferred"] = deferred in YES
        if deferred not in YES | NO:
            self.error("utsatt_skolestart", "Skriv «ja» eller «nei».")
        return row


def _read_rows(content: bytes, result: ImportResult) -> list[tuple[int, dict]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        result.errors.append(LineError(line, "", "Filen er ikke UTF-8. Lagre som «CSV UTF-8 (semikolondelt)»."))
        return []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=SEPARATOR)
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        result.errors.append(LineError(0, "", "Filen er tom."))
        return []
    columns = [normalise_header(name) for name in header]
    if len(columns) == 1 and "," in header[0]:
        result.errors.append(LineError(1, "", "Bruk semikolon (;) som skilletegn, ikke komma."))
        return []
    unknown = [name for name in columns if name and name not in COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if unknown:
        result.errors.append(LineError(1, "", f"Ukjente kolonner: {', '.join(unknown)}."))
    if missing:
        result.errors.append(LineError(1, "", f"Mangler kolonner: {', '.join(missing)}."))
    if len(set(columns)) != len(columns):
        result.errors.append(LineError(1, "", "Samme kolonne står flere ganger."))
    if result.errors:
        return []
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            result.errors.append(LineError(reader.line_num, "", f"Har {len(cells)} felt, overskriften har "
                                                                f"{len(columns)}."))
            continue
        rows.append((reader.line_num, dict(zip(columns, cells, strict=True))))
        if len(rows) > MAX_ROWS:
            result.errors.append(LineError(reader.line_num, "", f"Filen har mer enn {MAX_ROWS} linjer; del den opp."))
            return []
    if not rows and not result.errors:
        result.errors.append(LineError(0, "", "Filen har ingen linjer under overskriften."))
    return rows


def _group(parsed: list[dict], result: ImportResult) -> list[_Household]:
    households: dict[tuple, _Household] = {}
    for row in parsed:
        key = (row["soker_fnr"], row["service"], row["period"])
        household = households.get(key)
        if household is None:
            households[key] = _Household(lines=[row["line"]], rows=[row], child_lines=[row["line"]])
            continue
        first = household.rows[0]
        for column, key_name in (("mottatt", "received_date"), ("partner_fnr", "partner_fnr"),
                                 ("partner_fornavn", "partner_fornavn"), ("partner_etternavn", "partner_etternavn"),
                                 ("relasjon", "relation"), ("adresse", "address"), ("epost", "email")):
            if row[key_name] != first[key_name]:
                result.errors.append(LineError(row["line"], column, f"Avviker fra linje {first['line']} for samme "
                                                                    "søker, tjeneste og periode."))
        household.lines.append(row["line"])
        household.rows.append(row)
        household.child_lines.append(row["line"])
    return list(households.values())


def _person(row: dict, who: str) -> PersonInput:
    return PersonInput(row[f"{who}_fnr"], row[f"{who}_fornavn"], row[f"{who}_etternavn"])


def _application(household: _Household) -> ApplicationInput:
    first = household.rows[0]
    return ApplicationInput(
        service=first["service"], period=first["period"], applicant=_person(first, "soker"),
        partner=_person(first, "partner") if first["relation"] else None, partner_relation=first["relation"],
        received_date=first["received_date"], channel=Channel.IMPORT, address=first["address"],
        email=first["email"],
        children=[ChildInput(person=_person(row, "barn"), institution=row["institution"],
                             weekly_hours=row["weekly_hours"], monthly_price=row["monthly_price"],
                             sfo_trinn=row["sfo_trinn"], deferred_school_start=row["deferred"])
                  for row in household.rows],
    )


_COLUMN_FOR_KEY = {"service": "tjeneste", "period": "periode", "applicant": "soker_fnr", "partner": "partner_fnr",
                   "partner_relation": "relasjon", "children": "barn_fnr"}


def _check_households(households: list[_Household], result: ImportResult) -> list[ApplicationInput]:
    applications, seen_children = [], {}
    for household in households:
        application = _application(household)
        for key, messages in validate_application(application).items():
            match = re.fullmatch(r"children\[(\d+)\]", key)
            line = household.child_lines[int(match[1])] if match else household.lines[0]
            for message in messages:
                result.errors.append(LineError(line, "" if match else _COLUMN_FOR_KEY.get(key, ""), message))
        for line, child in zip(household.child_lines, application.children, strict=True):
            key = (child.person.person_id, application.service, application.period)
            if key in seen_children and seen_children[key] != household.lines[0]:
                result.errors.append(LineError(line, "barn_fnr", "Barnet står også i en annen søknad i filen "
                                                                 "for samme tjeneste og periode."))
            seen_children.setdefault(key, household.lines[0])
        applications.append(application)
    by_service_period: dict[tuple, dict[str, int]] = {}
    for household, application in zip(households, applications, strict=True):
        for line, child in zip(household.child_lines, application.children, strict=True):
            by_service_period.setdefault((application.service, application.period), {})[child.person.person_id] = line
    for (service, period), lines in by_service_period.items():
        for person_id in active_child_person_ids(list(lines), service, period):
            result.errors.append(LineError(lines[person_id], "barn_fnr", DUPLICATE_IN_DB))
    return applications


def import_applications(*, municipality: Municipality, content: bytes, user=None) -> ImportResult:
    """Validate the whole file; only if it has no errors, register every application in one transaction."""
    result = ImportResult()
    raw_rows = _read_rows(content, result)
    parsed = []
    for line, raw in raw_rows:
        parser = _RowParser(line, raw, result.errors)
        row = parser.parse()
        if parser.ok:
            parsed.append(row)
    result.rows = len(raw_rows)
    households = _group(parsed, result)
    applications = _check_households(households, result)
    result.households = len(applications)
    if result.errors:
        result.errors = sorted(set(result.errors))
        return result
    try:
        with transaction.atomic():
            for household, application in zip(households, applications, strict=True):
                try:
                    result.cases.append(application_register(municipality=municipality, data=application, user=user))
                except ValidationError as exc:
                    for messages in exc.message_dict.values():
                        result.errors.extend(LineError(household.lines[0], "", m) for m in messages)
                    raise
    except ValidationError:
        result.cases = []
    return result
