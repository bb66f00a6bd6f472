"""Loading and validating the virksomhetssertifikat (maskinporten.md § 5)."""
import pytest

from integrations.errors import CredentialsError, PermanentIntegrationError
from integrations.maskinporten.credentials import load_pem_key, load_pkcs12, validate_certificate
from tests.integrations import certs


def test_valid_certificate_loads_with_subject_orgno_and_expiry():
    data, _, cert = certs.valid_p12(orgno="974760673")
    credentials = load_pkcs12(data, certs.PASSWORD)
    assert credentials.mode == "x5c"
    assert credentials.certificate.orgno == "974760673"
    assert credentials.certificate.not_after == cert.not_valid_after_utc
    assert "Testkommune" in credentials.certificate.subject


def test_orgno_is_read_from_serial_number_too():
    key = certs.rsa_key()
    data = certs.p12(key, certs.certificate(key, orgno="974760673", orgno_in="serialNumber"))
    assert load_pkcs12(data, certs.PASSWORD).certificate.orgno == "974760673"


@pytest.mark.parametrize("make, code", [
    (lambda: certs.valid_p12()[0], "credentials_unreadable"),  # wrong password (below)
    (lambda: certs.ec_p12(), "credentials_not_rsa"),
    (lambda: (lambda k: certs.p12(k, certs.certificate(k, days_valid=10, starts_days_ago=20)))(certs.rsa_key()),
     "credentials_expired"),
    (lambda: (lambda k: certs.p12(k, certs.certificate(k, starts_days_ago=-5)))(certs.rsa_key()),
     "credentials_not_yet_valid"),
    (lambda: (lambda k: certs.p12(k, certs.certificate(k, digital_signature=False)))(certs.rsa_key()),
     "credentials_key_usage"),
    (lambda: (lambda k: certs.p12(k, certs.certificate(k, key_usage=False)))(certs.rsa_key()),
     "credentials_key_usage"),
])
def test_unusable_certificates_give_a_clear_permanent_error(make, code):
    password = "feil" if code == "credentials_unreadable" else certs.PASSWORD
    with pytest.raises(CredentialsError) as info:
        load_pkcs12(make(), password)
    assert info.value.code == code
    assert isinstance(info.value, PermanentIntegrationError)
    assert info.value.message  # a sentence for the admin, not a stack trace


def test_a_certificate_that_does_not_match_the_key_is_refused():
    key, other = certs.rsa_key(), certs.rsa_key()
    with pytest.raises(CredentialsError) as info:
        validate_certificate(key, certs.certificate(other))
    assert info.value.code == "credentials_key_mismatch"


def test_pem_key_mode_needs_a_kid_and_accepts_an_encrypted_key():
    key = certs.rsa_key()
    with pytest.raises(CredentialsError):
        load_pem_key(certs.pem(key), "")
    credentials = load_pem_key(certs.pem(key, password="hemmelig"), "kid-1", "hemmelig")
    assert credentials.mode == "kid" and credentials.kid == "kid-1" and credentials.certificate is None
    with pytest.raises(CredentialsError):
        load_pem_key(certs.pem(key, password="hemmelig"), "kid-1", "feil")
