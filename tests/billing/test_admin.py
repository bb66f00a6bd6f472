"""API keys in the admin: the kommune administrator creates one for their own kommune and sees the key once;
only its hash is stored; revoking it shuts the API; another kommune's administrator can do neither."""
import hashlib
import re

import pytest
from django.urls import reverse

from cases.billing.models import BillingToken

ADD = reverse("admin:billing_billingtoken_add")


@pytest.fixture
def admin_client(world, login):
    def make(side):
        user = world[f"admin_{side}"]
        user.is_staff = True
        user.save()
        return login(user)
    return make


def test_the_kommune_administrator_creates_a_key_and_sees_it_once(world, admin_client, api):
    client = admin_client("a")
    response = client.post(ADD, {"municipality": world["a"].pk, "name": "Visma"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    key = re.search(r'value="(sdb_[0-9a-f]{12}_[A-Za-z0-9_-]{43})"', response.content.decode()).group(1)
    token = BillingToken.objects.get(name="Visma")
    assert token.municipality == world["a"] and token.created_by == world["admin_a"]
    assert token.token_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(BillingToken.objects.filter(pk=token.pk).values().get())
    # the change page never shows it again
    change = client.get(reverse("admin:billing_billingtoken_change", args=[token.pk])).content.decode()
    assert key not in change and token.prefix in change
    assert api(key).get(reverse("billing_api:exports", args=[world["a"].kommunenummer])).status_code == 200


def test_the_administrator_of_b_cannot_make_a_key_for_a(world, admin_client):
    before = BillingToken.objects.count()
    response = admin_client("b").post(ADD, {"municipality": world["a"].pk, "name": "Innbrudd"})
    assert response.status_code == 200 and "Velg et gyldig valg" in response.content.decode()
    assert BillingToken.objects.count() == before


def test_revoking_in_the_admin_shuts_the_api(world, admin_client, api):
    token = world["token_a"]
    url = reverse("admin:billing_billingtoken_change", args=[token.pk])
    response = admin_client("a").post(url, {"name": token.name, "revoke": "on"})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == world["admin_a"]
    assert api(world["key_a"]).get(reverse("billing_api:exports", args=[world["a"].kommunenummer])).status_code == 401


def test_the_administrator_of_b_cannot_revoke_a_key_of_a(world, admin_client):
    token = world["token_a"]
    url = reverse("admin:billing_billingtoken_change", args=[token.pk])
    response = admin_client("b").post(url, {"name": "x", "revoke": "on"})
    assert response.status_code in (302, 403) and getattr(response, "url", "/admin/") == "/admin/"
    token.refresh_from_db()
    assert token.revoked_at is None and token.name != "x"
