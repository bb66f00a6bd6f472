"""Who may see what in the parents' portal — the attacker's tests first: another household's case is 404
on every route, a parent never reaches staff pages (own cookie, never a staff user), a closed portal and
an unknown kommune are 404, sessions time out, and a staff session is not a parent."""
import time

import pytest
from django.conf import settings
from django.urls import reverse

from cases.constants import CaseStatus
from tests import factories
from tests.portal.conftest import log_in_parent

pytestmark = pytest.mark.django_db


def _routes(kn, pk):
    return [("get", reverse("portal:case", args=[kn, pk])), ("get", reverse("portal:receipt", args=[kn, pk])),
            ("get", reverse("portal:vedtak", args=[kn, pk])), ("post", reverse("portal:withdraw", args=[kn, pk]))]


def test_a_parent_of_another_household_gets_404_everywhere(client, portal_kommune, household):
    stranger = factories.person(__import__("datetime").date(1985, 1, 2), "Eva", "Fremmed")
    factories.case(portal_kommune, applicant=stranger, partner=False)
    log_in_parent(client, portal_kommune, stranger.person_id)
    for method, url in _routes(portal_kommune.kommunenummer, household.pk):
        response = getattr(client, method)(url, {"confirm": "yes"} if method == "post" else None)
        assert response.status_code == 404, url
    household.refresh_from_db()
    assert household.status == CaseStatus.RECEIVED
    listing = client.get(reverse("portal:cases", args=[portal_kommune.kommunenummer]))
    assert household.saksnummer not in listing.content.decode()


def test_the_same_parent_in_another_kommune_sees_nothing_there(client, portal_kommune, household):
    other = factories.municipality("Annen kommune")
    from portal.models import PortalSettings

    PortalSettings.objects.create(municipality=other, enabled=True)
    pid = household.application.household.applicant.person_id
    log_in_parent(client, portal_kommune, pid)
    # logged in for portal_kommune only: the other kommune's pages send to its start page
    response = client.get(reverse("portal:cases", args=[other.kommunenummer]))
    assert response.status_code == 302 and response["Location"].startswith(f"/innbygger/{other.kommunenummer}/")
    assert client.get(reverse("portal:case", args=[other.kommunenummer, household.pk])).status_code == 302


def test_a_parent_never_reaches_staff_pages(client, portal_kommune, household):
    pid = household.application.household.applicant.person_id
    store = log_in_parent(client, portal_kommune, pid)
    assert "_auth_user_id" not in store.load()
    # The browser sends the portal cookie only below /innbygger/ (its path) …
    response = client.get(reverse("portal:cases", args=[portal_kommune.kommunenummer]))
    cookie = response.cookies.get(settings.PORTAL_SESSION_COOKIE_NAME)
    assert cookie is None or cookie["path"] == "/innbygger/"
    # … and even the same session id presented as the staff cookie is no staff login.
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    for url in ("/saker/", "/saker/ny/", "/admin/", f"/saker/{household.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 404), url
        if response.status_code == 302:
            assert "login" in response["Location"] or "/logg-inn/" in response["Location"], url


def test_a_staff_session_is_not_a_parent(client, portal_kommune, household):
    staff = factories.staff("sara", portal_kommune)
    client.force_login(staff)
    response = client.get(reverse("portal:cases", args=[portal_kommune.kommunenummer]))
    assert response.status_code == 302 and "/innbygger/" in response["Location"]
    assert client.get(reverse("portal:case", args=[portal_kommune.kommunenummer, household.pk])).status_code == 302


def test_not_logged_in_goes_to_the_portal_start_page_not_staff_login(client, portal_kommune):
    response = client.get(reverse("portal:apply", args=[portal_kommune.kommunenummer]))
    assert response.status_code == 302
    assert response["Location"] == f"/innbygger/{portal_kommune.kommunenummer}/?utlogget=1"


def test_closed_portal_and_unknown_kommune_are_404(client, portal_kommune):
    assert client.get(reverse("portal:start", args=["9999"])).status_code == 404
    closed = factories.municipality("Lukket kommune")
    assert client.get(reverse("portal:start", args=[closed.kommunenummer])).status_code == 404
    portal_kommune.portal_settings.enabled = False
    portal_kommune.portal_settings.save()
    assert client.get(reverse("portal:start", args=[portal_kommune.kommunenummer])).status_code == 404


@pytest.mark.parametrize("age", ["idle", "absolute"])
def test_parent_sessions_time_out(client, portal_kommune, household, age):
    pid = household.application.household.applicant.person_id
    now = time.time()
    if age == "idle":
        log_in_parent(client, portal_kommune, pid, seen=now - settings.PORTAL_SESSION_IDLE_S - 5)
    else:
        log_in_parent(client, portal_kommune, pid, started=now - settings.PORTAL_SESSION_MAX_S - 5, seen=now)
    response = client.get(reverse("portal:cases", args=[portal_kommune.kommunenummer]))
    assert response.status_code == 302 and "utlogget" in response["Location"]


def test_parent_limits_are_shorter_than_staff_limits():
    assert settings.PORTAL_SESSION_IDLE_S <= settings.SESSION_IDLE_TIMEOUT_S
    assert settings.PORTAL_SESSION_MAX_S < settings.SESSION_ABSOLUTE_LIFETIME_S
    assert settings.PORTAL_SESSION_COOKIE_NAME != settings.SESSION_COOKIE_NAME
