"""The change letter (nb and nn, the kommune's målform): per child the old price and the new price from the
change date, rendered from the text tables; an opphør says the reduction ends."""
import datetime
import io
import json

import pytest
from pypdf import PdfReader

from cases.constants import ChangeKind, DecisionKind
from cases.models import Decision
from cases.pdf import from_decision, render_vedtak_pdf
from cases.pdf.formatting import kr
from cases.services.approval import decision_approve
from cases.services.assessment import decision_propose
from cases.services.changes import change_register
from tests.changes.conftest import in_force, sent_case

MARCH = datetime.date(2027, 3, 1)


def pdf_text(pdf: bytes) -> str:
    """All text of the PDF, whitespace (including no-break spaces) collapsed to single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").replace("\u00a0", " ").split()) for page in reader.pages)


def plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture
def two_children(kommune, saksbehandler, godkjenner, parameters):
    return sent_case(kommune, saksbehandler, godkjenner, received=datetime.date(2026, 6, 1), children=2)


def change_hours(case, actor, approver):
    first, second = case.application.children.order_by("pk")
    old = in_force(case)
    change_register(case_id=case.pk, kind=ChangeKind.HOURS_CHANGED, change_date=MARCH, actor=actor,
                    details={"child_id": first.pk, "weekly_hours": "25", "monthly_price": "800"})
    new = decision_propose(case_id=case.pk)
    decision_approve(decision_id=new.pk, actor=approver)
    return old, Decision.objects.get(pk=new.pk), first, second


def fee(decision, child) -> int:
    return decision.child_fees.get(child=child).monthly_fee


def test_the_letter_states_old_and_new_price_per_child_from_the_date(two_children, saksbehandler, approver2):
    old, new, first, second = change_hours(two_children, saksbehandler, approver2)
    assert fee(old, first) != fee(new, first)  # the hours change moves the price
    letter = from_decision(new)
    rows = {row.name: (row.old_fee, row.new_fee) for row in letter.change.rows}
    assert rows == {first.full_name: (fee(old, first), fee(new, first)),
                    second.full_name: (fee(old, second), fee(new, second))}
    assert letter.change.change_date == MARCH and letter.change.decision_kind == DecisionKind.CHANGE

    html, pdf = render_vedtak_pdf(new, draft=False)
    text = pdf_text(pdf)
    assert "Endringsvedtak om redusert foreldrebetaling" in text
    assert "Ny pris fra og med 01.03.2027" in text and "Pris før endringen" in text
    assert plain(f"{first.full_name} {kr(fee(old, first))} {kr(fee(new, first))}") in text
    assert plain(f"{second.full_name} {kr(fee(old, second))} {kr(fee(new, second))}") in text
    assert "erstatter vedtaket ditt av" in text and "fra og med 01.03.2027" in text


def test_the_change_letter_follows_nynorsk(two_children, kommune, saksbehandler, approver2):
    kommune.malform = "nn"
    kommune.save(update_fields=["malform"])
    old, new, first, _second = change_hours(two_children, saksbehandler, approver2)
    html = pdf_text(render_vedtak_pdf(new, draft=False)[1])
    assert "Ny pris frå og med 01.03.2027" in html and "Pris før endringa" in html
    assert "opphaldstida for eit barn er endra" in html
    assert plain(kr(fee(old, first))) in html and plain(kr(fee(new, first))) in html
    assert "Pris før endringen" not in html


def test_an_opphor_letter_says_the_reduction_ends(sent, saksbehandler, approver2):
    child = sent.application.children.get()
    old = in_force(sent)
    change_register(case_id=sent.pk, kind=ChangeKind.CHILD_LEFT, change_date=MARCH, actor=saksbehandler,
                    details={"child_id": child.pk})
    new = decision_propose(case_id=sent.pk)
    decision_approve(decision_id=new.pk, actor=approver2)
    document, pdf = render_vedtak_pdf(Decision.objects.get(pk=new.pk), draft=False)
    html = pdf_text(pdf)
    assert "Vedtak om opphør av redusert foreldrebetaling" in html
    assert "opphører fra og med 01.03.2027" in html
    assert ["opphører", True] in json.loads(document)["conclusion"]  # in bold
    assert "plassen er avsluttet" in html and plain(kr(fee(old, child))) in html
    assert "avslått" not in html
