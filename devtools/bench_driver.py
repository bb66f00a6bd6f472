"""The inside of ``benchmark_renewal`` (runs in the throwaway database, next to the real workers): seed
N households with an approved decision, start the renewal, approve every proposal as it appears, wait
until every household is final or parked, and measure. See docs/reference/contracts/benchmark.md.
"""
import datetime
import json
import random
import time
import urllib.request
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import timezone

from cases.constants import Role, Zone
from cases.models import (
    Case,
    Decision,
    LegalParameter,
    Membership,
    Municipality,
    MunicipalityZone,
    RenewalItem,
    TaxBasis,
    User,
)
from cases.pdf import from_decision
from cases.pdf.attachment import attachment_html
from cases.pdf.context import letter_context
from cases.pdf.letter_data import kommune_of
from cases.pdf.typst_engine import document_for
from cases.renewal import progress, services
from cases.renewal.eligibility import previous_period
from cases.services.parameters import decision_confirm_unverified_rates, unverified_parameters_confirmed
from devtools.bench_delivery import delivery_figures
from devtools.pdf_timing import household_timings
from devtools.synthetic import FAMILY, GIVEN, Adult, SyntheticIds, create_cases, random_household

ORGNO = "910753614"
FINAL = {"approved", "sent", "needs_documentation", "closed", "not_eligible", "skipped", "failed", "stopped"}


def _stats(simulator_url: str) -> dict:
    with urllib.request.urlopen(simulator_url + "/_simulator/stats", timeout=10) as response:  # noqa: S310
        return json.loads(response.read())


# Rates the law review found no source for (docs/rules.md § 6; tests/factories.py TEST_RATES): without them
# the 2025/26 source decisions cannot be computed and every 2026/27 proposal waits for rates. The benchmark
# adds them as clearly labelled rows in its throwaway database.
BENCHMARK_RATE_SOURCE = "BENCHMARKSATS (devtools/bench_driver.py): ingen offentlig kilde – bare for ytelsesmåling"
BENCHMARK_RATES = (("makspris", "standard", datetime.date(2026, 8, 1), 1200),
                   ("makspris", "sentralitet_5_6", datetime.date(2026, 8, 1), 700),
                   ("makspris", "tiltakssone", datetime.date(2026, 8, 1), 0),
                   ("kjernetid_income_limit", "", datetime.date(2025, 8, 1), 700000))


def benchmark_rates() -> None:
    for key, qualifier, start, value in BENCHMARK_RATES:
        LegalParameter.objects.get_or_create(
            key=key, qualifier=qualifier, valid_from=start,
            defaults={"value": value, "valid_to": datetime.date(2027, 7, 31), "source": BENCHMARK_RATE_SOURCE,
                      "verified": True, "note": "benchmark"})


def seed(*, households: int, persons_file: Path, period: str, seed: int) -> tuple:
    """The kommune, its administrator and godkjenner, and N households with an approved decision."""
    rng = random.Random(seed)
    benchmark_rates()
    kommune = Municipality.objects.create(name="Benchmark kommune", kommunenummer="9901", organisasjonsnummer=ORGNO,
                                          requires_four_eyes=True)
    MunicipalityZone.objects.create(municipality=kommune, zone=Zone.STANDARD, valid_from=datetime.date(2019, 1, 1))
    admin = User.objects.create_user(username="bench-admin", password=None)
    approver = User.objects.create_user(username="bench-godkjenner", password=None)
    Membership.objects.create(user=admin, municipality=kommune, role=Role.ADMINISTRATOR)
    Membership.objects.create(user=approver, municipality=kommune, role=Role.GODKJENNER)
    numbers = [p["personidentifikator"] for p in json.loads(persons_file.read_text())["persons"]]
    ids = SyntheticIds(taken=set(numbers))
    source = previous_period(period)
    specs = []
    for i in range(households):
        family = rng.choice(FAMILY)
        adults = [Adult(numbers[2 * i + k], rng.choice(GIVEN), family, rng.randrange(150_000, 320_000))
                  for k in range(2)]
        service = "sfo" if rng.random() < 0.2 else "barnehage"
        specs.append(random_household(rng, ids, service=service, period=source, adults=adults))
        if service == "barnehage":  # children who continue: school starts after the new period begins
            specs[-1].children = [(born.replace(year=max(born.year, int(source[:4]) - 4)), t)
                                  for born, t in specs[-1].children]
    create_cases(municipality=kommune, period=source, specs=specs, approver=approver, ids=ids)
    return kommune, admin, approver


