"""Renewal selection and registration with eager Celery: who is renewed, with which children and dates,
and that running it again never creates a second renewal (database constraints, not only checks)."""
import datetime
import random

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from cases.constants import CaseStatus as S
from cases.constants import Channel, Role
from cases.models import Case, Decision, RenewalItem, RenewalRun, TaxBasis
from cases.renewal import selection, services
from devtools.synthetic import create_cases, random_household
from tests import factories

pytestmark = pytest.mark.django_db

NEW = "2026/27"


def _run(kommune, period=NEW, **kwargs):
    return RenewalRun.objects.create(municipality=kommune, period=period, **kwargs)


def _by_source(run):
    return {c.source_case_id: c for c in selection.candidates(run)}


def test_only_approved_decisions_of_the_previous_period_are_renewed(kommune, other_kommune, make_household):
    approved = make_household(children=[(datetime.date(2022, 3, 1), None)])
    proposed = make_household(children=[(datetime.date(2022, 4, 1), None)], status=S.PROPOSED)
    older = make_household(children=[(datetime.date(2022, 5, 1), None)], period="2024/25")
    elsewhere = make_household(children=[(datetime.date(2022, 6, 1), None)], municipality=other_kommune)
    found = _by_source(_run(kommune))
    assert set(found) == {approved.pk}
    assert {proposed.pk, older.pk, elsewhere.pk}.isdisjoint(found)


def test_a_decision_ended_before_the_period_end_is_not_active(kommune, make_household):
    case = make_household(children=[(datetime.date(2022, 3, 1), None)])
    Decision.objects.filter(case=case).update(valid_to=datetime.date(2026, 1, 31))
    assert _by_source(_run(kommune)) == {}


def test_school_starters_leave_and_siblings_continue(kommune, make_household):
    case = make_household(children=[(datetime.date(2020, 11, 30), None), (datetime.date(2023, 2, 2), None)])
    candidate = _by_source(_run(kommune))[case.pk]
    continuing = case.application.children.get(person__birth_date=datetime.date(2023, 2, 2))
    assert candidate.child_ids == [continuing.pk]
    item = candidate.as_item(_run(kommune, period="2030/31"))
    assert item.outcome == RenewalItem.Outcome.PENDING


def test_household_whose_only_child_starts_school_is_not_renewed(kommune, make_household):
    case = make_household(children=[(datetime.date(2020, 1, 15), None)])
    run = _run(kommune)
    item = _by_source(run)[case.pk].as_item(run)
    assert item.outcome == RenewalItem.Outcome.NOT_ELIGIBLE
    assert "skolen høsten 2026" in item.reason


def test_child_already_applied_for_by_the_parents_is_skipped(kommune, make_household, synthetic_ids):
    case = make_household(children=[(datetime.date(2022, 3, 1), None)])
    child = case.application.children.get()
    (manual,) = create_cases(municipality=kommune, period=NEW, ids=synthetic_ids, specs=[
        random_household(random.Random(1), synthetic_ids, service="barnehage", period=NEW,
                         status=S.RECEIVED)])
    Case.objects.get(pk=manual).application.children.update(person=child.person)
    run = _run(kommune)
    item = _by_source(run)[case.pk].as_item(run)
    assert item.outcome == RenewalItem.Outcome.SKIPPED


