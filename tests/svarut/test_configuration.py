"""Per-kommune SvarUt configuration: the admin row first (password only by environment-variable name,
prefix SKATTEDELING_SECRET_), then the contract's environment variables; the token scope is ks:fiks."""
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from integrations.errors import NotConfiguredError
from integrations.models import SvarUtAccount
from integrations.svarut.config import resolve_svarut

pytestmark = pytest.mark.django_db
ORGNO = "910753614"


@pytest.fixture
def environment(settings):
    settings.MASKINPORTEN_ISSUER = "https://test.maskinporten.no/"
    settings.MASKINPORTEN_CLIENT_ID = "klient"
    settings.MASKINPORTEN_CERTIFICATE = "/nonexistent.p12"
    settings.MASKINPORTEN_CONSUMER_ORG = "974760673"
    settings.MASKINPORTEN_SCOPE = "skatteetaten:summertskattegrunnlag"
    settings.SVARUT_URL = "https://test.svarut.ks.no"
    settings.SVARUT_KONTO_ID = str(uuid.uuid4())
    settings.FIKS_INTEGRASJON_ID = str(uuid.uuid4())
    settings.FIKS_INTEGRASJON_PASSORD = "hemmelig"
    return settings


def account(**kw) -> SvarUtAccount:
    fields = {"orgno": ORGNO, "environment": "prod", "konto_id": uuid.uuid4(), "integrasjon_id": uuid.uuid4(),
              "password_env_var": "SKATTEDELING_SECRET_SVARUT_DEMO"}
    fields.update(kw)
    return SvarUtAccount.objects.create(**fields)


def test_environment_fallback_uses_ks_fiks_without_consumer_org(environment):
    config = resolve_svarut(ORGNO)
    assert config.source == "environment" and config.base_url == "https://test.svarut.ks.no"
    assert config.password == "hemmelig" and "hemmelig" not in repr(config)
    assert config.maskinporten.scope == "ks:fiks" and config.maskinporten.consumer_org == ""


def test_admin_row_wins_and_reads_the_password_from_the_named_variable(environment, monkeypatch):
    monkeypatch.setenv("SKATTEDELING_SECRET_SVARUT_DEMO", "fra-miljoet")
    row = account(archive_case_year=2026, archive_case_number=42)
    config = resolve_svarut(ORGNO)
    assert config.source == "database" and config.base_url == "https://svarut.ks.no"
    assert config.konto_id == str(row.konto_id) and config.password == "fra-miljoet"
    assert config.archive_case == (2026, 42) and config.archive_orgno == ORGNO


def test_inactive_row_or_missing_password_is_not_configured(environment, monkeypatch):
    account(active=False)
    with pytest.raises(NotConfiguredError):
        resolve_svarut(ORGNO)
    SvarUtAccount.objects.update(active=True)
    monkeypatch.delenv("SKATTEDELING_SECRET_SVARUT_DEMO", raising=False)
    with pytest.raises(NotConfiguredError, match="SKATTEDELING_SECRET_SVARUT_DEMO"):
        resolve_svarut(ORGNO)


@pytest.mark.parametrize("name", ["SVARUT_PASSORD", "skattedeling_secret_x", "SKATTEDELING_SECRET_"])
def test_password_variable_needs_the_prefix(name):
    row = SvarUtAccount(orgno=ORGNO, konto_id=uuid.uuid4(), integrasjon_id=uuid.uuid4(), password_env_var=name)
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert "password_env_var" in caught.value.message_dict


def test_admin_lists_and_adds_accounts(admin_client, monkeypatch):
    monkeypatch.setenv("SKATTEDELING_SECRET_SVARUT_DEMO", "x")
    response = admin_client.post(reverse("admin:integrations_svarutaccount_add"), {
        "orgno": ORGNO, "name": "Demo", "environment": "test", "base_url": "", "active": "on",
        "konto_id": str(uuid.uuid4()), "integrasjon_id": str(uuid.uuid4()),
        "password_env_var": "SKATTEDELING_SECRET_SVARUT_DEMO", "archive_copy": "on", "archive_orgno": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SvarUtAccount.objects.get(orgno=ORGNO).effective_base_url == "https://test.svarut.ks.no"
    assert admin_client.get(reverse("admin:integrations_svarutaccount_changelist")).status_code == 200
