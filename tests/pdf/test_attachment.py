"""The standard attachment «Orientering om klagerett og innsyn»: rendered once per kommune, målform
and template version, attached to every letter for print (a second document for digital delivery)."""
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from pypdf import PdfReader

from cases.pdf import attachment, render_vedtak_pdf, standard_attachment_pdf, vedtak_with_attachment_pdf
from cases.services.delivery import decisions_batch_pdf
from tests.pdf.conftest import pdf_text

pytestmark = pytest.mark.django_db
TITLE = "Orientering om klagerett og innsyn"


@pytest.fixture
def renders(monkeypatch):
    """Counts attachment renders; starts with no cached attachment in memory or storage."""
    attachment.forget_cached()
    storage = storages["private"]
    if storage.exists(attachment.FOLDER):
        for name in storage.listdir(attachment.FOLDER)[1]:
            storage.delete(f"{attachment.FOLDER}/{name}")
    calls = []
    real = attachment.html_to_pdf

    def counting(html, **kwargs):
        calls.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(attachment, "html_to_pdf", counting)
    yield calls
    attachment.forget_cached()


def pages(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_rendered_once_per_kommune_and_malform_and_kept_across_processes(make_decision, renders, letter_kommune):
    decisions = [make_decision(children=n) for n in (1, 2, 1)]
    for decision in decisions:
        vedtak_with_attachment_pdf(decision)
    assert len(renders) == 1  # three letters, one attachment render

    attachment.forget_cached()  # another worker process: reads the stored file, does not render
    first = standard_attachment_pdf(letter_kommune)
    assert len(renders) == 1

    nynorsk = make_decision(malform="nn")  # the kommune now writes nynorsk: a new attachment
    vedtak_with_attachment_pdf(nynorsk)
    assert len(renders) == 2
    assert standard_attachment_pdf(letter_kommune) != first

    letter_kommune.klageinstans = "Formannskapet i Fjordvik"  # what the page shows changed: new file
    letter_kommune.save(update_fields=["klageinstans"])
    assert "Formannskapet i Fjordvik" in pdf_text(standard_attachment_pdf(letter_kommune))
    assert len(renders) == 3


def test_combined_file_is_the_letter_then_the_attachment(make_decision, renders):
    decision = make_decision()
    _html, letter = render_vedtak_pdf(decision, draft=False)
    combined = pages(vedtak_with_attachment_pdf(decision))
    letter_pages, attachment_pages = pages(letter), pages(standard_attachment_pdf(decision.case.municipality))
    assert len(combined) == len(letter_pages) + len(attachment_pages)
    assert combined[len(letter_pages)].count(TITLE) == 1 and "3 uker" in combined[len(letter_pages)]


def test_attachment_is_a_tagged_pdf_a_of_its_own(make_decision, renders):
    reader = PdfReader(io.BytesIO(standard_attachment_pdf(make_decision().case.municipality)))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.metadata.title.startswith(TITLE)


def test_print_batch_puts_the_attachment_after_every_letter(make_decision, renders, staff):
    proposer, _approver = staff
    decisions = [make_decision(), make_decision(children=2)]
    letters = []
    for decision in decisions:
        _document, pdf = render_vedtak_pdf(decision, draft=False)
        decision.pdf.save(f"v{decision.pk}.pdf", ContentFile(pdf))
        letters.append(pages(pdf))
    batch = pages(decisions_batch_pdf(decision_ids=[d.pk for d in decisions], actor=proposer))
    size = len(pages(standard_attachment_pdf(decisions[0].case.municipality)))
    assert len(batch) == sum(len(p) for p in letters) + 2 * size
    starts = [i for i, page in enumerate(batch) if page.startswith("Fjordvik kommune") and f"{TITLE} Vedlegg" in page]
    assert starts == [len(letters[0]), len(letters[0]) + size + len(letters[1])]
    assert len(renders) == 1


def test_downloaded_letter_carries_the_attachment(make_decision, renders, staff, client):
    """The caseworker's download (what is handed out or posted) is the stored letter + the attachment."""
    from django.urls import reverse

    proposer, _approver = staff
    decision = make_decision()
    _document, pdf = render_vedtak_pdf(decision, draft=False)
    decision.pdf.save(f"v{decision.pk}.pdf", ContentFile(pdf))
    client.force_login(proposer)
    response = client.get(reverse("cases:vedtak_download", args=[decision.case.pk, decision.pk]))
    assert response.status_code == 200
    downloaded = pages(response.content)
    assert downloaded[:len(pages(pdf))] == pages(pdf)
    assert downloaded[len(pages(pdf))].startswith("Fjordvik kommune") and TITLE in downloaded[len(pages(pdf))]
