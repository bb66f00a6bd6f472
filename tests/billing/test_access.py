"""The attacker's tests, written before the happy path: every role × tenant × path of the billing export.

Staff pages: a saksbehandler or administrator of the kommune only; another kommune (or its export) is a
404, a user with no such role anywhere a 403, anonymous a login redirect. API: a Bearer key only; no key,
an unknown or a revoked key is 401, kommune A's key on kommune B's URL is 404, a key in the URL is 400.
"""
import pytest
from django.urls import reverse

from cases.billing import services
from cases.billing.models import ExportRun
from cases.constants import Role
from tests import factories
from tests.portal.conftest import log_in_parent

THROUGH = "2026-09"


def staff_urls(kommune, run=None):
    urls = [reverse("billing:kommune", args=[kommune.kommunenummer])]
    if run is not None:
        args = [kommune.kommunenummer, run.pk]
        urls += [reverse("billing:run", args=args), reverse("billing:csv", args=args),
                 reverse("billing:xlsx", args=args)]
    return urls


def api_urls(kommune, run=None):
    urls = [reverse("billing_api:exports", args=[kommune.kommunenummer]),
            reverse("billing_api:preview", args=[kommune.kommunenummer])]
    if run is not None:
        urls.append(reverse("billing_api:export", args=[kommune.kommunenummer, run.pk]))
    return urls


@pytest.fixture
def runs(world):
    return {side: services.export_run_create(municipality_id=world[side].pk, actor=world[f"admin_{side}"],
                                             through=THROUGH) for side in ("a", "b")}


# --- staff pages ----------------------------------------------------------------------------------------

def test_anonymous_is_sent_to_login(world, runs, client):
    for url in [reverse("billing:index"), *staff_urls(world["a"], runs["a"])]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    assert client.post(staff_urls(world["a"])[0], {"through": THROUGH}).status_code == 302
    assert ExportRun.objects.count() == 2


def test_other_kommune_is_not_found(world, runs, login):
    """Kommune B's saksbehandler and administrator: A's page, A's runs and files are 404, and a POST makes nothing."""
    for user in (world["saksbehandler_b"], world["admin_b"]):
        client = login(user)
        for url in staff_urls(world["a"], runs["a"]):
            assert client.get(url).status_code == 404, url
        assert client.post(staff_urls(world["a"])[0], {"through": THROUGH}).status_code == 404
        # A's run id under B's own kommune URL is no better
        args = [world["b"].kommunenummer, runs["a"].pk]
        for name in ("billing:run", "billing:csv", "billing:xlsx"):
            assert client.get(reverse(name, args=args)).status_code == 404
    assert ExportRun.objects.filter(municipality=world["a"]).count() == 1


def test_the_since_choice_cannot_name_another_kommunes_export(world, runs, login):
    """A's saksbehandler posts B's export as «since» on A's own page: a form error (400), nothing made."""
    client = login(world["saksbehandler_a"])
    response = client.post(staff_urls(world["a"])[0], {"since": str(runs["b"].pk), "through": THROUGH})
    assert response.status_code == 400 and "since" in response.context["form"].errors  # the choice is refused
    assert ExportRun.objects.filter(municipality=world["a"]).count() == 1


def test_unknown_kommune_is_not_found(world, login):
    assert login(world["admin_a"]).get(reverse("billing:kommune", args=["0000"])).status_code == 404


def test_wrong_role_is_refused(world, runs, login):
    """A godkjenner only (no saksbehandler or administrator role anywhere) gets 403 on every page."""
    client = login(world["godkjenner_a"])
    for url in [reverse("billing:index"), *staff_urls(world["a"], runs["a"])]:
        assert client.get(url).status_code == 403, url
    assert client.post(staff_urls(world["a"])[0], {"through": THROUGH}).status_code == 403
    assert ExportRun.objects.filter(municipality=world["a"]).count() == 1


def test_user_without_membership_is_refused(world, runs, login, django_user_model):
    stranger = django_user_model.objects.create_user("fremmed", password="passord-123", is_staff=True)
    client = login(stranger)
    for url in [reverse("billing:index"), *staff_urls(world["a"], runs["a"])]:
        assert client.get(url).status_code == 403, url


def test_superuser_without_membership_sees_nothing(world, runs, login, django_user_model):
    operator = django_user_model.objects.create_superuser("operator", password="passord-123")
    client = login(operator)
    for url in staff_urls(world["a"], runs["a"]):
        assert client.get(url).status_code == 403, url


