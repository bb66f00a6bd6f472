"""The core of endringer (docs/changes.md): who may register one, which dates the law allows, and how a new
vedtak replaces the one in force from the change date — attackers first, then the happy paths."""
import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from cases.constants import CaseStatus as S
from cases.constants import ChangeKind, DecisionKind, Role
from cases.models import AuditEvent, Case, Change, Child, Decision
from cases.services.approval import ApprovalRefusal, ApprovalRefused, decision_approve
from cases.services.assessment import decision_propose
from cases.services.changes import ChangeError, change_discard, change_register
from cases.services.decisions import DecisionTransitionNotAllowed, decision_set_status
from cases.services.intake import FieldErrors
from cases.services.workflow import TransitionNotAllowed, transition_case
from tests import factories
from tests.changes.conftest import in_force

D = Decision.Status
JAN = datetime.date(2027, 1, 1)


def hours_change(case, actor, *, on=JAN, **kwargs):
    child = case.application.children.get()
    return change_register(case_id=case.pk, kind=ChangeKind.HOURS_CHANGED, change_date=on, actor=actor,
                           details={"child_id": child.pk, "weekly_hours": "20", "monthly_price": "700"}, **kwargs)


def nothing_changed(case, decision):
    case.refresh_from_db()
    assert case.status == S.SENT
    assert not Change.objects.filter(case=case).exists()
    assert list(Decision.objects.filter(case=case).values_list("pk", "status")) == [(decision.pk, D.APPROVED)]
    assert case.application.children.get().weekly_hours == 41


# --- attackers ---------------------------------------------------------------------------------------
def test_a_caseworker_of_another_kommune_cannot_register_a_change(sent, other_kommune):
    outsider = factories.staff("utenfor", other_kommune, Role.SAKSBEHANDLER, Role.GODKJENNER)
    decision = in_force(sent)
    with pytest.raises(PermissionDenied):
        hours_change(sent, outsider)
    nothing_changed(sent, decision)


def test_a_user_without_a_role_and_an_anonymous_user_are_refused(sent, db):
    from cases.models import User

    nobody = User.objects.create_user(username="ingen-rolle", password="passord-123")
    decision = in_force(sent)
    for actor in (nobody, AnonymousUser(), None):
        with pytest.raises(PermissionDenied):
            hours_change(sent, actor)
    nothing_changed(sent, decision)


def test_a_parent_of_another_household_is_refused(sent, kommune, saksbehandler):
    other = factories.case(kommune, user=saksbehandler)
    stranger = other.application.household.applicant
    decision = in_force(sent)
    with pytest.raises(PermissionDenied):
        hours_change(sent, None, source="parent", person=stranger)
    with pytest.raises(PermissionDenied):
        hours_change(sent, None, source="parent", person=None)
    nothing_changed(sent, decision)


def test_a_caseworker_cannot_register_a_klage_outcome_as_a_change(sent, saksbehandler):
    with pytest.raises(FieldErrors) as refused:
        change_register(case_id=sent.pk, kind=ChangeKind.KLAGE_MEDHOLD, change_date=JAN, actor=saksbehandler)
    assert refused.value.codes() == {ChangeError.KIND_NOT_ALLOWED}


def test_no_change_on_a_case_without_a_sent_vedtak(kommune, saksbehandler, parameters):
    from tests.views.conftest import make_ready

    case = make_ready(factories.case(kommune, user=saksbehandler))
    decision_propose(case_id=case.pk, actor=saksbehandler)  # proposed, not approved
    with pytest.raises(FieldErrors) as refused:
        hours_change(case, saksbehandler)
    assert refused.value.codes() == {ChangeError.NO_SENT_VEDTAK}
    assert Case.objects.get(pk=case.pk).status == S.PROPOSED
    assert not Change.objects.exists()


def test_approved_but_not_yet_sent_is_not_a_sent_vedtak(kommune, saksbehandler, godkjenner, parameters):
    from tests.views.conftest import make_ready

    case = make_ready(factories.case(kommune, user=saksbehandler))
    decision_approve(decision_id=decision_propose(case_id=case.pk, actor=saksbehandler).pk, actor=godkjenner)
    with pytest.raises(FieldErrors) as refused:
        hours_change(case, saksbehandler)
    assert refused.value.codes() == {ChangeError.NO_SENT_VEDTAK}


@pytest.mark.parametrize("day", [datetime.date(2026, 7, 31), datetime.date(2027, 8, 1), datetime.date(2030, 1, 1)])
def test_a_change_date_outside_the_period_is_refused(sent, saksbehandler, day):
    decision = in_force(sent)
    with pytest.raises(FieldErrors) as refused:
        hours_change(sent, saksbehandler, on=day)
    assert refused.value.codes() == {ChangeError.OUTSIDE_PERIOD}
    assert "change_date" in refused.value.error_dict
    nothing_changed(sent, decision)


