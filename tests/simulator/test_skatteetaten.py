"""Summert skattegrunnlag V2: bodies (skatteetaten-api.md § 2) and the error matrix (§ 4.4), over HTTP."""

from __future__ import annotations

import uuid
from xml.etree import ElementTree as ET

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.simulator.grants import SCOPE
from tests.support.simulator import DEMO_KOMMUNE, VENDOR

pytestmark = pytest.mark.integration

PKG = "kommuneforeldrebetaling"
LOW_INCOME = "14839412054"  # oppgjoer 2022–2024, utkast 2024 and 2025
SKJERMET = "16822548834"
SVALBARD = "11869230180"
UNKNOWN_NAME = "28829615160"  # 2024 only utkast; an unknown tekniskNavn
DELETED = "19848306110"  # 2023 deleted; 2024 utkast deleted
YOUNG = "20810350084"  # no 2022
UNKNOWN_PERSON = "04848910029"


def error(response, status: int, kode: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"kode", "melding", "korrelasjonsid"}
    assert body["kode"] == kode
    assert str(uuid.UUID(body["korrelasjonsid"])) == body["korrelasjonsid"]
    return body


# --- success bodies ----------------------------------------------------------------------------------


def test_oppgjoer_body_has_the_v2_shape(ssg, demo_token):
    response = ssg(f"oppgjoer/{PKG}/2024/{LOW_INCOME}", demo_token)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"personidentifikator", "inntektsaar", "skjermet", "grunnlag", "skatteoppgjoersdato",
                         "stadie", "ajourholdstidspunkt"}
    assert body["personidentifikator"] == LOW_INCOME
    assert body["inntektsaar"] == "2024" and body["stadie"] == "oppgjoer" and body["skjermet"] is False
    assert len(body["skatteoppgjoersdato"]) == 10 and body["ajourholdstidspunkt"].endswith("Z")
    for post in body["grunnlag"]:
        assert isinstance(post["tekniskNavn"], str)
        assert isinstance(post["beloep"], int)
        assert isinstance(post["kategori"], str)


def test_utkast_body_has_no_skatteoppgjoersdato(ssg, demo_token):
    body = ssg(f"utkast/{PKG}/2025/{LOW_INCOME}", demo_token).json()
    assert body["stadie"] == "utkast" and body["inntektsaar"] == "2025"
    assert "skatteoppgjoersdato" not in body
    assert "svalbardGrunnlag" not in body


def test_svalbard_posts_come_in_svalbard_grunnlag(ssg, demo_token):
    body = ssg(f"oppgjoer/{PKG}/2024/{SVALBARD}", demo_token).json()
    assert body["svalbardGrunnlag"] and all(p["kategori"] == "inntekt" for p in body["svalbardGrunnlag"])
    assert body["grunnlag"]


def test_skjermet_person_gets_only_the_request_parameters(ssg, demo_token):
    body = ssg(f"oppgjoer/{PKG}/2024/{SKJERMET}", demo_token).json()
    assert body == {"personidentifikator": SKJERMET, "inntektsaar": "2024", "stadie": "oppgjoer",
                    "skjermet": True}


def test_unknown_teknisk_navn_is_served_as_is(ssg, demo_token):
    names = {p["tekniskNavn"] for p in ssg(f"utkast/{PKG}/2024/{UNKNOWN_NAME}", demo_token).json()["grunnlag"]}
    assert "midlertidigKrisestoenadTilHusholdninger" in names


def test_xml_on_request(ssg, demo_token):
    response = ssg(f"oppgjoer/{PKG}/2024/{LOW_INCOME}", demo_token, accept="application/xml")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag.endswith("summertSkattegrunnlag")
    assert root.find("{*}inntektsaar").text == "2024"


@pytest.mark.parametrize("accept", [None, "*/*", "application/*", "text/html;q=0.5, application/json"])
def test_json_is_the_default(ssg, demo_token, accept):
    response = ssg(f"oppgjoer/{PKG}/2024/{LOW_INCOME}", demo_token, accept=accept)
    assert response.status_code == 200 and response.json()["inntektsaar"] == "2024"


