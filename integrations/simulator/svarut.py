"""KS Fiks SvarUt REST API v2 (``/svarut/api/v2/...``), faithful to contracts/svarut.md.

What it checks, in the order Fiks does (docs/reference/svarut.md):

1. ``Authorization: Bearer`` — an access token signed by this simulator's Maskinporten, not expired,
   with scope ``ks:fiks`` and a ``consumer``; else 401 «Klarte ikke å validere access_token».
2. ``IntegrasjonId`` + ``IntegrasjonPassord`` — a known integration, the right password, and the
   token's organisation equal to the integration's authorised organisation; else 401 «Autentisering
   feilet for integrasjon med id …» (Fiks does not say which of the three failed).
3. The konto in the path is one the integration may send from; else 403.
4. Send: ``multipart/form-data`` whose first part is ``forsendelse`` (JSON) and then one part per
   ``dokumenter[]`` entry, in order, each ``filename`` equal to its ``filnavn``; ``tittel``, ``mottaker``
   (``navn``, ``postnummer`` four digits and ``poststed`` unless ``kunDigitalLevering``), a valid
   ``digitalId``; only PDFs (``%PDF-``) unless digital only. Violations: 400 with an ErrorMessage.

Errors are Fiks' ``ErrorMessage`` (timestamp, status, error, errorId, path, originalPath, message,
errorCode, errorJson). Fault injection (``svarut_fault_rate``/``svarut_fault_kinds``) draws per call key;
``lost-answer`` stores the forsendelse and then drops the connection, as a timeout after sending would.
"""

from __future__ import annotations

import hmac
import json
import re
import time
import uuid
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt

from .idnumbers import is_valid_orgno, is_valid_personidentifikator
from .keys import SigningKeys
from .svarut_store import FIKS_SCOPE, FORCEABLE, Accounts, Forsendelser, iso

