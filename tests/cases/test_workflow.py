"""The case state machine refuses invalid transitions and records every valid one."""
import pytest
from django.db import IntegrityError, transaction

from cases.constants import CaseStatus as S
from cases.models import Case
from cases.services.workflow import ALLOWED, TransitionNotAllowed, transition_case
from tests import factories

pytestmark = pytest.mark.django_db


def test_happy_path_is_recorded_with_actor_and_reason(kommune, saksbehandler):
    case = factories.case(kommune)
    for to in (S.FETCHING_INCOME, S.READY_FOR_ASSESSMENT, S.PROPOSED, S.APPROVED, S.SENT):
        transition_case(case_id=case.pk, to=to, actor=saksbehandler, reason=f"til {to}")
    case.refresh_from_db()
    assert case.status == S.SENT
    history = list(case.transitions.values_list("from_status", "to_status", "actor_id", "reason"))
    assert history[0] == (S.RECEIVED, S.FETCHING_INCOME, saksbehandler.pk, "til fetching_income")
    assert [h[1] for h in history] == [S.FETCHING_INCOME, S.READY_FOR_ASSESSMENT, S.PROPOSED, S.APPROVED, S.SENT]


@pytest.mark.parametrize("start_path,target", [
    ([], S.APPROVED),                      # received → approved skips assessment
    ([], S.SENT),
    ([S.FETCHING_INCOME], S.PROPOSED),
    ([S.WITHDRAWN], S.FETCHING_INCOME),    # final states are final
    ([S.REJECTED], S.RECEIVED),
])
def test_invalid_transitions_are_refused_and_change_nothing(kommune, start_path, target):
    case = factories.case(kommune)
    for to in start_path:
        transition_case(case_id=case.pk, to=to, reason="grunn")
    before_status = Case.objects.get(pk=case.pk).status
    before_count = case.transitions.count()
    with pytest.raises(TransitionNotAllowed):
        transition_case(case_id=case.pk, to=target, reason="grunn")
    assert Case.objects.get(pk=case.pk).status == before_status
    assert case.transitions.count() == before_count


def test_every_status_has_a_rule_and_final_states_have_no_exit():
    assert set(ALLOWED) == set(S.values)
    for final in (S.REJECTED, S.WITHDRAWN):
        assert ALLOWED[final] == set()
    # A sent case is reopened only by an endring (cases.services.changes, docs/changes.md)
    assert ALLOWED[S.SENT] == {S.FETCHING_INCOME, S.READY_FOR_ASSESSMENT, S.PROPOSED, S.NEEDS_DOCUMENTATION}


def test_a_case_goes_back_to_sent_only_while_a_sent_vedtak_is_in_force(kommune):
    case = factories.case(kommune)
    for to in (S.FETCHING_INCOME, S.READY_FOR_ASSESSMENT, S.PROPOSED):
        transition_case(case_id=case.pk, to=to, reason="grunn")
    with pytest.raises(TransitionNotAllowed):
        transition_case(case_id=case.pk, to=S.SENT, reason="hopper over godkjenningen")
    assert Case.objects.get(pk=case.pk).status == S.PROPOSED


def test_rejection_needs_reason(kommune):
    case = factories.case(kommune)
    with pytest.raises(TransitionNotAllowed):
        transition_case(case_id=case.pk, to=S.REJECTED, reason="  ")


def test_withdrawing_frees_the_children_for_a_new_application(kommune):
    data = factories.barnehage_application()
    from cases.services.intake import application_register

    first = application_register(municipality=kommune, data=data, start_fetch=False)
    transition_case(case_id=first.pk, to=S.WITHDRAWN, reason="Søker trakk søknaden")
    second = application_register(municipality=kommune, data=data, start_fetch=False)
    assert second.pk != first.pk


def test_database_refuses_unknown_status(kommune):
    case = factories.case(kommune)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(status="approved_by_magic")


def test_database_refuses_a_decision_approved_by_its_proposer_under_four_eyes(kommune, saksbehandler):
    import datetime

    from django.utils import timezone

    from cases.models import Decision

    case = factories.case(kommune)
    fields = dict(case=case, calculated_on=datetime.date(2026, 8, 1), valid_from=datetime.date(2026, 8, 1),
                  valid_to=datetime.date(2027, 7, 31), household_income=300000, total_monthly_fee=500,
                  rules_version="test", proposed_by=saksbehandler, approved_by=saksbehandler,
                  approved_at=timezone.now(), status="approved")
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(four_eyes_required=True, **fields)
    Decision.objects.create(four_eyes_required=False, **fields)  # allowed where the kommune has no four-eyes
