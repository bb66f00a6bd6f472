"""The statistics summary equals the figures counted one row at a time from the base tables, for every
filter; it is refreshed after changes (signals → stale → beat task) and never mixes kommuner."""
import datetime
import itertools
import math
import random
from collections import Counter

import pytest
from django.utils import timezone

from cases.constants import CaseStatus
from cases.klage.choices import KlageOutcome, KlageStatus
from cases.klage.models import Klage
from cases.models import (
    Application,
    Case,
    CaseTransition,
    ChildFee,
    Decision,
    RenewalItem,
    RenewalRun,
    StatsFigure,
    StatsState,
)
from cases.outcome import decision_outcome
from cases.stats import summary, tasks
from cases.stats.selectors import StatsFilters, statistics
from cases.stats.summary import municipalities_due, stats_mark_stale, stats_refresh
from devtools.synthetic import SyntheticIds, create_cases, random_household

pytestmark = pytest.mark.django_db

DONE = (CaseStatus.APPROVED, CaseStatus.SENT)


def _nearest_rank(values: list[int], pct: int) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(pct * len(ordered) / 100) - 1]


def reference(filters: StatsFilters) -> dict:
    """The page's figures counted object by object from the base tables (no summary, no aggregation)."""
    def scoped(app):
        return (app.municipality_id in filters.municipality_ids and (not filters.period or app.period == filters.period)
                and (not filters.service or app.service == filters.service))

    apps = [a for a in Application.objects.all() if scoped(a)]
    applications = Counter((a.received_date.replace(day=1), a.channel) for a in apps)
    days, outcomes, children, reduction = [], Counter(), Counter(), Counter()
    for case in Case.objects.filter(application__in=apps).select_related("application"):
        done = [t.at for t in CaseTransition.objects.filter(case=case, to_status__in=DONE)]
        if done:
            days.append(max(0, (timezone.localtime(min(done)).date() - case.application.received_date).days))
        if case.status == CaseStatus.REJECTED:
            outcomes["rejected"] += 1
        for decision in Decision.objects.filter(case=case, status=Decision.Status.APPROVED):
            outcomes[str(decision_outcome(decision).outcome)] += 1
            for fee in ChildFee.objects.filter(decision=decision).select_related("child"):
                price = int(fee.child.monthly_price)
                children["free" if fee.monthly_fee == 0 else "reduced" if fee.monthly_fee < price else "full"] += 1
                children["free_core_hours"] += fee.free_core_hours
                day = decision.valid_from
                while day <= decision.valid_to:  # every day; count the month on its first day in force
                    if day == decision.valid_from or day.day == 1:
                        on = [s["monthly_fee"] for s in fee.segments
                              if s["valid_from"] <= day.isoformat() <= s["valid_to"]]
                        reduction[day.replace(day=1)] += max(0, price - (on[0] if on else fee.monthly_fee))
                    day += datetime.timedelta(days=1)
    for decision in Decision.objects.filter(case__application__in=apps, status=Decision.Status.SUPERSEDED,
                                            approved_at__isnull=False):  # applied until replaced (endring, klage)
        for fee in ChildFee.objects.filter(decision=decision).select_related("child"):
            day = decision.valid_from
            while day <= (decision.effective_to or decision.valid_to):
                if day == decision.valid_from or day.day == 1:
                    reduction[day.replace(day=1)] += max(0, int(fee.child.monthly_price) - fee.monthly_fee)
                day += datetime.timedelta(days=1)
    klager = Counter()
    for klage in Klage.objects.filter(case__application__in=apps):
        klager["received"] += 1
        klager[f"status:{klage.status}"] += 1
        klager[f"outcome:{klage.outcome}"] += bool(klage.outcome)
        klager["late"] += klage.late
    renewal = Counter()
    for item in RenewalItem.objects.select_related("run"):
        if (item.run.municipality_id in filters.municipality_ids and
                (not filters.period or item.run.period == filters.period) and
                (not filters.service or item.service == filters.service)):
            renewal[item.outcome] += 1
            renewal["ends_reduction"] += bool(item.ends_reduction)
    return {"applications": {k: v for k, v in applications.items()},
            "processing": {"count": len(days), "median": _nearest_rank(days, 50), "p90": _nearest_rank(days, 90)},
            "outcomes": {k: outcomes[k] for k in ("innvilget", "delvis", "avslag", "rejected")},
            "children": {k: children[k] for k in ("free", "reduced", "full", "free_core_hours")},
            "reduction": {m: v for m, v in reduction.items() if v},
            "renewal": {k: v for k, v in renewal.items() if v},
            "klager": {k: v for k, v in klager.items() if v}}


