"""CSV import of applications (docs/csv-import.md): the whole file is validated before anything is saved.

read (csv.Error, NUL bytes and field limits become line errors) → each row cleaned by the registration
form's own fields (``cases.forms.csv_row.CsvRowForm``: lengths from the model, digits, dates, periods)
→ one ``ApplicationInput`` per household (rows with the same søker, tjeneste and periode) →
``validate_application`` on each (its keyed errors mapped to line and column), duplicate children within
the file and against the database → only when there are no errors at all, every application is
registered in ONE transaction. Errors name the line (the header is line 1) and the column; they never
repeat a fødselsnummer or the content of a cell.
"""
import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.constants import Channel
from cases.forms.csv_row import CsvRowForm
from cases.models import Case, Municipality
from cases.selectors import active_child_person_ids
from cases.services.intake import (
    DUPLICATE_CHILD_MESSAGE,
    ApplicationInput,
    ChildInput,
    FieldErrors,
    PersonInput,
    application_register,
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

# The parsed row's keys, by column (CsvRowForm's cleaned_data uses the column names).
ROW_KEY_FOR_COLUMN = {"tjeneste": "service", "periode": "period", "mottatt": "received_date",
                      "relasjon": "relation", "adresse": "address", "epost": "email",
                      "barnehage_skole": "institution", "timer_per_uke": "weekly_hours",
                      "manedspris": "monthly_price", "trinn": "sfo_trinn", "utsatt_skolestart": "deferred"}


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


def _read_rows(content: bytes, result: ImportResult) -> list[tuple[int, dict]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        result.errors.append(LineError(line, "", "Filen er ikke UTF-8. Lagre som «CSV UTF-8 (semikolondelt)»."))
        return []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=SEPARATOR)
    try:
        header = next(reader, None)
    except csv.Error:
        result.errors.append(LineError(1, "", "Overskriften kan ikke leses (feil anførselstegn eller for lang)."))
        return []
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
    while True:
        try:
            cells = next(reader, None)
        except csv.Error:
            result.errors.append(LineError(reader.line_num, "", "Linjen kan ikke leses: et felt er for langt (over "
                                                                "131 072 tegn) eller har feil anførselstegn."))
            return []
        if cells is None:
            break
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


def _parse_row(line: int, raw: dict, result: ImportResult) -> dict | None:
    """The row's typed values by the registration form's fields, or None after adding every error it has."""
    form = CsvRowForm(data=raw)
    if not form.is_valid():
        result.errors += [LineError(line, "" if column == "__all__" else column, error.messages[0])
                          for column, errors in form.errors.as_data().items() for error in errors]
        return None
    return {"line": line, **{ROW_KEY_FOR_COLUMN.get(column, column): value
                             for column, value in form.cleaned_data.items()}}


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


# validate_application's keys → the file's columns (children[i].<name> → the child's own line)
COLUMN_FOR_KEY = {"service": "tjeneste", "period": "periode", "received_date": "mottatt",
                  "applicant.person_id": "soker_fnr", "applicant.given_name": "soker_fornavn",
                  "applicant.family_name": "soker_etternavn", "partner.person_id": "partner_fnr",
                  "partner.given_name": "partner_fornavn", "partner.family_name": "partner_etternavn",
                  "partner_relation": "relasjon", "address": "adresse", "email": "epost", "children": "barn_fnr"}
COLUMN_FOR_CHILD_FIELD = {"person_id": "barn_fnr", "given_name": "barn_fornavn", "family_name": "barn_etternavn",
                          "institution": "barnehage_skole", "weekly_hours": "timer_per_uke",
                          "monthly_price": "manedspris", "sfo_trinn": "trinn"}
CHILD_KEY = re.compile(r"children\[(\d+)\]\.(\w+)")


def _line_errors(household: list[dict], errors: dict[str, list[ValidationError]]) -> list[LineError]:
    """The service's keyed errors as line errors: a child's field on its own line, the rest on the first."""
    found = []
    for key, problems in errors.items():
        child = CHILD_KEY.fullmatch(key)
        if child:
            line, column = household[int(child[1])]["line"], COLUMN_FOR_CHILD_FIELD.get(child[2], "")
        else:
            line, column = household[0]["line"], COLUMN_FOR_KEY.get(key, "")
        found += [LineError(line, column, problem.messages[0]) for problem in problems]
    return found


def _check_households(households: list[list[dict]], result: ImportResult, municipality) -> list[ApplicationInput]:
    """validate_application on each, then duplicate children within the file and against the database."""
    applications, first_line_of_child, lines_by_service_period = [], {}, {}
    for household in households:
        application = _application(household)
        result.errors += _line_errors(household, validate_application(application))
        lines = lines_by_service_period.setdefault((application.service, application.period), {})
        for row, child in zip(household, application.children, strict=True):
            key = (child.person.person_id, application.service, application.period)
            if first_line_of_child.setdefault(key, household[0]["line"]) != household[0]["line"]:
                result.errors.append(LineError(row["line"], "barn_fnr", "Barnet står også i en annen søknad i "
                                                                       "filen for samme tjeneste og periode."))
            lines[child.person.person_id] = row["line"]
        applications.append(application)
    for (service, period), lines in lines_by_service_period.items():
        result.errors += [LineError(lines[person_id], "barn_fnr", DUPLICATE_CHILD_MESSAGE)
                          for person_id in active_child_person_ids(list(lines), service, period,
                                                                   municipality=municipality)]
    return applications


def applications_import(*, municipality: Municipality, content: bytes, actor=None) -> ImportResult:
    """Validate the whole file; only if it has no errors, register every application in one transaction."""
    result = ImportResult()
    raw_rows = _read_rows(content, result)
    parsed = []
    for line, raw in raw_rows:
        row = _parse_row(line, raw, result)
        if row is not None:
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
                    result.cases.append(application_register(municipality=municipality, data=application, actor=actor))
                except FieldErrors as exc:  # e.g. a registration elsewhere got there first
                    result.errors += _line_errors(household, exc.error_dict)
                    raise
    except FieldErrors:
        result.cases = []
    return result
