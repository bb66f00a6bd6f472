"""Who continues into the new period, from the law: school starts in August of the year the child turns
6 (opplæringslova § 2-1), one year later with deferred start; SFO continues while the next trinn is within
the kommune's offer (1.–4. trinn unless the kommune offers more)."""
import datetime

import pytest

from cases.renewal.eligibility import (
    ChildFacts,
    child_verdict,
    next_period,
    period_for_start_year,
    previous_period,
    school_start_year,
)

AUG_2026 = datetime.date(2026, 8, 1)
AUG_2027 = datetime.date(2027, 8, 1)


def test_periods():
    assert previous_period("2027/28") == "2026/27"
    assert previous_period("2000/01") == "1999/00"
    assert next_period("2026/27") == "2027/28"
    assert next_period("1999/00") == "2000/01"
    assert period_for_start_year(2027) == "2027/28"


@pytest.mark.parametrize(("born", "deferred", "starts"), [
    (datetime.date(2020, 1, 1), False, 2026),
    (datetime.date(2020, 12, 31), False, 2026),
    (datetime.date(2020, 12, 31), True, 2027),
    (datetime.date(2021, 1, 1), False, 2027),
])
def test_school_start_year(born, deferred, starts):
    assert school_start_year(born, deferred=deferred) == starts


def test_child_turning_six_in_the_new_period_year_leaves_barnehage():
    verdict = child_verdict("barnehage", ChildFacts(datetime.date(2020, 12, 31)), new_period_start=AUG_2026)
    assert not verdict.eligible
    assert "skolen høsten 2026" in verdict.reason


def test_child_turning_six_the_year_after_continues():
    assert child_verdict("barnehage", ChildFacts(datetime.date(2021, 1, 1)), new_period_start=AUG_2026).eligible


def test_deferred_school_start_gives_one_more_year_and_no_more():
    child = ChildFacts(datetime.date(2020, 5, 5), deferred_school_start=True)
    assert child_verdict("barnehage", child, new_period_start=AUG_2026).eligible
    assert not child_verdict("barnehage", child, new_period_start=AUG_2027).eligible


def test_sfo_moves_up_one_trinn_within_the_offer():
    verdict = child_verdict("sfo", ChildFacts(datetime.date(2018, 3, 3), sfo_trinn=3), new_period_start=AUG_2026)
    assert verdict.eligible and verdict.next_trinn == 4


def test_sfo_ends_after_fourth_trinn_by_default():
    verdict = child_verdict("sfo", ChildFacts(datetime.date(2017, 3, 3), sfo_trinn=4), new_period_start=AUG_2026)
    assert not verdict.eligible
    assert "5. trinn" in verdict.reason


def test_sfo_follows_the_kommunes_own_limit():
    child = ChildFacts(datetime.date(2017, 3, 3), sfo_trinn=4)
    assert child_verdict("sfo", child, new_period_start=AUG_2026, sfo_max_trinn=7).next_trinn == 5
    assert not child_verdict("sfo", ChildFacts(datetime.date(2018, 3, 3), sfo_trinn=3),
                             new_period_start=AUG_2026, sfo_max_trinn=3).eligible
