"""Person data belongs to the application: names as each application gave them, never renamed elsewhere;
one active application per child is a rule per kommune, with messages that name no other kommune's case."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases.constants import Service
from cases.models import Case, Child, Household, Person
from cases.services.intake import DUPLICATE_CHILD_MESSAGE, ApplicationInput, ChildInput, application_register
from tests import factories

BORN = datetime.date(1990, 5, 17)


def application(applicant, *, child, period="2026/27", partner=None):
    return ApplicationInput(
        service=Service.BARNEHAGE, period=period, applicant=applicant, partner=partner,
        partner_relation="samboer" if partner else "",
        children=[ChildInput(person=child, institution="Solsikken", weekly_hours=Decimal(41),
                             monthly_price=Decimal(1200))],
    )


@pytest.fixture
def kari():
    return factories.person(BORN, "Kari", "Nordmann")


@pytest.fixture
def barn():
    return factories.person(datetime.date(2022, 3, 1), "Lise", "Nordmann")


def test_registering_in_another_kommune_renames_nobody(kommune, other_kommune, kari, barn):
    first = application_register(municipality=kommune, data=application(kari, child=barn))
    typo = factories.person(BORN, "Karri", "Nordman")
    typo = type(typo)(person_id=kari.person_id, given_name="Karri", family_name="Nordman")
    child_typo = type(barn)(person_id=barn.person_id, given_name="Lisa", family_name="Nordman")
    second = application_register(municipality=other_kommune, data=application(typo, child=child_typo))
    first = Case.objects.get(pk=first.pk)
    household = first.application.household
    assert (household.applicant_given_name, household.applicant_family_name) == ("Kari", "Nordmann")
    assert household.applicant_name == "Kari Nordmann"
    assert first.application.children.get().full_name == "Lise Nordmann"
    assert first.search_text == f"{first.saksnummer} Kari Nordmann"
    assert Case.objects.get(pk=second.pk).application.household.applicant_name == "Karri Nordman"
    # one identity, never renamed
    assert Person.objects.filter(person_id=kari.person_id).count() == 1
    person = Person.objects.get(person_id=kari.person_id)
    assert (person.given_name, person.family_name) == ("", "")  # the shared identity holds no names


def test_letter_uses_the_applications_names(kommune, other_kommune, kari, barn):
    first = application_register(municipality=kommune, data=application(kari, child=barn))
    renamed = type(kari)(person_id=kari.person_id, given_name="Kari Anne", family_name="Berg")
    application_register(municipality=other_kommune, data=application(renamed, child=factories.person(
        datetime.date(2021, 4, 4), "Per")))
    # the letter (cases.pdf.letter_data.from_decision) names the applicant from these fields
    assert Case.objects.get(pk=first.pk).application.household.applicant_name == "Kari Nordmann"


def test_same_child_may_have_an_application_in_each_kommune(kommune, other_kommune, kari, barn):
    application_register(municipality=kommune, data=application(kari, child=barn))
    other = application_register(municipality=other_kommune, data=application(kari, child=barn))
    assert other.application.children.get().person.person_id == barn.person_id


def test_a_second_active_application_in_the_same_kommune_is_refused_neutrally(kommune, kari, barn):
    first = application_register(municipality=kommune, data=application(kari, child=barn))
    with pytest.raises(ValidationError) as refused:
        application_register(municipality=kommune, data=application(kari, child=barn))
    messages = refused.value.messages
    assert messages == [DUPLICATE_CHILD_MESSAGE]
    assert first.saksnummer not in " ".join(messages)
    assert Case.objects.filter(municipality=kommune).count() == 1


def test_the_database_constraint_is_per_kommune(kommune, other_kommune, kari, barn):
    first = application_register(municipality=kommune, data=application(kari, child=barn))
    second = application_register(municipality=other_kommune, data=application(kari, child=barn))
    child = first.application.children.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Child.objects.create(application=child.application, municipality=kommune, person=child.person,
                             service=child.service, period=child.period, institution="X",
                             weekly_hours=Decimal(10), monthly_price=Decimal(1), given_name="A", family_name="B")
    assert second.application.children.get().municipality == other_kommune


def test_active_children_selector_is_per_kommune(kommune, other_kommune, kari, barn):
    from cases.selectors import active_child_person_ids

    application_register(municipality=kommune, data=application(kari, child=barn))
    assert active_child_person_ids([barn.person_id], "barnehage", "2026/27", municipality=kommune) == {
        barn.person_id}
    assert active_child_person_ids([barn.person_id], "barnehage", "2026/27", municipality=other_kommune) == set()


def test_a_name_differing_from_earlier_cases_in_the_kommune_gives_a_notice(kommune, other_kommune, kari, barn):
    from cases.services.intake import name_differences

    application_register(municipality=kommune, data=application(kari, child=barn, period="2025/26"))
    other_name = type(kari)(person_id=kari.person_id, given_name="Kari", family_name="Berg")
    elsewhere = application_register(municipality=other_kommune, data=application(other_name, child=barn))
    assert name_differences(elsewhere) == []  # another kommune's spelling is none of this kommune's business
    later = application_register(municipality=kommune, data=application(other_name, child=barn))
    (notice,) = name_differences(later)
    assert (notice.name, notice.earlier_name) == ("Kari Berg", "Kari Nordmann")
    assert notice.earlier_saksnummer.startswith(str(datetime.date.today().year))


def test_the_data_migration_copies_names_into_each_application(kommune, kari, barn):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("cases.migrations.0008_foureyes_preparers_and_application_names")
    case = application_register(municipality=kommune, data=application(kari, child=barn))
    # as before 0008: the names on the shared Person rows, none on the application
    Person.objects.filter(person_id=kari.person_id).update(given_name="Kari", family_name="Nordmann")
    Person.objects.filter(person_id=barn.person_id).update(given_name="Lise", family_name="Nordmann")
    Household.objects.filter(pk=case.application.household_id).update(applicant_given_name="",
                                                                      applicant_family_name="")
    Child.objects.filter(application=case.application).update(given_name="", family_name="")
    migration.copy_names(apps, None)
    case = Case.objects.get(pk=case.pk)
    assert case.application.household.applicant_name == "Kari Nordmann"
    assert case.application.children.get().full_name == "Lise Nordmann"
    assert case.application.children.get().municipality_id == kommune.pk
    forget = importlib.import_module("cases.migrations.0010_foureyes_person_without_names")
    forget.forget_person_names(apps, None)
    assert not Person.objects.exclude(given_name="", family_name="").exists()
    forget.restore_person_names(apps, None)
    assert Person.objects.get(person_id=kari.person_id).family_name == "Nordmann"
