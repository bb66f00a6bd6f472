"""Intake validates everything before saving and refuses a second application for the same child."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cases.models import Application, Case, Household, Person
from cases.services.intake import ChildInput, PersonInput, application_register, period_dates
from tests import factories

pytestmark = pytest.mark.django_db


def test_register_creates_case_with_saksnummer(kommune, saksbehandler):
    case = application_register(municipality=kommune, data=factories.barnehage_application(children=2),
                                actor=saksbehandler, start_fetch=False)
    assert case.saksnummer.endswith("/00001")
    assert case.application.children.count() == 2
    assert case.application.household.partner is not None
    second = factories.case(kommune)
    assert second.saksnummer.endswith("/00002")


def test_second_application_for_same_child_and_period_is_refused(kommune):
    data = factories.barnehage_application()
    application_register(municipality=kommune, data=data, start_fetch=False)
    with pytest.raises(ValidationError) as exc:
        application_register(municipality=kommune, data=data, start_fetch=False)
    assert "allerede en aktiv søknad" in str(exc.value)
    assert Case.objects.count() == 1


def test_invalid_person_number_changes_nothing(kommune):
    data = factories.barnehage_application()
    bad = PersonInput(person_id="12345678901", given_name="Feil", family_name="Nummer")
    broken = type(data)(**{**data.__dict__, "partner": bad})
    with pytest.raises(ValidationError) as exc:
        application_register(municipality=kommune, data=broken, start_fetch=False)
    assert "12345678901" not in str(exc.value)  # the number is never echoed
    assert Person.objects.count() == 0 and Household.objects.count() == 0 and Application.objects.count() == 0


def test_sfo_needs_trinn(kommune):
    data = factories.barnehage_application()
    child = ChildInput(person=factories.person(datetime.date(2018, 9, 1)), institution="Skolen",
                       weekly_hours=Decimal(20), monthly_price=Decimal(2500))
    sfo = type(data)(**{**data.__dict__, "service": "sfo", "children": [child]})
    with pytest.raises(ValidationError):
        application_register(municipality=kommune, data=sfo, start_fetch=False)


def test_period_dates():
    assert period_dates("barnehage", "2026/27") == (datetime.date(2026, 8, 1), datetime.date(2027, 7, 31))
    assert period_dates("sfo", "2026/27") == (datetime.date(2026, 8, 1), datetime.date(2027, 6, 30))
    with pytest.raises(ValidationError):
        period_dates("barnehage", "2026/28")
