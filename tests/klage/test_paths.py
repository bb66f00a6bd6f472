"""Every path of a klage from registration to its end, on a real vedtak (proposed, approved by another
person, sent): medhold, oversendt + stadfestet / omgjort / opphevet, a late klage taken up (fvl. § 31) or
avvist, with the letters in the kommune's målform and the new vedtak through the Core's change_register."""
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from pypdf import PdfReader

from cases.constants import CaseStatus as S
from cases.constants import ChangeKind, DecisionKind, Role
from cases.klage import processing, services
from cases.klage.choices import AvvisningReason, KlageLetterKind, KlageOutcome, UtsattIverksetting
from cases.klage.choices import KlageStatus as K
from cases.klage.errors import KlageError
from cases.klage.models import Klage
from cases.models import AuditEvent, Case, Change, Decision, Forsendelse
from cases.services.approval import decision_approve
from cases.services.intake import FieldErrors
from tests import factories
from tests.changes.conftest import sent_case

pytestmark = pytest.mark.django_db
D = Decision.Status
JAN = datetime.date(2027, 1, 1)


@pytest.fixture
def sent(kommune, saksbehandler, godkjenner, parameters):
    return sent_case(kommune, saksbehandler, godkjenner, received=datetime.date(2026, 6, 1))


@pytest.fixture
def parameters(db):
    from cases.services.parameters import legal_parameters_load_seed

    legal_parameters_load_seed()


def in_force(case) -> Decision:
    return Decision.objects.get(case=case, status=D.APPROVED)


def register(case, actor, **kwargs) -> Klage:
    return services.klage_register(case_id=case.pk, received_date=kwargs.pop("day", timezone.localdate()),
                                   channel="letter", text="Inntekten til samboeren er feil.", actor=actor, **kwargs)


def pdf_text(letter) -> str:
    with letter.pdf.open("rb") as handle:
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


def make_late(case) -> None:
    Decision.objects.filter(case=case).update(sent_at=timezone.now() - datetime.timedelta(days=60))


# --- attackers on every step -------------------------------------------------------------------------
def test_every_step_refuses_another_kommune_and_anonymous(sent, saksbehandler, stranger):
    klage = register(sent, saksbehandler)
    steps = [
        lambda actor: services.klage_take_up_late(klage_id=klage.pk, reason="x", actor=actor),
        lambda actor: services.klage_reject(klage_id=klage.pk, reason_code="no_standing", text="x", actor=actor),
        lambda actor: services.klage_decide_utsatt_iverksetting(klage_id=klage.pk, granted=True, reason="x",
                                                                actor=actor),
        lambda actor: processing.klage_give_medhold(klage_id=klage.pk, from_date=JAN, assessment="x", actor=actor),
        lambda actor: processing.klage_prepare_oversendelse(klage_id=klage.pk, assessment="x", actor=actor),
        lambda actor: processing.klage_approve_oversendelse(klage_id=klage.pk, actor=actor),
        lambda actor: processing.klage_register_outcome(klage_id=klage.pk, outcome="stadfestet",
                                                        outcome_date=timezone.localdate(), actor=actor),
    ]
    for step in steps:
        for actor in (stranger, None):
            with pytest.raises(PermissionDenied):
                step(actor)
    klage.refresh_from_db()
    assert klage.status == K.IN_PROGRESS and klage.transitions.count() == 1 and not Change.objects.exists()


def test_only_another_godkjenner_approves_the_oversendelse(sent, kommune, saksbehandler):
    both = factories.staff("begge", kommune, Role.SAKSBEHANDLER, Role.GODKJENNER)
    klage = register(sent, both)
    processing.klage_prepare_oversendelse(klage_id=klage.pk, assessment="Vedtaket er riktig.", actor=both)
    with pytest.raises(PermissionDenied):  # wrong role: a saksbehandler is no godkjenner
        processing.klage_approve_oversendelse(klage_id=klage.pk, actor=saksbehandler)
    with pytest.raises(FieldErrors) as refused:  # four-eyes: not the one who prepared it
        processing.klage_approve_oversendelse(klage_id=klage.pk, actor=both)
    assert refused.value.codes() == {KlageError.FOUR_EYES}
    klage.refresh_from_db()
    assert klage.status == K.OVERSENDELSE_PROPOSED and not klage.letters.exists()


