"""The klage state machine: one guarded writer, and its table drawn in docs/architecture.md."""
import pytest

from cases.klage import workflow
from cases.klage.choices import KlageStatus as K
from cases.klage.models import KlageTransition
from cases.klage.services import klage_register
from cases.klage.workflow import KlageTransitionNotAllowed, klage_set_status
from cases.management.commands import draw_state_machines


def test_the_klage_diagram_is_drawn_from_its_table(monkeypatch):
    text = draw_state_machines.DOC.read_text(encoding="utf-8")
    assert "<!-- state-diagram:klage-status -->" in text
    assert draw_state_machines.redraw(text) == text, "run: manage.py draw_state_machines"
    monkeypatch.setitem(workflow.ALLOWED, K.MEDHOLD, {K.OVERSENDT})
    drawn = draw_state_machines.redraw(text)
    assert "    medhold --> oversendt\n" in drawn and "    medhold --> [*]\n" not in drawn


def test_every_status_is_in_the_table_and_finals_have_no_way_out():
    assert set(workflow.ALLOWED) == set(K.values)
    assert {K.MEDHOLD, K.DECIDED, K.AVVIST, K.WITHDRAWN} == workflow.FINAL


@pytest.mark.django_db
def test_a_transition_outside_the_table_changes_nothing(sent_case, saksbehandler, today):
    klage = klage_register(case_id=sent_case.pk, received_date=today, channel="letter", text="Klage",
                           actor=saksbehandler)
    before = KlageTransition.objects.count()
    with pytest.raises(KlageTransitionNotAllowed):
        klage_set_status(klage_id=klage.pk, to=K.DECIDED, actor=saksbehandler)
    with pytest.raises(KlageTransitionNotAllowed):
        klage_set_status(klage_id=klage.pk, to="nonsense", actor=saksbehandler)
    klage.refresh_from_db()
    assert klage.status == K.IN_PROGRESS and KlageTransition.objects.count() == before
    klage_set_status(klage_id=klage.pk, to=K.WITHDRAWN, actor=saksbehandler, reason="Trukket i telefon")
    klage.refresh_from_db()
    assert klage.status == K.WITHDRAWN and klage.closed_at is not None
