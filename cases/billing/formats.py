"""A run's lines as the billing system reads them: one dict per line, then CSV, Excel (openpyxl) or JSON.

The columns are those of docs/billing.md and of the OpenAPI description (``cases/billing/openapi.yaml``):
money in whole kroner, months as ``YYYY-MM``, dates as ``YYYY-MM-DD``, codes as enum values. Never a
fødselsnummer: the child is its reference (``child_ref``), name and birth date.
"""
import csv
import io

from openpyxl import Workbook

from .models import ExportLine, ExportRun

COLUMNS = (
    "child_ref", "child_name", "birth_date", "service", "place", "month", "line_type", "change", "change_date",
    "period_from", "period_to", "days", "days_in_month", "ordinary_price", "reduced_price", "ordinary_amount",
    "reduced_amount", "saksnummer", "vedtak_id", "vedtak_kind", "outcome", "price_rule", "reasons",
)


def _date(value) -> str | None:
    return value.isoformat() if value else None


def line_dict(line: ExportLine) -> dict:
    child = line.child
    return {
        "child_ref": line.child_key,
        "child_name": child.full_name,
        "birth_date": _date(child.person.birth_date),
        "service": child.service,
        "place": line.place,
        "month": f"{line.month:%Y-%m}",
        "line_type": line.line_type,
        "change": line.change,
        "change_date": _date(line.change_date),
        "period_from": _date(line.period_from),
        "period_to": _date(line.period_to),
        "days": line.days,
        "days_in_month": line.days_in_month,
        "ordinary_price": line.ordinary_price,
        "reduced_price": line.reduced_price,
        "ordinary_amount": line.ordinary_amount,
        "reduced_amount": line.reduced_amount,
        "vedtak": {"saksnummer": line.decision.case.saksnummer, "vedtak_id": line.decision_id,
                   "kind": str(line.decision.kind)},
        "outcome": line.outcome,
        "price_rule": line.price_rule,
        "reasons": list(line.reasons or []),
    }


def flat_row(data: dict) -> list:
    """One line for a table (CSV, Excel): the vedtak reference in three columns, the reasons joined."""
    flat = {**data, "saksnummer": data["vedtak"]["saksnummer"], "vedtak_id": data["vedtak"]["vedtak_id"],
            "vedtak_kind": data["vedtak"]["kind"], "reasons": " ".join(data["reasons"])}
    return ["" if flat[column] is None else flat[column] for column in COLUMNS]


def run_dict(run: ExportRun, lines=None) -> dict:
    data = {
        "id": run.pk,
        "kommunenummer": run.municipality.kommunenummer,
        "created_at": run.created_at.isoformat(),
        "channel": run.channel,
        "since_export": run.since_run_id,
        "since_requested": run.since_requested,
        "through_month": f"{run.through_month:%Y-%m}",
        "line_count": run.line_count,
        "correction_count": run.correction_count,
        "total_reduced_amount": run.total_reduced_amount,
    }
    if lines is not None:
        data["lines"] = [line_dict(line) for line in lines]
    return data


def to_csv(lines) -> bytes:
    """Semicolon-separated UTF-8 with a byte-order mark (what Excel in Norway opens correctly)."""
    return ("\ufeff" + csv_text([line_dict(line) for line in lines])).encode("utf-8")


def csv_text(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(flat_row(row))
    return out.getvalue()


def to_xlsx(lines, *, title: str) -> bytes:
    """An Excel workbook with one sheet of the same columns (numbers as numbers, dates as text)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(COLUMNS))
    for line in lines:
        sheet.append(flat_row(line_dict(line)))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
