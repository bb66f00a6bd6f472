"""Registering an application by hand: valid input opens a case; errors are shown next to the right field."""
import datetime

from django.urls import reverse

from cases.constants import Channel, Role
from cases.models import Case, Child, Membership
from tests import factories
from tests.support.person_ids import make_person_id
from tests.views.html_checks import attrs_of, element_ids, unlabelled_fields

URL = reverse("cases:new")
APPLICANT = make_person_id(datetime.date(1990, 5, 17))
PARTNER = make_person_id(datetime.date(1988, 2, 3))
CHILD_1 = make_person_id(datetime.date(2022, 3, 1))
CHILD_2 = make_person_id(datetime.date(2024, 1, 9))


def form_data(**overrides) -> dict:
    data = {
        "service": "barnehage", "period": "2026/27", "received_date": "2026-05-20", "channel": Channel.PAPIR,
        "applicant_person_id": APPLICANT, "applicant_given_name": "Kari", "applicant_family_name": "Nordmann",
        "address": "Storgata 1, 9999 Demo", "email": "kari@example.no",
        "partner_relation": "samboer", "partner_person_id": PARTNER, "partner_given_name": "Ola",
        "partner_family_name": "Nordmann",
        "barn-TOTAL_FORMS": "4", "barn-INITIAL_FORMS": "0", "barn-MIN_NUM_FORMS": "0", "barn-MAX_NUM_FORMS": "4",
        "barn-0-person_id": CHILD_1, "barn-0-given_name": "Emma", "barn-0-family_name": "Nordmann",
        "barn-0-institution": "Solsikken barnehage", "barn-0-weekly_hours": "41", "barn-0-monthly_price": "1200",
        "barn-1-person_id": CHILD_2, "barn-1-given_name": "Jonas", "barn-1-family_name": "Nordmann",
        "barn-1-institution": "Solsikken barnehage", "barn-1-weekly_hours": "32,5",
        "barn-1-monthly_price": "1 200,00", "barn-1-deferred_school_start": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def field_error(html: str, field_id: str) -> str:
    """The error shown for a field, checked to be linked from the input with aria-describedby."""
    assert f"{field_id}_error" in element_ids(html), f"no error shown for {field_id}"
    attrs = attrs_of(html, field_id)
    assert f"{field_id}_error" in attrs.get("aria-describedby", "").split()
    assert attrs.get("aria-invalid") == "true"
    start = html.index(f'id="{field_id}_error"')
    return html[html.index(">", start) + 1: html.index("</p>", start)]


def test_form_has_a_label_for_every_field(caseworker_client):
    html = caseworker_client.get(URL).content.decode()
    assert unlabelled_fields(html) == []
    assert 'id="id_barn-3-person_id"' in html  # four child rows without JavaScript


def test_valid_application_opens_a_case_and_shows_it(caseworker_client, kommune, saksbehandler):
    response = caseworker_client.post(URL, form_data())
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.municipality == kommune and case.assigned_to == saksbehandler
    household = case.application.household
    assert (household.applicant.person_id, household.partner.person_id) == (APPLICANT, PARTNER)
    assert household.partner_relation == "samboer"
    assert case.application.channel == Channel.PAPIR
    assert case.application.received_date == datetime.date(2026, 5, 20)
    children = {c.person.person_id: c for c in case.application.children.all()}
    assert set(children) == {CHILD_1, CHILD_2}
    assert children[CHILD_2].weekly_hours == factories.decimal("32.5")  # Norwegian decimal comma accepted
    assert children[CHILD_2].monthly_price == factories.decimal(1200)
    page = caseworker_client.get(response["Location"]).content.decode()
    assert case.saksnummer in page


def test_single_applicant_without_partner(caseworker_client):
    data = form_data(partner_relation="", partner_person_id="", partner_given_name="", partner_family_name="")
    assert caseworker_client.post(URL, data).status_code == 302
    assert Case.objects.get().application.household.partner is None


def test_invalid_person_number_is_shown_at_the_field_without_repeating_it(caseworker_client):
    wrong = APPLICANT[:-1] + str((int(APPLICANT[-1]) + 1) % 10)
    response = caseworker_client.post(URL, form_data(applicant_person_id=wrong))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kontrollsifrene" in field_error(html, "id_applicant_person_id")
    assert not Case.objects.exists()
    assert 'href="#id_applicant_person_id"' in html  # the error summary links to the field


def test_child_that_already_has_an_application_for_the_period(caseworker_client, kommune):
    caseworker_client.post(URL, form_data())
    other_parent = make_person_id(datetime.date(1979, 9, 9))
    data = form_data(applicant_person_id=other_parent, partner_relation="", partner_person_id="",
                     partner_given_name="", partner_family_name="",
                     **{"barn-0-person_id": make_person_id(datetime.date(2021, 7, 7)), "barn-1-person_id": CHILD_2})
    response = caseworker_client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "allerede en aktiv søknad" in field_error(html, "id_barn-1-person_id")
    assert "id_barn-0-person_id_error" not in element_ids(html)
    assert Case.objects.count() == 1
    assert Child.objects.count() == 2


def test_same_child_twice_in_one_application(caseworker_client):
    response = caseworker_client.post(URL, form_data(**{"barn-1-person_id": CHILD_1}))
    assert response.status_code == 400
    assert "to ganger" in field_error(response.content.decode(), "id_barn-1-person_id")
    assert not Case.objects.exists()


def test_partner_details_without_relation(caseworker_client):
    response = caseworker_client.post(URL, form_data(partner_relation=""))
    assert response.status_code == 400
    assert "relasjon" in field_error(response.content.decode(), "id_partner_relation")


def test_sfo_needs_trinn_and_barnehage_refuses_it(caseworker_client):
    response = caseworker_client.post(URL, form_data(service="sfo", **{"barn-1-sfo_trinn": "2"}))
    html = response.content.decode()
    assert response.status_code == 400
    assert "trinn" in field_error(html, "id_barn-0-sfo_trinn").lower()
    assert "id_barn-1-sfo_trinn_error" not in element_ids(html)
    response = caseworker_client.post(URL, form_data(**{"barn-0-sfo_trinn": "3"}))
    assert "bare SFO" in field_error(response.content.decode(), "id_barn-0-sfo_trinn")


def test_no_children(caseworker_client):
    data = {k: v for k, v in form_data().items() if not k.startswith(("barn-0-", "barn-1-"))}
    response = caseworker_client.post(URL, data)
    assert response.status_code == 400
    assert "minst ett barn" in response.content.decode()


def test_bad_period_and_hours(caseworker_client):
    response = caseworker_client.post(URL, form_data(period="2026/28", **{"barn-0-weekly_hours": "61"}))
    html = response.content.decode()
    assert "påfølgende" in field_error(html, "id_period")
    assert field_error(html, "id_barn-0-weekly_hours")


def test_user_in_two_municipalities_chooses_where_to_register(client, kommune, other_kommune):
    user = factories.staff("to-kommuner", kommune, Role.SAKSBEHANDLER)
    Membership.objects.create(user=user, municipality=other_kommune, role=Role.GODKJENNER)
    client.force_login(user)
    assert 'name="municipality"' in client.get(URL).content.decode()
    response = client.post(URL, form_data())
    assert response.status_code == 400
    assert field_error(response.content.decode(), "id_municipality")
    assert client.post(URL, form_data(municipality=other_kommune.pk)).status_code == 302
    assert Case.objects.get().municipality == other_kommune


def test_cannot_register_in_a_municipality_one_does_not_belong_to(client, kommune, other_kommune):
    user = factories.staff("to-kommuner", kommune, Role.SAKSBEHANDLER)
    foreign = factories.municipality("Tredje")
    Membership.objects.create(user=user, municipality=other_kommune, role=Role.SAKSBEHANDLER)
    client.force_login(user)
    response = client.post(URL, form_data(municipality=foreign.pk))
    assert response.status_code == 400
    assert not Case.objects.exists()
