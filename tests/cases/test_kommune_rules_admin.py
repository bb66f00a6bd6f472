"""Kommune rule choices in the admin: dated, sourced, and visible only to the kommune's administrators."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.constants import Role
from cases.models import KommunalModeration, KommunalModerationBand, KommuneRuleChoice
from cases.services.kommune_rules import kommune_inputs
from tests import factories


@pytest.fixture
def kommune_admin(kommune):
    user = factories.staff("kadmin", kommune, Role.ADMINISTRATOR)
    user.is_staff = True
    user.save()
    from django.contrib.auth.models import Permission

    user.user_permissions.add(*Permission.objects.filter(codename__in=[
        "view_kommunerulechoice", "change_kommunerulechoice", "add_kommunerulechoice",
        "view_kommunalmoderation", "change_kommunalmoderation"]))
    return user


def test_an_administrator_never_sees_another_kommunes_choices(client, kommune, other_kommune, kommune_admin):
    own = KommuneRuleChoice.objects.create(municipality=kommune, valid_from=datetime.date(2024, 8, 1),
                                           sfo_order="free_hours_first", source="Forskrift om SFO § 4")
    other = KommuneRuleChoice.objects.create(municipality=other_kommune, valid_from=datetime.date(2024, 8, 1),
                                             source="Annen kommunes forskrift")
    client.force_login(kommune_admin)
    listing = client.get("/admin/cases/kommunerulechoice/").content.decode()
    assert "Forskrift om SFO § 4" in listing and "Annen kommunes forskrift" not in listing
    assert client.get(f"/admin/cases/kommunerulechoice/{other.pk}/change/").status_code in (302, 404)
    assert client.get(f"/admin/cases/kommunerulechoice/{own.pk}/change/").status_code == 200
    add = client.get("/admin/cases/kommunerulechoice/add/").content.decode()
    assert other_kommune.name not in add


def test_overlapping_dated_choices_are_refused(kommune):
    KommuneRuleChoice.objects.create(municipality=kommune, valid_from=datetime.date(2024, 8, 1), source="a")
    clash = KommuneRuleChoice(municipality=kommune, valid_from=datetime.date(2025, 1, 1), source="b")
    with pytest.raises(ValidationError, match="Overlapper"):
        clash.full_clean()


def test_rows_become_engine_inputs(kommune):
    KommuneRuleChoice.objects.create(municipality=kommune, valid_from=datetime.date(2024, 8, 1),
                                     sfo_order="free_hours_first", sfo_sibling_percent_2=25, source="vedtekter")
    rule_set = KommunalModeration.objects.create(municipality=kommune, service="barnehage",
                                                 valid_from=datetime.date(2024, 8, 1), source="forskrift")
    KommunalModerationBand.objects.create(rule_set=rule_set, income_from=0, income_to=300000, monthly_price=500)
    choices, moderation = kommune_inputs(kommune)
    assert choices[0].sfo_order == "free_hours_first" and choices[0].sfo_sibling_percent_2 == 25
    assert moderation[0].band_for(299999).monthly_price == 500 and moderation[0].band_for(300000) is None