def test_legacy_scope_and_delegated_tokens_are_accepted(ssg, grants):
    legacy = grants.token(grants.for_org(DEMO_KOMMUNE, scope="skatteetaten:spesifisertsummertskattegrunnlag"))
    assert ssg(f"oppgjoer/{PKG}/2024/{LOW_INCOME}", legacy).status_code == 200
    delegated = grants.token(grants.kid(VENDOR, consumer_org=DEMO_KOMMUNE))
    assert ssg(f"oppgjoer/{PKG}/2024/{LOW_INCOME}", delegated).status_code == 200


# --- error matrix ------------------------------------------------------------------------------------


def test_unknown_person_is_ssg_007(ssg, demo_token):
    error(ssg(f"oppgjoer/{PKG}/2024/{UNKNOWN_PERSON}", demo_token), 404, "SSG-007")


def test_no_data_for_year_or_stadie_is_ssg_008(ssg, demo_token):
    error(ssg(f"oppgjoer/{PKG}/2022/{YOUNG}", demo_token), 404, "SSG-008")
    error(ssg(f"utkast/{PKG}/2022/{YOUNG}", demo_token), 404, "SSG-008")
    error(ssg(f"oppgjoer/{PKG}/2025/{LOW_INCOME}", demo_token), 404, "SSG-008")
    error(ssg(f"oppgjoer/{PKG}/2024/{UNKNOWN_NAME}", demo_token), 404, "SSG-008")
    assert ssg(f"utkast/{PKG}/2024/{UNKNOWN_NAME}", demo_token).status_code == 200


def test_deleted_is_410_ssg_011(ssg, demo_token):
    error(ssg(f"oppgjoer/{PKG}/2023/{DELETED}", demo_token), 410, "SSG-011")
    error(ssg(f"utkast/{PKG}/2023/{DELETED}", demo_token), 410, "SSG-011")
    error(ssg(f"utkast/{PKG}/2024/{DELETED}", demo_token), 410, "SSG-011")
    assert ssg(f"oppgjoer/{PKG}/2024/{DELETED}", demo_token).status_code == 200


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (f"oppgjoer/{PKG}/2026/{LOW_INCOME}", "inntektsår"),
        (f"oppgjoer/{PKG}/2016/{LOW_INCOME}", "inntektsår"),
        (f"oppgjoer/{PKG}/24/{LOW_INCOME}", "inntektsår"),
        (f"oppgjoer/{PKG}/år24/{LOW_INCOME}", "inntektsår"),
        (f"oppgjoer/{PKG}/2024/1483941205", "personidentifikator"),
        (f"oppgjoer/{PKG}/2024/14839412055", "personidentifikator"),
        (f"oppgjoer/{PKG}/2024/1483941205x", "personidentifikator"),
        (f"endelig/{PKG}/2024/{LOW_INCOME}", "stadie"),
    ],
)
def test_validation_errors_are_ssg_006_naming_the_field(ssg, demo_token, path, field):
    body = error(ssg(path, demo_token), 400, "SSG-006")
    assert field in body["melding"]
    assert LOW_INCOME not in body["melding"]


def test_newest_supported_year_is_configurable(sim, ssg, demo_token):
    sim.configure(max_income_year=2026)
    error(ssg(f"utkast/{PKG}/2026/{LOW_INCOME}", demo_token), 404, "SSG-008")


@pytest.mark.parametrize("path", [f"fastsatt/{PKG}/2024/{LOW_INCOME}", f"oppgjoer/kommuneForeldrebetaling/2024/"
                                  f"{LOW_INCOME}", f"oppgjoer/sivilrett/2024/{LOW_INCOME}"])
def test_wrong_stadie_for_the_package_or_wrong_package_is_ssg_005(ssg, demo_token, path):
    error(ssg(path, demo_token), 403, "SSG-005")


def test_token_without_the_api_scope_is_ssg_005(sim, ssg, grants):
    other_scope = "skatteetaten:testscope"
    sim.cli("register-client", "--state-dir", str(sim.state_dir), "--client-id", "kommune-testscope",
            "--orgno", DEMO_KOMMUNE, "--scope", other_scope)
    sim.cli("grant", "--state-dir", str(sim.state_dir), "--consumer", DEMO_KOMMUNE, "--scope", other_scope,
            "--scope-only")
    token = grants.token(grants.x5c(sim.p12_path(DEMO_KOMMUNE), "kommune-testscope", scope=other_scope))
    error(ssg(f"oppgjoer/{PKG}/2024/{LOW_INCOME}", token), 403, "SSG-005")


