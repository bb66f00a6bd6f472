"""Four-eyes in every path besides the single approval: renewal bulk approval (the view's service and
the task that approves), the renewal's own registration, the admin, and a re-proposal racing an approval."""
import datetime
import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse

from cases.constants import CaseStatus as S
from cases.constants import Role
from cases.models import Case, CasePreparer, Decision, RenewalItem, RenewalRun, User
from cases.renewal import services as renewal
from cases.services.approval import ApprovalRefusal, ApprovalRefused, decision_approve
from cases.services.assessment import decision_propose
from cases.services.workflow import TransitionNotAllowed
from tests import factories
from tests.views.conftest import make_ready


def current(case) -> Decision:
    return Decision.objects.get(case=case, status__in=["proposed", "approved"])


def renewal_run(kommune, *cases, started_by=None) -> RenewalRun:
    run = RenewalRun.objects.create(municipality=kommune, period="2026/27", started_by=started_by)
    for case in cases:
        Case.objects.filter(pk=case.pk).update(is_renewal=True)
        RenewalItem.objects.create(run=run, source_case=case, case=case, service="barnehage",
                                   outcome=RenewalItem.Outcome.CREATED)
    return run


def test_renewal_bulk_approval_skips_what_the_approver_prepared(
        kommune, both, other_approver, saksbehandler, parameters, django_capture_on_commit_callbacks):
    mine = make_ready(factories.case(kommune, user=both))
    theirs = make_ready(factories.case(kommune, user=saksbehandler))
    for case in (mine, theirs):
        decision_propose(case_id=case.pk)
    run = renewal_run(kommune, mine, theirs)
    with django_capture_on_commit_callbacks(execute=True):
        queued = renewal.renewal_bulk_approve(run=run, actor=both)
    assert queued == 1
    assert current(mine).status == Decision.Status.PROPOSED and current(mine).approved_by is None
    assert current(theirs).status == Decision.Status.APPROVED and current(theirs).approved_by == both


def test_renewal_bulk_approval_of_only_prepared_proposals_is_refused(kommune, both, parameters):
    mine = make_ready(factories.case(kommune, user=both))
    decision_propose(case_id=mine.pk)
    run = renewal_run(kommune, mine)
    with pytest.raises(Exception) as refused:
        renewal.renewal_bulk_approve(run=run, actor=both)
    assert "forslag" in " ".join(getattr(refused.value, "messages", [str(refused.value)])).lower()
    assert current(mine).status == Decision.Status.PROPOSED


def test_the_batch_task_checks_four_eyes_per_decision(kommune, both, parameters):
    """Even when a preparer's id reaches the task (queued before the income was documented, say)."""
    from cases.renewal.tasks import approve_batch

    mine = make_ready(factories.case(kommune, user=both))
    decision_propose(case_id=mine.pk)
    approve_batch(both.pk, [current(mine).pk])
    assert current(mine).status == Decision.Status.PROPOSED


def test_renewal_registration_counts_whoever_started_the_run(kommune, both, saksbehandler, parameters):
    source = factories.case(kommune, user=saksbehandler, period="2025/26")
    run = RenewalRun.objects.create(municipality=kommune, period="2026/27", started_by=both)
    item = RenewalItem.objects.create(run=run, source_case=source, service="barnehage",
                                      child_ids=list(source.application.children.values_list("pk", flat=True)))
    item = renewal.renew_household(item_id=item.pk)
    assert item.outcome == RenewalItem.Outcome.CREATED, item.reason
    assert set(CasePreparer.objects.filter(case=item.case).values_list("user_id", "kind")) == {
        (both.pk, CasePreparer.Kind.RENEWAL_STARTED)}
    # a scheduled run (nobody started it) makes nobody a preparer
    scheduled = RenewalRun.objects.create(municipality=kommune, period="2027/28")
    other = factories.case(kommune, user=saksbehandler, period="2026/27", applicant=factories.person(
        datetime.date(1980, 1, 2), "Per", "Li"))
    item = RenewalItem.objects.create(run=scheduled, source_case=other, service="barnehage",
                                      child_ids=list(other.application.children.values_list("pk", flat=True)))
    item = renewal.renew_household(item_id=item.pk)
    assert item.outcome == RenewalItem.Outcome.CREATED, item.reason
    assert not CasePreparer.objects.filter(case=item.case).exists()


def test_admin_cannot_approve_a_decision(client, registered_by_both, kommune):
    """Decisions are approved only by the workflow; the admin's change form changes none of it."""
    root = User.objects.create_superuser("root", password="passord-123")
    client.force_login(root)
    decision = current(registered_by_both)
    url = reverse("admin:cases_decision_change", args=[decision.pk])
    client.post(url, {"status": "approved", "approved_by": root.pk, "approved_at_0": "01.01.2027",
                      "approved_at_1": "12:00", "four_eyes_required": ""})
    decision.refresh_from_db()
    assert decision.status == Decision.Status.PROPOSED and decision.approved_by is None
    assert decision.four_eyes_required


def proposed_for_race(kommune, saksbehandler, approver_name: str):
    """A proposed case and an approver, committed (the race tests run with real transactions)."""
    from cases.services.parameters import legal_parameters_load_seed

    legal_parameters_load_seed()
    approver = factories.staff(approver_name, kommune, Role.GODKJENNER)
    case = make_ready(factories.case(kommune, user=saksbehandler))
    decision_propose(case_id=case.pk, actor=saksbehandler)
    return case, approver


def race(first, second) -> Exception | None:
    """Run ``first`` in an open transaction, start ``second`` in another thread (its own connection), check
    that it waits for the case row, commit ``first``; return what ``second`` raised."""
    outcome = {}

    def run_second():
        try:
            second()
        except Exception as exc:  # noqa: BLE001 - the test inspects what came out
            outcome["error"] = exc
        finally:
            connection.close()

    with transaction.atomic():
        first()
        racer = threading.Thread(target=run_second)
        racer.start()
        racer.join(timeout=1.0)  # it blocks on the case row until ``first`` commits
        assert racer.is_alive()
    racer.join(timeout=30)
    return outcome.get("error")


@pytest.mark.django_db(transaction=True)
def test_a_re_proposal_racing_an_approval_is_refused_not_a_500(kommune, saksbehandler):
    """The approval holds the case; the re-proposal waits, then finds the case approved and refuses."""
    case, approver = proposed_for_race(kommune, saksbehandler, "godkjenner-x")
    error = race(lambda: decision_approve(decision_id=current(case).pk, actor=approver),
                 lambda: decision_propose(case_id=case.pk, actor=saksbehandler))
    assert isinstance(error, TransitionNotAllowed), error
    assert Case.objects.get(pk=case.pk).status == S.APPROVED
    assert list(Decision.objects.filter(case=case).values_list("status", flat=True)) == ["approved"]


@pytest.mark.django_db(transaction=True)
def test_an_approval_racing_a_re_proposal_is_refused_not_a_500(kommune, saksbehandler):
    """The re-proposal holds the case; the approval of the proposal the approver saw waits, then finds it
    superseded and refuses."""
    case, approver = proposed_for_race(kommune, saksbehandler, "godkjenner-y")
    seen = current(case)
    error = race(lambda: decision_propose(case_id=case.pk, actor=saksbehandler),
                 lambda: decision_approve(decision_id=seen.pk, actor=approver))
    assert isinstance(error, ApprovalRefused), error
    assert error.refusal.reason == ApprovalRefusal.NOT_CURRENT
    assert Case.objects.get(pk=case.pk).status == S.PROPOSED
    assert Decision.objects.get(pk=seen.pk).status == Decision.Status.SUPERSEDED