# --- medhold -----------------------------------------------------------------------------------------
def test_medhold_gives_a_new_vedtak_through_proposal_and_four_eyes(sent, saksbehandler, godkjenner, godkjenner2,
                                                                   django_capture_on_commit_callbacks):
    old = in_force(sent)
    klage = register(sent, saksbehandler)
    with django_capture_on_commit_callbacks(execute=True):  # the Core queues the proposal on commit
        klage = processing.klage_give_medhold(klage_id=klage.pk, from_date=JAN, assessment="Klageren har rett.",
                                              actor=saksbehandler)
    assert klage.status == K.MEDHOLD and klage.medhold_from == JAN and klage.closed_at
    change = klage.change
    assert (change.kind, change.source, change.change_date) == (ChangeKind.KLAGE_MEDHOLD, "klage", JAN)
    new = Decision.objects.get(case=sent, status=D.PROPOSED)
    assert (new.kind, new.supersedes_id, new.valid_from) == (DecisionKind.KLAGE, old.pk, JAN)
    assert in_force(sent) == old  # the old vedtak stands until the new one is approved
    decision_approve(decision_id=new.pk, actor=godkjenner2)
    old.refresh_from_db()
    assert old.status == D.SUPERSEDED and old.effective_to == JAN - datetime.timedelta(days=1)
    assert AuditEvent.objects.filter(case=sent, action="klage_medhold").exists()


def test_medhold_from_a_date_outside_the_vedtak_is_refused_and_changes_nothing(sent, saksbehandler):
    klage = register(sent, saksbehandler)
    with pytest.raises(FieldErrors) as refused:
        processing.klage_give_medhold(klage_id=klage.pk, from_date=datetime.date(2028, 1, 1), assessment="x",
                                      actor=saksbehandler)
    assert refused.value.codes() == {KlageError.BEFORE_PERIOD}
    klage.refresh_from_db()
    assert klage.status == K.IN_PROGRESS and klage.medhold_from is None and not Change.objects.exists()


# --- oversendt + the klageinstans' outcome ------------------------------------------------------------
def _oversend(case, saksbehandler, godkjenner) -> Klage:
    klage = register(case, saksbehandler, utsatt_iverksetting_requested=True)
    services.klage_decide_utsatt_iverksetting(klage_id=klage.pk, granted=False, reason="Ingen særlige grunner.",
                                              actor=saksbehandler)
    klage = processing.klage_prepare_oversendelse(
        klage_id=klage.pk, assessment="Inntekten er hentet fra Skatteetaten og er riktig.", actor=saksbehandler)
    assert klage.status == K.OVERSENDELSE_PROPOSED and not klage.letters.exists()
    return processing.klage_approve_oversendelse(klage_id=klage.pk, actor=godkjenner)


def test_oversendt_and_stadfestet(sent, saksbehandler, godkjenner):
    klage = _oversend(sent, saksbehandler, godkjenner)
    assert klage.status == K.OVERSENDT and klage.oversendelse_approved_by == godkjenner and klage.oversendt_at
    letter = klage.letters.get(kind=KlageLetterKind.OVERSENDELSE)
    text = pdf_text(letter)
    for expected in ("Oversendelse av klage", sent.saksnummer, "kommunens klagenemnd",
                     "Inntekten til samboeren er feil.", "Inntekten er hentet fra Skatteetaten",
                     "ikke funnet grunn til", "Ola Nordmann"):
        assert expected in " ".join(text.split()), expected
    # The parties' copy goes through the delivery channel (here: print, SvarUt is not set up for the kommune).
    copies = Forsendelse.objects.filter(case=sent, letter_key=f"klage-{klage.pk}-oversendelse")
    assert {f.role for f in copies} == {"soker", "partner"} and {f.channel for f in copies} == {"print"}
    assert all(f.document_name == letter.pdf.name for f in copies)
    assert Decision.objects.get(pk=klage.decision_id).sent_at is not None  # untouched by the klage letter

    klage = processing.klage_register_outcome(klage_id=klage.pk, outcome=KlageOutcome.STADFESTET,
                                              outcome_date=timezone.localdate(), note="", actor=saksbehandler)
    assert klage.status == K.DECIDED and klage.outcome == KlageOutcome.STADFESTET and klage.change is None
    assert "stadfestet" in pdf_text(klage.letters.get(kind=KlageLetterKind.OUTCOME))
    assert Case.objects.get(pk=sent.pk).status == S.SENT and in_force(sent).pk == klage.decision_id
    actions = set(AuditEvent.objects.filter(case=sent).values_list("action", flat=True))
    assert {"klage_register", "klage_utsatt_iverksetting", "klage_oversendelse", "klage_oversendt",
            "klage_outcome"} <= actions


