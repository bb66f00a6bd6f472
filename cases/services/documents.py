"""Documentation a parent uploads while the case waits for it (status «Mangler dokumentasjon»).

One guarded write, ``case_document_add``: the case must wait for documentation, the uploader must be an
adult of the household, the reason is one of ``CaseDocument.Reason``, the file is not empty, at most
``UPLOAD_MAX_BYTES``, a PDF, JPEG or PNG *by its content* (the name and the browser's content type are
not trusted), and accepted by the configured virus scanner. A refused upload raises ``UploadRefused``
with a code and changes nothing. The file goes to the private storage under a generated name; the
parent's file name is kept only for display. Every upload and every download is audited.
"""
from __future__ import annotations

import enum
import hashlib
import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from cases.constants import CaseStatus as S
from cases.models import Case, CaseDocument
from cases.scanning import Verdict, configured_scanner
from cases.services.audit import audit_record

logger = logging.getLogger(__name__)

MAGIC = (  # (leading bytes, content type)
    (b"%PDF-", CaseDocument.ContentType.PDF),
    (b"\xff\xd8\xff", CaseDocument.ContentType.JPEG),
    (b"\x89PNG\r\n\x1a\n", CaseDocument.ContentType.PNG),
)


class UploadProblem(enum.StrEnum):
    NOT_WAITING = "not_waiting"          # the case does not wait for documentation (any more)
    NOT_AN_ADULT = "not_an_adult"        # the uploader is not an adult of the household
    UNKNOWN_REASON = "unknown_reason"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    WRONG_TYPE = "wrong_type"            # not a PDF, JPEG or PNG by content
    INFECTED = "infected"
    SCAN_FAILED = "scan_failed"


class UploadRefused(Exception):
    def __init__(self, problem: UploadProblem):
        super().__init__(problem.value)
        self.problem = problem


def sniff_content_type(content: bytes) -> str | None:
    """The content type the file's own leading bytes show (PDF, JPEG or PNG), or None."""
    for magic, content_type in MAGIC:
        if content.startswith(magic):
            return content_type
    return None


def _read_bounded(upload) -> bytes:
    """The upload's bytes, refusing (without reading it all) anything over the limit."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise UploadRefused(UploadProblem.TOO_LARGE)
    upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise UploadRefused(UploadProblem.TOO_LARGE)
    if not content:
        raise UploadRefused(UploadProblem.EMPTY)
    return content


def _display_name(name: str) -> str:
    """The parent's file name without any path, control characters or excess length (display only)."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    return name[-120:] or "dokument"


def check_upload(upload) -> tuple[bytes, str, str]:
    """``(content, content type, scanner name)`` of an acceptable file; ``UploadRefused`` otherwise."""
    content = _read_bounded(upload)
    content_type = sniff_content_type(content)
    if content_type is None:
        raise UploadRefused(UploadProblem.WRONG_TYPE)
    scanner = configured_scanner()
    try:
        verdict = Verdict(scanner.scan(content))
    except Exception:
        logger.exception("upload scanner %s failed", getattr(scanner, "name", scanner))
        raise UploadRefused(UploadProblem.SCAN_FAILED) from None
    if verdict == Verdict.INFECTED:
        logger.warning("upload refused by scanner %s", scanner.name)
        raise UploadRefused(UploadProblem.INFECTED)
    return content, content_type, scanner.name


def case_document_add(*, case_id: int, person_id: int, reason: str, upload, actor=None) -> CaseDocument:
    """Store one document for the case (``actor`` None: the parent, identified by ``person_id``)."""
    if reason not in CaseDocument.Reason.values:
        raise UploadRefused(UploadProblem.UNKNOWN_REASON)
    content, content_type, scanner_name = check_upload(upload)
    stored_name = None
    try:
        with transaction.atomic():
            case = Case.objects.select_for_update().select_related("application__household").get(pk=case_id)
            if case.status != S.NEEDS_DOCUMENTATION:
                raise UploadRefused(UploadProblem.NOT_WAITING)
            if person_id not in {p.pk for p in case.application.household.adults()}:
                raise UploadRefused(UploadProblem.NOT_AN_ADULT)
            document = CaseDocument(
                case=case, person_id=person_id, reason=reason, original_name=_display_name(upload.name),
                content_type=content_type, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                scanner=scanner_name)
            document.file.save(f"{case.pk}-{uuid.uuid4().hex}.{document.extension}", ContentFile(content),
                               save=False)
            stored_name = document.file.name
            document.save()
            audit_record(action="upload_document", actor=actor, municipality=case.municipality, case=case,
                         detail=f"dokumentasjon lastet opp ({document.get_reason_display().lower()}, "
                                f"{document.get_content_type_display()}, {document.size} byte, "
                                f"skanning: {scanner_name})")
    except BaseException:
        if stored_name:  # the database rolled back: leave no orphan file behind
            document.file.storage.delete(stored_name)
        raise
    return document