def _household_states(run) -> dict[str, int]:
    p = progress.progress(run)
    counts = dict(p.counts)
    approved = Decision.objects.filter(case__renewal_item__run=run, status=Decision.Status.APPROVED)
    counts["approved_without_pdf"] = approved.filter(pdf="").count()
    return counts


def fetch_done(run) -> bool:
    """Every household registered and past the income fetch (for ``--until fetched``)."""
    cases = Case.objects.filter(renewal_item__run=run)
    return (run.planned_at is not None and cases.count() == run.items.count()
            and not cases.filter(status__in=["received", "fetching_income"], attention="").exists())


def run_renewal(*, kommune, admin, approver, period: str, timeout_s: float, simulator_url: str,
                until: str = "letters") -> dict:
    """Start the renewal, approve all proposals as they come, wait for the end; return the figures."""
    urllib.request.urlopen(urllib.request.Request(  # noqa: S310 - zero the simulator's counters
        simulator_url + "/_simulator/reset", data=b"{}", method="POST"), timeout=10).close()
    started = timezone.now()
    run, _created = services.renewal_start(municipality=kommune, period=period, actor=admin)
    deadline = time.monotonic() + timeout_s
    approved_at = None
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if until == "fetched" and fetch_done(run):
            break
        p = progress.progress(run)
        if approved_at is None and run.planned_at and p.done:
            # The automatic part is over: the godkjenner approves every proposal in one go.
            approved_at = timezone.now()
            confirm_unverified_rates(run, approver)
            if services.proposals(run).exists():
                with transaction.atomic():
                    services.renewal_bulk_approve(run=run, actor=approver)
        counts = _household_states(run)
        busy = counts["approved_without_pdf"] + sum(counts[s] for s in ("pending", "fetching", "ready", "proposed"))
        if approved_at and not busy:
            break
        time.sleep(0.5)
    return measure(run, started=started, ended=timezone.now(), simulator_url=simulator_url)


def confirm_unverified_rates(run, approver) -> None:
    """The godkjenner confirms proposals that rest on unverified rates (e.g. SFO rates the law review could
    not source, docs/rules.md § 6) — as a real godkjenner must before approving them."""
    for decision in services.proposals(run).iterator(chunk_size=200):  # no result cache: flat in N
        if not unverified_parameters_confirmed(decision):
            decision_confirm_unverified_rates(decision_id=decision.pk, actor=approver,
                                              reason="Ytelsesmåling: satsene brukes bare i en engangsdatabase")


def _span(qs, field: str, started) -> list[float] | None:
    """[first, last] of a timestamp, in seconds after the start of the renewal."""
    row = qs.aggregate(first=Min(field), last=Max(field))
    if row["first"] is None:
        return None
    return [round((row["first"] - started).total_seconds(), 1), round((row["last"] - started).total_seconds(), 1)]


def phases(run, started) -> dict:
    cases = Case.objects.filter(renewal_item__run=run)
    decisions = Decision.objects.filter(case__in=cases)
    return {"registered": _span(cases, "created_at", started),
            "fetched": _span(TaxBasis.objects.filter(case__in=cases), "fetched_at", started),
            "proposed": _span(decisions, "proposed_at", started),
            "approved": _span(decisions, "approved_at", started),
            "pdf_rendered": _span(decisions, "pdf_rendered_at", started)}


