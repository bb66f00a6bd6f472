"""Forberedende klagebehandling (fvl. § 33) and the klageinstans' outcome (fvl. § 34).

* ``klage_give_medhold``: the kommune finds the klage right. A new vedtak from a date goes through the normal
  proposal and four-eyes approval, superseding the one complained about from that date: the Core's
  ``change_register(kind=KLAGE_MEDHOLD, source="klage")``. The new vedtak is the letter to the parties.
* ``klage_prepare_oversendelse`` → ``klage_approve_oversendelse`` (or ``klage_return_oversendelse``): the
  kommune upholds the vedtak and sends the klage with its assessment to the klageinstans. Where the kommune
  requires four-eyes (``Municipality.requires_four_eyes``) a godkjenner other than the preparer approves it;
  otherwise it goes at once. The oversendelsesbrev is rendered, and the parties' copy sent (``letters``).
* ``klage_register_outcome``: stadfestet (the vedtak stands), omgjort (a new vedtak from a date through
  ``change_register(kind=KLAGE_OMGJORT)``), opphevet (back to the kommune: a new vedtak from the start of the
  old one, through the same seam). The parties get the outcome letter.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cases.constants import ChangeKind, ChangeSource
from cases.permissions import can_approve
from cases.services.audit import audit_record
from cases.services.changes import change_register

from .choices import KlageLetterKind, KlageOutcome
from .choices import KlageStatus as K
from .errors import KlageError, refuse
from .letters import letter_create
from .models import Klage
from .services import _clean_text, _locked
from .workflow import klage_set_status


def _in_period(klage: Klage, day: dt.date | None, field: str) -> dt.date:
    if day is None:
        raise refuse(field, KlageError.REQUIRED)
    if not (klage.decision.valid_from <= day <= klage.decision.valid_to):
        raise refuse(field, KlageError.BEFORE_PERIOD)
    return day


def _new_vedtak(klage: Klage, *, kind: str, from_date: dt.date, actor, note: str):
    """A new vedtak from ``from_date`` through the Core's seam (proposal + four-eyes approval follow)."""
    change = change_register(case_id=klage.case_id, kind=kind, change_date=from_date, actor=actor,
                             source=ChangeSource.KLAGE, details={"note": f"Klage {klage.pk}: {note}"[:500]})
    Klage.objects.filter(pk=klage.pk).update(change=change)
    return change


def klage_give_medhold(*, klage_id: int, from_date: dt.date, assessment: str, actor) -> Klage:
    """Medhold (fvl. § 33 annet ledd): a new vedtak from ``from_date`` replaces the one complained about."""
    assessment = _clean_text(assessment, "assessment")
    with transaction.atomic():
        klage = _locked(klage_id, actor)
        if klage.status != K.IN_PROGRESS:
            raise refuse("assessment", KlageError.WRONG_STATE)
        _in_period(klage, from_date, "from_date")
        klage.medhold_from, klage.assessment = from_date, assessment
        klage.save(update_fields=["medhold_from", "assessment", "updated_at"])
        _new_vedtak(klage, kind=ChangeKind.KLAGE_MEDHOLD, from_date=from_date, actor=actor, note="medhold")
        klage_set_status(klage_id=klage.pk, to=K.MEDHOLD, actor=actor,
                         reason=f"Medhold fra {from_date:%d.%m.%Y}: nytt vedtak foreslås og godkjennes som vanlig.")
        audit_record(action="klage_medhold", actor=actor, municipality=klage.case.municipality, case=klage.case,
                     detail=f"Klage {klage.pk}: medhold fra {from_date.isoformat()}")
    return Klage.objects.get(pk=klage_id)


def klage_prepare_oversendelse(*, klage_id: int, assessment: str, actor) -> Klage:
    """The kommune upholds the vedtak: prepare the oversendelse with its assessment (fvl. § 33 fjerde ledd)."""
    assessment = _clean_text(assessment, "assessment")
    with transaction.atomic():
        klage = _locked(klage_id, actor)
        if klage.status != K.IN_PROGRESS:
            raise refuse("assessment", KlageError.WRONG_STATE)
        four_eyes = klage.case.municipality.requires_four_eyes
        klage.assessment = assessment
        klage.oversendelse_proposed_by, klage.oversendelse_proposed_at = actor, timezone.now()
        klage.oversendelse_four_eyes, klage.oversendelse_approved_by = four_eyes, None
        klage.save()
        audit_record(action="klage_oversendelse", actor=actor, municipality=klage.case.municipality,
                     case=klage.case, detail=f"Klage {klage.pk}: oversendelse forberedt"
                                             f"{' (til godkjenning)' if four_eyes else ''}")
        if four_eyes:
            klage_set_status(klage_id=klage.pk, to=K.OVERSENDELSE_PROPOSED, actor=actor,
                             reason="Oversendelse til klageinstansen forberedt; venter på godkjenning.")
        else:
            _oversend(klage, actor)
    return Klage.objects.get(pk=klage_id)


