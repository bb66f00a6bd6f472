"""``decisions_in_force``: which vedtak and price applies per child on a day, across a change, a retroactive
change and an opphør — what billing reads (docs/changes.md)."""
import datetime

from cases.constants import ChangeKind
from cases.selectors import decisions_in_force
from cases.services.approval import decision_approve
from cases.services.assessment import decision_propose
from cases.services.changes import change_register
from tests import factories
from tests.changes.conftest import in_force

D = datetime.date


def change(case, actor, approver, kind, on, **details):
    change_register(case_id=case.pk, kind=kind, change_date=on, actor=actor, details=details)
    new = decision_propose(case_id=case.pk)
    decision_approve(decision_id=new.pk, actor=approver)
    return new


def fees(kommune, day):
    return {(row.decision_id, row.child_id, row.monthly_fee) for row in decisions_in_force(kommune.pk, day)}


def test_a_change_splits_the_year_between_two_vedtak(sent, kommune, saksbehandler, approver2, other_kommune):
    old = in_force(sent)
    child = sent.application.children.get()
    old_fee = old.child_fees.get().monthly_fee
    new = change(sent, saksbehandler, approver2, ChangeKind.HOURS_CHANGED, D(2027, 1, 1), child_id=child.pk,
                 weekly_hours="20", monthly_price="700")
    new_fee = new.child_fees.get().monthly_fee
    assert fees(kommune, D(2026, 12, 31)) == {(old.pk, child.pk, old_fee)}
    assert fees(kommune, D(2027, 1, 1)) == {(new.pk, child.pk, new_fee)}
    assert fees(kommune, D(2027, 7, 31)) == {(new.pk, child.pk, new_fee)}
    assert fees(kommune, D(2027, 8, 1)) == set()
    assert fees(other_kommune, D(2027, 1, 1)) == set()


def test_a_retroactive_change_replaces_the_old_vedtak_entirely(sent, kommune, saksbehandler, approver2):
    child = sent.application.children.get()
    new = change(sent, saksbehandler, approver2, ChangeKind.HOURS_CHANGED, D(2026, 8, 1), child_id=child.pk,
                 weekly_hours="20", monthly_price="700")
    for day in (D(2026, 8, 1), D(2026, 12, 15)):
        assert {row[0] for row in fees(kommune, day)} == {new.pk}


def test_after_an_opphor_the_child_has_no_reduced_price(sent, kommune, saksbehandler, approver2):
    child = sent.application.children.get()
    old = in_force(sent)
    change(sent, saksbehandler, approver2, ChangeKind.CHILD_LEFT, D(2027, 3, 1), child_id=child.pk)
    assert {row[0] for row in fees(kommune, D(2027, 2, 28))} == {old.pk}
    assert fees(kommune, D(2027, 3, 1)) == set()


def test_proposals_and_unsent_cases_do_not_apply(kommune, saksbehandler, parameters):
    from tests.views.conftest import make_ready

    case = make_ready(factories.case(kommune, user=saksbehandler))
    decision_propose(case_id=case.pk, actor=saksbehandler)
    assert fees(kommune, D(2027, 2, 1)) == set()
