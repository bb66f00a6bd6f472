"""In production (SKATTEDELING_PASSWORD_LOGIN=superusers, the production default) password login is for the
break-glass system administrator only while an identity provider is enabled; everyone else is told to
use the kommune's login. With "all" (the quick start), the demo passwords keep working."""
import importlib

import pytest

from accounts.models import IdentityProvider
from cases.models import User

PASSWORD = "passord-123"


def attempt(client, username):
    return client.post("/logg-inn/", {"username": username, "password": PASSWORD})


@pytest.fixture
def provider(db):
    return IdentityProvider.objects.create(slug="entra", name="Microsoft Entra ID",
                                           issuer="https://login.microsoftonline.com/tenant/v2.0",
                                           client_id="abc", client_secret_env_var="SKATTEDELING_SECRET_ENTRA")


@pytest.fixture
def operator(db):
    return User.objects.create_superuser("drift", password=PASSWORD)


@pytest.mark.django_db
def test_production_refuses_staff_passwords_when_an_idp_is_enabled(client, settings, saksbehandler, provider):
    settings.PASSWORD_LOGIN = "superusers"
    response = attempt(client, "saksbehandler")
    assert response.status_code == 200 and client.session.get("_auth_user_id") is None
    assert "Innlogging med passord er bare for systemadministrator" in response.content.decode()
    assert "Logg inn med Microsoft Entra ID" in response.content.decode()


@pytest.mark.django_db
def test_production_lets_the_break_glass_superuser_in(client, settings, operator, provider):
    settings.PASSWORD_LOGIN = "superusers"
    assert attempt(client, "drift").status_code == 302


@pytest.mark.django_db
def test_without_an_enabled_idp_passwords_still_work(client, settings, saksbehandler, provider):
    settings.PASSWORD_LOGIN = "superusers"
    provider.enabled = False
    provider.save()
    assert attempt(client, "saksbehandler").status_code == 302


@pytest.mark.django_db
def test_quick_start_mode_allows_demo_passwords(client, settings, saksbehandler, provider):
    settings.PASSWORD_LOGIN = "all"
    assert attempt(client, "saksbehandler").status_code == 302


def test_production_default_is_superusers_only(monkeypatch):
    # The module in sys.modules (another test may have re-imported the settings and put the old one back,
    # leaving the package attribute pointing at a module importlib.reload refuses).
    base = importlib.import_module("skattedeling.settings.base")

    monkeypatch.setenv("SKATTEDELING_ENV", "production")
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.delenv("SKATTEDELING_PASSWORD_LOGIN", raising=False)
    try:
        assert importlib.reload(base).PASSWORD_LOGIN == "superusers"
        monkeypatch.setenv("SKATTEDELING_ENV", "development")
        assert importlib.reload(base).PASSWORD_LOGIN == "all"
    finally:
        monkeypatch.undo()
        importlib.reload(base)


def test_identity_provider_secret_variable_needs_the_prefix(db):
    from django.core.exceptions import ValidationError

    provider = IdentityProvider(slug="x", name="X", issuer="https://idp.example", client_id="c",
                                client_secret_env_var="DJANGO_SECRET_KEY")
    with pytest.raises(ValidationError) as excinfo:
        provider.full_clean()
    assert "client_secret_env_var" in excinfo.value.message_dict


def test_email_is_not_accepted_as_subject_claim(db):
    from django.core.exceptions import ValidationError

    provider = IdentityProvider(slug="x", name="X", issuer="https://idp.example", client_id="c",
                                client_secret_env_var="SKATTEDELING_SECRET_X", subject_claim="email")
    with pytest.raises(ValidationError):
        provider.full_clean()


def test_production_requires_an_https_issuer(db, settings):
    from django.core.exceptions import ValidationError

    settings.PRODUCTION = True
    provider = IdentityProvider(slug="x", name="X", issuer="http://idp.internal/", client_id="c",
                                client_secret_env_var="SKATTEDELING_SECRET_X")
    with pytest.raises(ValidationError) as excinfo:
        provider.full_clean()
    assert "issuer" in excinfo.value.message_dict
    provider.issuer = "https://idp.example/"
    provider.full_clean()