def _oversend(klage: Klage, actor) -> None:
    klage.oversendt_at = timezone.now()
    klage.save(update_fields=["oversendt_at", "updated_at"])
    klage_set_status(klage_id=klage.pk, to=K.OVERSENDT, actor=actor,
                     reason=f"Oversendt {klage.case.municipality.klageinstans}.")
    audit_record(action="klage_oversendt", actor=actor, municipality=klage.case.municipality, case=klage.case,
                 detail=f"Klage {klage.pk}: oversendt {klage.case.municipality.klageinstans}")
    letter_create(klage_id=klage.pk, kind=KlageLetterKind.OVERSENDELSE)


def _proposed_oversendelse(klage_id: int, actor) -> Klage:
    """The klage, locked, whose oversendelse waits for a godkjenner — ``actor`` must be one in its kommune."""
    klage = _locked(klage_id, actor)
    if not can_approve(actor, klage.case.municipality_id):
        raise PermissionDenied("Du har ikke rollen godkjenner i denne kommunen.")
    if klage.status != K.OVERSENDELSE_PROPOSED:
        raise refuse("klage", KlageError.WRONG_STATE)
    return klage


def klage_approve_oversendelse(*, klage_id: int, actor) -> Klage:
    """Four-eyes: a godkjenner who did not prepare it approves the oversendelse; the letter goes out."""
    with transaction.atomic():
        klage = _proposed_oversendelse(klage_id, actor)
        if klage.oversendelse_four_eyes and klage.oversendelse_proposed_by_id == actor.pk:
            raise refuse("klage", KlageError.FOUR_EYES)
        klage.oversendelse_approved_by = actor
        klage.save(update_fields=["oversendelse_approved_by", "updated_at"])
        _oversend(klage, actor)
    return Klage.objects.get(pk=klage_id)


def klage_return_oversendelse(*, klage_id: int, reason: str, actor) -> Klage:
    """The godkjenner sends the oversendelse back to forberedende klagebehandling, with the reason."""
    reason = _clean_text(reason, "reason")
    with transaction.atomic():
        klage = _proposed_oversendelse(klage_id, actor)
        klage_set_status(klage_id=klage.pk, to=K.IN_PROGRESS, actor=actor,
                         reason=f"Oversendelsen sendt tilbake: {reason}")
        audit_record(action="klage_oversendelse_returned", actor=actor, municipality=klage.case.municipality,
                     case=klage.case, detail=f"Klage {klage.pk}: {reason}")
    return Klage.objects.get(pk=klage_id)


def klage_register_outcome(*, klage_id: int, outcome: str, outcome_date: dt.date, actor, note: str = "",
                           omgjort_from: dt.date | None = None) -> Klage:
    """Register the klageinstans' result and send the parties the outcome letter.

    omgjort: a new vedtak from ``omgjort_from``; opphevet: a new vedtak after new processing, from the start of
    the old one. Both through the Core's ``change_register`` (proposal, four-eyes approval, delivery).
    """
    if outcome not in KlageOutcome.values:
        raise refuse("outcome", KlageError.UNKNOWN_CHOICE)
    if outcome_date is None:
        raise refuse("outcome_date", KlageError.REQUIRED)
    if outcome_date > timezone.localdate():
        raise refuse("outcome_date", KlageError.IN_FUTURE)
    note = (note or "").strip()[:5000]
    with transaction.atomic():
        klage = _locked(klage_id, actor)
        if klage.status != K.OVERSENDT:
            raise refuse("outcome", KlageError.WRONG_STATE)
        if outcome_date < timezone.localdate(klage.oversendt_at):
            raise refuse("outcome_date", KlageError.BEFORE_VEDTAK)
        if outcome == KlageOutcome.OMGJORT:
            klage.omgjort_from = _in_period(klage, omgjort_from, "omgjort_from")
        klage.outcome, klage.outcome_date, klage.outcome_note = outcome, outcome_date, note
        klage.outcome_registered_by = actor
        klage.save()
        label = KlageOutcome(outcome).label
        klage_set_status(klage_id=klage.pk, to=K.DECIDED, actor=actor,
                         reason=f"{label} av {klage.case.municipality.klageinstans} {outcome_date:%d.%m.%Y}.")
        audit_record(action="klage_outcome", actor=actor, municipality=klage.case.municipality, case=klage.case,
                     detail=f"Klage {klage.pk}: {label.lower()} {outcome_date.isoformat()}")
        if outcome == KlageOutcome.OMGJORT:
            _new_vedtak(klage, kind=ChangeKind.KLAGE_OMGJORT, from_date=klage.omgjort_from, actor=actor,
                        note="omgjort av klageinstansen")
        elif outcome == KlageOutcome.OPPHEVET:
            _new_vedtak(klage, kind=ChangeKind.KLAGE_OMGJORT, from_date=klage.decision.valid_from, actor=actor,
                        note="vedtaket opphevet av klageinstansen; ny behandling")
        letter_create(klage_id=klage.pk, kind=KlageLetterKind.OUTCOME)
    return Klage.objects.get(pk=klage_id)
