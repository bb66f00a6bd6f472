"""Signing material for the Maskinporten grant: a virksomhetssertifikat (PKCS#12) or a registered key.

A PKCS#12 file is checked when it is loaded — RSA key, the certificate's public key matches the
private key, the certificate is valid now, its KeyUsage allows ``digitalSignature`` — and every
failure gives a :class:`CredentialsError` that says what to do. ``x5c`` holds only the leaf
certificate in standard base64 DER, like Digdir's, KS' and Altinn's clients (docs/reference/maskinporten.md § 2.1).
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import re
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from integrations.errors import CredentialsError

logger = logging.getLogger(__name__)

EXPIRY_WARNING_DAYS = 30
MIN_RSA_BITS = 2048
_ORGNO = re.compile(r"(\d{9})")


@dataclass(frozen=True)
class CertificateInfo:
    """What the admin and the status page show about a virksomhetssertifikat."""

    subject: str
    issuer: str
    orgno: str
    serial_number: str
    not_before: dt.datetime
    not_after: dt.datetime
    digital_signature: bool

    def days_left(self, now: dt.datetime | None = None) -> int:
        return (self.not_after - (now or dt.datetime.now(dt.UTC))).days


@dataclass(frozen=True, eq=False)
class SigningCredentials:
    """An RSA private key plus either the ``x5c`` chain (certificate mode) or a ``kid``."""

    private_key: rsa.RSAPrivateKey
    x5c: tuple[str, ...] = ()
    kid: str = ""
    certificate: CertificateInfo | None = None

    def __post_init__(self) -> None:
        if bool(self.x5c) == bool(self.kid):
            raise ValueError("exactly one of x5c and kid must be set")

    @property
    def mode(self) -> str:
        return "x5c" if self.x5c else "kid"


def certificate_info(cert: x509.Certificate) -> CertificateInfo:
    """Subject, issuer, orgno (organizationIdentifier ``NTRNO-…`` or serialNumber) and validity."""
    subject = cert.subject
    orgno = ""
    for oid in (NameOID.ORGANIZATION_IDENTIFIER, NameOID.SERIAL_NUMBER):
        for attribute in subject.get_attributes_for_oid(oid):
            match = _ORGNO.search(str(attribute.value))
            if match and not orgno:
                orgno = match.group(1)
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        digital_signature = bool(usage.digital_signature)
    except x509.ExtensionNotFound:
        digital_signature = False
    return CertificateInfo(
        subject=subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        orgno=orgno,
        serial_number=format(cert.serial_number, "x"),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        digital_signature=digital_signature,
    )


def _check_rsa(key: object, what: str) -> rsa.RSAPrivateKey:
    if not isinstance(key, rsa.RSAPrivateKey):
        raise CredentialsError(
            f"{what} har ikke en RSA-nøkkel. Maskinporten godtar bare RS256/RS384/RS512; "
            "bestill et RSA-sertifikat (autentiseringssertifikatet).",
            code="credentials_not_rsa",
        )
    if key.key_size < MIN_RSA_BITS:
        raise CredentialsError(
            f"{what} har en RSA-nøkkel på {key.key_size} bit; minst {MIN_RSA_BITS} kreves.",
            code="credentials_weak_key",
        )
    return key


def validate_certificate(
    key: rsa.RSAPrivateKey, cert: x509.Certificate, *, now: dt.datetime | None = None
) -> CertificateInfo:
    """Raise :class:`CredentialsError` unless ``cert`` can sign grants with ``key`` right now."""
    info = certificate_info(cert)
    now = now or dt.datetime.now(dt.UTC)
    if cert.public_key().public_numbers() != key.public_key().public_numbers():
        raise CredentialsError(
            "Sertifikatet og den private nøkkelen i PKCS#12-filen hører ikke sammen.",
            code="credentials_key_mismatch",
        )
    if now < info.not_before:
        raise CredentialsError(
            f"Virksomhetssertifikatet er ikke gyldig før {info.not_before:%Y-%m-%d}.",
            code="credentials_not_yet_valid",
        )
    if now > info.not_after:
        raise CredentialsError(
            f"Virksomhetssertifikatet utløp {info.not_after:%Y-%m-%d}. Last opp et nytt sertifikat.",
            code="credentials_expired",
        )
    if not info.digital_signature:
        raise CredentialsError(
            "Sertifikatet tillater ikke digitalSignature (KeyUsage). Bruk autentiseringssertifikatet, "
            "ikke signerings- eller krypteringssertifikatet.",
            code="credentials_key_usage",
        )
    if info.days_left(now) < EXPIRY_WARNING_DAYS:
        logger.warning("Virksomhetssertifikat %s expires %s", info.subject, info.not_after.date())
    return info


def load_pkcs12(
    data: bytes, password: str | bytes | None, *, now: dt.datetime | None = None
) -> SigningCredentials:
    """Load and validate a password-protected PKCS#12 virksomhetssertifikat (certificate mode)."""
    if isinstance(password, str):
        password = password.encode()
    try:
        key, cert, _extra = pkcs12.load_key_and_certificates(data, password or None)
    except ValueError:
        raise CredentialsError(
            "PKCS#12-filen kunne ikke åpnes: feil passord, eller filen er skadet eller ikke PKCS#12. "
            "Eldre filer (RC2-40) må kanskje eksporteres på nytt med AES.",
            code="credentials_unreadable",
        ) from None
    if cert is None or key is None:
        raise CredentialsError(
            "PKCS#12-filen mangler sertifikat eller privat nøkkel.", code="credentials_incomplete"
        )
    key = _check_rsa(key, "Virksomhetssertifikatet")
    info = validate_certificate(key, cert, now=now)
    leaf = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode("ascii")
    return SigningCredentials(private_key=key, x5c=(leaf,), certificate=info)


def load_pem_key(data: bytes, kid: str, password: str | bytes | None = None) -> SigningCredentials:
    """Load a PEM private key registered on the Maskinporten client under ``kid`` (key mode)."""
    if not kid:
        raise CredentialsError(
            "Nøkkel-ID (kid) mangler for den registrerte nøkkelen.", code="credentials_kid"
        )
    if isinstance(password, str):
        password = password.encode()
    try:
        try:
            key = serialization.load_pem_private_key(data, password=password or None)
        except TypeError:  # a password was configured but the key is not encrypted, or vice versa
            key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise CredentialsError(
            "Den private nøkkelen kunne ikke leses (PEM, eventuelt med passord).",
            code="credentials_unreadable",
        ) from None
    return SigningCredentials(private_key=_check_rsa(key, "Nøkkelen"), kid=kid)


def credentials_from_bytes(data: bytes, *, mode: str, password: str | None, kid: str = "") -> SigningCredentials:
    """The signing credentials from a PKCS#12 certificate (``mode="x5c"``) or a PEM key (``mode="kid"``)."""
    return load_pkcs12(data, password) if mode == "x5c" else load_pem_key(data, kid, password)