def test_consumer_without_the_rettighetspakke_is_ssg_005(sim, ssg, grants):
    orgno = "210123458"
    sim.cli("register-client", "--state-dir", str(sim.state_dir), "--client-id", "kommune-no-package",
            "--orgno", orgno)
    sim.cli("grant", "--state-dir", str(sim.state_dir), "--consumer", orgno, "--scope-only")
    token = grants.token(grants.x5c(sim.p12_path(orgno), "kommune-no-package"))
    error(ssg(f"oppgjoer/{PKG}/2024/{LOW_INCOME}", token), 403, "SSG-005")


@pytest.mark.parametrize("authorization", [None, "Basic dXNlcjpwYXNz", "Bearer", "Bearer not-a-jwt"])
def test_missing_or_malformed_token_is_ssg_004(sim, authorization):
    headers = {"Accept": "application/json"} | ({"Authorization": authorization} if authorization else {})
    response = httpx.get(f"{sim.ssg_base_url}/oppgjoer/{PKG}/2024/{LOW_INCOME}", headers=headers)
    error(response, 401, "SSG-004")


def test_token_signed_by_someone_else_is_ssg_004(sim, ssg, demo_token):
    claims = jwt.decode(demo_token, options={"verify_signature": False})
    forged_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    kid = jwt.get_unverified_header(demo_token)["kid"]
    forged = jwt.encode(claims, forged_key, algorithm="RS256", headers={"kid": kid})
    error(ssg(f"oppgjoer/{PKG}/2024/{LOW_INCOME}", forged), 401, "SSG-004")


def test_expired_token_is_ssg_004(sim, ssg, demo_token):
    sim.configure(clock_offset_s=121)
    error(ssg(f"oppgjoer/{PKG}/2024/{LOW_INCOME}", demo_token), 401, "SSG-004")


def test_audience_restricted_token_is_ssg_004(ssg, grants):
    token = grants.token(grants.for_org(DEMO_KOMMUNE, resource="https://annet-api.example.no"))
    error(ssg(f"oppgjoer/{PKG}/2024/{LOW_INCOME}", token), 401, "SSG-004")


def test_unspecified_audience_is_accepted(sim, ssg, grants):
    sim.configure(token_aud="unspecified")
    token = grants.token(grants.for_org(DEMO_KOMMUNE))
    assert ssg(f"oppgjoer/{PKG}/2024/{LOW_INCOME}", token).status_code == 200


def test_accept_neither_json_nor_xml_is_406_ssg_009(ssg, demo_token):
    error(ssg(f"oppgjoer/{PKG}/2024/{LOW_INCOME}", demo_token, accept="text/html"), 406, "SSG-009")


def test_wrong_path_shape_is_ssg_003_and_outside_the_api_a_plain_404(sim, ssg, demo_token):
    error(ssg(f"oppgjoer/{PKG}/2024", demo_token), 404, "SSG-003")
    plain = httpx.get(f"{sim.base_url}/skatteetaten/v1/oppgjoer/{PKG}/2024/{LOW_INCOME}")
    assert plain.status_code == 404 and plain.headers["content-type"].startswith("text/plain")


def test_korrelasjonsid_is_fresh_for_every_error(ssg, demo_token):
    ids = {error(ssg(f"oppgjoer/{PKG}/2024/{UNKNOWN_PERSON}", demo_token), 404, "SSG-007")["korrelasjonsid"]
           for _ in range(3)}
    assert len(ids) == 3


def test_calls_are_counted_per_consumer_organisation(sim, ssg, grants):
    sim.reset()
    delegated = grants.token(grants.kid(VENDOR, consumer_org=DEMO_KOMMUNE, scope=SCOPE))
    ssg(f"oppgjoer/{PKG}/2024/{LOW_INCOME}", delegated)
    ssg(f"oppgjoer/{PKG}/2024/{UNKNOWN_PERSON}", delegated)
    stats = sim.stats()
    assert stats["ssg_calls"] == 2
    assert stats["ssg_calls_by_org"] == {DEMO_KOMMUNE: 2}
    assert stats["ssg_responses_by_status"] == {"200": 1, "404": 1}
