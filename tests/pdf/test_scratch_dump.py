import pytest
from cases.pdf import render_vedtak_pdf, standard_attachment_pdf
from tests.pdf.conftest import pdf_text

pytestmark = pytest.mark.django_db

@pytest.mark.parametrize("malform", ["nb", "nn"])
def test_dump(make_decision, malform):
    d = make_decision(children=2, malform=malform)
    html, pdf = render_vedtak_pdf(d, draft=False)
    open(f"/tmp/letter/{malform}.pdf", "wb").write(pdf)
    open(f"/tmp/letter/{malform}.html", "w").write(html)
    open(f"/tmp/letter/{malform}.txt", "w").write(pdf_text(pdf))
    att = standard_attachment_pdf(d.case.municipality)
    open(f"/tmp/letter/{malform}-att.pdf", "wb").write(att)
    open(f"/tmp/letter/{malform}-att.txt", "w").write(pdf_text(att))
