"""documented_income_add and case_refetch_income, called directly."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.constants import CaseStatus as S
from cases.constants import Role
from cases.models import Case, CasePreparer, Decision, DocumentedIncome
from cases.services.assessment import decision_propose
from cases.services.income import case_refetch_income, documented_income_add
from tests import factories
from tests.views.conftest import make_ready


@pytest.fixture
def proposed(kommune, saksbehandler, parameters):
    case = make_ready(factories.case(kommune, user=saksbehandler))
    decision_propose(case_id=case.pk)
    return case


def add(case, user, amount=100_000, **kwargs):
    partner = case.application.household.partner
    return documented_income_add(case_id=case.pk, person_id=kwargs.pop("person_id", partner.pk),
                                 yearly_income=amount, reason=kwargs.pop("reason", "Ufør"),
                                 documents=kwargs.pop("documents", "Vedtak fra NAV"), actor=user)


def test_documented_income_proposes_again_and_counts_the_user(proposed, both):
    old = Decision.objects.get(case=proposed, status="proposed")
    entry = add(proposed, both)
    assert entry.registered_by == both and entry.yearly_income == 100_000
    new = Decision.objects.get(case=proposed, status="proposed")
    assert new.pk != old.pk and new.proposed_by == both
    assert Decision.objects.get(pk=old.pk).status == Decision.Status.SUPERSEDED
    kinds = set(CasePreparer.objects.filter(case=proposed, user=both).values_list("kind", flat=True))
    assert kinds == {CasePreparer.Kind.DOCUMENTED_INCOME, CasePreparer.Kind.PROPOSED}


def test_changing_documented_income_counts_the_changer(proposed, both, saksbehandler):
    add(proposed, saksbehandler)
    add(proposed, both, amount=90_000)
    assert DocumentedIncome.objects.get(case=proposed).yearly_income == 90_000
    assert CasePreparer.objects.filter(case=proposed, user=both, kind=CasePreparer.Kind.DOCUMENTED_INCOME).exists()
    # recording twice is one row per case, user and kind
    add(proposed, both, amount=80_000)
    assert CasePreparer.objects.filter(case=proposed, user=both, kind=CasePreparer.Kind.DOCUMENTED_INCOME).count() == 1


def test_higher_than_fetched_is_refused_and_changes_nothing(proposed, both):
    with pytest.raises(ValidationError):
        add(proposed, both, amount=10_000_000)
    assert not DocumentedIncome.objects.filter(case=proposed).exists()
    assert not CasePreparer.objects.filter(case=proposed, user=both).exists()


def test_a_child_or_stranger_is_not_an_adult(proposed, both):
    child = proposed.application.children.get().person
    with pytest.raises(ValidationError):
        add(proposed, both, person_id=child.pk)


def test_reason_and_documents_are_required(proposed, both):
    with pytest.raises(ValidationError):
        add(proposed, both, reason=" ")


def test_another_kommunes_user_is_denied(proposed, other_kommune):
    stranger = factories.staff("fremmed", other_kommune, Role.SAKSBEHANDLER)
    with pytest.raises(PermissionDenied):
        add(proposed, stranger)
    with pytest.raises(PermissionDenied):
        case_refetch_income(case_id=proposed.pk, actor=stranger)
    assert not CasePreparer.objects.filter(case=proposed, user=stranger).exists()


def test_refetch_counts_the_user_and_queues_the_fetch(proposed, both, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        case_refetch_income(case_id=proposed.pk, actor=both)
    # one fetch queued (the statistics summary's stale mark, cases.stats.signals, runs after commit too)
    assert len([c for c in queued if "stats_mark_stale" not in c.__qualname__]) == 1
    assert Case.objects.get(pk=proposed.pk).status == S.FETCHING_INCOME
    assert CasePreparer.objects.filter(case=proposed, user=both, kind=CasePreparer.Kind.REFETCHED_INCOME).exists()