def test_oversendt_and_omgjort_gives_a_new_vedtak_from_the_date(sent, saksbehandler, godkjenner,
                                                                django_capture_on_commit_callbacks):
    old = in_force(sent)
    klage = _oversend(sent, saksbehandler, godkjenner)
    with pytest.raises(FieldErrors) as refused:  # omgjort needs the date it applies from
        processing.klage_register_outcome(klage_id=klage.pk, outcome=KlageOutcome.OMGJORT,
                                          outcome_date=timezone.localdate(), actor=saksbehandler)
    assert refused.value.codes() == {KlageError.REQUIRED}
    with django_capture_on_commit_callbacks(execute=True):
        klage = processing.klage_register_outcome(klage_id=klage.pk, outcome=KlageOutcome.OMGJORT,
                                                  outcome_date=timezone.localdate(), omgjort_from=JAN,
                                                  actor=saksbehandler)
    assert klage.status == K.DECIDED and klage.change.kind == ChangeKind.KLAGE_OMGJORT
    new = Decision.objects.get(case=sent, status=D.PROPOSED)
    assert (new.kind, new.supersedes_id, new.valid_from) == (DecisionKind.KLAGE, old.pk, JAN)
    assert "01.01.2027" in pdf_text(klage.letters.get(kind=KlageLetterKind.OUTCOME))


def test_opphevet_sends_the_case_back_for_a_new_vedtak_from_the_start(sent, saksbehandler, godkjenner,
                                                                     django_capture_on_commit_callbacks):
    old = in_force(sent)
    klage = _oversend(sent, saksbehandler, godkjenner)
    with django_capture_on_commit_callbacks(execute=True):
        klage = processing.klage_register_outcome(klage_id=klage.pk, outcome=KlageOutcome.OPPHEVET,
                                                  outcome_date=timezone.localdate(), actor=saksbehandler,
                                                  note="Saken er ikke godt nok opplyst.")
    assert klage.outcome == KlageOutcome.OPPHEVET and klage.change.change_date == old.valid_from
    new = Decision.objects.get(case=sent, status=D.PROPOSED)
    assert new.supersedes_id == old.pk and new.valid_from == old.valid_from
    text = pdf_text(klage.letters.get(kind=KlageLetterKind.OUTCOME))
    assert "opphevet" in text and "ikke godt nok opplyst" in text


def test_the_oversendelse_can_be_sent_back_and_goes_at_once_without_four_eyes(sent, kommune, saksbehandler,
                                                                              godkjenner):
    klage = register(sent, saksbehandler)
    processing.klage_prepare_oversendelse(klage_id=klage.pk, assessment="Første utkast.", actor=saksbehandler)
    klage = processing.klage_return_oversendelse(klage_id=klage.pk, reason="Vurder samboerens inntekt.",
                                                 actor=godkjenner)
    assert klage.status == K.IN_PROGRESS
    type(kommune).objects.filter(pk=kommune.pk).update(requires_four_eyes=False)
    klage = processing.klage_prepare_oversendelse(klage_id=klage.pk, assessment="Andre utkast.", actor=saksbehandler)
    assert klage.status == K.OVERSENDT and klage.oversendelse_approved_by is None and not klage.oversendelse_four_eyes
    assert klage.letters.filter(kind=KlageLetterKind.OVERSENDELSE).exists()


