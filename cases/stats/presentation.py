"""Turn the statistics into what the page and the CSV show: Norwegian labels, chart series, table rows.

One label table (bokmål) for every structured value the selectors return; nothing is decided from text.
"""
import datetime

from cases.constants import Channel
from cases.klage.choices import KlageOutcome, KlageStatus
from cases.models import RenewalItem
from cases.outcome_labels import outcome_label
from cases.rules.outcome import Outcome

from .charts import Series, bar_chart, line_chart
from .selectors import CHILD_GROUPS, OUTCOMES, Statistics

MONTHS = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")
OUTCOME_LABELS = {**{str(o): outcome_label(o) for o in Outcome}, "rejected": "Sak avslått (uten vedtak)"}
CHILD_LABELS = {"free": "Betaler ingenting", "reduced": "Redusert pris", "full": "Full pris",
                "free_core_hours": "Gratis kjernetid"}
# Klager: (label, keys summed) — the status groups a leader asks about, then the klageinstans' outcomes.
KLAGE_ROWS = (
    ("Klager i alt", ("received",)),
    ("Under behandling i kommunen", tuple(f"status:{s}" for s in (KlageStatus.RECEIVED, KlageStatus.IN_PROGRESS,
                                                                   KlageStatus.OVERSENDELSE_PROPOSED))),
    ("Medhold i kommunen (nytt vedtak)", (f"status:{KlageStatus.MEDHOLD}",)),
    ("Oversendt klageinstansen, ikke avgjort", (f"status:{KlageStatus.OVERSENDT}",)),
    *((f"Klageinstansen: {o.label.lower()}", (f"outcome:{o.value}",)) for o in KlageOutcome),
    ("Avvist", (f"status:{KlageStatus.AVVIST}",)),
    ("Trukket", (f"status:{KlageStatus.WITHDRAWN}",)),
    ("Kom for sent (fvl. § 29)", ("late",)),
)
KLAGE_CHART = (("Medhold", (f"status:{KlageStatus.MEDHOLD}",)),
               *((o.label, (f"outcome:{o.value}",)) for o in KlageOutcome),
               ("Avvist", (f"status:{KlageStatus.AVVIST}",)), ("Trukket", (f"status:{KlageStatus.WITHDRAWN}",)))
RENEWAL_LABELS = {**dict(RenewalItem.Outcome.choices), "ends_reduction": "Reduksjonen opphører"}


def month_label(month: datetime.date) -> str:
    return f"{MONTHS[month.month - 1]} {month.year}"


def _month_range(months: list[datetime.date]) -> list[datetime.date]:
    if not months:
        return []
    out, month = [], min(months)
    while month <= max(months):
        out.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return out


def applications_table(stats: Statistics) -> tuple[list[str], list[dict]]:
    """Channels that occur (in Channel order) and one row per month: {"month", "counts": [...], "total"}."""
    counts = {(r["month"], r["channel"]): r["count"] for r in stats.applications}
    channels = [c for c in Channel.values if any(ch == c for _, ch in counts)]
    rows = []
    for month in _month_range([m for m, _ in counts]):
        values = [counts.get((month, c), 0) for c in channels]
        rows.append({"month": month, "label": month_label(month), "counts": values, "total": sum(values)})
    return channels, rows


def page_context(stats: Statistics) -> dict:
    channels, app_rows = applications_table(stats)
    channel_labels = [Channel(c).label for c in channels]
    reduction_rows = [{"month": m, "label": month_label(m), "amount": a} for m, a in stats.reduction_by_month]
    outcome_rows = [(OUTCOME_LABELS[k], stats.outcomes.get(k, 0)) for k in OUTCOMES]
    child_rows = [(CHILD_LABELS[k], stats.children.get(k, 0)) for k in (*CHILD_GROUPS, "free_core_hours")]
    renewal_rows = [(RENEWAL_LABELS[k], v) for k, v in stats.renewal.items() if k != "pending" or v]
    klage_rows = [(label, sum(stats.klager.get(k, 0) for k in keys)) for label, keys in KLAGE_ROWS]
    charts = {
        "applications": bar_chart(
            "chart-applications", title="Søknader per måned og kanal",
            desc=f"Stablede søyler per måned for kanalene {', '.join(channel_labels) or 'ingen'}. "
                 "Tallene står i tabellen ved siden av.",
            labels=[r["label"] for r in app_rows], stacked=True,
            series=[Series(label, tuple(r["counts"][i] for r in app_rows)) for i, label in enumerate(channel_labels)]),
        "outcomes": bar_chart(
            "chart-outcomes", title="Vedtak etter utfall",
            desc="Vedtak i kraft etter utfall (innvilget, delvis innvilget, avslått), og saker avslått uten vedtak.",
            labels=[label for label, _ in outcome_rows], series=[Series("Vedtak", tuple(v for _, v in outcome_rows))]),
        "children": bar_chart(
            "chart-children", title="Barn etter pris",
            desc="Barn med godkjent vedtak etter pris, og hvor mange som har gratis kjernetid.",
            labels=[label for label, _ in child_rows], series=[Series("Barn", tuple(v for _, v in child_rows))]),
        "reduction": line_chart(
            "chart-reduction", title="Reduksjon i kroner per måned",
            desc="Summen foreldrene slipper å betale per måned etter godkjente vedtak.",
            labels=[r["label"] for r in reduction_rows],
            series=Series("Kroner", tuple(r["amount"] for r in reduction_rows))),
        "klager": bar_chart(
            "chart-klager", title="Klager og utfall",
            desc="Hvor mange klager som fikk medhold i kommunen, ble avgjort av klageinstansen (stadfestet, "
                 "omgjort, opphevet), avvist eller trukket. Tabellen viser også klager i alt, under behandling "
                 "og for sene.",
            labels=[short for short, _ in KLAGE_CHART],
            series=[Series("Klager", tuple(sum(stats.klager.get(k, 0) for k in keys) for _, keys in KLAGE_CHART))]),
    }
    return {"channels": channel_labels, "application_rows": app_rows, "processing": stats.processing,
            "outcome_rows": outcome_rows, "child_rows": child_rows, "reduction_rows": reduction_rows,
            "renewal_rows": renewal_rows, "klage_rows": klage_rows, "charts": charts, "computed_at": stats.computed_at}


def csv_rows(stats: Statistics) -> list[list]:
    """The numbers as rows ``[figure, key, value]`` (machine keys, not labels, so a sheet can rely on them)."""
    rows: list[list] = [["figure", "key", "value"]]
    for r in stats.applications:
        rows.append(["applications", f"{r['month']:%Y-%m};{r['channel']}", r["count"]])
    processing = stats.processing
    rows += [["processing_days", "count", processing["count"]], ["processing_days", "median", processing["median"]],
             ["processing_days", "p90", processing["p90"]]]
    rows += [["outcomes", k, stats.outcomes.get(k, 0)] for k in OUTCOMES]
    rows += [["children", k, v] for k, v in stats.children.items()]
    rows += [["reduction_kr", f"{m:%Y-%m}", a] for m, a in stats.reduction_by_month]
    rows += [["renewal", k, v] for k, v in stats.renewal.items()]
    rows += [["klager", k, v] for k, v in sorted(stats.klager.items())]
    return rows
