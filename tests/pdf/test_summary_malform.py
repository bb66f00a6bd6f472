"""The «Søknadssammendrag» of the archive copy follows the kommune's målform, as the vedtak does
(cases/pdf/summary.py; words from the summary_* entries of cases/pdf/texts_nb.py / texts_nn.py)."""
import io

import pytest
from pypdf import PdfReader

from cases.constants import Channel, PartnerRelation, Service
from cases.pdf.summary import summary_pdf
from cases.pdf.texts import TABLES
from tests.pdf.conftest import pdf_text, squash

pytestmark = pytest.mark.django_db


def test_nynorsk_kommune_gets_a_nynorsk_summary(make_decision):
    decision = make_decision(malform="nn")
    pdf = summary_pdf(decision)
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "nn"
    text = squash(pdf_text(pdf))
    for words in ("Søknadssamandrag – sak", "Vaksne i hushaldet", "Søkjar", "Timar per veke",
                  "Sum foreldrebetaling per månad etter vedtaket", "godkjend"):
        assert words in text, words
    for bokmal in ("Søknadssammendrag", "Voksne i husholdningen", "Timer per uke", "per måned", "godkjent"):
        assert bokmal not in text, bokmal


def test_bokmal_kommune_gets_a_bokmal_summary(make_decision):
    decision = make_decision(malform="nb")
    text = squash(pdf_text(summary_pdf(decision)))
    for words in ("Søknadssammendrag – sak", "Voksne i husholdningen", "Søker", "Timer per uke",
                  "Sum foreldrebetaling per måned etter vedtaket", "godkjent"):
        assert words in text, words
    assert "Søknadssamandrag" not in text and "hushaldet" not in text


@pytest.mark.parametrize("prefix", ["summary_service_", "summary_channel_", "summary_role_"])
def test_every_stored_choice_has_a_word_in_both_tables(prefix):
    values = {"summary_service_": Service.values, "summary_channel_": Channel.values,
              "summary_role_": [*PartnerRelation.values, "soker", "partner"]}[prefix]
    for table in TABLES.values():
        assert {f"{prefix}{value}" for value in values} <= table.keys()