def test_renewal_registers_a_renewal_case_per_household(kommune, administrator, make_household,
                                                        django_capture_on_commit_callbacks):
    barnehage = make_household(children=[(datetime.date(2022, 3, 1), None), (datetime.date(2020, 3, 1), None)])
    sfo = make_household(service="sfo", children=[(datetime.date(2018, 3, 1), 2), (datetime.date(2017, 3, 1), 4)])
    with django_capture_on_commit_callbacks(execute=False):  # plan and register, without the income fetch
        run, created = services.renewal_start(municipality=kommune, period=NEW, actor=administrator)
    assert created
    for item_id in services.plan_run(run_id=run.pk):
        with django_capture_on_commit_callbacks(execute=False) as fetches:
            services.renew_household(item_id=item_id)
        # the ordinary income fetch is queued on commit (beside the statistics summary's stale marks)
        assert len([f for f in fetches if "stats_mark_stale" not in f.__qualname__]) == 1
    items = {i.source_case_id: i for i in RenewalItem.objects.filter(run=run).select_related("case__application")}
    assert {i.outcome for i in items.values()} == {RenewalItem.Outcome.CREATED}
    for source in (barnehage, sfo):
        renewal = items[source.pk].case
        # moved into the fetch at registration (with the adults' rows), the fetch itself queued on commit
        assert renewal.is_renewal and renewal.status == S.FETCHING_INCOME
        household = renewal.application.household
        adults = {person_id for person_id in (household.applicant_id, household.partner_id) if person_id}
        assert set(renewal.tax_bases.values_list("person_id", "status")) == {
            (person_id, TaxBasis.FetchStatus.PENDING) for person_id in adults}
        app = renewal.application
        assert (app.channel, app.period, app.period_start) == (Channel.FORNYELSE, NEW, datetime.date(2026, 8, 1))
        assert app.received_date <= datetime.date(2026, 8, 1)
        assert app.household.applicant_id == source.application.household.applicant_id
        assert app.household.partner_id == source.application.household.partner_id
    assert [c.person.birth_date for c in items[barnehage.pk].case.application.children.all()] == [
        datetime.date(2022, 3, 1)]
    assert [(c.sfo_trinn, c.monthly_price) for c in items[sfo.pk].case.application.children.all()] == [
        (3, 3000)]


def test_running_again_never_duplicates(kommune, administrator, make_household, django_capture_on_commit_callbacks):
    make_household(children=[(datetime.date(2022, 3, 1), None)])
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=False):
            run, _created = services.renewal_start(municipality=kommune, period=NEW, actor=administrator)
        for item_id in services.plan_run(run_id=run.pk):
            services.renew_household(item_id=item_id)
        services.plan_run(run_id=run.pk)
    assert RenewalRun.objects.count() == 1
    assert Case.objects.filter(is_renewal=True).count() == 1
    item = RenewalItem.objects.get()
    item.outcome = RenewalItem.Outcome.PENDING  # even a stale retry of the same item changes nothing
    assert services.renew_household(item_id=item.pk).case_id == item.case_id
    assert Case.objects.filter(is_renewal=True).count() == 1


def test_database_refuses_a_second_run_and_a_second_item(kommune, make_household):
    case = make_household(children=[(datetime.date(2022, 3, 1), None)])
    run = _run(kommune)
    with pytest.raises(IntegrityError), transaction.atomic():
        _run(kommune)
    RenewalItem.objects.create(run=run, source_case=case, service="barnehage")
    with pytest.raises(IntegrityError), transaction.atomic():
        RenewalItem.objects.create(run=run, source_case=case, service="barnehage")


def test_only_an_administrator_of_the_kommune_may_start(kommune, other_kommune, saksbehandler):
    outsider = factories.staff("admin-annen", other_kommune, Role.ADMINISTRATOR)
    for user in (saksbehandler, outsider):
        with pytest.raises(PermissionDenied):
            services.renewal_start(municipality=kommune, period=NEW, actor=user)
    assert not RenewalRun.objects.exists()


def test_refused_before_the_new_periods_rates_are_registered(kommune, administrator):
    with pytest.raises(services.RenewalRefused, match="Satsene for 2027/28"):
        services.renewal_start(municipality=kommune, period="2027/28", actor=administrator)


@pytest.mark.parametrize(("today", "expected"), [
    (datetime.date(2026, 5, 1), None), (datetime.date(2026, 5, 2), "2026/27"),
    (datetime.date(2026, 7, 31), "2026/27"), (datetime.date(2026, 8, 1), None),
])
def test_schedule_starts_the_coming_period_once(kommune, make_household, settings, time_machine, today, expected,
                                                django_capture_on_commit_callbacks):
    from cases.renewal.tasks import start_scheduled_renewals

    time_machine.move_to(datetime.datetime(today.year, today.month, today.day, 12, tzinfo=datetime.UTC))
    settings.RENEWAL_START = "05-02"
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=False):
            start_scheduled_renewals.apply()
    runs = list(RenewalRun.objects.values_list("period", "started_by"))
    assert runs == ([(expected, None)] if expected else [])