PREFIX = "/svarut/api/v2/"
CONTROL = "/_simulator/svarut/forsendelser"
_FORBIDDEN = re.compile(r'[*:"\\/<>|?]')
# The calls under /kontoer/{kontoId}/forsendelser: (method, path after it) → kind.
_KONTO_CALLS = {("POST", ()): "send", ("GET", ()): "lookup", ("POST", ("status-sok",)): "status"}
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class FiksError(Exception):
    def __init__(self, status: int, message: str, error_code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.error_code = status, message, error_code


@dataclass
class Reply:
    status: int
    payload: Any = None
    action: str = ""  # "", "disconnect" or "stall"
    note: str = ""


def error_message(exc: FiksError, path: str) -> dict[str, Any]:
    return {"timestamp": int(time.time() * 1000), "status": exc.status,
            "error": HTTPStatus(exc.status).phrase, "errorId": str(uuid.uuid4()), "path": path,
            "originalPath": path, "message": exc.message, "errorCode": exc.error_code, "errorJson": None}


def parse_multipart(content_type: str, body: bytes) -> list[tuple[dict[str, str], bytes]]:
    """[(headers incl. name/filename, content)] — byte-exact, no line-ending normalisation."""
    header = Message()
    header["content-type"] = content_type
    if header.get_content_type() != "multipart/form-data" or not header.get_param("boundary"):
        raise FiksError(400, "Forventet multipart/form-data med boundary")
    delimiter = b"\r\n--" + str(header.get_param("boundary")).encode()
    sections = (b"\r\n" + body).split(delimiter)
    if len(sections) < 3 or not sections[-1].startswith(b"--"):
        raise FiksError(400, "Ugyldig multipart-innhold")
    parts = []
    for raw in sections[1:-1]:
        head, sep, content = raw.partition(b"\r\n\r\n")
        if not sep:
            raise FiksError(400, "Ugyldig multipart-del")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            if ":" in line:
                key, value = line.split(":", 1)
                headers[key.strip().lower()] = value.strip()
        disposition = Message()
        disposition["content-disposition"] = headers.get("content-disposition", "")
        headers["name"] = str(disposition.get_param("name", "", header="content-disposition"))
        filename = disposition.get_filename()
        headers["filename"] = filename or ""
        parts.append((headers, content))
    return parts


def _required(value: Any, name: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise FiksError(400, f"{name} er påkrevd")


def validate_forsendelse(metadata: Any, files: list[tuple[dict[str, str], bytes]]) -> None:
    if not isinstance(metadata, dict):
        raise FiksError(400, "forsendelse må være et JSON-objekt")
    _required(metadata.get("tittel"), "tittel")
    if len(metadata["tittel"]) > 1000:
        raise FiksError(400, "tittel kan ikke være lengre enn 1000 tegn")
    if len(str(metadata.get("eksternReferanse") or "")) > 100:
        raise FiksError(400, "eksternReferanse kan ikke være lengre enn 100 tegn")
    digital_only = bool(metadata.get("kunDigitalLevering"))
    mottaker = metadata.get("mottaker")
    if not isinstance(mottaker, dict):
        raise FiksError(400, "mottaker er påkrevd")
    _required(mottaker.get("navn"), "mottaker.navn")
    digital_id = mottaker.get("digitalId")
    if digital_id is not None and not (is_valid_personidentifikator(str(digital_id))
                                       or is_valid_orgno(str(digital_id))):
        raise FiksError(400, "mottaker.digitalId er ikke et gyldig fødselsnummer eller organisasjonsnummer")
    if digital_only and not digital_id:
        raise FiksError(400, "mottaker.digitalId er påkrevd ved kunDigitalLevering")
    if not digital_only:
        _required(mottaker.get("poststed"), "mottaker.poststed")
        if not mottaker.get("land") or str(mottaker.get("land")).lower() in ("norge", "no", "nor"):
            postnummer = str(mottaker.get("postnummer") or "")
            if not (len(postnummer) == 4 and postnummer.isdigit()):
                raise FiksError(400, "mottaker.postnummer må være fire siffer")
    dokumenter = metadata.get("dokumenter")
    if not isinstance(dokumenter, list) or not dokumenter:
        raise FiksError(400, "dokumenter er påkrevd")
    if len(files) != len(dokumenter):
        raise FiksError(400, f"Antall filer ({len(files)}) stemmer ikke med dokumenter ({len(dokumenter)})")
    seen: set[str] = set()
    for i, (doc, (headers, data)) in enumerate(zip(dokumenter, files, strict=True)):
        if not isinstance(doc, dict):
            raise FiksError(400, f"dokumenter[{i}] må være et objekt")
        name = doc.get("filnavn")
        _required(name, f"dokumenter[{i}].filnavn")
        _required(doc.get("mimeType"), f"dokumenter[{i}].mimeType")
        if len(name) > 226 or _FORBIDDEN.search(name):
            raise FiksError(400, f"dokumenter[{i}].filnavn inneholder ulovlige tegn eller er for langt")
        if name.lower() in seen:
            raise FiksError(400, f"dokumenter[{i}].filnavn er ikke unikt")
        seen.add(name.lower())
        if headers["filename"] != name:
            raise FiksError(400, f"Fil nummer {i + 1} har filnavn som ikke stemmer med dokumenter[{i}].filnavn")
        if not data:
            raise FiksError(400, f"{name} er tom")
        printable = doc["mimeType"] == "application/pdf"
        if not digital_only and not printable and not doc.get("skalEkskluderesFraUtskrift"):
            raise FiksError(400, f"{name}: bare application/pdf kan skrives ut")
        if printable and not data[:1024].lstrip().startswith(b"%PDF-"):
            raise FiksError(400, f"{name} er ikke en gyldig PDF")


class SvarUt:
    """The API and its control endpoints; ``handle`` returns a :class:`Reply` for server.py to send."""

    def __init__(self, issuer: str, keys: SigningKeys, accounts: Accounts) -> None:
        self.issuer = issuer
        self.keys = keys
        self.accounts = accounts
        self.forsendelser = Forsendelser()

    # --- authentication -------------------------------------------------------------------------
    def _token_org(self, authorization: str | None, now: float) -> str:
        refused = FiksError(401, "Klarte ikke å validere access_token")
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise refused
        try:
            key = self.keys.public_key(jwt.get_unverified_header(token.strip()).get("kid", ""))
            if key is None:
                raise refused
            claims = jwt.decode(token.strip(), key, algorithms=["RS256"], issuer=self.issuer,
                                options={"verify_exp": False, "verify_aud": False, "verify_iat": False,
                                         "verify_nbf": False, "require": ["exp", "iss", "scope"]})
        except jwt.PyJWTError:
            raise refused from None
        if not isinstance(claims.get("exp"), int) or claims["exp"] <= now:
            raise refused
        if FIKS_SCOPE not in str(claims.get("scope", "")).split():
            raise refused
        consumer = claims.get("consumer")
        org = consumer.get("ID", "") if isinstance(consumer, dict) else ""
        if not org.startswith("0192:") or len(org) != 14:
            raise refused
        return org[5:]

    def _authenticate(self, headers: Any, konto: str | None, now: float) -> dict[str, Any]:
        org = self._token_org(headers.get("Authorization"), now)
        integration_id = str(headers.get("IntegrasjonId") or "")
        password = str(headers.get("IntegrasjonPassord") or "")
        integration = self.accounts.integration(integration_id)
        if (integration is None or not hmac.compare_digest(integration["passord"].encode(), password.encode())
                or integration["autorisert_org"] != org):
            raise FiksError(401, f"Autentisering feilet for integrasjon med id {integration_id or '(mangler)'}")
        if konto is not None and konto not in integration["kontoer"]:
            raise FiksError(403, f"Integrasjonen {integration_id} har ikke tilgang til konto {konto}")
        return integration

    # --- dispatch -------------------------------------------------------------------------------
    def handle(self, method: str, raw_path: str, headers: Any, body: bytes, *, now: float, step_s: float,
               fault: Any, count: Any = None, send_latency_ms: int = 0) -> Reply:
        """``fault(key)`` returns a fault kind or None (the simulator's reproducible FaultPlan); ``count(kind)``
        is told each authenticated konto call: send, lookup, status or other (the simulator's stats)."""
        split = urlsplit(raw_path)
        path = split.path
        try:
            rest = path[len(PREFIX):].rstrip("/").split("/")
            if rest[:1] == ["kontoer"] and len(rest) >= 3 and rest[2] == "forsendelser":
                konto = rest[1]
                if not _UUID.match(konto):
                    raise FiksError(400, "kontoId må være en uuid")
                self._authenticate(headers, konto, now)
                kind = _KONTO_CALLS.get((method, tuple(rest[3:])), "other")
                if count is not None:
                    count(kind)
                if kind == "send":
                    reply = self._send(konto, headers, body, step_s, fault)
                    if send_latency_ms and reply.status == 200:
                        time.sleep(send_latency_ms / 1000)  # stored already: a client gone now lost the answer
                    return reply
                injected = fault(f"svarut|{method}|{path}|{split.query}")
                if injected and injected != "lost-answer":  # a lost answer only matters for a send
                    return self._fault(injected)
                if kind == "lookup":
                    return self._lookup(konto, split.query)
                if kind == "status":
                    return self._status(konto, body, now)
                raise FiksError(404, "Ukjent url")
            if rest[:1] == ["forsendelser"] and len(rest) == 3 and method == "GET" and rest[2] == "metadata":
                integration = self._authenticate(headers, None, now)
                item = self.forsendelser.get(rest[1])
                if item is None or item.konto_id not in integration["kontoer"]:
                    raise FiksError(404, "Fant ikke forsendelsen")
                return Reply(200, {"dokumenter": item.documents})
            raise FiksError(404, "Ukjent url")
        except FiksError as exc:
            return Reply(exc.status, error_message(exc, path), note=exc.message[:60])

    def _fault(self, kind: str) -> Reply:
        if kind == "disconnect":
            return Reply(0, action="disconnect", note="fault=disconnect")
        if kind == "stall":
            return Reply(0, action="stall", note="fault=stall")
        status = 503 if kind == "svarut-503" else 500
        return Reply(status, error_message(FiksError(status, "Simulert feil"), ""), note=f"fault={kind}")

    def _send(self, konto: str, headers: Any, body: bytes, step_s: float, fault: Any) -> Reply:
        parts = parse_multipart(str(headers.get("Content-Type") or ""), body)
        if not parts or parts[0][0]["name"] != "forsendelse":
            raise FiksError(400, "Første del må hete forsendelse")
        try:
            metadata = json.loads(parts[0][1].decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise FiksError(400, "forsendelse er ikke gyldig JSON") from None
        files = parts[1:]
        validate_forsendelse(metadata, files)
        injected = fault(f"svarut|send|{konto}|{metadata.get('eksternReferanse') or uuid.uuid4()}")
        if injected and injected != "lost-answer":
            return self._fault(injected)
        item = self.forsendelser.add(konto=konto, metadata=metadata,
                                     files=[(h["filename"], d) for h, d in files], step_s=step_s)
        if injected == "lost-answer":
            return Reply(0, action="disconnect", note=f"fault=lost-answer id={item.id}")
        return Reply(200, {"id": item.id}, note=f"route={item.route}")

    def _lookup(self, konto: str, query: str) -> Reply:
        refs = parse_qs(query, keep_blank_values=True).get("eksternRef")
        if not refs:
            raise FiksError(400, "eksternRef er påkrevd")
        return Reply(200, {"forsendelseIds": [f.id for f in self.forsendelser.by_reference(konto, refs[0])]})

    def _status(self, konto: str, body: bytes, now: float) -> Reply:
        try:
            ids = json.loads(body or b"{}").get("forsendelseIds")
        except (json.JSONDecodeError, AttributeError):
            raise FiksError(400, "Ugyldig JSON") from None
        if not isinstance(ids, list):
            raise FiksError(400, "forsendelseIds er påkrevd")
        statuser = []
        for forsendelse_id in ids:
            item = self.forsendelser.get(str(forsendelse_id))
            if item is None or item.konto_id != konto:
                continue
            status, changed = item.current(now)
            statuser.append({"id": item.id, "status": status, "sisteStatusEndring": iso(changed)})
        return Reply(200, {"statuser": statuser})

    # --- control (not part of SvarUt) -----------------------------------------------------------
    def control(self, method: str, path: str, body: bytes, now: float) -> Reply:
        rest = path[len(CONTROL):].strip("/").split("/") if path != CONTROL else []
        if method == "GET" and not rest:
            return Reply(200, {"forsendelser": [f.public(now) for f in self.forsendelser.all()]})
        if method == "GET" and len(rest) == 1:
            item = self.forsendelser.get(rest[0])
            return Reply(200, item.public(now)) if item else Reply(404, {"error": "unknown id"})
        if method == "POST" and len(rest) == 2 and rest[1] == "status":
            try:
                status = json.loads(body or b"{}").get("status")
            except (json.JSONDecodeError, AttributeError):
                status = None
            if status not in FORCEABLE:
                return Reply(400, {"error": f"status must be one of {list(FORCEABLE)}"})
            item = self.forsendelser.force(rest[0], status)
            return Reply(200, item.public(time.time())) if item else Reply(404, {"error": "unknown id"})
        return Reply(404, {"error": "unknown control path"})
