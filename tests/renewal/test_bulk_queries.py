"""Queries per household in the renewal's CPU phases — registration, proposal and letters — pinned by an
upper bound per household that does not grow with the number of households (a query storm would:
docs/benchmarks.md reports the measured figures). Also: the bulk approval queues ONE render batch per
chunk, and a redelivered chunk or batch renders nothing twice."""
import datetime

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import connection
from django.test.utils import CaptureQueriesContext

import cases.tasks as case_tasks
from cases import dispatch
from cases.constants import CaseStatus as S
from cases.models import Case, Decision, LegalParameter, RenewalItem, RenewalRun
from cases.renewal import services, tasks
from cases.services.approval import decision_approve
from cases.tasks import propose, render_vedtaks

pytestmark = pytest.mark.django_db

NEW = "2026/27"
# Upper bounds per household (measured here: registration 29 + 6 per chunk — 23 before it also moved the case
# into the fetch with its adults' rows, work taken off the fetch worker —, proposal 25, letter 5 + 1 per
# batch, the same for 2 and 6 households; docs/benchmarks.md).
REGISTRATION_PER_HOUSEHOLD = 30
PROPOSAL_PER_HOUSEHOLD = 30
LETTER_PER_HOUSEHOLD = 7
FIXED = 6  # per chunk or batch, whatever its size


def _households(make_household, count, status=S.APPROVED):
    LegalParameter.objects.update(verified=True)  # approvable without confirming unverified rates
    return [make_household(children=[(datetime.date(2022, 3, 1 + i % 27), None), (datetime.date(2023, 5, 2), None)],
                           status=status) for i in range(count)]


def _count(function, *args, **kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        function(*args, **kwargs)
    return len(captured)


def _registration(kommune, administrator, make_household, count) -> int:
    _households(make_household, count)
    run = RenewalRun.objects.create(municipality=kommune, period=NEW, started_by=administrator)
    item_ids = services.plan_run(run_id=run.pk)
    assert len(item_ids) == count
    queries = _count(tasks.renew_households.run, item_ids)
    assert RenewalItem.objects.filter(run=run, outcome=RenewalItem.Outcome.CREATED).count() == count
    assert _count(tasks.renew_households.run, item_ids) <= FIXED + count  # redelivered: nothing registered twice
    assert Case.objects.filter(is_renewal=True).count() == count
    return queries


@pytest.mark.parametrize("count", [2, 6])
def test_registration_queries_per_household_are_bounded(count, kommune, administrator, make_household,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the income fetch is not part of this phase
        queries = _registration(kommune, administrator, make_household, count)
    assert queries <= FIXED + REGISTRATION_PER_HOUSEHOLD * count, queries


@pytest.mark.parametrize("count", [2, 6])
def test_proposal_queries_per_household_are_bounded(count, make_household):
    cases = _households(make_household, count, status=S.READY_FOR_ASSESSMENT)
    queries = sum(_count(propose.run, case.pk) for case in cases)
    assert Decision.objects.filter(status=Decision.Status.PROPOSED).count() == count
    assert queries <= PROPOSAL_PER_HOUSEHOLD * count, queries


@pytest.mark.parametrize("count", [2, 6])
def test_letter_batch_queries_per_household_are_bounded(count, make_household,
                                                        django_capture_on_commit_callbacks):
    cases = _households(make_household, count)
    ids = [Decision.objects.get(case=case).pk for case in cases]
    with django_capture_on_commit_callbacks(execute=False):  # SvarUt delivery is the next phase
        queries = _count(render_vedtaks.run, ids)
    assert Decision.objects.filter(pk__in=ids, pdf="").count() == 0
    assert queries <= FIXED + LETTER_PER_HOUSEHOLD * count, queries


def test_bulk_approval_queues_one_render_batch_and_a_redelivery_renders_nothing_twice(
        kommune, make_household, godkjenner, monkeypatch):
    kommune.requires_four_eyes = False
    kommune.save(update_fields=["requires_four_eyes"])
    cases = _households(make_household, 3, status=S.PROPOSED)
    ids = sorted(Decision.objects.get(case=case).pk for case in cases)
    batches, rendered = [], []
    original_send = dispatch.send
    monkeypatch.setattr(dispatch, "send", lambda name, *args, **options: (
        batches.append(list(args[0])) if name == dispatch.RENDER_VEDTAKS else None) or original_send(
        name, *args, **options))
    original_render = case_tasks.render_vedtak_pdf
    monkeypatch.setattr(case_tasks, "render_vedtak_pdf",
                        lambda decision, draft: rendered.append(decision.pk) or original_render(decision, draft=draft))
    monkeypatch.setattr(case_tasks.deliver_decision, "delay", lambda decision_id: None)  # SvarUt: not here

    tasks.approve_batch.run(godkjenner.pk, ids)
    assert len(ids) <= tasks.RENDER_CHUNK and batches == [ids]  # one batch, not one task per letter
    assert sorted(rendered) == ids
    assert not Decision.objects.filter(pk__in=ids).exclude(status=Decision.Status.APPROVED).exists()
    assert not Decision.objects.filter(pk__in=ids, pdf="").exists()

    tasks.approve_batch.run(godkjenner.pk, ids)  # redelivered: all approved and rendered already
    render_vedtaks.run(ids)
    assert sorted(rendered) == ids


def test_a_killed_bulk_approval_leaves_no_letter_unrendered(kommune, make_household, godkjenner, monkeypatch):
    """Approved before the worker died, then redelivered: the approval is refused (already approved) but the
    letter is still in the chunk's render batch."""
    kommune.requires_four_eyes = False
    kommune.save(update_fields=["requires_four_eyes"])
    cases = _households(make_household, 2, status=S.PROPOSED)
    ids = sorted(Decision.objects.get(case=case).pk for case in cases)
    decision_approve(decision_id=ids[0], actor=godkjenner, queue_pdf=False)  # the first life of the task
    monkeypatch.setattr(case_tasks.deliver_decision, "delay", lambda decision_id: None)
    tasks.approve_batch.run(godkjenner.pk, ids)
    assert not Decision.objects.filter(pk__in=ids, pdf="").exists()


def test_a_batch_over_its_soft_time_limit_hands_the_rest_to_a_new_task(make_household, monkeypatch):
    cases = _households(make_household, 3)
    ids = sorted(Decision.objects.get(case=case).pk for case in cases)
    calls, requeued = [], []
    original_render = case_tasks.render_vedtak_pdf

    def slow_host(decision, draft):
        calls.append(decision.pk)
        if len(calls) == 2:
            raise SoftTimeLimitExceeded()
        return original_render(decision, draft=draft)

    monkeypatch.setattr(case_tasks, "render_vedtak_pdf", slow_host)
    monkeypatch.setattr(case_tasks.deliver_decision, "delay", lambda decision_id: None)
    monkeypatch.setattr(render_vedtaks, "delay", lambda rest: requeued.append(rest))
    render_vedtaks.run(ids)
    assert requeued == [ids[1:]]  # the letter cut off and the one after it, nothing already rendered
    assert list(Decision.objects.filter(pk__in=ids).exclude(pdf="").values_list("pk", flat=True)) == ids[:1]