def test_a_change_date_before_the_vedtak_in_force_is_refused(kommune, saksbehandler, godkjenner, parameters):
    """Received 3 December: the vedtak runs from 1 January (no retroactivity, rules.md § 6); a change
    cannot reach back before it."""
    from tests.changes.conftest import sent_case

    case = sent_case(kommune, saksbehandler, godkjenner, received=datetime.date(2026, 12, 3))
    decision = in_force(case)
    assert decision.valid_from == JAN
    with pytest.raises(FieldErrors) as refused:
        hours_change(case, saksbehandler, on=datetime.date(2026, 12, 1))
    assert refused.value.codes() == {ChangeError.BEFORE_VEDTAK}
    nothing_changed(case, decision)


def test_unknown_kind_and_bad_details_change_nothing(sent, saksbehandler, other_kommune):
    decision = in_force(sent)
    with pytest.raises(FieldErrors) as refused:
        change_register(case_id=sent.pk, kind="moved_to_mars", change_date=JAN, actor=saksbehandler)
    assert refused.value.codes() == {ChangeError.UNKNOWN_KIND}
    foreign = factories.case(other_kommune).application.children.get()
    for details in ({"child_id": foreign.pk, "weekly_hours": "20"}, {"child_id": "x", "weekly_hours": "20"},
                    {"child_id": sent.application.children.get().pk, "weekly_hours": "61"}):
        with pytest.raises(FieldErrors):
            change_register(case_id=sent.pk, kind=ChangeKind.HOURS_CHANGED, change_date=JAN, actor=saksbehandler,
                            details=details)
    nothing_changed(sent, decision)


def test_the_vedtak_in_force_is_never_superseded_by_hand(sent, godkjenner):
    decision = in_force(sent)
    with pytest.raises(DecisionTransitionNotAllowed):
        decision_set_status(decision_id=decision.pk, to=D.SUPERSEDED, actor=godkjenner)
    assert Decision.objects.get(pk=decision.pk).status == D.APPROVED


def test_the_database_allows_one_proposal_and_one_vedtak_in_force_per_case(sent):
    decision = in_force(sent)
    twin = Decision.objects.get(pk=decision.pk)
    twin.pk, twin.approved_by = None, None
    twin.status = D.PROPOSED
    twin.save()  # a proposal beside the vedtak in force: allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=twin.pk).update(status=D.APPROVED, approved_by=decision.approved_by,
                                                   approved_at=decision.approved_at)
    third = Decision.objects.get(pk=twin.pk)
    third.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        third.save()


def test_a_reopened_case_is_not_rejected_or_withdrawn(sent, saksbehandler):
    hours_change(sent, saksbehandler)
    for to in (S.REJECTED, S.WITHDRAWN):
        with pytest.raises(TransitionNotAllowed):
            transition_case(case_id=sent.pk, to=to, actor=saksbehandler, reason="prøver")


# --- happy paths -------------------------------------------------------------------------------------
def test_a_mid_period_change_replaces_the_vedtak_from_the_date(sent, saksbehandler, godkjenner, approver2,
                                                              django_capture_on_commit_callbacks):
    old = in_force(sent)
    with django_capture_on_commit_callbacks(execute=True):  # the queued proposal runs
        change = hours_change(sent, saksbehandler)
    assert change.details["before"] == {"weekly_hours": "41.0", "monthly_price": "1200.00"}
    assert Child.objects.get(pk=change.details["child_id"]).weekly_hours == 20
    sent.refresh_from_db()
    assert sent.status == S.PROPOSED
    new = Decision.objects.get(case=sent, status=D.PROPOSED)
    assert (new.kind, new.supersedes_id, new.change_id, new.valid_from) == (DecisionKind.CHANGE, old.pk, change.pk, JAN)
    assert Change.objects.get(pk=change.pk).decision_id == new.pk
    assert in_force(sent) == old  # still in force until the new one is approved

    with pytest.raises(ApprovalRefused) as refused:  # the first approver registered nothing: may approve,
        decision_approve(decision_id=new.pk, actor=saksbehandler)  # but the caseworker has no approver role
    assert refused.value.refusal.reason == ApprovalRefusal.NOT_APPROVER
    decision_approve(decision_id=new.pk, actor=approver2)
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == D.SUPERSEDED and old.effective_to == datetime.date(2026, 12, 31)
    assert new.status == D.APPROVED and new.approved_by == approver2 and new.effective_to is None
    assert Case.objects.get(pk=sent.pk).status == S.APPROVED
    history = list(sent.transitions.values_list("to_status", "reason"))
    assert any("Endring registrert" in reason and "01.01.2027" in reason for _, reason in history)
    assert AuditEvent.objects.filter(case=sent, action="register_change").count() == 1


