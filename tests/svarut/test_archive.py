"""The archive copy to the kommune's own SvarInn: the approved vedtak AND the «Søknadssammendrag» (over real
HTTP to the simulator, which stores each received document's name, size and SHA-256)."""
from __future__ import annotations

import hashlib
import io

import pytest
from pypdf import PdfReader

from cases.pdf.summary import summary_pdf
from tests.svarut.conftest import DIGITAL

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_archive_copy_carries_the_vedtak_then_the_application_summary(svarut_settings, simulator, approve):
    case = approve(applicant_route=DIGITAL)
    rows = {f.role: f for f in case.forsendelser.all()}
    sent = {f["eksternReferanse"]: f for f in simulator.svarut_forsendelser()}
    archive = sent[rows["arkiv"].ekstern_referanse]
    decision = case.decisions.get(status="approved")
    with decision.pdf.open("rb") as handle:
        vedtak = handle.read()
    summary = summary_pdf(decision)
    slug = case.saksnummer.replace("/", "-")
    assert [d["filnavn"] for d in archive["dokumenter"]] == [f"vedtak-{slug}.pdf", f"soknadssammendrag-{slug}.pdf"]
    assert [d["mimeType"] for d in archive["dokumenter"]] == ["application/pdf"] * 2
    assert archive["dokumenter"][0]["sha256Hash"] == hashlib.sha256(vedtak).hexdigest()
    # The render is deterministic (file identifier = hash of the content), so the simulator holds exactly this file.
    assert archive["dokumenter"][1]["sha256Hash"] == hashlib.sha256(summary).hexdigest()
    # The parties' letters carry the vedtak only: the summary goes to the archive.
    assert len(sent[rows["soker"].ekstern_referanse]["dokumenter"]) == 1
    assert len(sent[rows["partner"].ekstern_referanse]["dokumenter"]) == 1

    text = pdf_text(summary)
    household = case.application.household
    assert len(PdfReader(io.BytesIO(summary)).pages) == 1
    assert case.saksnummer in text and case.municipality.name in text
    for named in household.named_adults():
        assert named.full_name in text and named.masked_id in text
        assert named.person.person_id not in text.replace(" ", "")
    for child in case.application.children.all():
        assert child.full_name in text and child.institution in text
    assert "Søknadssammendrag" in text
