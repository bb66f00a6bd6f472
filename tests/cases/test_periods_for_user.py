"""The queue's period filter offers the periods of the user's kommuner only, newest first — on PostgreSQL
read by a loose index scan (``cases.selectors._PERIODS_SQL``), which must agree with a plain DISTINCT."""
import pytest

from cases.constants import Role
from cases.models import Application, Membership
from cases.selectors import periods_for_user
from tests import factories

pytestmark = pytest.mark.django_db


def _with_period(kommune, period: str) -> None:
    case = factories.case(kommune)
    Application.objects.filter(pk=case.application_id).update(period=period)


def _distinct(user) -> list[str]:
    ids = Membership.objects.filter(user=user).values_list("municipality_id", flat=True)
    return list(Application.objects.filter(municipality_id__in=ids).order_by("-period")
                .values_list("period", flat=True).distinct())


def test_periods_of_the_user_s_kommuner_only_newest_first(kommune, other_kommune):
    third = factories.municipality("Tredjekommune")
    for period in ("2024/25", "2026/27", "2024/25", "2019/20"):
        _with_period(kommune, period)
    _with_period(other_kommune, "2025/26")
    _with_period(third, "2030/31")  # nobody below may see this kommune
    one = factories.staff("en", kommune, Role.SAKSBEHANDLER)
    two = factories.staff("to", kommune, Role.GODKJENNER)
    Membership.objects.create(user=two, municipality=other_kommune, role=Role.SAKSBEHANDLER)
    nobody = factories.staff("ingen", kommune, Role.SAKSBEHANDLER)
    Membership.objects.filter(user=nobody).delete()

    assert periods_for_user(one) == ["2026/27", "2024/25", "2019/20"] == _distinct(one)
    assert periods_for_user(two) == ["2026/27", "2025/26", "2024/25", "2019/20"] == _distinct(two)
    assert periods_for_user(nobody) == []


def test_a_kommune_without_applications_adds_nothing(kommune, other_kommune):
    _with_period(kommune, "2025/26")
    user = factories.staff("en", other_kommune, Role.SAKSBEHANDLER)
    Membership.objects.create(user=user, municipality=kommune, role=Role.SAKSBEHANDLER)
    assert periods_for_user(user) == ["2025/26"]
