"""Registering a klage (fvl. §§ 28–32): attackers first (other kommune, anonymous, a parent of another
household, a case without a sent vedtak), then the klagefrist against delivery (fvl. §§ 29–30)."""
import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from cases.klage.choices import KlageChannel, KlageStatus, UtsattIverksetting
from cases.klage.errors import KlageError
from cases.klage.models import Klage, KlageTransition
from cases.klage.services import klage_register
from cases.models import AuditEvent, Person
from cases.services.intake import FieldErrors
from tests import factories
from tests.klage.conftest import send_vedtak

pytestmark = pytest.mark.django_db
D = datetime.timedelta


def _register(case, actor, day, **kwargs):
    return klage_register(case_id=case.pk, received_date=day, channel=kwargs.pop("channel", KlageChannel.LETTER),
                          text=kwargs.pop("text", "Jeg mener inntekten er feil."), actor=actor, **kwargs)


# --- attackers first ---------------------------------------------------------------------------------
def test_a_caseworker_of_another_kommune_cannot_register(sent_case, stranger, today):
    with pytest.raises(PermissionDenied):
        _register(sent_case, stranger, today)
    assert not Klage.objects.exists() and not AuditEvent.objects.filter(action="klage_register").exists()


def test_anonymous_cannot_register_as_a_caseworker(sent_case, today):
    with pytest.raises(PermissionDenied):
        _register(sent_case, AnonymousUser(), today)
    with pytest.raises(PermissionDenied):
        _register(sent_case, None, today)
    assert not Klage.objects.exists()


def test_a_parent_of_another_household_cannot_file_on_the_case(sent_case, kommune, today):
    other = factories.case(kommune, applicant=factories.person(datetime.date(1980, 1, 2), "Per", "Annen"))
    stranger = other.application.household.applicant
    with pytest.raises(PermissionDenied):
        _register(sent_case, None, today, channel=KlageChannel.PORTAL, person=stranger)
    with pytest.raises(PermissionDenied):  # the portal channel needs a person
        _register(sent_case, None, today, channel=KlageChannel.PORTAL)
    assert not Klage.objects.exists()


def test_no_klage_on_a_case_without_a_sent_vedtak(kommune, saksbehandler, today):
    case = factories.case(kommune)
    with pytest.raises(FieldErrors) as refused:
        _register(case, saksbehandler, today)
    assert refused.value.codes() == {KlageError.NO_SENT_VEDTAK}
    assert not Klage.objects.exists()


def test_bad_input_is_refused_by_code_and_changes_nothing(sent_case, saksbehandler, today):
    cases = [({"text": "   "}, today, KlageError.REQUIRED), ({}, today + D(days=1), KlageError.IN_FUTURE),
             ({"channel": "fax"}, today, KlageError.UNKNOWN_CHANNEL),
             ({}, today - D(days=400), KlageError.BEFORE_VEDTAK)]
    for kwargs, day, code in cases:
        with pytest.raises(ValidationError) as refused:
            _register(sent_case, saksbehandler, day, **kwargs)
        assert refused.value.codes() == {code}
    assert not Klage.objects.exists() and not AuditEvent.objects.filter(action="klage_register").exists()


def test_a_second_open_klage_on_the_same_vedtak_is_refused(sent_case, saksbehandler, today):
    _register(sent_case, saksbehandler, today)
    with pytest.raises(FieldErrors) as refused:
        _register(sent_case, saksbehandler, today)
    assert refused.value.codes() == {KlageError.ALREADY_OPEN}
    assert Klage.objects.count() == 1


# --- the klagefrist against delivery ---------------------------------------------------------------
def test_a_klage_in_time_goes_to_forberedende_klagebehandling(sent_case, saksbehandler, today):
    klage = _register(sent_case, saksbehandler, today - D(days=1), utsatt_iverksetting_requested=True)
    reached = today - D(days=10)
    assert klage.klagefrist >= reached + D(weeks=3)  # § 29: three weeks from the letter reaching the party
    assert not klage.late and klage.status == KlageStatus.IN_PROGRESS
    assert klage.utsatt_iverksetting == UtsattIverksetting.REQUESTED
    assert klage.registered_by == saksbehandler and klage.decision.case_id == sent_case.pk
    steps = list(KlageTransition.objects.filter(klage=klage).values_list("from_status", "to_status"))
    assert steps == [(KlageStatus.RECEIVED, KlageStatus.IN_PROGRESS)]
    event = AuditEvent.objects.get(action="klage_register", case=sent_case)
    assert event.actor == saksbehandler and "i tide" in event.detail


def test_a_klage_after_the_deadline_is_flagged_late_and_waits_for_the_31_decision(late_case, saksbehandler, today):
    klage = _register(late_case, saksbehandler, today)
    assert klage.late and klage.status == KlageStatus.RECEIVED
    assert klage.klagefrist < today


def test_the_last_day_of_the_deadline_is_in_time(kommune, godkjenner, saksbehandler, today):
    case = factories.case(kommune)
    reached = today - D(weeks=3)
    while reached.weekday() >= 5 or (reached + D(weeks=3)).weekday() >= 5:
        reached -= D(days=1)  # a weekday three weeks ago whose deadline is not moved by a weekend
    send_vedtak(case, approver=godkjenner, reached=reached)
    klage = _register(case, saksbehandler, reached + D(weeks=3))
    assert not klage.late and klage.klagefrist == reached + D(weeks=3)


def test_a_letter_that_has_not_reached_a_party_has_not_started_the_deadline(kommune, godkjenner, saksbehandler,
                                                                           today):
    case = factories.case(kommune)
    send_vedtak(case, approver=godkjenner, reached=today - D(days=60), partner_reached=None)
    # Applicant reached 60 days ago, partner: also 60 days ago (partner_reached None means "as the applicant").
    klage = _register(case, saksbehandler, today)
    assert klage.late
    case2 = factories.case(kommune, applicant=factories.person(datetime.date(1985, 4, 4), "Liv", "Lie"))
    send_vedtak(case2, approver=godkjenner, reached=None)
    klage2 = _register(case2, saksbehandler, today)
    assert not klage2.late and klage2.klagefrist is None


def test_the_caseworker_holds_a_klage_to_the_latest_party_deadline(kommune, godkjenner, saksbehandler, today):
    case = factories.case(kommune)
    send_vedtak(case, approver=godkjenner, reached=today - D(days=40), partner_reached=today - D(days=5))
    klage = _register(case, saksbehandler, today)
    assert not klage.late  # the partner's deadline still runs


def test_a_parent_in_the_portal_is_held_to_their_own_deadline(kommune, godkjenner, today):
    case = factories.case(kommune)
    send_vedtak(case, approver=godkjenner, reached=today - D(days=40), partner_reached=today - D(days=5))
    applicant = Person.objects.get(pk=case.application.household.applicant_id)
    klage = _register(case, None, today, channel=KlageChannel.PORTAL, person=applicant)
    assert klage.late and klage.filed_by_person == applicant and klage.registered_by is None
    event = AuditEvent.objects.get(action="klage_register", case=case)
    assert event.actor is None and "innbyggerportalen" in event.detail


def test_a_vedtak_sent_on_paper_counts_from_sent_at_plus_post_days(kommune, godkjenner, saksbehandler, today):
    case = factories.case(kommune)
    send_vedtak(case, approver=godkjenner, reached=None, forsendelser=False)  # sent 59 days ago
    klage = _register(case, saksbehandler, today)
    assert klage.late and klage.klagefrist is not None
