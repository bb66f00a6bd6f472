"""Actions on the case page: each is a POST calling a service; refusals become messages, never a 500."""
import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from cases.constants import CaseStatus as S
from cases.constants import Role
from cases.models import Case, Decision, DocumentedIncome, Membership
from tests import factories


def url(name, case):
    return reverse(f"cases:{name}", args=[case.pk])


def status(case) -> str:
    return Case.objects.get(pk=case.pk).status


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def current(case) -> Decision:
    return case.decisions.get(status__in=["proposed", "approved"])


def test_caseworker_sees_no_approve_button_and_cannot_approve(caseworker_client, proposed_case):
    html = caseworker_client.get(url("detail", proposed_case)).content.decode()
    assert "Godkjenn vedtak" not in html and url("approve", proposed_case) not in html
    decision = current(proposed_case)
    response = caseworker_client.post(url("approve", proposed_case), {"decision": decision.pk})
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.status == Decision.Status.PROPOSED and status(proposed_case) == S.PROPOSED


def test_approver_approves_the_proposal(approver_client, godkjenner, proposed_case):
    html = approver_client.get(url("detail", proposed_case)).content.decode()
    assert "Godkjenn vedtak" in html
    decision = current(proposed_case)
    response = approver_client.post(url("approve", proposed_case), {"decision": decision.pk})
    assert response.status_code == 302 and response["Location"].startswith(url("detail", proposed_case))
    decision.refresh_from_db()
    assert decision.status == Decision.Status.APPROVED and decision.approved_by == godkjenner
    assert status(proposed_case) == S.APPROVED
    assert any("godkjent" in m for m in messages_of(response))


def test_four_eyes_refusal_is_a_message_not_an_error(client, kommune, parameters):
    from cases.services.assessment import decision_propose
    from tests.views.conftest import make_ready

    both = factories.staff("begge", kommune, Role.SAKSBEHANDLER, Role.GODKJENNER)
    case = make_ready(factories.case(kommune, user=both))
    decision_propose(case_id=case.pk, actor=both)
    client.force_login(both)
    html = client.get(url("detail", case)).content.decode()
    assert "Godkjenn vedtak" not in html and "en annen godkjenner" in html
    response = client.post(url("approve", case), {"decision": current(case).pk}, follow=True)
    assert response.status_code == 200
    assert any("en annen godkjenner" in m for m in messages_of(response))
    assert "registrerte søknaden" in response.content.decode()
    assert status(case) == S.PROPOSED


def test_approving_a_decision_of_another_case_is_not_found(approver_client, proposed_case, kommune, parameters):
    from cases.services.assessment import decision_propose
    from tests.views.conftest import make_ready

    second = make_ready(factories.case(kommune))
    decision_propose(case_id=second.pk)
    response = approver_client.post(url("approve", proposed_case), {"decision": current(second).pk})
    assert response.status_code == 404
    assert status(second) == S.PROPOSED


def test_transition_not_allowed_becomes_a_message(caseworker_client, kommune):
    case = factories.case(kommune)  # still «Mottatt»: no proposal possible
    response = caseworker_client.post(url("propose", case), follow=True)
    assert response.status_code == 200
    assert any("Mottatt" in m for m in messages_of(response))
    assert status(case) == S.RECEIVED


def test_propose_fee(caseworker_client, saksbehandler, ready_case, parameters):
    response = caseworker_client.post(url("propose", ready_case))
    assert response.status_code == 302
    assert status(ready_case) == S.PROPOSED
    assert current(ready_case).proposed_by == saksbehandler


