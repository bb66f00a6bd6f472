"""Acceptance (issue 15, part 3): the billing export across a change mid-period and a retroactive correction.

A sent vedtak from 1 August 2026: full-time place at makspris 1 200 kr, kjernetid 20 of 41 hours free →
614 kr (docs/reference/rules.md § 3). The kommune exports August–November. Then an endring (the child moves
to a place that costs 800 kr) is registered **from 15 September**, approved, and replaces the vedtak from
that day: 800 × 21/41 = 409 kr. The next export must

- correct September by the day-weighted difference (14 days at 614, 16 at 409 → ⌊(614·14 + 409·16)/30⌋),
- correct October and November by 409 − 614 each,
- charge December at 409, marked «changed» from 2026-09-15, under the new vedtak with kind «change»,

and an export after an opphør from 1 February 2027 ends the price there. Months are never billed twice:
exporting again changes nothing.
"""
import datetime as dt

import pytest

from cases.billing import services
from cases.billing.selectors import fee_periods, run_lines
from cases.constants import ChangeKind, Role
from cases.models import Decision
from cases.selectors import decisions_in_force
from cases.services.approval import decision_approve
from cases.services.assessment import decision_propose
from cases.services.changes import change_register
from tests import factories
from tests.changes.conftest import send, sent_case

OLD = 1200 * 21 // 41  # 614
NEW = 800 * 21 // 41  # 409
SEPTEMBER = (OLD * 14 + NEW * 16) // 30


@pytest.fixture
def setup(rates, kommune, saksbehandler, godkjenner):
    approver2 = factories.staff("godkjenner2", kommune, Role.GODKJENNER)
    with factories.as_of(dt.date(2026, 6, 15)):
        case = sent_case(kommune, saksbehandler, godkjenner, received=dt.date(2026, 6, 1), partner=False,
                         applicant_income=300_000)
    return {"kommune": kommune, "case": case, "saksbehandler": saksbehandler, "approver2": approver2}


def change(setup, kind, on, **details):
    case = setup["case"]
    child = case.application.children.get()
    change_register(case_id=case.pk, kind=kind, change_date=on, actor=setup["saksbehandler"],
                    details={"child_id": child.pk, **details})
    new = decision_propose(case_id=case.pk)  # what the queued proposal does
    decision_approve(decision_id=new.pk, actor=setup["approver2"])
    send(new)
    return new


def export(setup, through, **kwargs):
    run = services.export_run_create(municipality_id=setup["kommune"].pk, actor=setup["saksbehandler"],
                                     through=through, **kwargs)
    return run, list(run_lines(run))


def summary(lines):
    return [(line.line_type, f"{line.month:%Y-%m}", line.change, line.change_date, line.reduced_amount)
            for line in lines]


