"""Tenant isolation: staff see only their own municipalities' cases; anonymous users go to login."""
import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client, kommune):
    case = factories.case(kommune)
    for url in (reverse("cases:queue"), reverse("cases:detail", args=[case.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_caseworker_sees_own_case(caseworker_client, kommune):
    case = factories.case(kommune)
    response = caseworker_client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    assert case.saksnummer in response.content.decode()


def test_other_municipalitys_case_is_404(caseworker_client, other_kommune):
    foreign = factories.case(other_kommune)
    assert caseworker_client.get(reverse("cases:detail", args=[foreign.pk])).status_code == 404


def test_queue_lists_only_own_municipality(caseworker_client, kommune, other_kommune):
    own = factories.case(kommune)
    foreign = factories.case(other_kommune)
    body = caseworker_client.get(reverse("cases:queue")).content.decode()
    assert own.saksnummer in body
    # Both municipalities start numbering at the same value, so compare by applicant name too.
    assert reverse("cases:detail", args=[foreign.pk]) not in body


def test_user_without_membership_sees_nothing(client, kommune, django_user_model):
    factories.case(kommune)
    loner = django_user_model.objects.create_user("loner", password="x-passord-1")
    client.force_login(loner)
    assert "Ingen saker" in client.get(reverse("cases:queue")).content.decode()


def test_kommune_administrator_sees_only_own_rows_in_admin(client, kommune, other_kommune):
    from cases.constants import Role

    own = factories.case(kommune)
    foreign = factories.case(other_kommune)
    admin_user = factories.staff("kommuneadmin", kommune, Role.ADMINISTRATOR)
    admin_user.is_staff = True
    admin_user.save()
    from django.contrib.auth.models import Permission

    admin_user.user_permissions.add(*Permission.objects.filter(codename__in=["view_case", "change_case"]))
    client.force_login(admin_user)
    body = client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert f"/admin/cases/case/{own.pk}/change/" in body
    assert f"/admin/cases/case/{foreign.pk}/change/" not in body
    assert client.get(reverse("admin:cases_case_change", args=[foreign.pk])).status_code in (302, 404)
