"""decision_approve and its refusals, called directly: four-eyes counts everyone who prepared the case."""
import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.constants import CaseStatus as S
from cases.constants import Role
from cases.models import Case, CasePreparer, Decision
from cases.services.approval import ApprovalRefusal, ApprovalRefused, approval_refusal, decision_approve
from cases.services.assessment import decision_propose
from cases.services.income import case_refetch_income, documented_income_add
from tests import factories
from tests.views.conftest import add_tax_basis, make_ready

P = CasePreparer.Kind


def current(case) -> Decision:
    return Decision.objects.get(case=case, status__in=["proposed", "approved"])


def test_registrant_cannot_approve_the_automatic_proposal(registered_by_both, both):
    decision = current(registered_by_both)
    assert decision.proposed_by is None  # the system proposed it
    with pytest.raises(ApprovalRefused) as refused:
        decision_approve(decision_id=decision.pk, actor=both)
    assert refused.value.refusal.reason == ApprovalRefusal.PREPARED_BY_YOU
    assert P.REGISTERED in refused.value.refusal.kinds
    decision.refresh_from_db()
    assert decision.status == Decision.Status.PROPOSED and decision.approved_by is None
    assert Case.objects.get(pk=registered_by_both.pk).status == S.PROPOSED


def test_another_approver_approves_it(registered_by_both, other_approver):
    decision = decision_approve(decision_id=current(registered_by_both).pk, actor=other_approver)
    assert decision.status == Decision.Status.APPROVED and decision.approved_by == other_approver
    assert Case.objects.get(pk=registered_by_both.pk).status == S.APPROVED


def test_documented_income_then_refetch_still_counts_the_user(kommune, both, saksbehandler, parameters):
    """The reported bypass: refused after documented income, then approved after «Hent inntekt»."""
    case = make_ready(factories.case(kommune, user=saksbehandler))
    decision_propose(case_id=case.pk)
    partner = case.application.household.partner
    documented_income_add(case_id=case.pk, person_id=partner.pk, yearly_income=100_000, reason="Ufør",
                          documents="Vedtak fra NAV", actor=both)
    with pytest.raises(ApprovalRefused) as refused:
        decision_approve(decision_id=current(case).pk, actor=both)
    assert set(refused.value.refusal.kinds) >= {P.DOCUMENTED_INCOME, P.PROPOSED}
    case_refetch_income(case_id=case.pk, actor=both)
    # the task fetches again and proposes automatically
    from cases.services.income import _conclude_fetch

    _conclude_fetch(case_id=case.pk)
    decision_propose(case_id=case.pk)
    decision = current(case)
    assert decision.proposed_by is None
    with pytest.raises(ApprovalRefused) as refused:
        decision_approve(decision_id=decision.pk, actor=both)
    assert set(refused.value.refusal.kinds) >= {P.DOCUMENTED_INCOME, P.REFETCHED_INCOME}


def test_without_four_eyes_the_preparer_may_approve(both, parameters):
    kommune = factories.municipality("Liten kommune", four_eyes=False)
    Role_ = Role
    from cases.models import Membership

    Membership.objects.create(user=both, municipality=kommune, role=Role_.SAKSBEHANDLER)
    Membership.objects.create(user=both, municipality=kommune, role=Role_.GODKJENNER)
    case = make_ready(factories.case(kommune, user=both))
    decision_propose(case_id=case.pk, actor=both)
    decision = decision_approve(decision_id=current(case).pk, actor=both)
    assert decision.status == Decision.Status.APPROVED


def test_a_caseworker_without_the_role_is_refused(registered_by_both, saksbehandler):
    with pytest.raises(ApprovalRefused) as refused:
        decision_approve(decision_id=current(registered_by_both).pk, actor=saksbehandler)
    assert refused.value.refusal.reason == ApprovalRefusal.NOT_APPROVER