def from_summary(filters: StatsFilters) -> dict:
    stats = statistics(filters)
    return {"applications": {(r["month"], r["channel"]): r["count"] for r in stats.applications},
            "processing": stats.processing, "outcomes": stats.outcomes, "children": stats.children,
            "reduction": dict(stats.reduction_by_month),
            "renewal": {k: v for k, v in stats.renewal.items() if v}, "klager": stats.klager}


@pytest.fixture
def mixed(kommune, other_kommune, godkjenner):
    """Two kommuner with random households in three periods, both services, every status, several
    channels and receipt dates, a rejected case, a vedtak without a stored outcome, a vedtak whose fee
    changes within the period, and renewal items."""
    rng = random.Random(20261203)
    ids = SyntheticIds(offset=rng.randrange(200))
    statuses = [CaseStatus.RECEIVED, CaseStatus.PROPOSED, CaseStatus.APPROVED, CaseStatus.SENT, CaseStatus.SENT]
    for kommune_, period in itertools.product((kommune, other_kommune), ("2025/26", "2026/27")):
        specs = [random_household(rng, ids, service=rng.choice(("barnehage", "barnehage", "sfo")), period=period,
                                  status=rng.choice(statuses)) for _ in range(14)]
        for spec in specs:
            spec.received_date = datetime.date(int(period[:4]), 1, 1) + datetime.timedelta(days=rng.randint(0, 200))
            spec.channel = rng.choice(("digital", "papir", "import"))
        for spec_service in ("barnehage", "sfo"):
            chosen = [s for s in specs if s.service == spec_service]
            if chosen:
                create_cases(municipality=kommune_, period=period, specs=chosen, approver=godkjenner, ids=ids)
    for transition in CaseTransition.objects.filter(to_status__in=DONE):
        transition.at = timezone.now() - datetime.timedelta(days=rng.randint(0, 400), hours=rng.randint(0, 23))
        transition.save(update_fields=["at"])
    Case.objects.filter(pk=Case.objects.filter(status=CaseStatus.RECEIVED).values("pk")[:1]).update(
        status=CaseStatus.REJECTED)
    legacy = Decision.objects.filter(status=Decision.Status.APPROVED).first()
    del legacy.calculation["outcome"]
    legacy.save(update_fields=["calculation"])
    fee = ChildFee.objects.filter(decision__status=Decision.Status.APPROVED).exclude(decision=legacy).select_related(
        "decision").first()
    middle = fee.decision.valid_from + datetime.timedelta(days=100)
    fee.segments = [{"valid_from": fee.decision.valid_from.isoformat(), "valid_to": middle.isoformat(),
                     "monthly_fee": 100},
                    {"valid_from": (middle + datetime.timedelta(days=1)).isoformat(),
                     "valid_to": fee.decision.valid_to.isoformat(), "monthly_fee": 700}]
    fee.save(update_fields=["segments"])
    # An endring: the first approved vedtak was replaced from 1 November (superseded, applied until 31 October).
    old = Decision.objects.filter(status=Decision.Status.APPROVED).exclude(pk=legacy.pk).order_by("pk").last()
    Decision.objects.filter(pk=old.pk).update(status=Decision.Status.SUPERSEDED,
                                              effective_to=old.valid_from.replace(month=10, day=31))
    sent = list(Decision.objects.filter(status=Decision.Status.APPROVED, case__status=CaseStatus.SENT)
                .select_related("case")[:6])
    for decision, (status, outcome, late) in zip(sent, (
            (KlageStatus.IN_PROGRESS, "", False), (KlageStatus.MEDHOLD, "", False),
            (KlageStatus.DECIDED, KlageOutcome.STADFESTET, False), (KlageStatus.DECIDED, KlageOutcome.OMGJORT, True),
            (KlageStatus.AVVIST, "", True), (KlageStatus.OVERSENDT, "", False)), strict=False):
        Klage.objects.create(case=decision.case, decision=decision, received_date=datetime.date(2026, 9, 1),
                             channel="letter", text="Jeg klager.", status=status, outcome=outcome, late=late,
                             late_taken_up_reason="Tatt under behandling" if late else "",
                             outcome_date=datetime.date(2026, 10, 1) if outcome else None)
    run = RenewalRun.objects.create(municipality=kommune, period="2026/27", status="finished")
    for case, outcome in zip(Case.objects.filter(municipality=kommune, application__period="2025/26"),
                             ("created", "not_eligible", "failed", "skipped"), strict=False):
        RenewalItem.objects.create(run=run, source_case=case, service=case.application.service, outcome=outcome,
                                   ends_reduction=outcome == "created", case=case if outcome == "created" else None)
    return kommune, other_kommune


