"""The case page says why the current user cannot approve (from the refusal enum) and shows no approve
button to them; it names people as this application does, and notices a name that differs from the
kommune's earlier cases (never from another kommune's)."""
import datetime
import re
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from cases.constants import Role, Service
from cases.services.assessment import decision_propose
from cases.services.intake import ApplicationInput, ChildInput, PersonInput, application_register
from tests import factories
from tests.views.conftest import make_ready


def page(user, case) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def refusal_box(html: str) -> str:
    match = re.search(r'<div[^>]*id="kan-ikke-godkjenne"[^>]*data-refusal="([a-z_]+)"[^>]*>(.*?)</div>', html, re.S)
    return f"{match[1]}: {match[2]}" if match else ""


def test_registrant_with_both_roles_is_told_why_and_sees_no_button(kommune, parameters):
    both = factories.staff("begge", kommune, Role.SAKSBEHANDLER, Role.GODKJENNER)
    case = make_ready(factories.case(kommune, user=both))
    decision_propose(case_id=case.pk)  # automatic
    html = page(both, case)
    assert "Godkjenn vedtak" not in html and reverse("cases:approve", args=[case.pk]) not in html
    box = refusal_box(html)
    assert box.startswith("prepared_by_you:") and "registrerte søknaden" in box and "en annen godkjenner" in box


def test_another_approver_sees_the_button_and_no_refusal(kommune, godkjenner, parameters):
    both = factories.staff("begge", kommune, Role.SAKSBEHANDLER, Role.GODKJENNER)
    case = make_ready(factories.case(kommune, user=both))
    decision_propose(case_id=case.pk)
    html = page(godkjenner, case)
    assert "Godkjenn vedtak" in html and refusal_box(html) == ""


def test_documented_income_is_named_as_the_reason(kommune, godkjenner, saksbehandler, parameters):
    from cases.services.income import documented_income_add

    case = make_ready(factories.case(kommune, user=saksbehandler))
    decision_propose(case_id=case.pk)
    documented_income_add(case_id=case.pk, person_id=case.application.household.partner_id, yearly_income=1000,
                          reason="Ufør", documents="NAV", actor=godkjenner)
    box = refusal_box(page(godkjenner, case))
    assert "registrerte eller endret dokumentert inntekt" in box and "beregnet forslaget" in box


def _application(given, family, child, period):
    return ApplicationInput(
        service=Service.BARNEHAGE, period=period,
        applicant=PersonInput(person_id=APPLICANT, given_name=given, family_name=family),
        children=[ChildInput(person=child, institution="Solsikken", weekly_hours=Decimal(41),
                             monthly_price=Decimal(1200))])


APPLICANT = factories.person(datetime.date(1985, 1, 1)).person_id


def test_names_are_the_applications_and_a_differing_name_gives_a_notice(kommune, other_kommune, saksbehandler):
    child = factories.person(datetime.date(2022, 5, 5), "Liv", "Dal")
    first = application_register(municipality=kommune, data=_application("Anne", "Dal", child, "2025/26"))
    application_register(municipality=other_kommune, data=_application("Annemor", "Hagen", child, "2026/27"))
    later = application_register(municipality=kommune, data=_application("Anne", "Berg", child, "2026/27"))
    html = page(saksbehandler, later)
    assert "Anne Berg" in html and "Annemor" not in html
    notice = re.search(r'id="navneavvik".*?</div>', html, re.S)[0]
    assert "Anne Berg" in notice and "Anne Dal" in notice and first.saksnummer in notice
    assert "Hagen" not in notice  # another kommune's spelling is never compared or shown
    # the first case keeps its own names, and has nothing earlier to differ from
    first_html = page(saksbehandler, first)
    assert "Anne Dal" in first_html and 'id="navneavvik"' not in first_html
