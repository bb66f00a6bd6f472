"""Per-kommune configuration in the database, the environment fallback, status, and the admin."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from integrations import conf
from integrations.errors import CredentialsError, NotConfiguredError
from integrations.models import IncomeClassificationRule, MunicipalityIntegration
from integrations.service import Outcome, get_tax_basis, integration_status
from tests.integrations import certs
from tests.integrations.conftest import FOUND, forget_tokens
from tests.support.simulator import DEMO_KOMMUNE, OTHER_KOMMUNE, VENDOR

pytestmark = pytest.mark.django_db
PASSWORD_VAR = "SKATTEDELING_SECRET_TEST_KOMMUNE_P12"


def row_for(sim, orgno=DEMO_KOMMUNE, *, cert_orgno=None, consumer_org="", client_id=None, save=True, **kw):
    cert_orgno = cert_orgno or orgno
    row = MunicipalityIntegration(
        orgno=orgno, name="Demo kommune", environment="test", issuer=sim.issuer,
        client_id=client_id or sim.client(cert_orgno)["client_id"], secret_env_var=PASSWORD_VAR,
        consumer_org=consumer_org, ssg_base_url=sim.ssg_base_url, **kw)
    row.certificate.save(f"{cert_orgno}.p12", ContentFile(sim.p12_path(cert_orgno).read_bytes()), save=False)
    if save:
        row.full_clean()
        row.save()
    return row


@pytest.fixture
def password_env(monkeypatch, sim):
    monkeypatch.setenv(PASSWORD_VAR, sim.password)


def test_database_row_is_used_and_reads_the_certificate_from_private_storage(password_env, no_env_config, sim,
                                                                             settings):
    settings.INTEGRATIONS_RETRY_BASE_DELAY_S = 0.01
    row = row_for(sim)
    assert row.certificate_orgno == DEMO_KOMMUNE and row.certificate_not_after > dt.datetime.now(dt.UTC)
    config = conf.resolve(DEMO_KOMMUNE)
    assert (config.source, config.environment, config.mode) == ("database", "test", "x5c")
    forget_tokens(config)
    result = get_tax_basis(orgno=DEMO_KOMMUNE, person_id=FOUND, income_year=2024)
    assert result.outcome is Outcome.FOUND


def test_vendor_row_sends_consumer_org(password_env, no_env_config, sim):
    row_for(sim, OTHER_KOMMUNE, cert_orgno=VENDOR, consumer_org=OTHER_KOMMUNE)
    forget_tokens(conf.resolve(OTHER_KOMMUNE))
    assert get_tax_basis(orgno=OTHER_KOMMUNE, person_id=FOUND, income_year=2024).outcome is Outcome.FOUND
    assert sim.stats()["token_requests"]["by_consumer_org"] == {OTHER_KOMMUNE: 1}


def test_database_beats_environment_and_an_inactive_row_stops(password_env, env_config, sim):
    assert conf.resolve(DEMO_KOMMUNE).source == "environment"
    row = row_for(sim)
    assert conf.resolve(DEMO_KOMMUNE).source == "database"
    assert conf.resolve(OTHER_KOMMUNE).source == "environment"  # no row for that kommune
    row.active = False
    row.save()
    with pytest.raises(NotConfiguredError):
        conf.resolve(DEMO_KOMMUNE)


def test_password_is_never_stored_only_the_variable_name(password_env, sim):
    row = row_for(sim)
    stored = MunicipalityIntegration.objects.filter(pk=row.pk).values().get()
    assert sim.password not in {str(v) for v in stored.values()}
    assert repr(conf.resolve(DEMO_KOMMUNE)).count(sim.password) == 0


@pytest.mark.parametrize("change, field", [
    ({"orgno": "123456789"}, "orgno"),
    ({"consumer_org": "123"}, "consumer_org"),
    ({"secret_env_var": ""}, "secret_env_var"),
    ({"secret_env_var": "FINNES_IKKE_I_MILJOEET"}, "secret_env_var"),
    ({"secret_env_var": "DJANGO_SECRET_KEY"}, "secret_env_var"),
    ({"secret_env_var": "SKATTEDELING_SECRET_"}, "secret_env_var"),
    ({"issuer": "https://evil.example/"}, "issuer"),
    ({"ssg_base_url": "http://summertskattegrunnlag.api.skatteetaten.no/v2"}, "ssg_base_url"),
    ({"key_id": "kid-1"}, None),  # with a key file too: "either … or" (set below)
    ({"issuer": "https://test.maskinporten.no"}, "issuer"),
])
def test_validation(password_env, sim, change, field):
    row = row_for(sim, save=False)
    for name, value in change.items():
        setattr(row, name, value)
    if "key_id" in change:
        row.key_file.save("k.pem", ContentFile(certs.pem(certs.rsa_key())), save=False)
    with pytest.raises(ValidationError) as info:
        row.full_clean()
    if field:
        assert field in info.value.message_dict


def test_wrong_password_is_reported_on_the_certificate(monkeypatch, sim):
    monkeypatch.setenv(PASSWORD_VAR, "feil")
    with pytest.raises(ValidationError) as info:
        row_for(sim)
    assert "passord" in " ".join(info.value.message_dict["certificate"])


def test_vendor_consumer_org_cannot_be_the_certificates_own_orgno(password_env, sim):
    with pytest.raises(ValidationError) as info:
        row_for(sim, OTHER_KOMMUNE, cert_orgno=VENDOR, consumer_org=VENDOR)
    assert "consumer_org" in info.value.message_dict


def test_key_mode_row(password_env, sim, no_env_config):
    client = sim.client(DEMO_KOMMUNE, key_based=True)
    row = MunicipalityIntegration(orgno=DEMO_KOMMUNE, environment="test", issuer=sim.issuer,
                                  client_id=client["client_id"], key_id=client["jwks"][0]["kid"],
                                  ssg_base_url=sim.ssg_base_url)
    row.key_file.save("key.pem", ContentFile(open(client["key_file"], "rb").read()), save=False)
    row.full_clean()
    row.save()
    config = conf.resolve(DEMO_KOMMUNE)
    assert config.mode == "kid"
    forget_tokens(config)
    assert get_tax_basis(orgno=DEMO_KOMMUNE, person_id=FOUND, income_year=2024).outcome is Outcome.FOUND


def test_vendor_limit_is_shared_by_all_its_kommuner_and_per_kommune_limits_are_not(password_env, sim):
    a = conf.from_row(row_for(sim, OTHER_KOMMUNE, cert_orgno=VENDOR, consumer_org=OTHER_KOMMUNE))
    b = conf.from_row(row_for(sim, DEMO_KOMMUNE, cert_orgno=VENDOR, consumer_org=DEMO_KOMMUNE))
    (a_org, a_vendor), (b_org, b_vendor) = a.limits(), b.limits()
    assert a_vendor == b_vendor and a_org != b_org
    assert len(conf.from_row(row_for(sim, "974760673", cert_orgno=DEMO_KOMMUNE)).limits()) == 1


def test_status_reports_certificate_and_checks_a_token(password_env, no_env_config, sim):
    assert integration_status(DEMO_KOMMUNE).configured is False
    row_for(sim)
    status = integration_status(DEMO_KOMMUNE)
    assert status.configured and status.source == "database" and status.environment == "test"
    assert status.certificate_orgno == DEMO_KOMMUNE and status.certificate_days_left > 300
    assert status.token_ok is None and status.problem == ""
    forget_tokens(conf.resolve(DEMO_KOMMUNE))
    assert integration_status(DEMO_KOMMUNE, check_token=True).token_ok is True


def test_status_explains_a_missing_certificate_file(password_env, sim):
    row = row_for(sim)
    row.certificate.storage.delete(row.certificate.name)
    status = integration_status(DEMO_KOMMUNE)
    assert status.configured and "finnes ikke" in status.problem


def test_expired_certificate_in_environment_configuration(env_config, tmp_path):
    key = certs.rsa_key()
    path = tmp_path / "utlopt.p12"
    path.write_bytes(certs.p12(key, certs.certificate(key, days_valid=10, starts_days_ago=20)))
    env_config.MASKINPORTEN_CERTIFICATE = str(path)
    env_config.MASKINPORTEN_CERTIFICATE_PASSWORD = certs.PASSWORD
    with pytest.raises(CredentialsError) as info:
        get_tax_basis(orgno=DEMO_KOMMUNE, person_id=FOUND, income_year=2024)
    assert info.value.code == "credentials_expired"


def test_classification_table_is_seeded_by_the_migration():
    assert IncomeClassificationRule.objects.filter(
        teknisk_navn="samletLoennsinntektMedTrygdeavgiftspliktOgMedTrekkplikt",
        classification="personinntekt").exists()
    assert IncomeClassificationRule.objects.count() > 100


def test_an_admin_edit_changes_classification_without_code():
    from integrations.service import classify_tax_basis_body

    body = {"inntektsaar": "2024", "grunnlag": [{"tekniskNavn": "oevrigInntekt", "beloep": 100,
                                                 "kategori": "inntekt"}]}
    assert classify_tax_basis_body(body).kapitalinntekt == 100
    IncomeClassificationRule.objects.filter(teknisk_navn="oevrigInntekt").update(classification="not_counted")
    assert classify_tax_basis_body(body).counted_income == 0


def test_overlapping_rows_are_refused():
    rule = IncomeClassificationRule(teknisk_navn="utbytteFraAksje", valid_from=2024, classification="not_counted")
    with pytest.raises(ValidationError):
        rule.full_clean()


def test_admin_pages_and_upload(admin_client, password_env, sim):
    response = admin_client.post("/admin/integrations/municipalityintegration/add/", {
        "orgno": DEMO_KOMMUNE, "name": "Demo", "environment": "test", "active": "on", "issuer": sim.issuer,
        "client_id": sim.client(DEMO_KOMMUNE)["client_id"], "scope": "skatteetaten:summertskattegrunnlag",
        "consumer_org": "", "secret_env_var": PASSWORD_VAR, "key_id": "", "ssg_base_url": sim.ssg_base_url,
        "certificate": SimpleUploadedFile("demo.p12", sim.p12_path(DEMO_KOMMUNE).read_bytes()),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    row = MunicipalityIntegration.objects.get(orgno=DEMO_KOMMUNE)
    assert row.certificate_orgno == DEMO_KOMMUNE
    listing = admin_client.get("/admin/integrations/municipalityintegration/").content.decode()
    assert DEMO_KOMMUNE in listing and f"{row.certificate_not_after:%Y-%m-%d}" in listing
    assert admin_client.get(f"/admin/integrations/municipalityintegration/{row.pk}/change/").status_code == 200
    assert admin_client.get("/admin/integrations/incomeclassificationrule/").status_code == 200


# --- Endpoint allowlist and the secret-variable prefix (issue 10 item 5) -------------------------

PRODUCTION_HOSTS = [
    "https://maskinporten.no/",
    "https://test.maskinporten.no/",
    "https://summertskattegrunnlag.api.skatteetaten.no/v2",
    "https://summertskattegrunnlag.api.skatteetaten-test.no/v2",
]
REFUSED_IN_PRODUCTION = [
    "http://maskinporten.no/",  # plain http to a known host
    "http://127.0.0.1:8800/maskinporten/",  # the simulator
    "https://localhost/maskinporten/",
    "http://10.0.0.5/internal/",  # an internal host
    "https://169.254.169.254/latest/meta-data/",  # cloud metadata
    "https://maskinporten.no.evil.example/",  # a look-alike host
    "https://evil.example/?x=maskinporten.no",
    "https://user:pw@maskinporten.no/",  # credentials in the URL
    "ftp://maskinporten.no/",
    "",
]


@pytest.fixture
def production_endpoints(settings):
    from integrations.endpoints import DEFAULT_ALLOWED_HOSTS

    settings.INTEGRATIONS_ALLOW_LOOPBACK_HTTP = False
    settings.INTEGRATIONS_ALLOWED_HOSTS = list(DEFAULT_ALLOWED_HOSTS)
    return settings


@pytest.mark.parametrize("url", PRODUCTION_HOSTS)
def test_production_allows_https_to_the_known_hosts(production_endpoints, url):
    from integrations.endpoints import check_url

    assert check_url(url) == url


@pytest.mark.parametrize("url", REFUSED_IN_PRODUCTION)
def test_production_refuses_everything_else(production_endpoints, url):
    from integrations.endpoints import EndpointNotAllowed, check_url

    with pytest.raises(EndpointNotAllowed):
        check_url(url)


def test_the_allowlist_is_configurable(production_endpoints):
    from integrations.endpoints import EndpointNotAllowed, check_url

    production_endpoints.INTEGRATIONS_ALLOWED_HOSTS = ["maskinporten.example.org"]
    assert check_url("https://maskinporten.example.org/")
    with pytest.raises(EndpointNotAllowed):
        check_url("https://maskinporten.no/")


def test_development_allows_the_simulator_on_loopback_only(settings):
    from integrations.endpoints import EndpointNotAllowed, check_url

    settings.INTEGRATIONS_ALLOW_LOOPBACK_HTTP = True
    for url in ("http://127.0.0.1:8800/maskinporten/", "http://localhost:9000/skatteetaten/v2", "http://[::1]:80/"):
        assert check_url(url) == url
    with pytest.raises(EndpointNotAllowed):
        check_url("http://10.0.0.5/internal/")


def test_production_setting_defaults(monkeypatch):
    """SKATTEDELING_ENV=production turns loopback http off (the settings module read afresh)."""
    import importlib
    import sys

    monkeypatch.setenv("SKATTEDELING_ENV", "production")
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.delenv("INTEGRATIONS_ALLOW_LOOPBACK_HTTP", raising=False)
    monkeypatch.delenv("INTEGRATIONS_ALLOWED_HOSTS", raising=False)
    saved = sys.modules.pop("skattedeling.settings.base", None)
    try:
        base = importlib.import_module("skattedeling.settings.base")
        assert base.INTEGRATIONS_ALLOW_LOOPBACK_HTTP is False
        assert "maskinporten.no" in base.INTEGRATIONS_ALLOWED_HOSTS
        assert "summertskattegrunnlag.api.skatteetaten.no" in base.INTEGRATIONS_ALLOWED_HOSTS
    finally:
        sys.modules.pop("skattedeling.settings.base", None)
        if saved is not None:
            sys.modules["skattedeling.settings.base"] = saved


def test_admin_save_refuses_an_endpoint_outside_the_allowlist(production_endpoints, password_env, sim):
    row = row_for(sim, save=False)  # the simulator's http://127.0.0.1 addresses
    with pytest.raises(ValidationError) as info:
        row.full_clean()
    assert {"issuer", "ssg_base_url"} <= set(info.value.message_dict)
    assert "https" in " ".join(info.value.message_dict["issuer"])


def test_the_client_refuses_a_row_written_past_the_admin(password_env, no_env_config, sim, settings):
    row = row_for(sim)  # valid in development
    settings.INTEGRATIONS_ALLOW_LOOPBACK_HTTP = False  # now production rules apply
    before = sim.stats()["token_requests"]
    with pytest.raises(NotConfiguredError) as info:
        get_tax_basis(orgno=DEMO_KOMMUNE, person_id=FOUND, income_year=2024)
    assert info.value.code == "endpoint_not_allowed"
    assert sim.stats()["token_requests"] == before  # nothing was sent
    assert integration_status(row.orgno, check_token=True).token_ok is False


def test_environment_configuration_is_checked_too(env_config):
    env_config.SKATTEETATEN_SSG_URL = "http://10.1.2.3/v2"
    with pytest.raises(NotConfiguredError) as info:
        get_tax_basis(orgno=DEMO_KOMMUNE, person_id=FOUND, income_year=2024)
    assert info.value.code == "endpoint_not_allowed"


def test_secret_variable_without_the_prefix_is_refused_and_never_read(monkeypatch, sim):
    monkeypatch.setenv("DJANGO_SECRET_KEY_COPY", sim.password)
    row = row_for(sim, save=False)
    row.secret_env_var = "DJANGO_SECRET_KEY_COPY"
    with pytest.raises(ValidationError) as info:
        row.full_clean()
    assert "SKATTEDELING_SECRET_" in " ".join(info.value.message_dict["secret_env_var"])
    assert row.password() is None  # not read even if a row holds such a name


def test_the_error_never_tells_whether_a_variable_exists(monkeypatch, sim):
    """An unset prefixed variable and a set one with the wrong password give the same answer."""
    errors = {}
    for case, value in (("unset", None), ("wrong", "feil")):
        if value is None:
            monkeypatch.delenv(PASSWORD_VAR, raising=False)
        else:
            monkeypatch.setenv(PASSWORD_VAR, value)
        with pytest.raises(ValidationError) as info:
            row_for(sim)
        errors[case] = info.value.message_dict
    assert errors["unset"] == errors["wrong"]
    assert "secret_env_var" not in errors["unset"]
    for name in ("PATH", "HOME", "DJANGO_SECRET_KEY"):  # existing and not: the same prefix message
        row = row_for(sim, save=False)
        row.secret_env_var = name
        with pytest.raises(ValidationError) as info:
            row.full_clean()
        assert info.value.message_dict["secret_env_var"] == [
            "Navnet på miljøvariabelen må begynne med SKATTEDELING_SECRET_, f.eks. SKATTEDELING_SECRET_KOMMUNE_P12."]


def test_the_environment_defaults_are_on_the_allowlist(production_endpoints):
    from integrations.endpoints import check_url
    from integrations.models import DEFAULT_ISSUERS, DEFAULT_SSG_URLS

    for default in [*DEFAULT_ISSUERS.values(), *DEFAULT_SSG_URLS.values()]:
        assert check_url(default) == default
