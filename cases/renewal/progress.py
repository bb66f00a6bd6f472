"""Where a renewal run stands: households per state, throughput, time left; the end-of-run summary;
and the sweep that re-queues work whose message was lost (the pipeline stood still too long).

Counting costs two GROUP BY queries whatever the size of the run.
"""
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from cases.constants import Attention
from cases.constants import CaseStatus as S
from cases.models import Case, Decision, RenewalItem, RenewalRun, TaxBasis

# (state, label) in the order the progress page shows them.
STATES = (
    ("pending", "Venter på registrering"),
    ("fetching", "Henter inntekt"),
    ("ready", "Beregnes"),
    ("proposed", "Forslag til godkjenning"),
    ("approved", "Godkjent"),
    ("sent", "Sendt"),
    ("needs_documentation", "Mangler dokumentasjon"),
    ("parked", "Parkert etter gjentatte feil"),
    ("stopped", "Stanset (se merknad på saken)"),
    ("closed", "Avslått eller trukket"),
    ("not_eligible", "Ikke aktuell (ingen barn fortsetter)"),
    ("skipped", "Har allerede søknad"),
    ("failed", "Feilet"),
)
SETTLED = frozenset({"proposed", "approved", "sent", "needs_documentation", "parked", "stopped", "closed",
                     "not_eligible", "skipped", "failed"})
_BY_STATUS = {S.RECEIVED: "fetching", S.FETCHING_INCOME: "fetching", S.READY_FOR_ASSESSMENT: "ready",
              S.PROPOSED: "proposed", S.APPROVED: "approved", S.SENT: "sent",
              S.NEEDS_DOCUMENTATION: "needs_documentation", S.REJECTED: "closed", S.WITHDRAWN: "closed"}
_BY_OUTCOME = {RenewalItem.Outcome.PENDING: "pending", RenewalItem.Outcome.NOT_ELIGIBLE: "not_eligible",
               RenewalItem.Outcome.SKIPPED: "skipped", RenewalItem.Outcome.FAILED: "failed"}


@dataclass
class Progress:
    total: int
    counts: dict[str, int]
    ends_reduction: int = 0
    pdf_rendered: int = 0
    elapsed_s: float = 0.0
    rows: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def settled(self) -> int:
        return sum(n for state, n in self.counts.items() if state in SETTLED)

    @property
    def done(self) -> bool:
        return self.settled >= self.total

    @property
    def per_minute(self) -> float:
        return self.settled * 60 / self.elapsed_s if self.elapsed_s > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        if self.done:
            return 0.0
        rate = self.settled / self.elapsed_s if self.elapsed_s > 0 else 0.0
        return (self.total - self.settled) / rate if rate > 0 else None

    @property
    def minutes_left(self) -> int | None:
        seconds = self.seconds_left
        return None if seconds is None else int(seconds // 60) + (1 if seconds % 60 else 0)


_WAITING = [S.RECEIVED, S.FETCHING_INCOME, S.READY_FOR_ASSESSMENT]  # where Case.attention stops a case
_STOPPED = [a for a in Attention if a not in (Attention.NONE, Attention.PARKED_FETCH)]


def progress(run: RenewalRun) -> Progress:
    waiting = Q(case__status__in=_WAITING)
    rows = (RenewalItem.objects.filter(run=run).order_by()
            .values("outcome", "case__status")
            .annotate(n=Count("pk"),
                      parked=Count("pk", filter=waiting & Q(case__attention=Attention.PARKED_FETCH)),
                      stopped=Count("pk", filter=waiting & Q(case__attention__in=_STOPPED)),
                      ends=Count("pk", filter=Q(ends_reduction=True))))
    counts = {state: 0 for state, _label in STATES}
    total = ends = 0
    for row in rows:
        if row["outcome"] == RenewalItem.Outcome.CREATED:
            counts[_BY_STATUS[row["case__status"]]] += row["n"] - row["parked"] - row["stopped"]
            counts["parked"] += row["parked"]
            counts["stopped"] += row["stopped"]
        else:
            counts[_BY_OUTCOME[row["outcome"]]] += row["n"]
        total += row["n"]
        ends += row["ends"]
    rendered = Decision.objects.filter(case__renewal_item__run=run, status=Decision.Status.APPROVED,
                                       pdf_rendered_at__isnull=False).count()
    end = run.finished_at or timezone.now()
    return Progress(total=total, counts=counts, ends_reduction=ends, pdf_rendered=rendered,
                    elapsed_s=max(0.0, (end - run.started_at).total_seconds()),
                    rows=[(state, label, counts[state]) for state, label in STATES])


def summary(run: RenewalRun, p: Progress) -> dict:
    """The end-of-run report (stored on the run, shown on its page)."""
    fetch = TaxBasis.objects.filter(case__renewal_item__run=run).aggregate(
        adults=Count("pk"), attempts=Sum("attempts"), parked=Count("pk", filter=Q(status=TaxBasis.FetchStatus.PARKED)))
    return {
        "households": p.total, "counts": p.counts, "ends_reduction": p.ends_reduction,
        "pdf_rendered": p.pdf_rendered, "adults_fetched": fetch["adults"] or 0,
        "fetch_attempts": fetch["attempts"] or 0, "adults_parked": fetch["parked"] or 0,
        "duration_s": round(p.elapsed_s, 1), "households_per_minute": round(p.per_minute, 1),
        "finished_at": timezone.now().isoformat(),
    }


def finish_if_done(run: RenewalRun) -> bool:
    """Mark the run finished with its summary once every household has settled."""
    p = progress(run)
    if not p.done:
        return False
    now = timezone.now()
    run.finished_at = now
    p.elapsed_s = (now - run.started_at).total_seconds()
    RenewalRun.objects.filter(pk=run.pk, finished_at__isnull=True).update(
        status=RenewalRun.Status.FINISHED, finished_at=now, summary=summary(run, p))
    return True


def stall_seconds() -> float:
    return float(settings.RENEWAL_STALL_S)


def sweep_if_stalled(run: RenewalRun) -> dict[str, list[int]]:
    """When nothing in the run has moved for ``RENEWAL_STALL_S``, return the work to queue again:
    items not yet registered, cases whose fetch or proposal stands still, approved vedtak without PDF.

    Tasks are idempotent, so a duplicate is harmless; this only closes the gap of a message lost
    between a commit and its publish (e.g. a worker killed at that instant).
    """
    items = RenewalItem.objects.filter(run=run)
    last = items.aggregate(item=Max("updated_at"), case=Max("case__updated_at"))
    latest = max((t for t in last.values() if t), default=None)
    if latest is None or timezone.now() - latest < datetime.timedelta(seconds=stall_seconds()):
        return {}
    cases = Case.objects.filter(renewal_item__run=run, attention=Attention.NONE)
    return {
        "renew": list(items.filter(outcome=RenewalItem.Outcome.PENDING).values_list("pk", flat=True)),
        "fetch": list(cases.filter(status__in=[S.RECEIVED, S.FETCHING_INCOME]).values_list("pk", flat=True)),
        "propose": list(cases.filter(status=S.READY_FOR_ASSESSMENT).values_list("pk", flat=True)),
        "render": list(Decision.objects.filter(case__renewal_item__run=run, status=Decision.Status.APPROVED,
                                               pdf="").values_list("pk", flat=True)),
    }
