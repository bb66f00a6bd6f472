"""Case.search_text: written at registration, followed when a household's adults change."""
from cases.models import Case, Household
from cases.services.search_text import case_search_text_refresh, search_text
from tests import factories


def test_written_at_registration_without_any_person_number(kommune):
    case = factories.case(kommune)
    household = case.application.household
    assert case.search_text == f"{case.saksnummer} Kari Nordmann Ola Nordmann"
    assert household.applicant.person_id not in case.search_text


def test_a_household_without_partner_and_extra_whitespace():
    class P:
        given_name, family_name = " Anne  Marie ", "Li"

    assert search_text("2026/00001", P(), None) == "2026/00001 Anne Marie Li"


def test_a_changed_partner_is_followed(kommune):
    case = factories.case(kommune, partner=False)
    assert case.search_text == f"{case.saksnummer} Kari Nordmann"
    other = factories.case(kommune, period="2027/28")
    household = Household.objects.get(pk=case.application.household_id)
    household.partner_id = other.application.household.partner_id
    household.partner_given_name, household.partner_family_name = "Ola", "Nordmann"
    household.partner_relation = "samboer"
    household.save()
    assert Case.objects.get(pk=case.pk).search_text == f"{case.saksnummer} Kari Nordmann Ola Nordmann"


def test_refresh_without_ids_does_nothing(kommune, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert case_search_text_refresh() == 0


def test_a_household_name_change_updates_only_that_households_cases(kommune):
    mine = factories.case(kommune)
    theirs = factories.case(kommune, children=1, partner=False, period="2027/28")
    household = Household.objects.get(pk=mine.application.household_id)
    household.partner_family_name = "Fjell"
    household.save()
    assert "Ola Fjell" in Case.objects.get(pk=mine.pk).search_text
    assert Case.objects.get(pk=theirs.pk).search_text == theirs.search_text


def test_the_shared_person_row_is_not_the_cases_name(kommune):
    """A Person row is never renamed by intake; should anyone edit it, no case's search text follows."""
    case = factories.case(kommune)
    person = case.application.household.partner
    person.family_name = "Fjell"
    person.save()
    assert Case.objects.get(pk=case.pk).search_text == case.search_text