def test_an_approver_of_another_kommune_is_refused(registered_by_both, other_kommune):
    stranger = factories.staff("fremmed", other_kommune, Role.GODKJENNER)
    with pytest.raises(ApprovalRefused) as refused:
        decision_approve(decision_id=current(registered_by_both).pk, actor=stranger)
    assert refused.value.refusal.reason == ApprovalRefusal.NOT_APPROVER


def test_a_superseded_proposal_is_not_current(registered_by_both, other_approver):
    old = current(registered_by_both)
    decision_propose(case_id=registered_by_both.pk)
    with pytest.raises(ApprovalRefused) as refused:
        decision_approve(decision_id=old.pk, actor=other_approver)
    assert refused.value.refusal.reason == ApprovalRefusal.NOT_CURRENT
    assert Decision.objects.get(pk=old.pk).status == Decision.Status.SUPERSEDED


def test_refusal_is_structured_and_rendered_in_norwegian(registered_by_both, both, other_approver):
    refusal = approval_refusal(decision=current(registered_by_both), actor=both)
    assert refusal.reason == ApprovalRefusal.PREPARED_BY_YOU
    assert "registrerte søknaden" in refusal.text and "en annen godkjenner" in refusal.text
    assert approval_refusal(decision=current(registered_by_both), actor=other_approver) is None


def test_the_database_refuses_a_preparer_as_approver(registered_by_both, both):
    """A raw update past every service: the trigger refuses it."""
    decision = current(registered_by_both)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(status="approved", approved_by=both,
                                                       approved_at=timezone.now())
    assert Decision.objects.get(pk=decision.pk).approved_by is None


def test_the_database_allows_another_approver(registered_by_both, other_approver):
    decision = current(registered_by_both)
    assert Decision.objects.filter(pk=decision.pk).update(status="approved", approved_by=other_approver,
                                                          approved_at=timezone.now()) == 1


def test_the_database_allows_a_preparer_without_four_eyes(registered_by_both, both):
    decision = current(registered_by_both)
    Decision.objects.filter(pk=decision.pk).update(four_eyes_required=False)
    assert Decision.objects.filter(pk=decision.pk).update(status="approved", approved_by=both,
                                                          approved_at=timezone.now()) == 1


def test_the_database_refuses_a_preparer_on_insert(registered_by_both, both):
    decision = current(registered_by_both)
    Decision.objects.filter(pk=decision.pk).update(status="superseded")
    decision.pk = None
    decision.status, decision.approved_by, decision.approved_at = "approved", both, timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        decision.save(force_insert=True)


def test_registrant_counts_even_with_only_the_approver_role(kommune, godkjenner, other_approver, parameters):
    case = make_ready(factories.case(kommune, user=godkjenner))
    decision_propose(case_id=case.pk)
    with pytest.raises(ApprovalRefused):
        decision_approve(decision_id=current(case).pk, actor=godkjenner)
    assert decision_approve(decision_id=current(case).pk, actor=other_approver).approved_by == other_approver


def test_tax_basis_helper_is_unchanged(kommune, saksbehandler):
    """Guard for the fixtures used here: tax bases added by hand do not make anyone a preparer."""
    case = factories.case(kommune, user=saksbehandler)
    add_tax_basis(case, case.application.household.applicant, "soker", income=1)
    assert set(CasePreparer.objects.filter(case=case).values_list("user_id", "kind")) == {
        (saksbehandler.pk, P.REGISTERED)}


def test_a_full_save_of_an_older_approved_decision_is_not_refused(registered_by_both, both, other_approver):
    """The trigger looks at a change of approver or four-eyes only: history recorded later (the back-fill
    of preparers) does not make every later save of an approved decision fail."""
    decision = decision_approve(decision_id=current(registered_by_both).pk, actor=other_approver)
    CasePreparer.objects.create(case=registered_by_both, user=other_approver, kind=P.DOCUMENTED_INCOME)
    decision = Decision.objects.get(pk=decision.pk)
    decision.save()  # every column, approver unchanged
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(approved_by=both)
