"""Generate virksomhetssertifikat-like test material with cryptography (never real certificates)."""
from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSWORD = "test-passord"


def rsa_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def certificate(key, *, orgno: str = "910753614", days_valid: int = 365, starts_days_ago: int = 1,
                digital_signature: bool = True, orgno_in: str = "organizationIdentifier",
                key_usage: bool = True) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "NO"),
             x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Testkommune"),
             x509.NameAttribute(NameOID.COMMON_NAME, "Testkommune autentisering")]
    if orgno_in == "organizationIdentifier":
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, f"NTRNO-{orgno}"))
    elif orgno_in == "serialNumber":
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, orgno))
    name = x509.Name(attrs)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CA")]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=starts_days_ago))
        .not_valid_after(now - dt.timedelta(days=starts_days_ago) + dt.timedelta(days=days_valid))
    )
    if key_usage:
        builder = builder.add_extension(
            x509.KeyUsage(digital_signature=digital_signature, content_commitment=not digital_signature,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False),
            critical=True)
    return builder.sign(key, hashes.SHA256())


def p12(key, cert, password: str = PASSWORD) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        b"authentication certificate", key, cert, None,
        serialization.BestAvailableEncryption(password.encode()))


def valid_p12(orgno: str = "910753614") -> tuple[bytes, rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa_key()
    cert = certificate(key, orgno=orgno)
    return p12(key, cert), key, cert


def ec_p12() -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    return p12(key, certificate(key))


def pem(key, password: str | None = None) -> bytes:
    encryption = (serialization.BestAvailableEncryption(password.encode()) if password
                  else serialization.NoEncryption())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
