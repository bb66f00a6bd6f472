"""Test PKI: TEST and PROD CA hierarchies, virksomhetssertifikat-like leaves, PKCS#12, chain checks.

The TEST hierarchy imitates "Buypass Class 3 Test4 Root CA G2 ST" → "… Test4 CA G2 ST Business"; the
PROD hierarchy exists only so that a production certificate can be refused in TEST (MP-120). Leaves
carry the orgno the way SEID 2.0 does (organizationIdentifier ``NTRNO-<orgno>``) and the way SEID 1.0
did (serialNumber), with KeyUsage digitalSignature marked critical.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KEY_SIZE = 2048
CA_NAMES = {
    "test": ("Simulator Class 3 Test4 Root CA G2 ST", "Simulator Class 3 Test4 CA G2 ST Business"),
    "prod": ("Simulator Class 3 Root CA G2 HT", "Simulator Class 3 CA G2 HT Business"),
}
CA_ORG = ("Skattedeling Simulator AS", "NTRNO-312917408")
FRIENDLY_NAME = b"authentication certificate"


@dataclass(frozen=True)
class CA:
    """One CA level: its certificate and private key."""

    cert: x509.Certificate
    key: rsa.RSAPrivateKey


def new_key(bits: int = KEY_SIZE) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _name(cn: str, org: str, org_id: str | None = None, serial: str | None = None) -> x509.Name:
    attrs = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "NO"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
    ]
    if org_id:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, org_id))
    if serial:
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


def _ca_cert(
    subject: x509.Name, key: rsa.RSAPrivateKey, issuer: CA | None, path_len: int
) -> x509.Certificate:
    start = now() - dt.timedelta(days=1)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_len), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False
        )
    return builder.sign(issuer.key if issuer else key, hashes.SHA256())


def create_hierarchy(env: str) -> tuple[CA, CA]:
    """A root CA and the issuing (intermediate) CA below it, for ``env`` "test" or "prod"."""
    root_cn, issuing_cn = CA_NAMES[env]
    root_key = new_key()
    root = CA(_ca_cert(_name(root_cn, *CA_ORG), root_key, None, 1), root_key)
    issuing_key = new_key()
    issuing = CA(_ca_cert(_name(issuing_cn, *CA_ORG), issuing_key, root, 0), issuing_key)
    return root, issuing


def create_leaf(
    issuer: CA,
    *,
    orgno: str,
    org_name: str,
    key: rsa.RSAPrivateKey | None = None,
    valid_from: dt.datetime | None = None,
    days: int = 1095,
    orgno_fields: str = "both",
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A virksomhetssertifikat-like authentication certificate for ``orgno``.

    ``orgno_fields`` is "both" (default), "organizationIdentifier" (SEID 2.0 only) or "serialNumber"
    (SEID 1.0 only).
    """
    key = key or new_key()
    start = valid_from or (now() - dt.timedelta(hours=1))
    org_id = f"NTRNO-{orgno}" if orgno_fields in ("both", "organizationIdentifier") else None
    serial = orgno if orgno_fields in ("both", "serialNumber") else None
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{org_name} TEST Autentisering", org_name, org_id, serial))
        .issuer_name(issuer.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False
        )
        .sign(issuer.key, hashes.SHA256())
    )
    return key, cert


def write_p12(
    path: Path, key: rsa.RSAPrivateKey, cert: x509.Certificate, chain: list[x509.Certificate], password: str
) -> None:
    """Write a password-protected PKCS#12 with the leaf under the friendly name of KS' test keystore."""
    data = pkcs12.serialize_key_and_certificates(
        FRIENDLY_NAME, key, cert, chain, serialization.BestAvailableEncryption(password.encode())
    )
    path.write_bytes(data)


def key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def save_ca(directory: Path, prefix: str, ca: CA) -> None:
    (directory / f"{prefix}.pem").write_bytes(cert_pem(ca.cert))
    key_path = directory / f"{prefix}.key.pem"
    key_path.write_bytes(key_pem(ca.key))
    key_path.chmod(0o600)


def load_ca(directory: Path, prefix: str) -> CA:
    cert = x509.load_pem_x509_certificate((directory / f"{prefix}.pem").read_bytes())
    key = serialization.load_pem_private_key((directory / f"{prefix}.key.pem").read_bytes(), None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return CA(cert, key)


def load_cert(directory: Path, prefix: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate((directory / f"{prefix}.pem").read_bytes())


# --- validation (used by the token endpoint) -----------------------------------------------------


class CertificateError(Exception):
    """The certificate does not chain to the trusted CAs or is not usable (→ MP-120)."""


def _signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, Exception):  # noqa: BLE001 - any failure means "not issued by"
        return False
    return True


def _in_validity(cert: x509.Certificate, at: dt.datetime) -> bool:
    return cert.not_valid_before_utc <= at <= cert.not_valid_after_utc


def verify_chain(
    leaf: x509.Certificate, roots: list[x509.Certificate], issuing: list[x509.Certificate], at: dt.datetime
) -> None:
    """Leaf → a configured issuing CA → a configured root, all valid at ``at``; raise CertificateError."""
    for ca in issuing:
        if ca.subject == leaf.issuer and _signed_by(leaf, ca):
            if not any(ca.issuer == root.subject and _signed_by(ca, root) for root in roots):
                continue
            if not _in_validity(ca, at):
                raise CertificateError("issuing CA certificate is outside its validity period")
            break
    else:
        raise CertificateError("certificate is not issued by a trusted TEST CA")
    if not _in_validity(leaf, at):
        raise CertificateError("certificate is outside its validity period (expired or not yet valid)")
    try:
        usage = leaf.extensions.get_extension_for_class(x509.KeyUsage)
    except x509.ExtensionNotFound as exc:
        raise CertificateError("certificate has no KeyUsage extension") from exc
    if not usage.critical:
        raise CertificateError("the KeyUsage extension of the certificate is not critical")
    if not isinstance(leaf.public_key(), rsa.RSAPublicKey):
        raise CertificateError("certificate key is not RSA")


_NTRNO = re.compile(r"^NTRNO-(\d{9})$")


def certificate_orgno(cert: x509.Certificate) -> str | None:
    """The orgno from organizationIdentifier (NTRNO-…, SEID 2.0) or else from serialNumber (SEID 1.0)."""
    for attr in cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_IDENTIFIER):
        match = _NTRNO.match(str(attr.value))
        if match:
            return match.group(1)
    for attr in cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER):
        value = str(attr.value)
        if len(value) == 9 and value.isdigit():
            return value
    return None
