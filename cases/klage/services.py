"""The klage's public seam: registration (caseworker form and parents' portal) and the § 31 decision on a
late klage. Every step is one keyword-only service in a transaction, audited, its status changed only
through ``klage_set_status``; bad input raises a keyed ``FieldErrors`` (codes in ``errors.KlageError``) and
changes nothing. Forberedende klagebehandling and the klageinstans' outcome are in ``processing``.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cases.models import Case, Person
from cases.permissions import can_work_cases
from cases.selectors import sent_decision
from cases.services.audit import audit_record

from . import deadline
from .choices import AvvisningReason, KlageChannel, KlageLetterKind, UtsattIverksetting
from .choices import KlageStatus as K
from .errors import KlageError, refuse
from .letters import letter_create
from .models import Klage
from .selectors import open_klage
from .workflow import klage_set_status

TEXT_MAX = 20000


def _clean_text(text: str, field: str = "text") -> str:
    text = (text or "").strip()
    if not text:
        raise refuse(field, KlageError.REQUIRED)
    if len(text) > TEXT_MAX:
        raise refuse(field, KlageError.TOO_LONG)
    return text


def _require_caseworker(actor, case: Case) -> None:
    if not getattr(actor, "is_authenticated", False) or not can_work_cases(actor, case.municipality_id):
        raise PermissionDenied("Du har ikke tilgang til klager i denne kommunen.")


def klage_register(*, case_id: int, received_date: dt.date, channel: str, text: str, actor=None,
                   person: Person | None = None, utsatt_iverksetting_requested: bool = False) -> Klage:
    """Register a klage on the case's sent vedtak, by a caseworker (``actor``; letter or e-mail) or by a
    parent in the portal (``person``, channel portal, ``actor`` None).

    The klagefrist is checked against delivery (``deadline.klagefrist_for``): a klage in time goes to
    forberedende klagebehandling at once; a late one is flagged and waits for the § 31 decision.
    """
    if channel not in KlageChannel.values:
        raise refuse("channel", KlageError.UNKNOWN_CHANNEL)
    text = _clean_text(text)
    if received_date is None:
        raise refuse("received_date", KlageError.REQUIRED)
    if received_date > timezone.localdate():
        raise refuse("received_date", KlageError.IN_FUTURE)
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related(
            "municipality", "application__household").get(pk=case_id)
        household = case.application.household
        if channel == KlageChannel.PORTAL:
            if person is None or person.pk not in (household.applicant_id, household.partner_id):
                raise PermissionDenied("Bare en part i saken kan klage i innbyggerportalen.")
        else:
            _require_caseworker(actor, case)
            person = None
        decision = sent_decision(case.pk)
        if decision is None:
            raise refuse("decision", KlageError.NO_SENT_VEDTAK)
        if decision.approved_at and received_date < timezone.localdate(decision.approved_at):
            raise refuse("received_date", KlageError.BEFORE_VEDTAK)
        if open_klage(decision) is not None:
            raise refuse("decision", KlageError.ALREADY_OPEN)
        _known, frist = deadline.klagefrist_for(decision, person)
        late = deadline.is_late(received_date, frist)
        klage = Klage.objects.create(
            case=case, decision=decision, received_date=received_date, channel=channel, text=text,
            filed_by_person=person, klagefrist=frist, late=late,
            registered_by=actor if getattr(actor, "is_authenticated", False) else None,
            utsatt_iverksetting=UtsattIverksetting.REQUESTED if utsatt_iverksetting_requested
            else UtsattIverksetting.NOT_REQUESTED)
        who = "innbygger i innbyggerportalen" if channel == KlageChannel.PORTAL else "saksbehandler"
        audit_record(action="klage_register", actor=actor, municipality=case.municipality, case=case,
                     detail=f"Klage {klage.pk} på vedtak {decision.pk}: {KlageChannel(channel).label.lower()}, "
                            f"mottatt {received_date.isoformat()}, klagefrist "
                            f"{frist.isoformat() if frist else 'ikke startet'}, "
                            f"{'for sen' if late else 'i tide'}; registrert av {who}.")
        if not late:
            klage_set_status(klage_id=klage.pk, to=K.IN_PROGRESS, actor=actor,
                             reason="Klagen kom inn innen klagefristen (fvl. § 29).")
            klage.refresh_from_db()
    return klage


def _locked(klage_id: int, actor) -> Klage:
    klage = Klage.objects.select_for_update().select_related("case__municipality", "decision").get(pk=klage_id)
    _require_caseworker(actor, klage.case)
    return klage


def klage_take_up_late(*, klage_id: int, reason: str, actor) -> Klage:
    """Take a late klage up anyway (fvl. § 31), with the reason recorded."""
    reason = _clean_text(reason, "reason")
    with transaction.atomic():
        klage = _locked(klage_id, actor)
        if not klage.late:
            raise refuse("reason", KlageError.NOT_LATE)
        if klage.status != K.RECEIVED:
            raise refuse("reason", KlageError.WRONG_STATE)
        klage.late_taken_up_reason = reason
        klage.save(update_fields=["late_taken_up_reason", "updated_at"])
        klage_set_status(klage_id=klage.pk, to=K.IN_PROGRESS, actor=actor,
                         reason=f"For sen klage tatt under behandling (fvl. § 31): {reason}")
        audit_record(action="klage_take_up_late", actor=actor, municipality=klage.case.municipality,
                     case=klage.case, detail=f"Klage {klage.pk}: {reason}")
    return Klage.objects.get(pk=klage_id)


def klage_reject(*, klage_id: int, reason_code: str, text: str, actor) -> Klage:
    """Avvis the klage (a vedtak of its own, fvl. § 33 annet ledd: too late, no standing, not a vedtak),
    with a letter to the parties. A klage in time cannot be avvist as too late."""
    if reason_code not in AvvisningReason.values:
        raise refuse("reason_code", KlageError.UNKNOWN_CHOICE)
    text = _clean_text(text, "text")
    with transaction.atomic():
        klage = _locked(klage_id, actor)
        if reason_code == AvvisningReason.TOO_LATE and not klage.late:
            raise refuse("reason_code", KlageError.NOT_LATE)
        if klage.status not in (K.RECEIVED, K.IN_PROGRESS):
            raise refuse("reason_code", KlageError.WRONG_STATE)
        klage.avvisning_reason, klage.avvisning_text = reason_code, text
        klage.save(update_fields=["avvisning_reason", "avvisning_text", "updated_at"])
        klage_set_status(klage_id=klage.pk, to=K.AVVIST, actor=actor,
                         reason=f"{AvvisningReason(reason_code).label}. {text}")
        audit_record(action="klage_avvis", actor=actor, municipality=klage.case.municipality, case=klage.case,
                     detail=f"Klage {klage.pk}: {AvvisningReason(reason_code).label}")
        letter_create(klage_id=klage.pk, kind=KlageLetterKind.AVVISNING)
    return Klage.objects.get(pk=klage_id)


def klage_decide_utsatt_iverksetting(*, klage_id: int, granted: bool, reason: str, actor) -> Klage:
    """Record the kommune's decision on utsatt iverksetting (fvl. § 42) while the klage is open."""
    reason = _clean_text(reason, "reason")
    with transaction.atomic():
        klage = _locked(klage_id, actor)
        if klage.closed_at is not None:
            raise refuse("reason", KlageError.WRONG_STATE)
        klage.utsatt_iverksetting = UtsattIverksetting.GRANTED if granted else UtsattIverksetting.REFUSED
        klage.utsatt_iverksetting_reason = reason
        klage.utsatt_iverksetting_decided_at = timezone.now()
        klage.utsatt_iverksetting_decided_by = actor
        klage.save()
        audit_record(action="klage_utsatt_iverksetting", actor=actor, municipality=klage.case.municipality,
                     case=klage.case,
                     detail=f"Klage {klage.pk}: {klage.get_utsatt_iverksetting_display().lower()}. {reason}")
    return klage
