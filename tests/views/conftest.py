"""Fixtures for the caseworker UI tests: cases in each stage, with tax data written as the pipeline stores it."""
import pytest
from django.test import Client
from django.utils import timezone

from cases.constants import AdultRole, Role
from cases.constants import CaseStatus as S
from cases.models import TaxBasis
from cases.services.parameters import legal_parameters_load_seed
from cases.services.workflow import transition_case
from tests import factories


def add_tax_basis(case, person, role, *, income: int, stadie: str = "oppgjoer", unknown: tuple = ()) -> TaxBasis:
    """A fetched summert skattegrunnlag in the shape the income pipeline stores (integration.md items)."""
    items = [
        {"tekniskNavn": "loennsinntektMedTrekkplikt", "beloep": income, "kategori": "inntekt",
         "class": "personinntekt"},
        {"tekniskNavn": "minstefradragIInntekt", "beloep": 104450, "kategori": "fradrag", "class": "not_counted"},
    ]
    unknown_items = [{"tekniskNavn": name, "beloep": amount, "kategori": "inntekt", "class": "unknown"}
                     for name, amount in unknown]
    # a registration that queued the fetch has created the adult's row already (still pending)
    return TaxBasis.objects.update_or_create(case=case, person=person, defaults=dict(
        role=role, status=TaxBasis.FetchStatus.DONE, attempts=1,
        outcome=TaxBasis.Outcome.FOUND, income_year=2025, stadie=stadie, items=items, unknown_items=unknown_items,
        personinntekt=income, kapitalinntekt=0, counted_income=income, fetched_at=timezone.now(),
    ))[0]


def make_ready(case, *, partner_income: int | None = 200_000, applicant_income: int = 300_000, **kwargs):
    """Tax data for every adult, and the case moved on to 'Klar for vurdering' as the pipeline does."""
    household = case.application.household
    if case.status == S.RECEIVED:  # a registration that queued the fetch has moved it on already
        transition_case(case_id=case.pk, to=S.FETCHING_INCOME)
    add_tax_basis(case, household.applicant, AdultRole.SOKER, income=applicant_income, **kwargs)
    if household.partner and partner_income is not None:
        add_tax_basis(case, household.partner, AdultRole.PARTNER, income=partner_income)
    transition_case(case_id=case.pk, to=S.READY_FOR_ASSESSMENT, reason="Inntekt hentet for alle voksne")
    case.refresh_from_db()
    return case


@pytest.fixture
def parameters(db):
    legal_parameters_load_seed()


@pytest.fixture
def approver_client(godkjenner):
    client = Client()
    client.force_login(godkjenner)
    return client


@pytest.fixture
def ready_case(kommune, saksbehandler):
    return make_ready(factories.case(kommune, user=saksbehandler))


@pytest.fixture
def proposed_case(parameters, ready_case, saksbehandler):
    from cases.services.assessment import decision_propose

    decision_propose(case_id=ready_case.pk, actor=saksbehandler)
    ready_case.refresh_from_db()
    return ready_case


@pytest.fixture
def other_case(other_kommune):
    """A case in a municipality where none of the fixture users has a role."""
    owner = factories.staff("annen", other_kommune, Role.SAKSBEHANDLER)
    return factories.case(other_kommune, user=owner)