def test_billing_across_a_retroactive_change_and_an_opphor(setup):
    first, lines = export(setup, "2026-11")
    old = Decision.objects.get(case=setup["case"], status=Decision.Status.APPROVED)
    assert [line.reduced_amount for line in lines] == [OLD] * 4
    assert {line.place for line in lines} == {"Solsikken"}

    new = change(setup, ChangeKind.PLACE_CHANGED, dt.date(2026, 9, 15), institution="Blåbærtoppen",
                 monthly_price="800")
    old.refresh_from_db()
    assert old.effective_to == dt.date(2026, 9, 14)
    assert new.child_fees.get().monthly_fee == NEW  # the law gives the same figure as the vedtak

    second, lines = export(setup, "2026-12")
    assert second.since_run == first
    assert summary(lines) == [
        ("correction", "2026-09", "changed", dt.date(2026, 9, 15), SEPTEMBER - OLD),
        ("correction", "2026-10", "changed", dt.date(2026, 9, 15), NEW - OLD),
        ("correction", "2026-11", "changed", dt.date(2026, 9, 15), NEW - OLD),
        ("charge", "2026-12", "changed", dt.date(2026, 9, 15), NEW),
    ]
    assert {line.decision_id for line in lines} == {new.pk}
    assert {str(line.decision.kind) for line in lines} == {"change"}
    assert {line.place for line in lines} == {"Blåbærtoppen"}
    # the ordinary price moved with the place (1 200 → 800): corrected by its difference too
    assert [line.ordinary_amount for line in lines] == [(1200 * 14 + 800 * 16) // 30 - 1200, -400, -400, 800]
    assert (second.correction_count, second.total_reduced_amount) == (3, SEPTEMBER - OLD + 2 * (NEW - OLD) + NEW)
    # what the billing system now holds for each month is what the vedtak say
    held = {}
    for run in (first, second):
        for line in run.lines.all():
            held[line.month] = held.get(line.month, 0) + line.reduced_amount
    assert held == {dt.date(2026, 8, 1): OLD, dt.date(2026, 9, 1): SEPTEMBER, dt.date(2026, 10, 1): NEW,
                    dt.date(2026, 11, 1): NEW, dt.date(2026, 12, 1): NEW}

    assert export(setup, "2026-12")[1] == []  # nothing twice

    # a change mid-month ahead of billing: January is split by day, February is the new price
    change(setup, ChangeKind.HOURS_CHANGED, dt.date(2027, 1, 15), weekly_hours="30")
    third, lines = export(setup, "2027-02")
    latest = Decision.objects.get(case=setup["case"], status=Decision.Status.APPROVED)
    hours = latest.child_fees.get().monthly_fee
    assert [(f"{line.month:%Y-%m}", line.period_from.day, line.period_to.day, line.change, line.change_date)
            for line in lines] == [("2027-01", 1, 14, "unchanged", None),
                                   ("2027-01", 15, 31, "changed", dt.date(2027, 1, 15)),
                                   ("2027-02", 1, 28, "unchanged", None)]
    assert sum(line.reduced_amount for line in lines[:2]) == (NEW * 14 + hours * 17) // 31
    assert lines[2].reduced_amount == hours

    # opphør from 1 February 2027, after February was billed: February is credited, the price ends
    change(setup, ChangeKind.CHILD_LEFT, dt.date(2027, 2, 1))
    fourth, lines = export(setup, "2027-03")
    assert summary(lines) == [("correction", "2027-02", "ended", dt.date(2027, 2, 1), -hours)]
    assert str(lines[0].decision.kind) == "opphor"
    same_prices_as_the_day_selector(setup["kommune"], dt.date(2026, 8, 1), dt.date(2027, 3, 31))


def same_prices_as_the_day_selector(kommune, first: dt.date, last: dt.date) -> None:
    """Billing's fee periods give, on every day, the price and vedtak of docs/changes.md's day selector."""
    periods, _ = fee_periods(kommune.pk)
    day = first
    while day <= last:
        billing = {(p.child_id, p.decision_id, p.reduced) for p in periods if p.start <= day <= p.end}
        selector = {(row.child_id, row.decision_id, row.monthly_fee) for row in decisions_in_force(kommune.pk, day)}
        assert billing == selector, day
        day += dt.timedelta(days=1)


def test_a_correction_back_to_the_period_start(setup):
    """The replacing vedtak applies from the very first day: the old one applies on no day at all."""
    first, _ = export(setup, "2026-09")
    change(setup, ChangeKind.PLACE_CHANGED, dt.date(2026, 8, 1), institution="Blåbærtoppen", monthly_price="800")
    _, lines = export(setup, "2026-09")
    assert summary(lines) == [("correction", "2026-08", "changed", dt.date(2026, 8, 1), NEW - OLD),
                              ("correction", "2026-09", "changed", dt.date(2026, 8, 1), NEW - OLD)]
    # a full re-export from the start gives the new vedtak only
    _, full = export(setup, "2026-09", since="start")
    assert summary(full) == [("charge", "2026-08", "new", dt.date(2026, 8, 1), NEW),
                             ("charge", "2026-09", "unchanged", None, NEW)]
    same_prices_as_the_day_selector(setup["kommune"], dt.date(2026, 7, 25), dt.date(2026, 9, 30))