# --- late klage (fvl. § 31) --------------------------------------------------------------------------
def test_a_late_klage_taken_up_anyway_with_the_reason(sent, saksbehandler, godkjenner):
    make_late(sent)
    klage = register(sent, saksbehandler)
    assert klage.late and klage.status == K.RECEIVED
    with pytest.raises(FieldErrors):
        services.klage_take_up_late(klage_id=klage.pk, reason="  ", actor=saksbehandler)
    klage = services.klage_take_up_late(klage_id=klage.pk, reason="Vedtaket har feil inntekt; klageren var syk.",
                                        actor=saksbehandler)
    assert klage.status == K.IN_PROGRESS and "syk" in klage.late_taken_up_reason
    assert AuditEvent.objects.filter(case=sent, action="klage_take_up_late").exists()
    klage = processing.klage_prepare_oversendelse(klage_id=klage.pk, assessment="Riktig.", actor=saksbehandler)
    klage = processing.klage_approve_oversendelse(klage_id=klage.pk, actor=godkjenner)
    assert "syk" in pdf_text(klage.letters.get(kind=KlageLetterKind.OVERSENDELSE))


def test_a_late_klage_avvist_with_a_letter(sent, saksbehandler):
    make_late(sent)
    klage = register(sent, saksbehandler)
    klage = services.klage_reject(klage_id=klage.pk, reason_code=AvvisningReason.TOO_LATE,
                                  text="Ingen grunn til å behandle klagen likevel.", actor=saksbehandler)
    assert klage.status == K.AVVIST and klage.closed_at
    text = " ".join(pdf_text(klage.letters.get(kind=KlageLetterKind.AVVISNING)).split())
    assert "avvist" in text and klage.klagefrist.strftime("%d.%m.%Y") in text and "§ 31" in text
    assert Forsendelse.objects.filter(case=sent, letter_key=f"klage-{klage.pk}-avvisning").count() == 2


def test_a_klage_in_time_is_not_avvist_as_too_late_nor_taken_up_under_31(sent, saksbehandler):
    klage = register(sent, saksbehandler)
    for call in (lambda: services.klage_reject(klage_id=klage.pk, reason_code=AvvisningReason.TOO_LATE, text="x",
                                               actor=saksbehandler),
                 lambda: services.klage_take_up_late(klage_id=klage.pk, reason="x", actor=saksbehandler)):
        with pytest.raises(FieldErrors) as refused:
            call()
        assert refused.value.codes() == {KlageError.NOT_LATE}
    klage.refresh_from_db()
    assert klage.status == K.IN_PROGRESS and not klage.letters.exists()


def test_utsatt_iverksetting_is_recorded(sent, saksbehandler):
    klage = register(sent, saksbehandler, utsatt_iverksetting_requested=True)
    klage = services.klage_decide_utsatt_iverksetting(klage_id=klage.pk, granted=True, reason="Stor økning i pris.",
                                                      actor=saksbehandler)
    assert klage.utsatt_iverksetting == UtsattIverksetting.GRANTED and klage.utsatt_iverksetting_decided_by
    assert AuditEvent.objects.filter(case=sent, action="klage_utsatt_iverksetting").exists()


# --- målform -----------------------------------------------------------------------------------------
def test_letters_follow_the_kommunes_malform(sent, kommune, saksbehandler):
    type(kommune).objects.filter(pk=kommune.pk).update(malform="nn")
    make_late(sent)
    klage = register(sent, saksbehandler)
    klage = services.klage_reject(klage_id=klage.pk, reason_code=AvvisningReason.TOO_LATE, text="For seint.",
                                  actor=saksbehandler)
    text = " ".join(pdf_text(klage.letters.get(kind=KlageLetterKind.AVVISNING)).split())
    assert "Vedtak om avvising av klage" in text and "forvaltningslova" in text


def test_the_letter_tables_have_the_same_keys_and_placeholders():
    import string

    from cases.klage import texts_nb, texts_nn

    assert texts_nb.TEXTS.keys() == texts_nn.TEXTS.keys()
    for key, text in texts_nb.TEXTS.items():
        names = {n for _t, n, _s, _c in string.Formatter().parse(text) if n}
        assert names == {n for _t, n, _s, _c in string.Formatter().parse(texts_nn.TEXTS[key]) if n}, key
