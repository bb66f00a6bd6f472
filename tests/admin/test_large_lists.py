"""The admin's case list at a vendor's scale: counts stop at a cap, filters read no distinct over every case,
and the kommune filter offers only the kommuner the user may see."""
import pytest
from django.urls import reverse

from cases.admin import large_lists
from cases.constants import Role
from cases.models import Case, User
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("admin:cases_case_changelist")


def test_kommune_admin_sees_only_own_kommune_in_the_filter(client, kommune):
    other = factories.municipality("Annen kommune", orgno="974760673")
    admin_a = factories.staff("admin-a", kommune, Role.ADMINISTRATOR)
    admin_a.is_staff = True
    admin_a.save()
    client.force_login(admin_a)
    html = client.get(URL).content.decode()
    assert f"municipality__id__exact={kommune.pk}" in html and f"municipality__id__exact={other.pk}" not in html


def test_case_list_counts_up_to_the_cap(client, kommune, monkeypatch):
    monkeypatch.setattr(large_lists, "ADMIN_COUNT_CAP", 2)
    other = factories.municipality("Annen kommune", orgno="974760673")
    for _ in range(4):
        factories.case(kommune)
    assert large_lists.CappedCountPaginator(Case.objects.order_by("pk"), 25).count == 3  # «more than 2»
    client.force_login(User.objects.create_superuser("drift", password="passord-123"))
    page = client.get(URL)
    assert page.status_code == 200 and page.context["cl"].result_count == 3
    html = page.content.decode()
    assert f"municipality__id__exact={kommune.pk}" in html and f"municipality__id__exact={other.pk}" in html
    assert client.get(URL, {"municipality__id__exact": other.pk}).context["cl"].result_count == 0