def test_reject_needs_a_reason_shown_at_the_field(caseworker_client, proposed_case):
    response = caseworker_client.post(url("reject", proposed_case), {"avslag-reason": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_avslag-reason_error"' in html and 'aria-describedby="id_avslag-reason_helptext id_avslag' in html
    assert status(proposed_case) == S.PROPOSED
    response = caseworker_client.post(url("reject", proposed_case), {"avslag-reason": "Bor ikke i kommunen."})
    assert response.status_code == 302
    case = Case.objects.get(pk=proposed_case.pk)
    assert case.status == S.REJECTED and case.status_reason == "Bor ikke i kommunen."


def test_request_documentation(caseworker_client, ready_case):
    response = caseworker_client.post(url("request_documentation", ready_case),
                                      {"dokumentasjon-reason": "Send lønnsslipper for tre måneder."})
    assert response.status_code == 302
    assert status(ready_case) == S.NEEDS_DOCUMENTATION


def test_withdraw(caseworker_client, ready_case):
    caseworker_client.post(url("withdraw", ready_case), {"trekk-reason": "Søker trakk søknaden på telefon."})
    assert status(ready_case) == S.WITHDRAWN
    html = caseworker_client.get(url("detail", ready_case)).content.decode()
    assert "ingen handlinger" in html.lower()


def test_refetch_income(caseworker_client, ready_case):
    response = caseworker_client.post(url("refetch_income", ready_case))
    assert response.status_code == 302
    assert status(ready_case) == S.FETCHING_INCOME


def test_documented_income_replaces_tax_data_and_recomputes(caseworker_client, proposed_case):
    applicant = proposed_case.application.household.applicant
    old = current(proposed_case)
    response = caseworker_client.post(url("documented_income", proposed_case), {
        "inntekt-person": applicant.pk, "inntekt-yearly_income": "150 000",
        "inntekt-reason": "Gikk ned til 50 % stilling fra mars.", "inntekt-documents": "Arbeidsavtale, lønnsslipper",
    })
    assert response.status_code == 302
    entry = DocumentedIncome.objects.get(case=proposed_case)
    assert (entry.person, entry.yearly_income) == (applicant, 150_000)
    new = current(proposed_case)
    assert new.pk != old.pk and new.household_income < old.household_income


def test_documented_income_form_errors_are_shown_at_the_fields(caseworker_client, proposed_case):
    applicant = proposed_case.application.household.applicant
    response = caseworker_client.post(url("documented_income", proposed_case), {
        "inntekt-person": applicant.pk, "inntekt-yearly_income": "mye", "inntekt-reason": "",
        "inntekt-documents": "Lønnsslipper",
    })
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_inntekt-yearly_income_error"' in html and 'id="id_inntekt-reason_error"' in html
    assert not DocumentedIncome.objects.exists()


def test_documented_income_for_someone_outside_the_household_is_refused(caseworker_client, proposed_case, kommune):
    stranger = factories.case(kommune).application.household.applicant
    response = caseworker_client.post(url("documented_income", proposed_case), {
        "inntekt-person": stranger.pk, "inntekt-yearly_income": "100000", "inntekt-reason": "x",
        "inntekt-documents": "y",
    })
    assert response.status_code == 400
    assert not DocumentedIncome.objects.exists()


@pytest.mark.parametrize("name", ["refetch_income", "documented_income", "propose", "approve", "reject",
                                  "request_documentation", "withdraw", "send"])
def test_actions_are_post_only_and_scoped(caseworker_client, other_case, ready_case, name):
    assert caseworker_client.get(url(name, ready_case)).status_code == 405
    assert caseworker_client.post(url(name, other_case), {"decision": 1}).status_code in (403, 404)
    assert Case.objects.get(pk=other_case.pk).status == S.RECEIVED


def test_a_role_in_another_municipality_does_not_give_access(client, ready_case, other_kommune):
    outsider = factories.staff("utenfor", other_kommune, Role.GODKJENNER)
    client.force_login(outsider)
    assert client.get(url("detail", ready_case)).status_code == 404
    assert client.post(url("withdraw", ready_case), {"trekk-reason": "x"}).status_code == 404
    assert status(ready_case) == S.READY_FOR_ASSESSMENT


def test_approver_role_in_one_municipality_only(kommune, other_kommune, proposed_case):
    user = factories.staff("delt", other_kommune, Role.GODKJENNER)
    Membership.objects.create(user=user, municipality=kommune, role=Role.SAKSBEHANDLER)
    client = Client()
    client.force_login(user)
    response = client.post(url("approve", proposed_case), {"decision": current(proposed_case).pk})
    assert response.status_code == 403
    assert status(proposed_case) == S.PROPOSED


@pytest.mark.parametrize("name", ["detail", "status"])
def test_case_page_and_status_are_get_only_uncached_and_need_login(caseworker_client, ready_case, name):
    response = Client().get(url(name, ready_case))  # anonymous
    assert response.status_code == 302 and "next=" in response["Location"]
    assert caseworker_client.post(url(name, ready_case)).status_code == 405
    page = caseworker_client.get(url(name, ready_case))
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
