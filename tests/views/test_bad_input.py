"""Bad input is refused with a clear Norwegian error, never an HTTP 500, and changes nothing (issue 10, item 7).

Each finding of the review is a test here: oversized CSV fields, NUL bytes, a price of 1e12, a 101-character
name, implausible received dates and periods (file and form), a registration losing a race, and a print part
below 1.
"""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.constants import Role
from cases.csv_import import applications_import
from cases.models import Case, Child, Household, Person, RenewalRun
from cases.services import intake
from cases.services.intake import open_periods
from tests import factories
from tests.views.test_csv_import import row, valid_lines
from tests.views.test_register import URL as REGISTER_URL
from tests.views.test_register import field_error, form_data

IMPORT_URL = reverse("cases:import")
PREVIOUS, CURRENT, NEXT = open_periods()


def upload(lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile("soknader.csv", ("\r\n".join(lines) + "\r\n").encode("utf-8"), "text/csv")


def posted(client, lines):
    response = client.post(IMPORT_URL, {"file": upload(lines)})
    assert response.status_code == 400, response.status_code
    assert not Case.objects.exists() and not Household.objects.exists() and not Person.objects.exists()
    return [(e.line, e.column) for e in response.context["result"].errors], response


def test_a_field_over_the_csv_field_limit_names_its_line(caseworker_client):
    lines = valid_lines()
    lines[2] = row(adresse="x" * 131_073)
    errors, response = posted(caseworker_client, lines)
    assert errors == [(3, "")]
    assert "for langt" in response.content.decode()


def test_an_unclosed_quote_is_a_line_error(kommune):
    lines = valid_lines()
    lines[2] = lines[2].replace("Solsikken", '"Solsikken', 1)
    result = applications_import(municipality=kommune, content=upload(lines).read())
    assert not result.ok and not Case.objects.exists()


@pytest.mark.parametrize(("column", "value", "shown"), [
    ("barn_fornavn", "Em\x00ma", None),  # a NUL byte: refused, and never echoed
    ("manedspris", "1e12", "8 eller færre"),  # a price of 1e12
    ("barn_fornavn", "E" * 101, "100 eller færre tegn"),  # longer than the database column
], ids=["nul-byte", "price-1e12", "name-too-long"])
def test_a_bad_value_is_refused_in_its_column(caseworker_client, column, value, shown):
    lines = valid_lines()
    lines[1] = row(**{column: value})
    errors, response = posted(caseworker_client, lines)
    assert errors == [(2, column)]
    html = response.content.decode()
    assert "\x00" not in html
    if shown:
        assert shown in html


def test_every_problem_of_a_row_comes_in_one_round(kommune):
    lines = valid_lines()
    lines[1] = row(soker_fornavn="K" * 101, manedspris="1e12", mottatt="31.02.2026", timer_per_uke="41,25")
    result = applications_import(municipality=kommune, content=upload(lines).read())
    assert {(e.line, e.column) for e in result.errors} >= {
        (2, "soker_fornavn"), (2, "manedspris"), (2, "mottatt"), (2, "timer_per_uke")}


def test_a_received_date_long_before_the_period_is_refused(kommune):
    lines = [valid_lines()[0], row(periode=CURRENT, mottatt="01.01.1999")]
    result = applications_import(municipality=kommune, content=upload(lines).read())
    assert [(e.line, e.column) for e in result.errors] == [(2, "mottatt")]
    assert "01.01." in result.errors[0].message
    assert not Case.objects.filter(saksnummer__startswith="1999/").exists()


def test_a_received_date_in_the_future_is_refused(kommune):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    lines = [valid_lines()[0], row(periode=CURRENT, mottatt=f"{tomorrow:%d.%m.%Y}")]
    result = applications_import(municipality=kommune, content=upload(lines).read())
    assert [(e.line, e.column) for e in result.errors] == [(2, "mottatt")]


@pytest.mark.parametrize("period", ["2035/36", "1999/00", None])
def test_only_the_previous_current_and_next_period_are_accepted(kommune, period):
    start = int(PREVIOUS[:4]) - 1 if period is None else None
    period = period or f"{start}/{(start + 1) % 100:02d}"
    lines = [valid_lines()[0], row(periode=period, mottatt="")]
    result = applications_import(municipality=kommune, content=upload(lines).read())
    assert [(e.line, e.column) for e in result.errors] == [(2, "periode")]
    assert "forrige, inneværende eller neste" in result.errors[0].message


@pytest.mark.parametrize("which", [0, 1, 2])
def test_the_three_open_periods_are_accepted(kommune, which):
    period = open_periods()[which]
    received = min(timezone.localdate(), datetime.date(int(period[:4]), 8, 1))
    lines = [valid_lines()[0], row(periode=period, mottatt=f"{received:%d.%m.%Y}")]
    result = applications_import(municipality=kommune, content=upload(lines).read())
    assert result.ok, result.errors


# --- the registration form ---------------------------------------------------------------------------------

def test_form_refuses_a_received_date_long_before_the_period(caseworker_client):
    response = caseworker_client.post(REGISTER_URL, form_data(period=CURRENT, received_date="1999-01-01"))
    assert response.status_code == 400
    assert "Mottatt dato kan ikke være før" in field_error(response.content.decode(), "id_received_date")
    assert not Case.objects.exists()


def test_form_refuses_a_period_far_ahead(caseworker_client):
    response = caseworker_client.post(REGISTER_URL, form_data(period="2035/36"))
    assert response.status_code == 400
    assert "forrige, inneværende eller neste" in field_error(response.content.decode(), "id_period")


def test_form_refuses_a_nul_byte_and_an_overlong_name(caseworker_client):
    response = caseworker_client.post(REGISTER_URL, form_data(**{"applicant_given_name": "Ka\x00ri",
                                                                 "barn-0-given_name": "E" * 101}))
    assert response.status_code == 400
    html = response.content.decode()
    assert field_error(html, "id_applicant_given_name") and field_error(html, "id_barn-0-given_name")


def test_a_registration_losing_the_race_gets_a_refusal_not_a_500(caseworker_client, kommune, monkeypatch):
    """Another registration of the same child commits between the service's check and its insert: the
    database constraint refuses, and the one translation point turns that into the field error."""
    first = factories.case(kommune)
    taken = first.application.children.get().person
    real = intake.duplicate_children
    calls = []

    def check_passes_once(data, **kwargs):
        calls.append(1)
        return {} if len(calls) == 1 else real(data, **kwargs)

    monkeypatch.setattr(intake, "duplicate_children", check_passes_once)
    response = caseworker_client.post(REGISTER_URL, form_data(**{"barn-0-person_id": taken.person_id}))
    assert response.status_code == 400
    assert "allerede en aktiv søknad" in field_error(response.content.decode(), "id_barn-0-person_id")
    assert Case.objects.count() == 1 and len(calls) == 2
    assert Child.objects.filter(person=taken).count() == 1


def test_service_errors_are_keyed_by_field_with_codes(kommune):
    data = factories.barnehage_application(children=2)
    bad_child = type(data.children[1])(**{**data.children[1].__dict__, "weekly_hours": factories.decimal(61)})
    broken = type(data)(**{**data.__dict__, "children": [data.children[0], bad_child], "period": "2035/36"})
    with pytest.raises(intake.FieldErrors) as exc:
        intake.application_register(municipality=kommune, data=broken, start_fetch=False)
    assert {(key, code) for key, code, _message in exc.value.problems()} == {
        ("children[1].weekly_hours", intake.ErrorCode.HOURS_OUT_OF_RANGE),
        ("period", intake.ErrorCode.PERIOD_OUT_OF_RANGE)}


def test_duplicate_child_is_refused_by_code_on_the_childs_key(kommune):
    data = factories.barnehage_application()
    intake.application_register(municipality=kommune, data=data, start_fetch=False)
    with pytest.raises(intake.FieldErrors) as exc:
        intake.application_register(municipality=kommune, data=data, start_fetch=False)
    assert exc.value.codes() == {intake.ErrorCode.DUPLICATE_CHILD}
    assert list(exc.value.error_dict) == ["children[0].person_id"]


# --- renewal print parts -----------------------------------------------------------------------------------

@pytest.mark.parametrize("part", [0, 5])
def test_a_print_part_that_does_not_exist_is_404(client, kommune, part):
    administrator = factories.staff("admin-utskrift", kommune, Role.ADMINISTRATOR, Role.GODKJENNER)
    run = RenewalRun.objects.create(municipality=kommune, period=CURRENT, started_by=administrator)
    client.force_login(administrator)
    assert client.get(reverse("renewal:print", args=[run.pk, part])).status_code == 404


def test_an_action_losing_a_race_to_a_constraint_gets_a_refusal_message(caseworker_client, ready_case, monkeypatch):
    """E.g. a re-proposal racing an approval: the database constraint refuses inside the service's savepoint."""
    from django.contrib.messages import get_messages
    from django.db import IntegrityError, transaction

    from cases.views import actions
    from cases.views.common import CONCURRENT_CHANGE

    def racing_propose_fee(**kwargs):
        with transaction.atomic():
            raise IntegrityError('duplicate key value violates unique constraint "decision_one_open_per_case"')

    monkeypatch.setattr(actions, "decision_propose", racing_propose_fee)
    response = caseworker_client.post(reverse("cases:propose", args=[ready_case.pk]))
    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == [CONCURRENT_CHANGE]
    assert caseworker_client.get(response["Location"]).status_code == 200