def test_whoever_registered_the_change_cannot_approve_its_vedtak(sent, kommune, approver2):
    both = factories.staff("begge", kommune, Role.SAKSBEHANDLER, Role.GODKJENNER)
    hours_change(sent, both)
    new = decision_propose(case_id=sent.pk)  # the pipeline's proposal
    with pytest.raises(ApprovalRefused) as refused:
        decision_approve(decision_id=new.pk, actor=both)
    assert refused.value.refusal.reason == ApprovalRefusal.PREPARED_BY_YOU
    assert in_force(sent).kind == DecisionKind.ORDINARY
    decision_approve(decision_id=new.pk, actor=approver2)
    assert in_force(sent) == new


def test_the_last_child_leaving_is_an_opphor(sent, saksbehandler, approver2):
    old = in_force(sent)
    child = sent.application.children.get()
    change_register(case_id=sent.pk, kind=ChangeKind.CHILD_LEFT, change_date=datetime.date(2027, 3, 1),
                    actor=saksbehandler, details={"child_id": child.pk})
    new = decision_propose(case_id=sent.pk)
    assert new.kind == DecisionKind.OPPHOR and new.total_monthly_fee == 0 and not new.child_fees.exists()
    decision_approve(decision_id=new.pk, actor=approver2)
    old.refresh_from_db()
    assert old.status == D.SUPERSEDED and old.effective_to == datetime.date(2027, 2, 28)


def test_a_retroactive_change_to_the_period_start(sent, saksbehandler, approver2):
    old = in_force(sent)
    assert old.valid_from == datetime.date(2026, 8, 1)
    hours_change(sent, saksbehandler, on=datetime.date(2026, 8, 1))
    new = decision_propose(case_id=sent.pk)
    decision_approve(decision_id=new.pk, actor=approver2)
    old.refresh_from_db()
    assert old.status == D.SUPERSEDED and old.effective_to == datetime.date(2026, 7, 31) < old.valid_from


def test_a_discarded_change_returns_the_case_to_sent(sent, saksbehandler):
    old = in_force(sent)
    hours_change(sent, saksbehandler)
    proposal = decision_propose(case_id=sent.pk, actor=saksbehandler)
    change_discard(case_id=sent.pk, actor=saksbehandler, reason="Feilregistrert")
    sent.refresh_from_db()
    assert sent.status == S.SENT
    assert Decision.objects.get(pk=proposal.pk).status == D.REJECTED
    assert in_force(sent) == old and Decision.objects.get(pk=old.pk).effective_to is None
    child = sent.application.children.get()
    assert (child.weekly_hours, child.monthly_price) == (41, 1200)  # the facts are put back
    assert AuditEvent.objects.filter(case=sent, action="discard_change").exists()


def test_discard_is_refused_for_another_kommune_and_without_an_open_change(sent, saksbehandler, other_kommune):
    outsider = factories.staff("utenfor", other_kommune, Role.SAKSBEHANDLER)
    hours_change(sent, saksbehandler)
    with pytest.raises(PermissionDenied):
        change_discard(case_id=sent.pk, actor=outsider, reason="nei")
    change_discard(case_id=sent.pk, actor=saksbehandler, reason="Feil")
    with pytest.raises(TransitionNotAllowed):
        change_discard(case_id=sent.pk, actor=saksbehandler, reason="igjen")


def test_a_proposal_can_name_its_date_and_the_vedtak_it_replaces(sent, saksbehandler):
    old = in_force(sent)
    hours_change(sent, saksbehandler)
    new = decision_propose(case_id=sent.pk, valid_from=datetime.date(2027, 2, 1), supersedes=old.pk)
    assert (new.valid_from, new.supersedes_id) == (datetime.date(2027, 2, 1), old.pk)
    with pytest.raises(TransitionNotAllowed):
        decision_propose(case_id=sent.pk, supersedes=new.pk)


def test_retention_deletes_a_case_with_changes_and_a_superseded_vedtak(sent, saksbehandler, approver2):
    """The new foreign keys (supersedes, change) never block the deletion at the end of the data's life."""
    from django.db import transaction as tx

    from cases.retention.services import _delete_case

    hours_change(sent, saksbehandler)
    decision_approve(decision_id=decision_propose(case_id=sent.pk).pk, actor=approver2)
    assert Decision.objects.filter(case=sent, status=D.SUPERSEDED, effective_to__isnull=False).exists()
    with tx.atomic():
        _delete_case(sent.pk)
    assert not Case.objects.filter(pk=sent.pk).exists()
    assert not Decision.objects.filter(case_id=sent.pk).exists() and not Change.objects.exists()
