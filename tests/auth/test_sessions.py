"""Sessions end after 30 minutes without activity and after 10 hours in all, whichever comes first; the
cookie ends with the browser; background status polls do not count as activity."""
import datetime

import pytest
import time_machine
from django.utils import timezone

from tests import factories

PASSWORD = "passord-123"
QUEUE = "/saker/"


def login(client):
    response = client.post("/logg-inn/", {"username": "saksbehandler", "password": PASSWORD})
    assert response.status_code == 302
    return response


def is_logged_out(response):
    return response.status_code == 302 and response["Location"].startswith("/logg-inn/")


@pytest.mark.django_db
def test_session_cookie_ends_with_the_browser(client, saksbehandler, settings):
    response = login(client)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"]


@pytest.mark.django_db
def test_idle_timeout(client, saksbehandler):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        login(client)
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(QUEUE).status_code == 200  # activity: the clock starts again
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(QUEUE).status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get(QUEUE)
        assert is_logged_out(response)
        assert client.session.get("_auth_user_id") is None
        page = client.get(response["Location"]).content.decode()
        assert "Du ble logget ut etter 30 minutter uten aktivitet" in page


@pytest.mark.django_db
def test_idle_timeout_is_a_setting(client, saksbehandler, settings):
    settings.SESSION_IDLE_TIMEOUT_S = 5 * 60
    with time_machine.travel(timezone.now(), tick=False) as clock:
        login(client)
        clock.shift(datetime.timedelta(minutes=6))
        assert is_logged_out(client.get(QUEUE))


@pytest.mark.django_db
def test_absolute_lifetime_even_when_active(client, saksbehandler):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        login(client)
        for _ in range(29):  # active every 20 minutes: 9 h 40 min
            clock.shift(datetime.timedelta(minutes=20))
            assert client.get(QUEUE).status_code == 200
        clock.shift(datetime.timedelta(minutes=21))  # 10 h 1 min after login
        response = client.get(QUEUE)
        assert is_logged_out(response)
        assert "Økten din har vart så lenge den kan" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_status_polls_do_not_keep_the_session_alive(client, saksbehandler, kommune):
    from cases.services.intake import application_register

    case = application_register(municipality=kommune, data=factories.barnehage_application(), start_fetch=False)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        login(client)
        for _ in range(7):  # a tab left open polls every few minutes
            clock.shift(datetime.timedelta(minutes=4))
            assert client.get(f"/saker/{case.pk}/status.json").status_code == 200
        clock.shift(datetime.timedelta(minutes=3))  # 31 minutes after the last real activity
        assert is_logged_out(client.get(QUEUE))


@pytest.mark.django_db
def test_oidc_session_has_the_same_limits(client, saksbehandler):
    """force_login goes through django.contrib.auth.login, as the OIDC callback does."""
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(saksbehandler)
        clock.shift(datetime.timedelta(minutes=31))
        assert is_logged_out(client.get(QUEUE))