def _duplicated(run) -> int:
    """Source households with more than one renewal case or more than one current decision."""
    cases = Case.objects.filter(is_renewal=True, application__period=run.period, municipality=run.municipality)
    twice = (cases.values("application__household__applicant", "application__service")
             .annotate(n=Count("pk")).filter(n__gt=1).count())
    two_decisions = (Decision.objects.filter(case__in=cases, status__in=["proposed", "approved"])
                     .values("case").annotate(n=Count("pk")).filter(n__gt=1).count())
    return twice + two_decisions


def measure(run, *, started, ended, simulator_url: str) -> dict:
    stats = _stats(simulator_url)
    counts = _household_states(run)
    rendered = Decision.objects.filter(case__renewal_item__run=run, pdf_rendered_at__isnull=False)
    last_pdf = rendered.aggregate(last=Max("pdf_rendered_at"))["last"]
    window = TaxBasis.objects.filter(case__renewal_item__run=run, fetched_at__isnull=False).aggregate(
        first=Min("fetched_at"), last=Max("fetched_at"))
    lookups = int(stats["ssg_calls"])
    fetch_s = (window["last"] - window["first"]).total_seconds() if window["first"] else 0.0
    final = sum(n for state, n in counts.items() if state in FINAL) - counts["approved_without_pdf"]
    return {
        "households": run.items.count(), "lookups": lookups,
        "seconds_total": round(((last_pdf or ended) - started).total_seconds(), 1),
        "fetch_seconds": round(fetch_s, 2),
        "max_concurrent_calls": max(stats["peak_concurrent_by_org"].values(), default=0),
        "api_answer_ms_mean": stats.get("ssg_answer_ms_mean"),
        "token_requests": int(stats["token_requests"]["total"]),
        "parked": counts["parked"], "lost": run.items.count() - final - counts["parked"],
        "duplicated": _duplicated(run), "outcomes": {k: v for k, v in counts.items() if v},
        "ends_reduction": RenewalItem.objects.filter(run=run, ends_reduction=True).count(),
        "faults_injected": stats.get("faults_injected", 0), "pdfs": rendered.count(),
        "phases_s": phases(run, started),
    }


def pdf_timings(run, *, sample: int, rounds: int = 2) -> dict:
    """What one household receives (its letter + the standard attachment): the pipeline — the letter from the
    process's Typst compiler, plus its share of the attachment's one render for the run's households —
    against a naive one-shot render of each (``devtools.pdf_timing.household_timings``); CPU and wall."""
    decisions = list(Decision.objects.filter(case__renewal_item__run=run, status=Decision.Status.APPROVED)
                     .order_by("?")[:sample])
    if not decisions:
        return {}
    kommune, on = kommune_of(run.municipality), timezone.localdate(decisions[0].approved_at)
    documents = [document_for(letter_context(from_decision(d), draft=False)) for d in decisions]
    return household_timings(documents, attachment_html=attachment_html(kommune, on),
                             attachment_standalone=attachment_html(kommune, on, standalone=True),
                             households=run.items.count(), rounds=rounds)


def drive(*, households: int, persons_file: Path, period: str, seed_value: int, timeout_s: float,
          simulator_url: str, pdf_sample: int, until: str = "letters") -> dict:
    kommune, admin, approver = seed(households=households, persons_file=persons_file, period=period,
                                    seed=seed_value)
    result = run_renewal(kommune=kommune, admin=admin, approver=approver, period=period, timeout_s=timeout_s,
                         simulator_url=simulator_url, until=until)
    if until == "fetched":
        return result
    run = kommune.renewal_runs.get()
    result["delivery"] = delivery_figures(run, simulator_url=simulator_url, timeout_s=timeout_s)
    result.update(pdf_timings(run, sample=pdf_sample))
    return result