def test_summary_equals_the_figures_counted_from_the_base_tables(mixed):
    kommune, other = mixed
    for municipality_id in (kommune.pk, other.pk):
        stats_refresh(municipality_id=municipality_id)
    assert StatsFigure.objects.exists()
    for scope, period, service in itertools.product(
            ((kommune.pk,), (other.pk,), (kommune.pk, other.pk)), ("", "2025/26", "2026/27", "2027/28"),
            ("", "barnehage", "sfo")):
        filters = StatsFilters(municipality_ids=scope, period=period, service=service)
        assert from_summary(filters) == reference(filters), filters
    everything = reference(StatsFilters(municipality_ids=(kommune.pk, other.pk)))
    assert everything["outcomes"]["rejected"] == 1 and sum(everything["outcomes"].values()) > 10
    assert everything["processing"]["count"] > 10 and everything["renewal"]["created"] == 1
    assert everything["klager"]["received"] == 6 and everything["klager"]["outcome:omgjort"] == 1


def test_refresh_replaces_only_its_own_kommune(mixed):
    kommune, other = mixed
    stats_refresh(municipality_id=other.pk)
    before = list(StatsFigure.objects.filter(municipality=other).values_list("figure", "key", "month", "value"))
    stats_refresh(municipality_id=kommune.pk)
    stats_refresh(municipality_id=kommune.pk)  # idempotent
    assert list(StatsFigure.objects.filter(municipality=other).values_list("figure", "key", "month", "value")) == before
    assert StatsFigure.objects.filter(municipality=kommune).exists()


def test_a_change_marks_the_kommune_stale_after_commit_and_the_beat_task_refreshes_it(
        kommune, other_kommune, household, django_capture_on_commit_callbacks):
    household(kommune, fees=(0,), outcome="innvilget")
    assert set(municipalities_due()) == {kommune.pk, other_kommune.pk}  # never computed
    tasks.refresh_statistics()  # eager in tests: refreshes both
    assert municipalities_due() == []
    assert statistics(StatsFilters(municipality_ids=(kommune.pk,))).outcomes["innvilget"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        case = household(kommune, fees=(1200,), outcome="avslag")
    assert municipalities_due() == [kommune.pk]  # the other kommune is untouched
    assert statistics(StatsFilters(municipality_ids=(kommune.pk,))).outcomes["avslag"] == 0  # not yet
    tasks.refresh_statistics()
    assert statistics(StatsFilters(municipality_ids=(kommune.pk,))).outcomes["avslag"] == 1
    assert StatsState.objects.get(municipality=kommune).stale_since is None

    with django_capture_on_commit_callbacks(execute=True):  # a status change alone (a new transition)
        CaseTransition.objects.create(case=case, from_status=CaseStatus.APPROVED, to_status=CaseStatus.SENT)
    assert municipalities_due() == [kommune.pk]


def test_a_kommune_not_refreshed_for_too_long_is_due(kommune, settings):
    stats_refresh(municipality_id=kommune.pk)
    assert municipalities_due() == []
    later = timezone.now() + datetime.timedelta(seconds=settings.STATS_MAX_AGE_SECONDS + 1)
    assert municipalities_due(later) == [kommune.pk]


def test_marking_an_unknown_kommune_changes_nothing(kommune, django_capture_on_commit_callbacks):
    stats_refresh(municipality_id=kommune.pk)
    with django_capture_on_commit_callbacks(execute=True):
        stats_mark_stale(case_id=0)
    assert municipalities_due() == []


def test_a_change_committed_during_a_refresh_keeps_the_kommune_due(kommune, monkeypatch):
    """The figures are computed without a lock; a change whose mark lands after the refresh started is not
    lost: the kommune stays due for the next beat."""
    stats_refresh(municipality_id=kommune.pk)
    computing = summary.compute_figures

    def change_meanwhile(municipality_id):
        figures = computing(municipality_id)
        StatsState.objects.filter(municipality_id=municipality_id).update(stale_since=timezone.now())
        return figures

    monkeypatch.setattr(summary, "compute_figures", change_meanwhile)
    stats_refresh(municipality_id=kommune.pk)
    assert municipalities_due() == [kommune.pk]