def test_role_in_b_and_godkjenner_in_a_still_cannot_export_a(world, runs, login):
    user = world["saksbehandler_b"]
    factories.Membership.objects.create(user=user, municipality=world["a"], role=Role.GODKJENNER)
    client = login(user)
    for url in staff_urls(world["a"], runs["a"]):
        assert client.get(url).status_code == 404, url


def test_a_parent_with_a_portal_session_is_sent_to_login_and_the_api_answers_401(world, runs, client):
    """A parent logged in through ID-porten is never a staff user: billing pages and the API refuse them."""
    log_in_parent(client, world["a"], "01010112345")
    for url in [reverse("billing:index"), *staff_urls(world["a"], runs["a"])]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    for url in api_urls(world["a"], runs["a"]):
        assert client.get(url).status_code == 401, url
    assert ExportRun.objects.count() == 2


# --- API --------------------------------------------------------------------------------------------------

def test_api_without_a_key_is_unauthorised(world, runs, api):
    for url in api_urls(world["a"], runs["a"]):
        response = api().get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert api().post(api_urls(world["a"])[0]).status_code == 401
    assert ExportRun.objects.count() == 2


def test_api_ignores_a_staff_session(world, runs, login):
    """A logged-in administrator's session cookie is not a key: the API answers 401."""
    client = login(world["admin_a"])
    for url in api_urls(world["a"], runs["a"]):
        assert client.get(url).status_code == 401, url


@pytest.mark.parametrize("presented", [
    "sdb_000000000000_" + "A" * 43,  # well-formed, unknown
    "nonsense",
    "Basic dXNlcjpwYXNz",
])
def test_api_with_an_unknown_key_is_unauthorised(world, runs, api, presented):
    for url in api_urls(world["a"], runs["a"]):
        assert api(presented).get(url).status_code == 401, url


def test_api_with_a_tampered_key_is_unauthorised(world, runs, api):
    """Kommune A's key id with another secret: the hash comparison refuses it."""
    key = world["key_a"]
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")
    assert api(tampered).get(api_urls(world["a"])[0]).status_code == 401


def test_api_with_a_revoked_key_is_unauthorised(world, runs, api):
    assert api(world["key_a"]).get(api_urls(world["a"])[0]).status_code == 200
    services.billing_token_revoke(token_id=world["token_a"].pk, actor=world["admin_a"])
    for url in api_urls(world["a"], runs["a"]):
        assert api(world["key_a"]).get(url).status_code == 401, url
    assert api(world["key_a"]).post(api_urls(world["a"])[0], {"through": THROUGH}).status_code == 401
    assert ExportRun.objects.filter(municipality=world["a"]).count() == 1


def test_api_key_of_kommune_a_on_kommune_b_is_not_found(world, runs, api):
    for url in api_urls(world["b"], runs["b"]):
        response = api(world["key_a"]).get(url)
        assert response.status_code == 404, url
        assert b"Bj" not in response.content  # nothing of B's
    assert api(world["key_a"]).post(api_urls(world["b"])[0], {"through": THROUGH}).status_code == 404
    assert ExportRun.objects.filter(municipality=world["b"]).count() == 1


def test_api_own_kommune_url_with_other_kommunes_export_id_is_not_found(world, runs, api):
    url = reverse("billing_api:export", args=[world["a"].kommunenummer, runs["b"].pk])
    assert api(world["key_a"]).get(url).status_code == 404
    since_b = api(world["key_a"]).get(api_urls(world["a"])[1], {"since": runs["b"].pk})
    assert since_b.status_code == 400 and since_b.json()["error"] == "unknown_export"


@pytest.mark.parametrize("name", ["token", "access_token", "api_key", "key"])
def test_api_refuses_a_key_in_the_url(world, runs, api, name):
    """Even the right key is refused in the query string (it would end up in logs and browser history)."""
    url = api_urls(world["a"])[0]
    response = api().get(url, {name: world["key_a"]})
    assert response.status_code == 400 and response.json()["error"] == "key_in_url"
    assert api(world["key_a"]).get(url, {name: world["key_a"]}).status_code == 400


def test_the_key_is_stored_only_as_a_hash(world):
    token = world["token_a"]
    key = world["key_a"]
    assert key not in str(token.__dict__)
    assert token.token_hash != key and len(token.token_hash) == 64
    assert key.startswith(f"sdb_{token.prefix}_")
