"""Attacker's tests first: who may see which kommune's statistics."""
import datetime

import pytest
from django.urls import reverse

from cases.constants import Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    for name in ("stats:index", "stats:csv"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_saksbehandler_without_leader_role_is_refused(client, saksbehandler):
    client.force_login(saksbehandler)
    assert client.get(reverse("stats:index")).status_code == 403
    assert client.get(reverse("stats:csv")).status_code == 403


def test_other_kommunes_leader_sees_nothing_of_kommune_a(client, kommune, other_kommune, household, refresh):
    household(kommune, fees=(0, 500), received=datetime.date(2025, 6, 2))
    refresh()
    outsider = factories.staff("leder-b", other_kommune, Role.ADMINISTRATOR, Role.GODKJENNER)
    client.force_login(outsider)

    page = client.get(reverse("stats:index"))
    assert page.status_code == 200
    assert kommune.name not in page.content.decode()
    assert page.context["processing"]["count"] == 0
    assert sum(n for _, n in page.context["outcome_rows"]) == 0
    assert page.context["application_rows"] == []

    rows = client.get(reverse("stats:csv")).content.decode().splitlines()
    assert not any(r.startswith("applications;") for r in rows)
    assert "outcomes;delvis;0" in rows

    # Asking for kommune A by id is a 404 (no hint that it exists), for the page and the CSV.
    assert client.get(reverse("stats:index"), {"kommune": kommune.pk}).status_code == 404
    assert client.get(reverse("stats:csv"), {"kommune": kommune.pk}).status_code == 404


def test_leader_of_two_kommuner_can_narrow_to_one(client, kommune, other_kommune, household, leader, refresh):
    from cases.models import Membership

    Membership.objects.create(user=leader, municipality=other_kommune, role=Role.GODKJENNER)
    household(kommune, fees=(0,), outcome="innvilget")
    household(other_kommune, fees=(1200,), outcome="avslag")
    refresh()
    client.force_login(leader)
    both = client.get(reverse("stats:index")).context
    only_b = client.get(reverse("stats:index"), {"kommune": other_kommune.pk}).context
    assert dict(both["outcome_rows"])["Innvilget"] == 1
    assert dict(both["outcome_rows"])["Avslått"] == 1
    assert dict(only_b["outcome_rows"])["Innvilget"] == 0
    assert dict(only_b["outcome_rows"])["Avslått"] == 1


def test_bad_filter_is_a_clear_error(client, leader):
    client.force_login(leader)
    response = client.get(reverse("stats:index"), {"period": "2026-27", "service": "kino"})
    assert response.status_code == 400
    assert "ÅÅÅÅ/ÅÅ" in response.content.decode()
