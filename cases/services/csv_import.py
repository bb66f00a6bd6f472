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
# Columns that describe the household (and their parsed keys): every row of one application must agree.
HOUSEHOLD_COLUMNS = {"mottatt": "received_date", "partner_fnr": "partner_fnr", "partner_fornavn": "partner_fornavn",
                     "partner_etternavn": "partner_etternavn", "relasjon": "relation", "adresse": "address",
                     "epost": "email"}

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

    def typed(self, column: str, convert, message: str, *, required: bool = True):
        value = self.text(column, required=required)
        try:
            return convert(value) if value else None
        except (ValueError, InvalidOperation):
            self.error(column, message)
            return None

    def partner_relation(self) -> str:
        relation = self.text("relasjon", required=False).lower()
        partner_columns = ("partner_fnr", "partner_fornavn", "partner_etternavn")
        has_partner = any(self.raw.get(column, "").strip() for column in partner_columns)
        if relation and relation not in RELATIONS:
            self.error("relasjon", "Skriv «ektefelle», «registrert partner» eller «samboer».")
        elif has_partner != bool(relation):
            self.error("relasjon", "Oppgi relasjon når ektefelle/partner/samboer er fylt ut, og bare da.")
        elif has_partner:
            for column in partner_columns:
                self.text(column)
        return RELATIONS.get(relation, "")

    def parse(self) -> dict:
        service = SERVICES.get(self.text("tjeneste").lower())
        if self.raw.get("tjeneste", "").strip() and service is None:
            self.error("tjeneste", "Skriv «barnehage» eller «sfo».")
        row = {"line": self.line, "service": service, "period": self.text("periode")}
        if row["period"] and service:
            try:
                period_dates(service, row["period"])
            except ValidationError as exc:
                self.error("periode", exc.messages[0])
        row["received_date"] = self.typed("mottatt", _date, "Skriv datoen som dd.mm.åååå, f.eks. 15.03.2026.",
                                          required=False)
        if row["received_date"] and row["received_date"] > timezone.localdate():
            self.error("mottatt", "Datoen ligger fram i tid.")
        for who in ("soker", "partner", "barn"):
            required = who != "partner"
            row[f"{who}_fnr"] = self.person_id(f"{who}_fnr", required=required)
            row[f"{who}_fornavn"] = self.text(f"{who}_fornavn", required=required)
            row[f"{who}_etternavn"] = self.text(f"{who}_etternavn", required=required)
        row["relation"] = self.partner_relation()
        row["address"], row["email"] = self.text("adresse", required=False), self.text("epost", required=False)
        row["institution"] = self.text("barnehage_skole")
        number_message = "Skriv et tall, f.eks. 41 eller 1 234,50."
        row["weekly_hours"] = self.typed("timer_per_uke", _decimal, number_message)
        row["monthly_price"] = self.typed("manedspris", _decimal, number_message)
        row["sfo_trinn"] = self.typed("trinn", int, "Skriv trinn som et tall fra 1 til 7.", required=False)
        if row["sfo_trinn"] is not None and not 1 <= row["sfo_trinn"] <= 7:
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


def _group(parsed: list[dict], result: ImportResult) -> list[list[dict]]:
    """Rows with the same søker, tjeneste and periode form one application (one row per child)."""
    households: dict[tuple, list[dict]] = {}
    for row in parsed:
        rows = households.setdefault((row["soker_fnr"], row["service"], row["period"]), [])
        if rows:
            result.errors += [
                LineError(row["line"], column, f"Avviker fra linje {rows[0]['line']} for samme søker, tjeneste og "
                                               "periode.")
                for column, key in HOUSEHOLD_COLUMNS.items() if row[key] != rows[0][key]
            ]
        rows.append(row)
    return list(households.values())


def _person(row: dict, who: str) -> PersonInput:
    return PersonInput(row[f"{who}_fnr"], row[f"{who}_fornavn"], row[f"{who}_etternavn"])


def _application(household: list[dict]) -> ApplicationInput:
    first = household[0]
    return ApplicationInput(
        service=first["service"], period=first["period"], applicant=_person(first, "soker"),
        partner=_person(first, "partner") if first["relation"] else None, partner_relation=first["relation"],
        received_date=first["received_date"], channel=Channel.IMPORT, address=first["address"],
        email=first["email"],
        children=[ChildInput(person=_person(row, "barn"), institution=row["institution"],
                             weekly_hours=row["weekly_hours"], monthly_price=row["monthly_price"],
                             sfo_trinn=row["sfo_trinn"], deferred_school_start=row["deferred"])
                  for row in household],
    )


_COLUMN_FOR_KEY = {"service": "tjeneste", "period": "periode", "applicant": "soker_fnr", "partner": "partner_fnr",
                   "partner_relation": "relasjon", "children": "barn_fnr"}


def _check_households(households: list[list[dict]], result: ImportResult, municipality) -> list[ApplicationInput]:
    """validate_application on each, then duplicate children within the file and against the database."""
    applications, first_line_of_child, lines_by_service_period = [], {}, {}
    for household in households:
        application = _application(household)
        for key, messages in validate_application(application).items():
            match = re.fullmatch(r"children\[(\d+)\]", key)
            line = household[int(match[1])]["line"] if match else household[0]["line"]
            result.errors += [LineError(line, "" if match else _COLUMN_FOR_KEY.get(key, ""), m) for m in messages]
        lines = lines_by_service_period.setdefault((application.service, application.period), {})
        for row, child in zip(household, application.children, strict=True):
            key = (child.person.person_id, application.service, application.period)
            if first_line_of_child.setdefault(key, household[0]["line"]) != household[0]["line"]:
                result.errors.append(LineError(row["line"], "barn_fnr", "Barnet står også i en annen søknad i "
                                                                       "filen for samme tjeneste og periode."))
            lines[child.person.person_id] = row["line"]
        applications.append(application)
    for (service, period), lines in lines_by_service_period.items():
        result.errors += [LineError(lines[person_id], "barn_fnr", DUPLICATE_IN_DB)
                          for person_id in active_child_person_ids(list(lines), service, period,
                                                                   municipality=municipality)]
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
    applications = _check_households(households, result, municipality)
    result.households = len(applications)
    if result.errors:
        order = {column: position for position, column in enumerate(COLUMNS)}
        result.errors = sorted(set(result.errors), key=lambda e: (e.line, order.get(e.column, -1), e.message))
        return result
    try:
        with transaction.atomic():
            for household, application in zip(households, applications, strict=True):
                try:
                    result.cases.append(application_register(municipality=municipality, data=application, user=user))
                except ValidationError as exc:
                    for messages in exc.message_dict.values():
                        result.errors.extend(LineError(household[0]["line"], "", m) for m in messages)
                    raise
    except ValidationError:
        result.cases = []
    return result
