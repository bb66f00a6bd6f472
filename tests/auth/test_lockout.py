"""Password throttling (django-axes): 5 failures for one username from one address lock that pair out for
the cool-off period, even with the right password; the lockout page is Norwegian; failed attempts never
reach the case audit."""
import datetime

import pytest
import time_machine
from django.utils import timezone

from cases.models import AuditEvent

PASSWORD = "passord-123"  # tests/factories.staff


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post("/logg-inn/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client):
    return client.session.get("_auth_user_id") is not None


@pytest.mark.django_db
def test_25_wrong_passwords_then_the_right_one_does_not_log_in_until_the_cool_off_has_passed(
        client, saksbehandler, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        statuses = [attempt(client, "saksbehandler", f"feil-{i}").status_code for i in range(25)]
        assert statuses[:4] == [200] * 4  # the form again, with an error
        assert set(statuses[5:]) == {429}
        right = attempt(client, "saksbehandler", PASSWORD)
        assert right.status_code == 429 and not logged_in(client)
        html = right.content.decode()
        assert "Innlogging midlertidig sperret" in html and "15 minutter" in html

        clock.shift(datetime.timedelta(minutes=14))
        assert attempt(client, "saksbehandler", PASSWORD).status_code == 429 and not logged_in(client)

        clock.shift(settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1))
        response = attempt(client, "saksbehandler", PASSWORD)
        assert response.status_code == 302 and logged_in(client)


@pytest.mark.django_db
def test_lockout_is_per_username_and_address(client, saksbehandler, godkjenner):
    for i in range(6):
        attempt(client, "saksbehandler", f"feil-{i}", ip="10.0.0.1")
    assert attempt(client, "saksbehandler", PASSWORD, ip="10.0.0.1").status_code == 429
    # Another user from the same address, and the same user from another address, are not locked out.
    assert attempt(client, "godkjenner", PASSWORD, ip="10.0.0.1").status_code == 302
    client.logout()
    assert attempt(client, "saksbehandler", PASSWORD, ip="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_a_success_before_the_limit_resets_the_count(client, saksbehandler):
    for i in range(4):
        attempt(client, "saksbehandler", f"feil-{i}")
    assert attempt(client, "saksbehandler", PASSWORD).status_code == 302
    client.logout()
    for i in range(4):
        attempt(client, "saksbehandler", f"feil-{i}")
    assert attempt(client, "saksbehandler", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_failed_attempts_stay_out_of_the_case_audit(client, saksbehandler):
    from axes.models import AccessAttempt

    for i in range(7):
        attempt(client, "saksbehandler", f"feil-{i}")
    assert AuditEvent.objects.count() == 0
    assert AccessAttempt.objects.filter(username="saksbehandler").exists()


@pytest.mark.django_db
def test_trusted_proxy_count_takes_the_client_address_from_x_forwarded_for(client, saksbehandler, settings):
    settings.LOGIN_TRUSTED_PROXY_COUNT = 1
    for _ in range(6):
        client.post("/logg-inn/", {"username": "saksbehandler", "password": "feil"},
                    REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="192.0.2.10")
    # Same proxy, another client behind it: not locked out.
    response = client.post("/logg-inn/", {"username": "saksbehandler", "password": PASSWORD},
                           REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="192.0.2.11")
    assert response.status_code == 302


@pytest.mark.django_db
def test_admin_login_uses_the_same_login_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/logg-inn/?next=/admin/"
