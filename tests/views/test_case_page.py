"""The case page: every section, masked person numbers, audit of tax-data views, scoping and live status."""
from django.urls import reverse

from cases.constants import AdultRole
from cases.constants import CaseStatus as S
from cases.models import AuditEvent, Person
from cases.services.workflow import transition_case
from tests import factories
from tests.views.conftest import add_tax_basis, make_ready


def page(client, case) -> str:
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_user_is_sent_to_login(client, ready_case):
    for url in (reverse("cases:detail", args=[ready_case.pk]), reverse("cases:status", args=[ready_case.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_case_of_another_municipality_is_not_found(caseworker_client, other_case):
    assert caseworker_client.get(reverse("cases:detail", args=[other_case.pk])).status_code == 404
    assert caseworker_client.get(reverse("cases:status", args=[other_case.pk])).status_code == 404


def test_household_and_children_with_masked_person_numbers(caseworker_client, kommune):
    case = factories.case(kommune, children=2)
    html = page(caseworker_client, case)
    household = case.application.household
    for name, person in ((household.applicant_name, household.applicant),
                         (household.partner_name, household.partner),
                         *[(c.full_name, c.person) for c in case.application.children.all()]):
        assert name in html
        assert person.masked_id in html
        assert person.person_id not in html
    assert "Samboer" in html
    assert "Solsikken" in html


def test_tax_basis_per_adult_with_items_and_flags(caseworker_client, kommune):
    case = factories.case(kommune)
    household = case.application.household
    transition_case(case_id=case.pk, to=S.FETCHING_INCOME)
    add_tax_basis(case, household.applicant, AdultRole.SOKER, income=412_345, stadie="utkast",
                  unknown=(("inntektFraUtenlandskSelskap", 12_000),))
    html = page(caseworker_client, case)
    assert "412\u00a0345\u00a0kr" in html
    assert "loennsinntektMedTrekkplikt" in html and "Personinntekt" in html
    assert "minstefradragIInntekt" in html and "Teller ikke" in html
    assert "inntektFraUtenlandskSelskap" in html and "Ukjent post" in html
    assert "Utkast til skattemelding" in html
    assert "utkast til skattemelding" in html.split(' id="advarsler"')[1]  # also among the warnings
    assert "1 ukjente poster" in html
    assert f"Mangler skattegrunnlag for samboer {household.partner_name}" in html


def test_failed_fetch_shows_attempts_and_last_error(caseworker_client, kommune):
    case = factories.case(kommune, partner=False)
    transition_case(case_id=case.pk, to=S.FETCHING_INCOME)
    from cases.models import TaxBasis

    TaxBasis.objects.create(case=case, person=case.application.household.applicant, role=AdultRole.SOKER,
                            status=TaxBasis.FetchStatus.PARKED, attempts=5, last_error="Skatteetaten svarte 503.")
    html = page(caseworker_client, case)
    assert "Parkert etter gjentatte feil" in html and "5 forsøk" in html and "Skatteetaten svarte 503." in html
    assert "Hent inntekt på nytt" in html


def test_calculation_with_every_step_and_legal_basis(caseworker_client, proposed_case):
    html = page(caseworker_client, proposed_case)
    decision = proposed_case.decisions.get(status="proposed")
    assert "Forslag til vedtak" in html
    for fee in decision.child_fees.all():
        assert fee.steps, "the proposal must carry its calculation steps"
        for step in fee.steps:
            assert step["legal_basis"] in html
    assert "forskrift om foreldrebetaling i barnehager" in html
    assert reverse("cases:vedtak_preview", args=[proposed_case.pk]) in html
    for warning in decision.warnings:
        assert str(warning) in html


def test_history_lists_every_transition(caseworker_client, ready_case):
    html = page(caseworker_client, ready_case).split('<section class="app-section" id="historikk"')[1]
    assert "Henter inntekt" in html and "Klar for vurdering" in html and "Inntekt hentet for alle voksne" in html


def test_viewing_tax_data_is_audited(caseworker_client, saksbehandler, ready_case):
    page(caseworker_client, ready_case)
    event = AuditEvent.objects.get(action="view_tax_data")
    assert (event.actor, event.case, event.municipality) == (saksbehandler, ready_case, ready_case.municipality)
    for person in Person.objects.all():
        assert person.person_id not in event.detail
    page(caseworker_client, ready_case)
    assert AuditEvent.objects.filter(action="view_tax_data").count() == 2


def test_status_endpoint_for_live_updates(caseworker_client, ready_case):
    data = caseworker_client.get(reverse("cases:status", args=[ready_case.pk])).json()
    assert data["status"] == S.READY_FOR_ASSESSMENT and data["label"] == "Klar for vurdering"
    assert {tb["role"] for tb in data["tax_bases"]} == {"soker", "partner"}
    assert all(tb["status"] == "done" for tb in data["tax_bases"])
    assert data["has_decision"] is False
    before = data["signature"]
    transition_case(case_id=ready_case.pk, to=S.NEEDS_DOCUMENTATION, reason="Mangler lønnsslipper")
    after = caseworker_client.get(reverse("cases:status", args=[ready_case.pk])).json()
    assert after["status"] == S.NEEDS_DOCUMENTATION and after["signature"] != before
    text = str(after)
    for person in Person.objects.all():
        assert person.person_id not in text


def test_case_page_loads_the_status_script(caseworker_client, ready_case):
    html = page(caseworker_client, ready_case)
    assert 'src="/static/js/status.js"' in html
    assert f'data-status-url="{reverse("cases:status", args=[ready_case.pk])}"' in html


def test_missing_partner_data_is_a_warning(caseworker_client, kommune):
    case = make_ready(factories.case(kommune), partner_income=None)
    html = page(caseworker_client, case)
    assert "Mangler skattegrunnlag for samboer" in html
