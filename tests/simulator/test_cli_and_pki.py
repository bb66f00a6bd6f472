"""``init`` / ``create-certificate`` / ``register-client``: the test PKI and the registry they write."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tests.simulator.grants import load_key, load_p12
from tests.support.simulator import DEMO_KOMMUNE, OTHER_KOMMUNE, ROOT, VENDOR

pytestmark = pytest.mark.integration


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "integrations.simulator", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def orgno_ok(orgno: str) -> bool:
    """Enhetsregisteret mod-11, weights 3 2 7 6 5 4 3 2 (written here, not imported from the simulator)."""
    rest = sum(int(d) * w for d, w in zip(orgno[:8], (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    return len(orgno) == 9 and (11 - rest) % 11 == int(orgno[8]) and rest != 1


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    directory = tmp_path_factory.mktemp("state")
    first = cli("init", "--state-dir", str(directory), "--password", "hemmelig")
    assert first.returncode == 0, first.stderr
    return directory, json.loads(first.stdout)


def test_default_orgnos_pass_the_mod11_check():
    assert all(orgno_ok(o) for o in (DEMO_KOMMUNE, OTHER_KOMMUNE, VENDOR))
    assert not orgno_ok("910753615")


def test_init_prints_what_it_created(state):
    directory, result = state
    assert result["password"] == "hemmelig"
    orgs = {o["orgno"]: o for o in result["organisations"]}
    assert set(orgs) == {DEMO_KOMMUNE, OTHER_KOMMUNE, VENDOR}
    assert orgs[VENDOR]["role"] == "leverandor"
    for org in orgs.values():
        assert (directory / f"{org['orgno']}.p12").exists()
        assert org["key_file"].endswith("-key.pem")


def test_init_is_idempotent(state):
    directory, _ = state
    before = (directory / "clients.json").read_text()
    again = cli("init", "--state-dir", str(directory), "--password", "hemmelig")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["created"] == []
    assert (directory / "clients.json").read_text() == before


def test_init_refuses_an_invalid_orgno(tmp_path):
    result = cli("init", "--state-dir", str(tmp_path), "--orgno", "910753615")
    assert result.returncode != 0 and "organisasjonsnummer" in result.stderr


def test_p12_holds_a_virksomhetssertifikat_like_leaf(state):
    directory, _ = state
    key, cert, chain = load_p12(directory / f"{DEMO_KOMMUNE}.p12", "hemmelig")
    assert isinstance(key, rsa.RSAPrivateKey) and key.key_size >= 2048
    assert cert.public_key().public_numbers() == key.public_key().public_numbers()
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature
    subject = cert.subject
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_IDENTIFIER)[0].value == f"NTRNO-{DEMO_KOMMUNE}"
    assert subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == DEMO_KOMMUNE
    issuing = x509.load_pem_x509_certificate((directory / "ca" / "test-issuing-ca.pem").read_bytes())
    root = x509.load_pem_x509_certificate((directory / "ca" / "test-root-ca.pem").read_bytes())
    cert.verify_directly_issued_by(issuing)
    issuing.verify_directly_issued_by(root)
    assert "Test4" in issuing.subject.rfc4514_string() and [c.subject for c in chain] == [issuing.subject]
    with pytest.raises(ValueError):
        load_p12(directory / f"{DEMO_KOMMUNE}.p12", "wrong")


def test_prod_ca_is_separate(state):
    directory, _ = state
    prod = x509.load_pem_x509_certificate((directory / "ca" / "prod-issuing-ca.pem").read_bytes())
    test_root = x509.load_pem_x509_certificate((directory / "ca" / "test-root-ca.pem").read_bytes())
    assert prod.issuer != test_root.subject


def test_clients_json_shape(state):
    directory, _ = state
    registry = json.loads((directory / "clients.json").read_text())
    clients = {c["client_id"]: c for c in registry["clients"]}
    assert set(clients) == {f"kommune-{DEMO_KOMMUNE}", f"kommune-{DEMO_KOMMUNE}-jwk", f"kommune-{OTHER_KOMMUNE}",
                            f"kommune-{OTHER_KOMMUNE}-jwk", f"leverandor-{VENDOR}", f"leverandor-{VENDOR}-jwk"}
    cert_client, key_client = clients[f"kommune-{DEMO_KOMMUNE}"], clients[f"leverandor-{VENDOR}-jwk"]
    assert cert_client["orgno"] == DEMO_KOMMUNE and cert_client["jwks"] == []
    assert cert_client["client_amr"] == "virksomhetssertifikat"
    assert "skatteetaten:summertskattegrunnlag" in cert_client["scopes"]
    assert cert_client["access_token_lifetime"] == 120
    assert key_client["client_amr"] == "private_key_jwt"
    jwk = key_client["jwks"][0]
    assert jwk["kty"] == "RSA" and jwk["kid"] and "d" not in jwk
    public = load_key(key_client["key_file"]).public_key().public_numbers()
    assert public.e == 65537 and jwk["n"]
    assert {"consumer": DEMO_KOMMUNE, "supplier": VENDOR, "scope": "skatteetaten:summertskattegrunnlag",
            "delegation_source": "https://tt02.altinn.no/"} in registry["delegations"]
    assert {"consumer": DEMO_KOMMUNE, "scope": "skatteetaten:summertskattegrunnlag"} in registry["scope_grants"]
    assert not any(g["consumer"] == VENDOR for g in registry["scope_grants"])
    assert {"consumer": DEMO_KOMMUNE, "rettighetspakke": "kommuneforeldrebetaling",
            "stadier": ["oppgjoer", "utkast"]} in registry["skatteetaten_access"]


def test_create_certificate_makes_its_own_ca_when_needed(tmp_path):
    out = tmp_path / "cert.p12"
    result = cli("create-certificate", "--ca-dir", str(tmp_path / "ca-home"), "--orgno", VENDOR, "--out", str(out),
                 "--password", "pw")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ca-home" / "ca" / "test-issuing-ca.pem").exists()
    _, cert, _ = load_p12(out, "pw")
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_IDENTIFIER)[0].value == f"NTRNO-{VENDOR}"


def test_register_client_with_a_generated_key(state):
    directory, _ = state
    result = cli("register-client", "--state-dir", str(directory), "--client-id", "ny-klient", "--orgno",
                 DEMO_KOMMUNE, "--generate-key", "--kid", "min-nokkel")
    assert result.returncode == 0, result.stderr
    client = json.loads(result.stdout)["client"]
    assert client["jwks"][0]["kid"] == "min-nokkel" and client["client_amr"] == "private_key_jwt"
    assert (directory / "ny-klient-key.pem").exists()
