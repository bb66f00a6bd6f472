"""The billing rules of docs/billing.md on plain data: months, part months by calendar day, markers, corrections."""
import datetime as dt

from cases.billing.months import (
    CHANGED,
    CHARGE,
    CORRECTION,
    ENDED,
    NEW,
    UNCHANGED,
    Billed,
    BilledLine,
    FeePeriod,
    compare,
    portions,
)

D = dt.date


def period(start, end, reduced, *, decision=1, ordinary=1200, child="BCHILD", price_from=None):
    return FeePeriod(child_key=child, child_id=1, decision_id=decision, case_id=1, start=start, end=end,
                     reduced=reduced, ordinary=ordinary, price_from=price_from or start)


def billed_from(lines):
    """What the billing system holds after an export gave ``lines``."""
    return Billed([BilledLine(line.period.child_key, line.month, line.period_from, line.period.decision_id,
                              line.period.reduced, line.ordinary_amount, line.reduced_amount) for line in lines])


def test_whole_months_are_billed_at_the_monthly_price():
    parts = portions([period(D(2026, 8, 1), D(2027, 7, 31), 614)], D(2026, 10, 1))
    assert sorted(month for _, month in parts) == [D(2026, 8, 1), D(2026, 9, 1), D(2026, 10, 1)]
    for (part,) in parts.values():
        assert (part.reduced_amount, part.ordinary_amount, part.days) == (614, 1200, part.days_in_month)


def test_a_change_on_the_15th_is_billed_by_calendar_day_and_rounded_down_once():
    """October (31 days): 14 days at 1 200 and 17 days at 800 → 1200·14/31 + 800·17/31 = 980,64 → 980."""
    parts = portions([period(D(2026, 8, 1), D(2026, 10, 14), 1200, decision=1),
                      period(D(2026, 10, 15), D(2027, 7, 31), 800, decision=2)], D(2026, 10, 1))
    october = parts[("BCHILD", D(2026, 10, 1))]
    assert [(p.start.day, p.end.day, p.days) for p in october] == [(1, 14, 14), (15, 31, 17)]
    assert sum(p.reduced_amount for p in october) == (1200 * 14 + 800 * 17) // 31 == 980
    assert [p.reduced_amount for p in october] == [(1200 * 14) // 31, 980 - (1200 * 14) // 31]
    assert sum(p.ordinary_amount for p in october) == 1200  # the ordinary price did not change


def test_nothing_after_the_through_month():
    parts = portions([period(D(2026, 8, 1), D(2027, 7, 31), 614)], D(2026, 8, 20))
    assert list(parts) == [("BCHILD", D(2026, 8, 1))]


def test_first_export_marks_new_and_the_end_of_the_vedtak_as_ended():
    lines = compare([period(D(2026, 8, 1), D(2026, 9, 30), 614)], Billed(), D(2026, 12, 1))
    assert [(line.month.month, line.change, line.change_date) for line in lines] == [
        (8, NEW, D(2026, 8, 1)), (9, ENDED, D(2026, 10, 1))]
    assert all(line.line_type == CHARGE for line in lines)


def test_a_second_export_gives_only_new_months_and_marks_them_unchanged():
    periods = [period(D(2026, 8, 1), D(2027, 7, 31), 614)]
    first = compare(periods, Billed(), D(2026, 9, 1))
    second = compare(periods, billed_from(first), D(2026, 10, 1))
    assert [(line.month.month, line.change, line.reduced_amount) for line in second] == [(10, UNCHANGED, 614)]
    assert compare(periods, billed_from(first + second), D(2026, 10, 1)) == []


def test_a_change_in_a_month_not_yet_billed_is_marked_changed_from_its_date():
    first = compare([period(D(2026, 8, 1), D(2027, 7, 31), 1200)], Billed(), D(2026, 9, 1))
    now = [period(D(2026, 8, 1), D(2026, 10, 14), 1200, decision=1),
           period(D(2026, 10, 15), D(2027, 7, 31), 800, decision=2)]
    lines = compare(now, billed_from(first), D(2026, 11, 1))
    assert [(line.month.month, line.period_from.day, line.change, line.change_date, line.reduced_amount)
            for line in lines] == [
        (10, 1, UNCHANGED, None, 541), (10, 15, CHANGED, D(2026, 10, 15), 439), (11, 1, UNCHANGED, None, 800)]


def test_a_retroactive_change_corrects_each_billed_month_by_the_difference():
    """Billed August–October at 1 200; a vedtak from 15 September sets 800: September is corrected by the
    day-weighted difference, October by −400, and November is charged at 800, changed from 15 September."""
    first = compare([period(D(2026, 8, 1), D(2027, 7, 31), 1200)], Billed(), D(2026, 10, 1))
    now = [period(D(2026, 8, 1), D(2026, 9, 14), 1200, decision=1),
           period(D(2026, 9, 15), D(2027, 7, 31), 800, decision=2)]
    lines = compare(now, billed_from(first), D(2026, 11, 1))
    september = (1200 * 14 + 800 * 16) // 30
    assert [(line.line_type, line.month.month, line.change, line.change_date, line.reduced_amount,
             line.ordinary_amount) for line in lines] == [
        (CORRECTION, 9, CHANGED, D(2026, 9, 15), september - 1200, 0),
        (CORRECTION, 10, CHANGED, D(2026, 9, 15), -400, 0),
        (CHARGE, 11, CHANGED, D(2026, 9, 15), 800, 1200),
    ]
    assert all(line.period.decision_id == 2 for line in lines)
    # once billed, the same state gives nothing more
    assert compare(now, billed_from(first + lines), D(2026, 11, 1)) == []


def test_a_retroactive_opphor_credits_the_months_after_it_in_full():
    first = compare([period(D(2026, 8, 1), D(2027, 7, 31), 614)], Billed(), D(2026, 10, 1))
    now = [period(D(2026, 8, 1), D(2026, 8, 31), 614)]
    lines = compare(now, billed_from(first), D(2026, 11, 1))
    assert [(line.line_type, line.month.month, line.change, line.change_date, line.reduced_amount)
            for line in lines] == [
        (CORRECTION, 9, ENDED, D(2026, 9, 1), -614), (CORRECTION, 10, ENDED, D(2026, 9, 1), -614)]


def test_an_opphor_mid_month_in_a_billed_month_is_a_correction_marked_ended():
    first = compare([period(D(2026, 8, 1), D(2027, 7, 31), 620)], Billed(), D(2026, 9, 1))
    now = [period(D(2026, 8, 1), D(2026, 9, 10), 620)]
    (line,) = compare(now, billed_from(first), D(2026, 10, 1))
    assert (line.line_type, line.month.month, line.change, line.change_date) == (CORRECTION, 9, ENDED, D(2026, 9, 11))
    assert line.reduced_amount == (620 * 10) // 30 - 620
    assert line.ordinary_amount == (1200 * 10) // 30 - 1200


def test_children_are_separate():
    lines = compare([period(D(2026, 8, 1), D(2027, 7, 31), 614, child="BA"),
                     period(D(2026, 8, 1), D(2027, 7, 31), 300, child="BB")], Billed(), D(2026, 8, 1))
    assert [(line.period.child_key, line.reduced_amount, line.change) for line in lines] == [
        ("BA", 614, NEW), ("BB", 300, NEW)]
