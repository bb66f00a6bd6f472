"""SvarUt REST API v2 client: send (multipart), status-sok and lookup by eksternReferanse.

Every call carries ``Authorization: Bearer <Maskinporten token, scope ks:fiks>``, ``IntegrasjonId`` and
``IntegrasjonPassord``. The API version lives only here: :class:`SvarUtClient` takes and returns the
version-free objects of ``letter.py``; moving to v3 (which splits sending by recipient type) means a
``_V3`` path table and body builder in this module, nothing outside ``integrations/svarut/``.

Idempotency (SvarUt does not deduplicate ``eksternReferanse``): :meth:`SvarUtClient.send_once` looks the
reference up first and sends only when nothing is found; when a send times out or the connection breaks,
it looks again before anything else, so a lost answer never becomes a second letter.

GET and status-sok are retried on 5xx/429/network errors; a send is never blindly repeated. A 401 whose
message says the access token was refused renews the token once. Logs never carry the fødselsnummer,
the password or the token.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from typing import Protocol

import httpx

from integrations.http import RetryPolicy, describe_transport_error
from integrations.svarut.errors import (
    SvarUtAuthError,
    SvarUtError,
    SvarUtRequestError,
    SvarUtSendUncertain,
    SvarUtUnavailable,
    error_from_response,
)
from integrations.svarut.letter import Letter, LetterStatus, SendReceipt, check_letter

logger = logging.getLogger(__name__)

API_VERSION = "v2"
TOKEN_REFUSED = "access_token"  # Fiks: «Klarte ikke å validere access_token»


class TokenSource(Protocol):
    def token(self) -> str: ...

    def invalidate(self, token_value: str) -> None: ...


def forsendelse_v2(letter: Letter) -> dict:
    """The v2 ``forsendelse`` JSON part (forsendelse-send-api-v2.json).

    ``kunDigitalLevering`` only for a digital-only letter to an organisation (the archive copy); a letter
    to a person must stay printable.
    """
    recipient = letter.recipient
    mottaker = {"navn": recipient.name, "digitalId": recipient.digital_id}
    for i, line in enumerate(recipient.address_lines[:3], start=1):
        mottaker[f"adresselinje{i}"] = line
    if recipient.postnummer:
        mottaker["postnummer"] = recipient.postnummer
    if recipient.poststed:
        mottaker["poststed"] = recipient.poststed
    body: dict = {
        "tittel": letter.title,
        "mottaker": mottaker,
        "eksternReferanse": letter.reference,
        "avgivendeSystem": letter.sender_system,
        "dokumenter": [
            {"filnavn": d.filename, "mimeType": d.mime_type, **({"dokumentType": d.document_type}
                                                              if d.document_type else {})}
            for d in letter.documents
        ],
    }
    if letter.digital_only:
        body["kunDigitalLevering"] = True
    if letter.archive is not None:
        a = letter.archive
        body["metadataForImport"] = {
            "tittel": a.title, "journalposttype": a.journalposttype, "journalstatus": a.journalstatus,
            "dokumentetsDato": a.document_date.isoformat(),
            **({"saksaar": a.saksaar, "sakssekvensnummer": a.sakssekvensnummer} if a.saksaar else {}),
        }
    return body


def _parse_time(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


class SvarUtClient:
    """One kommune's konto and integration on one SvarUt host (base URL without ``/api``)."""

    def __init__(
        self,
        base_url: str,
        http: httpx.Client,
        tokens: TokenSource,
        *,
        konto_id: str,
        integrasjon_id: str,
        integrasjon_passord: str,
        retry: RetryPolicy | None = None,
        send_timeout_s: float = 960.0,
        sleep: Callable[[int], None] | None = None,
    ) -> None:
        if not base_url:
            raise ValueError("the SvarUt base URL is required")
        self.api = f"{base_url.rstrip('/')}/api/{API_VERSION}"
        self.http = http
        self.tokens = tokens
        self.konto_id = konto_id
        self.integrasjon_id = integrasjon_id
        self._password = integrasjon_passord
        self.retry = retry or RetryPolicy()
        self.send_timeout_s = send_timeout_s
        self._sleep = sleep or self.retry.sleep

    def __repr__(self) -> str:
        return f"SvarUtClient(api={self.api!r}, konto_id={self.konto_id!r})"

    # --- plumbing -------------------------------------------------------------------------------
    def _headers(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}", "IntegrasjonId": self.integrasjon_id,
                "IntegrasjonPassord": self._password, "Accept": "application/json"}

    def _call(self, method: str, path: str, what: str, *, retry: bool, **kwargs) -> httpx.Response:
        """One logical call: token renewal once on a refused token, retries on transient failures."""
        renewed = False
        attempt = 0
        while True:
            token = self.tokens.token()
            try:
                response = self.http.request(method, self.api + path, headers=self._headers(token), **kwargs)
            except httpx.HTTPError as exc:
                error: SvarUtError | SvarUtUnavailable = SvarUtUnavailable(
                    f"SvarUt svarer ikke ({what}: {describe_transport_error(exc)})", code="svarut_network")
                error.__cause__ = exc
            else:
                if response.status_code == 200:
                    return response
                error = error_from_response(response, what)
                logger.warning("SvarUt %s refused: status=%s errorId=%s konto=%s", what,
                               response.status_code, error.error_id or "-", self.konto_id)
                if isinstance(error, SvarUtAuthError) and TOKEN_REFUSED in error.svarut_message and not renewed:
                    self.tokens.invalidate(token)
                    renewed = True
                    continue
            if not retry or isinstance(error, SvarUtError):
                raise error
            attempt += 1
            if attempt >= self.retry.attempts:
                raise error
            self._sleep(attempt - 1)

    # --- the three v2 calls ---------------------------------------------------------------------
    def find_by_reference(self, reference: str) -> list[str]:
        """Forsendelse ids on this konto with ``eksternReferanse == reference`` (oldest first)."""
        response = self._call("GET", f"/kontoer/{self.konto_id}/forsendelser", "oppslag på referanse",
                              retry=True, params={"eksternRef": reference})
        try:
            ids = response.json()["forsendelseIds"]
        except (ValueError, KeyError, TypeError):
            raise SvarUtUnavailable("SvarUt svarte uten forsendelseIds på oppslaget.",
                                    code="svarut_bad_response") from None
        return [str(i) for i in ids]

    def status(self, forsendelse_ids: list[str]) -> dict[str, LetterStatus]:
        """status-sok: the current status of each known id (an id unknown on this konto is left out)."""
        if not forsendelse_ids:
            return {}
        response = self._call("POST", f"/kontoer/{self.konto_id}/forsendelser/status-sok", "statusoppslag",
                              retry=True, json={"forsendelseIds": list(forsendelse_ids)})
        try:
            rows = response.json()["statuser"]
            result = {str(r["id"]): LetterStatus(str(r["id"]), str(r["status"]),
                                                 _parse_time(r.get("sisteStatusEndring"))) for r in rows}
        except (ValueError, KeyError, TypeError):
            raise SvarUtUnavailable("SvarUt svarte uten gyldige statuser.", code="svarut_bad_response") from None
        return result

    def send(self, letter: Letter) -> str:
        """One multipart POST (no lookup, no retry). Returns the new forsendelse id."""
        check_letter(letter)
        files = [("forsendelse", (None, json.dumps(forsendelse_v2(letter), ensure_ascii=False).encode(),
                                  "application/json;charset=UTF-8"))]
        files += [(f"filer_{i}", (d.filename, d.content, "application/octet-stream"))
                  for i, d in enumerate(letter.documents)]
        response = self._call("POST", f"/kontoer/{self.konto_id}/forsendelser/", "sendingen", retry=False,
                              files=files, timeout=self.send_timeout_s)
        try:
            return str(response.json()["id"])
        except (ValueError, KeyError, TypeError):
            raise SvarUtSendUncertain("SvarUt svarte 200 uten forsendelse-id.", code="svarut_bad_response") from None

    def send_once(self, letter: Letter) -> SendReceipt:
        """Send unless a forsendelse with this reference exists; never two after a lost answer."""
        check_letter(letter)
        existing = self.find_by_reference(letter.reference)
        if existing:
            return SendReceipt(existing[0], letter.reference, existed=True)
        try:
            return SendReceipt(self.send(letter), letter.reference, existed=False)
        except SvarUtUnavailable as exc:
            # Timeout, broken connection or 5xx: the forsendelse may have been created. Look again.
            found = self.find_by_reference(letter.reference)
            if found:
                logger.info("SvarUt send answer lost; found by eksternReferanse (konto=%s)", self.konto_id)
                return SendReceipt(found[0], letter.reference, existed=True)
            raise SvarUtSendUncertain(
                f"Sendingen til SvarUt ble ikke bekreftet ({exc.message}); prøver igjen senere.",
                code=exc.code, http_status=exc.http_status, svarut_message=exc.svarut_message,
                error_id=exc.error_id) from exc

    def status_of(self, forsendelse_id: str) -> LetterStatus:
        found = self.status([forsendelse_id]).get(forsendelse_id)
        if found is None:
            raise SvarUtRequestError("SvarUt kjenner ikke forsendelsen på denne kontoen.",
                                     code="svarut_unknown_id", http_status=200)
        return found
