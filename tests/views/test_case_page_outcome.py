"""The case page renders the engine's structured outcome: readable labels (technical names in a tooltip),
the outcome per child, «Venter på satser», and the approver's confirmation of unverified rates."""
import dataclasses
import datetime
from decimal import Decimal

from django.urls import reverse

from cases.constants import CaseStatus as S
from cases.models import Decision
from cases.services.assessment import decision_propose
from cases.services.intake import application_register
from tests import factories
from tests.views.conftest import make_ready


def page(client, case) -> str:
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _case_2025(kommune, user, born="2024-10-01"):
    data = factories.barnehage_application(period="2025/26")
    child = dataclasses.replace(data.children[0], person=factories.person(datetime.date.fromisoformat(born)),
                                monthly_price=Decimal(1200))
    data = dataclasses.replace(data, received_date=datetime.date(2025, 6, 1), children=[child])
    return make_ready(application_register(municipality=kommune, data=data, actor=user))


def test_readable_rule_and_parameter_labels_with_the_technical_name_in_a_tooltip(caseworker_client, proposed_case):
    html = page(caseworker_client, proposed_case)
    assert 'title="price_of_place">Pris for plassen</span>' in html
    assert "Makspris per måned" in html and 'title="makspris [standard]"' in html
    assert ">price_of_place<" not in html and ">makspris [standard]<" not in html
    assert "Utfall" in html and ("Innvilget" in html or "Avslått" in html or "Delvis innvilget" in html)


def test_waiting_for_rates_is_visible(caseworker_client, kommune, saksbehandler):
    factories.remove_test_rates()
    case = make_ready(factories.case(kommune, user=saksbehandler))  # 2026/27: no sourced makspris
    assert decision_propose(case_id=case.pk, actor=saksbehandler) is None
    html = page(caseworker_client, case)
    assert "Venter på satser" in html and "makspris" in html


def test_propose_button_on_a_case_without_rates_says_it_waits(caseworker_client, kommune, saksbehandler):
    factories.remove_test_rates()
    case = make_ready(factories.case(kommune, user=saksbehandler))
    response = caseworker_client.post(reverse("cases:propose", args=[case.pk]), follow=True)
    assert "Saken venter på satser" in response.content.decode()
    case.refresh_from_db()
    assert case.status == S.WAITING_FOR_RATES


def test_approver_confirms_unverified_rates_with_a_reason_then_approves(approver_client, godkjenner, kommune,
                                                                       saksbehandler, caseworker_client):
    case = _case_2025(kommune, saksbehandler)
    decision = decision_propose(case_id=case.pk, actor=saksbehandler)
    html = page(approver_client, case)
    assert "Forslaget bygger på satser som ikke er verifisert" in html and "Bekreft satsene" in html
    assert "Bekreft satsene" not in page(caseworker_client, case)  # only an approver confirms
    approve = reverse("cases:approve", args=[case.pk])
    approver_client.post(approve, {"decision": decision.pk})
    decision.refresh_from_db()
    assert decision.status == Decision.Status.PROPOSED  # refused: not confirmed
    forbidden = caseworker_client.post(reverse("cases:confirm_parameters", args=[case.pk]),
                                       {"decision": decision.pk, "reason": "ok"})
    assert forbidden.status_code == 403
    approver_client.post(reverse("cases:confirm_parameters", args=[case.pk]),
                         {"decision": decision.pk, "reason": "Kontrollert mot FOR-2025-10-19-2058."})
    approver_client.post(approve, {"decision": decision.pk})
    decision.refresh_from_db()
    assert decision.status == Decision.Status.APPROVED and decision.confirmed_by == godkjenner


def test_confirming_in_another_municipality_is_not_found(approver_client, other_case):
    response = approver_client.post(reverse("cases:confirm_parameters", args=[other_case.pk]),
                                    {"decision": 1, "reason": "x"})
    assert response.status_code == 404


def test_tax_posts_have_readable_names_with_the_teknisk_navn_in_a_tooltip(caseworker_client, ready_case):
    from integrations.service import tax_post_label

    name = "samletLoennsinntektMedTrygdeavgiftspliktOgMedTrekkplikt"
    basis = ready_case.tax_bases.first()
    basis.items = [{"tekniskNavn": name, "beloep": 300000, "kategori": "inntekt", "class": "personinntekt"}]
    basis.save(update_fields=["items"])
    label = tax_post_label(name, basis.income_year)
    assert label == "Lønn (skatteloven § 12-2)"
    assert f'<span title="{name}">{label}</span>' in page(caseworker_client, ready_case)
