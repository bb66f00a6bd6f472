"""Summert skattegrunnlag API V2: token check, the error matrix of docs/reference/skatteetaten-api.md § 4.4, V2 bodies.

``authenticate`` turns the Bearer token into the consumer orgno (the organisation the 5-call limit
counts); ``respond`` validates the path and answers from the person store. Concurrency, latency and
fault injection are applied around these calls by server.py.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

import jwt

from .idnumbers import is_valid_personidentifikator
from .keys import SigningKeys
from .persons import STADIER, PersonStore
from .registry import SSG_LEGACY_SCOPE, SSG_SCOPE, Registry

ACCEPTED_SCOPES = (SSG_SCOPE, SSG_LEGACY_SCOPE)
MIN_YEAR = 2017
XML_NS = "urn:no:skatteetaten:datasamarbeid:summertskattegrunnlag:v2"
XML_ERROR_NS = "urn:no:skatteetaten:datasamarbeid:feil:v1"

CODES: dict[str, tuple[int, str]] = {
    "SSG-001": (500, "Uventet feil i tjenesten"),
    "SSG-002": (500, "Uventet feil fra bakenforliggende system"),
    "SSG-003": (404, "Ukjent url"),
    "SSG-004": (401, "Autentiseringsfeil"),
    "SSG-005": (403, "Autoriseringsfeil"),
    "SSG-006": (400, "Feil i validering av parametere"),
    "SSG-007": (404, "Ingen treff på oppgitt personidentifikator"),
    "SSG-008": (404, "Ingen summert skattegrunnlag funnet på oppgitt personidentifikator og inntektsår"),
    "SSG-009": (406, "Feil i format. Kun JSON eller XML er støttet"),
    "SSG-011": (410, "Skattegrunnlaget finnes ikke lenger"),
    "DAS-003": (500, "Tjenesten er midlertidig utilgjengelig. Prøv igjen senere"),
    "SSG-429": (429, "For mange samtidige kall fra organisasjonen. Maks 5 samtidige kall per API"),
}


class ApiError(Exception):
    """An SSG/DAS error; ``detail`` is appended to the standard melding."""

    def __init__(self, kode: str, detail: str = "") -> None:
        super().__init__(kode)
        self.kode, self.detail = kode, detail


@dataclass
class ApiResponse:
    """A rendered response plus labels for the statistics and the request log."""

    status: int
    body: bytes
    content_type: str
    outcome: str


def negotiate(accept: str | None) -> str | None:
    """ "json", "xml", or None when the Accept header allows neither (→ 406 SSG-009)."""
    if not accept or not accept.strip():
        return "json"
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, i, media.lower()))
    for _, _, media in sorted(ranges):
        if media in ("application/json", "application/*", "*/*") or media.endswith("+json"):
            return "json"
        if media in ("application/xml", "text/xml") or media.endswith("+xml"):
            return "xml"
    return None


def _xml(tag: str, value: Any, ns: str) -> ET.Element:
    element = ET.Element(f"{{{ns}}}{tag}")
    if isinstance(value, dict):
        for key, item in value.items():
            for child in item if isinstance(item, list) else [item]:
                element.append(_xml(key, child, ns))
    else:
        element.text = str(value).lower() if isinstance(value, bool) else str(value)
    return element


def render(
    status: int, payload: dict[str, Any], fmt: str, outcome: str, *, error: bool = False
) -> ApiResponse:
    if fmt == "xml":
        root, ns = ("feil", XML_ERROR_NS) if error else ("summertSkattegrunnlag", XML_NS)
        ET.register_namespace("", ns)
        body = ET.tostring(_xml(root, payload, ns), encoding="utf-8", xml_declaration=True)
        return ApiResponse(status, body, "application/xml; charset=utf-8", outcome)
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return ApiResponse(status, body, "application/json; charset=utf-8", outcome)


def error_response(kode: str, fmt: str = "json", detail: str = "") -> ApiResponse:
    status, melding = CODES[kode]
    payload = {
        "kode": kode,
        "melding": f"{melding}. {detail}".strip() if detail else melding,
        "korrelasjonsid": str(uuid.uuid4()),
    }
    return render(status, payload, fmt, kode, error=True)


class SummertSkattegrunnlag:
    """The API behind ``{base}/v2/{stadie}/{rettighetspakke}/{inntektsaar}/{personidentifikator}``."""

    def __init__(self, issuer: str, keys: SigningKeys, persons: PersonStore) -> None:
        self.issuer = issuer
        self.keys = keys
        self.persons = persons

    def authenticate(self, authorization: str | None, now: float) -> str:
        """Validate the Bearer token; return the consumer orgno. Raises ApiError SSG-004/SSG-005."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError("SSG-004", "Mangler Bearer-token")
        try:
            key = self.keys.public_key(jwt.get_unverified_header(token.strip()).get("kid", ""))
            if key is None:
                raise ApiError("SSG-004", "Token er ikke signert av Maskinporten")
            claims = jwt.decode(
                token.strip(),
                key,
                algorithms=["RS256"],
                issuer=self.issuer,
                options={
                    "verify_exp": False,
                    "verify_aud": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                    "require": ["exp", "iss", "scope"],
                },
            )
        except jwt.PyJWTError as exc:
            raise ApiError("SSG-004", "Ugyldig token") from exc
        if not isinstance(claims.get("exp"), int) or claims["exp"] <= now:
            raise ApiError("SSG-004", "Token er utløpt")
        if claims.get("aud") not in (None, "unspecified"):
            raise ApiError("SSG-004", "Tokenet er begrenset til en annen ressurs (aud)")
        consumer = claims.get("consumer")
        org = consumer.get("ID", "") if isinstance(consumer, dict) else ""
        if not org.startswith("0192:") or len(org) != 14:
            raise ApiError("SSG-004", "Tokenet mangler consumer")
        if not set(str(claims.get("scope", "")).split()) & set(ACCEPTED_SCOPES):
            raise ApiError("SSG-005", "Tokenet mangler scope for Summert skattegrunnlag")
        return org[5:]

    def respond(
        self, segments: list[str], fmt: str, org: str, registry: Registry, max_year: int
    ) -> ApiResponse:
        stadie, pakke, year, pid = segments
        if stadie not in STADIER:
            raise ApiError("SSG-006", "Ugyldig stadie")
        allowed = registry.allowed_stadier(org, pakke)
        if allowed is None:
            raise ApiError("SSG-005", "Ingen tilgang til rettighetspakken")
        if stadie not in allowed:
            raise ApiError("SSG-005", "Rettighetspakken gir ikke tilgang til dette stadiet")
        if not (len(year) == 4 and year.isascii() and year.isdigit()):
            raise ApiError("SSG-006", "Ugyldig inntektsår: må ha formatet ÅÅÅÅ")
        if not MIN_YEAR <= int(year) <= max_year:
            raise ApiError(
                "SSG-006", f"Ugyldig inntektsår: {year} er ikke støttet (støttet: {MIN_YEAR}–{max_year})"
            )
        if not is_valid_personidentifikator(pid):
            raise ApiError("SSG-006", "Ugyldig personidentifikator")
        found = self.persons.lookup(pid, year, stadie)
        if found.outcome == "unknown_person":
            raise ApiError("SSG-007")
        if found.outcome == "no_data":
            raise ApiError("SSG-008")
        if found.outcome == "deleted":
            raise ApiError("SSG-011")
        assert found.person is not None and found.record is not None
        if found.person.skjermet:
            body = {"personidentifikator": pid, "inntektsaar": year, "stadie": stadie, "skjermet": True}
            return render(200, body, fmt, "skjermet")
        return render(200, self._body(pid, year, stadie, found.record), fmt, "found")

    @staticmethod
    def _body(pid: str, year: str, stadie: str, record: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = {
            "personidentifikator": pid,
            "inntektsaar": year,
            "skjermet": False,
            "grunnlag": [dict(post) for post in record.get("grunnlag", [])],
        }
        if record.get("svalbardGrunnlag"):
            body["svalbardGrunnlag"] = [dict(post) for post in record["svalbardGrunnlag"]]
        if stadie == "oppgjoer" and record.get("skatteoppgjoersdato"):
            body["skatteoppgjoersdato"] = record["skatteoppgjoersdato"]
        body["stadie"] = stadie
        if record.get("ajourholdstidspunkt"):
            body["ajourholdstidspunkt"] = record["ajourholdstidspunkt"]
        return body
