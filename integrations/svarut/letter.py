"""What the rest of the project hands to SvarUt, independent of the API version.

A :class:`Letter` is one forsendelse to one recipient: a title, the recipient's name and postal address
(and fødselsnummer or organisasjonsnummer for digital delivery), the documents in order, and our stable
``reference`` (sent as ``eksternReferanse``). The v2 JSON is built in ``client.py``; a v3 client would
build its own from the same objects. Validation here mirrors SvarUt's documented rules, so a bad letter
is refused before anything is sent.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from integrations.errors import mask_person_id

# SvarUt v2 status values (forsendelse-status-api-v2.json; meanings in docs/delivery.md).
STATUSES = (
    "MOTTATT", "AKSEPTERT", "AVVIST", "VARSLET", "LEST", "SENDT_PRINT", "PRINTET", "MANUELT_HANDTERT",
    "SENDT_DIGITALT", "SENDT_SDP", "LEVERT_SDP", "KLAR_FOR_MOTTAK", "IKKE_LEVERT",
)
FINAL_STATUSES = frozenset({"AVVIST", "LEST", "PRINTET", "MANUELT_HANDTERT", "LEVERT_SDP", "IKKE_LEVERT"})
_FORBIDDEN_IN_FILENAME = re.compile(r'[*:"\\/<>|?]')
MAX_REFERENCE = 100
MAX_TITLE = 1000


def _mod11(digits: str, weights: tuple[int, ...]) -> int | None:
    check = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11
    return 0 if check == 11 else None if check == 10 else check


def is_valid_person_id(value: str) -> bool:
    """11 digits with both mod-11 check digits right (fødselsnummer, D-nummer, synthetic Test-Norge)."""
    if not (isinstance(value, str) and len(value) == 11 and value.isascii() and value.isdigit()):
        return False
    k1 = _mod11(value[:9], (3, 7, 6, 1, 8, 9, 4, 5, 2))
    k2 = _mod11(value[:10], (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
    return k1 == int(value[9]) and k2 == int(value[10])


def is_valid_orgno(value: str) -> bool:
    if not (isinstance(value, str) and len(value) == 9 and value.isascii() and value.isdigit()):
        return False
    return _mod11(value[:8], (3, 2, 7, 6, 5, 4, 3, 2)) == int(value[8])


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


@dataclass(frozen=True)
class Recipient:
    """``digital_id`` is a fødselsnummer/D-nummer (person) or organisasjonsnummer (the kommune's archive)."""

    name: str
    digital_id: str
    address_lines: tuple[str, ...]
    postnummer: str
    poststed: str

    def __repr__(self) -> str:  # keeps the fødselsnummer out of tracebacks
        return f"Recipient(name={self.name!r}, digital_id={mask_person_id(self.digital_id)!r})"

    @property
    def is_organisation(self) -> bool:
        return len(self.digital_id) == 9


@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes = field(repr=False)
    mime_type: str = "application/pdf"
    document_type: str = ""


@dataclass(frozen=True)
class ArchiveMetadata:
    """Noark 5 metadata so the kommune's SvarInn import files the copy in the right case folder."""

    title: str
    document_date: dt.date
    saksaar: int | None = None  # the kommune's archive case; None: SvarInn's import queue files it by hand
    sakssekvensnummer: int | None = None
    journalposttype: str = "U"  # utgående dokument
    journalstatus: str = "E"  # ekspedert


@dataclass(frozen=True)
class Letter:
    title: str
    recipient: Recipient
    documents: tuple[Document, ...]
    reference: str
    sender_system: str = "Skattedeling"
    archive: ArchiveMetadata | None = None
    digital_only: bool = False  # only for an organisation (the archive copy must never be printed)


class LetterError(ValueError):
    """A letter SvarUt would refuse; the message never contains the fødselsnummer."""


def check_letter(letter: Letter) -> Letter:
    """Raise :class:`LetterError` for anything SvarUt documents as invalid (nothing is sent)."""
    recipient = letter.recipient
    if not letter.title.strip() or len(letter.title) > MAX_TITLE:
        raise LetterError("tittel må ha 1–1000 tegn")
    if not letter.reference.strip() or len(letter.reference) > MAX_REFERENCE:
        raise LetterError("referansen (eksternReferanse) må ha 1–100 tegn")
    if not recipient.name.strip():
        raise LetterError("mottakerens navn mangler")
    if not (is_valid_person_id(recipient.digital_id) or is_valid_orgno(recipient.digital_id)):
        raise LetterError("mottakerens fødselsnummer/organisasjonsnummer er ugyldig (11 eller 9 siffer, mod 11)")
    if letter.digital_only and not recipient.is_organisation:
        raise LetterError("brev til personer skal kunne skrives ut (ikke kunDigitalLevering)")
    if not letter.digital_only:
        if not (len(recipient.postnummer) == 4 and recipient.postnummer.isdigit()):
            raise LetterError("postnummeret må være fire siffer")
        if not recipient.poststed.strip():
            raise LetterError("poststed mangler")
        if not recipient.address_lines or not recipient.address_lines[0].strip():
            raise LetterError("mottakeren mangler adresse")
    if len(recipient.address_lines) > 3:
        raise LetterError("mottakeren kan ha høyst tre adresselinjer")
    if not letter.documents:
        raise LetterError("forsendelsen må ha minst ett dokument")
    seen: set[str] = set()
    for document in letter.documents:
        name = document.filename
        if not name or len(name) > 226 or _FORBIDDEN_IN_FILENAME.search(name) or name.lower() in seen:
            raise LetterError(f"ugyldig eller dobbelt filnavn: {name!r}")
        seen.add(name.lower())
        if document.mime_type != "application/pdf" or not is_pdf(document.content):
            raise LetterError(f"{name} er ikke en PDF")
    return letter


@dataclass(frozen=True)
class LetterStatus:
    forsendelse_id: str
    status: str
    changed_at: dt.datetime | None = None

    @property
    def final(self) -> bool:
        return self.status in FINAL_STATUSES


@dataclass(frozen=True)
class SendReceipt:
    forsendelse_id: str
    reference: str
    existed: bool  # True: found by eksternReferanse, nothing was sent
