"""Endringer end to end: a partner moving in (income fetched for the new adult over real HTTP to the
simulator, then the proposal), a new child, a documented income drop — each through the normal proposal
and four-eyes approval."""
import datetime
from decimal import Decimal

import pytest

from cases.constants import CaseStatus as S
from cases.constants import ChangeKind, DecisionKind
from cases.models import AuditEvent, Case, Change, Decision, TaxBasis
from cases.services.approval import decision_approve
from cases.services.assessment import decision_propose
from cases.services.changes import change_register
from cases.services.income import documented_income_add
from cases.services.intake import ApplicationInput, ChildInput, FieldErrors, PersonInput, application_register
from tests.changes.conftest import in_force, send
from tests.support.person_ids import make_person_id

APPLICANT, PARTNER = "02878821028", "23919033061"  # persons the simulator knows (tests/cases/test_pipeline.py)
FEB = datetime.date(2027, 2, 1)


def single_parent_case(kommune, saksbehandler, godkjenner, capture):
    data = ApplicationInput(
        service="barnehage", period="2026/27", received_date=datetime.date(2026, 5, 20),
        applicant=PersonInput(person_id=APPLICANT, given_name="Eva", family_name="Testesen"),
        children=[ChildInput(person=PersonInput(person_id=make_person_id(datetime.date(2022, 6, 1)),
                                                given_name="Barn", family_name="Testesen"),
                             institution="Solsikken", weekly_hours=Decimal(41), monthly_price=Decimal(1200))])
    with capture(execute=True):
        case = application_register(municipality=kommune, data=data, actor=saksbehandler)
    case.refresh_from_db()
    assert case.status == S.PROPOSED, case.status_reason
    decision = case.decisions.get(status="proposed")
    decision_approve(decision_id=decision.pk, actor=godkjenner)
    send(decision)
    return Case.objects.get(pk=case.pk)


def test_a_partner_moving_in_fetches_income_for_the_new_adult_then_proposes(
        kommune, saksbehandler, godkjenner, approver2, parameters, integration_settings,
        django_capture_on_commit_callbacks):
    case = single_parent_case(kommune, saksbehandler, godkjenner, django_capture_on_commit_callbacks)
    old = in_force(case)
    with django_capture_on_commit_callbacks(execute=True):
        change = change_register(case_id=case.pk, kind=ChangeKind.PARTNER_MOVED_IN, change_date=FEB,
                                 actor=saksbehandler, details={"person_id": PARTNER, "given_name": "Ola",
                                                               "family_name": "Testesen", "relation": "samboer"})
    assert PARTNER not in str(change.details)  # the number was a form field; only the Person id is kept
    case.refresh_from_db()
    household = case.application.household
    assert household.partner.person_id == PARTNER and household.partner_relation == "samboer"
    assert case.status == S.PROPOSED, case.status_reason
    statuses = list(case.transitions.order_by("at", "id").values_list("to_status", flat=True))
    assert statuses[-3:] == [S.FETCHING_INCOME, S.READY_FOR_ASSESSMENT, S.PROPOSED]
    basis = TaxBasis.objects.get(case=case, person=household.partner)
    assert basis.outcome == TaxBasis.Outcome.FOUND
    assert AuditEvent.objects.filter(case=case, action="fetch_tax_data").count() == 2  # søker, then the partner
    new = case.decisions.get(status="proposed")
    assert (new.kind, new.supersedes_id, new.valid_from, new.change_id) == (DecisionKind.CHANGE, old.pk, FEB,
                                                                           change.pk)
    both = sum(TaxBasis.objects.filter(case=case).values_list("counted_income", flat=True))
    assert new.household_income == both > old.household_income
    decision_approve(decision_id=new.pk, actor=approver2)
    old.refresh_from_db()
    assert old.status == Decision.Status.SUPERSEDED and old.effective_to == datetime.date(2027, 1, 31)


def test_a_new_child_joins_the_vedtak_from_the_date(sent, saksbehandler, approver2):
    number = make_person_id(datetime.date(2024, 2, 10))
    change = change_register(case_id=sent.pk, kind=ChangeKind.NEW_CHILD, change_date=FEB, actor=saksbehandler,
                             details={"person_id": number, "given_name": "Lillebror", "family_name": "Nordmann",
                                      "institution": "Solsikken", "weekly_hours": "41", "monthly_price": "1200"})
    assert number not in str(change.details)
    new = decision_propose(case_id=sent.pk)
    assert new.child_fees.count() == 2 and new.kind == DecisionKind.CHANGE
    decision_approve(decision_id=new.pk, actor=approver2)
    assert in_force(sent) == new
    with pytest.raises(FieldErrors) as refused:  # the same child twice: refused, nothing changed
        send(new)
        change_register(case_id=sent.pk, kind=ChangeKind.NEW_CHILD, change_date=FEB, actor=saksbehandler,
                        details={"person_id": number, "given_name": "Lillebror", "family_name": "Nordmann",
                                 "institution": "Solsikken", "weekly_hours": "41", "monthly_price": "1200"})
    assert "details.person_id" in refused.value.error_dict
    assert Change.objects.filter(case=sent).count() == 1


def test_an_income_drop_needs_documentation_then_proposes(sent, kommune, saksbehandler, approver2):
    applicant = sent.application.household.applicant
    change_register(case_id=sent.pk, kind=ChangeKind.INCOME_DROP, change_date=FEB, actor=saksbehandler,
                    details={"person": applicant.pk})
    assert Case.objects.get(pk=sent.pk).status == S.NEEDS_DOCUMENTATION
    documented_income_add(case_id=sent.pk, person_id=applicant.pk, yearly_income=100_000, reason="Ufør fra januar",
                          documents="Vedtak fra NAV", actor=saksbehandler)
    new = sent.decisions.get(status="proposed")
    assert (new.kind, new.valid_from) == (DecisionKind.CHANGE, FEB)
    assert new.household_income < in_force(sent).household_income
    decision_approve(decision_id=new.pk, actor=approver2)
    assert in_force(sent) == new


def test_a_parent_of_the_household_reports_a_change(sent):
    applicant = sent.application.household.applicant
    child = sent.application.children.get()
    change = change_register(case_id=sent.pk, kind=ChangeKind.CHILD_LEFT, change_date=FEB, actor=None,
                             source="parent", person=applicant, details={"child_id": child.pk})
    assert change.source == "parent" and change.registered_by is None
    assert Case.objects.get(pk=sent.pk).status == S.READY_FOR_ASSESSMENT
    assert AuditEvent.objects.filter(case=sent, action="register_change", actor=None).exists()
