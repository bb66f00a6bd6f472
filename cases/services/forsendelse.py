"""Digital delivery of approved vedtak through KS Fiks SvarUt, with print as the fallback.

Who gets which letter, and by which channel, is planned in ``cases.services.forsendelse_parties``
(:func:`plan_delivery` for the vedtak, :func:`~cases.services.forsendelse_parties.forsendelse_send_document`
for another letter about it, e.g. a klage letter). This module sends and follows them:

* :func:`send_one` sends one forsendelse: attempts are counted and a short lease taken in the database
  BEFORE the network call, so a killed worker's redelivered task neither loses the letter nor sends it
  twice (the client looks the stable eksternReferanse up first). Transient errors come back as a retry
  delay with backoff; after ``SVARUT_MAX_ATTEMPTS`` the forsendelse is parked with the reason. A refusal
  (wrong password, no access, invalid letter) fails it at once with the message on the case.
* :func:`poll_due` (beat): status-sok for open forsendelser whose poll is due, backing off per forsendelse;
  records every status with its time, delivered/read time, print, and the klagefrist.
* :func:`forsendelse_record_manual_delivery`: a caseworker records that a party's letter that went to print or
  manual handling was posted or handed over by the kommune; the klagefrist follows from that date. When every
  adult's letter is with SvarUt or delivered so, the case moves to «Sendt» (``transition_case``), as
  «Marker som sendt» (``delivery.decision_send``) does.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from cases.constants import Attention, AttentionReason
from cases.constants import CaseStatus as S
from cases.models import Decision, Forsendelse
from cases.pdf.summary import summary_filename, summary_pdf
from cases.pdf.texts import letter_title, texts_for
from cases.permissions import can_work_cases
from cases.retry import jittered_backoff
from cases.services import audit, klagefrist
from cases.services.forsendelse_parties import parse_address
from cases.services.workflow import TransitionNotAllowed, case_set_attention, transition_case
from integrations import service as integrations

logger = logging.getLogger(__name__)
F = Forsendelse
NOT_DELIVERED = {"AVVIST", "IKKE_LEVERT", "MANUELT_HANDTERT"}


def title(decision: Decision) -> str:
    """The forsendelse's title: the letter's own title (its kind, service and the kommune's målform) and the
    saksnummer, so an endringsvedtak or opphør is not announced as a first vedtak in the mailbox."""
    case = decision.case
    t = texts_for(case.municipality.malform)
    return f"{letter_title(t, kind=decision.kind, service=case.application.service)}, sak {case.saksnummer}"


# --- sending ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SendOutcome:
    done: bool
    retry_in: float | None = None  # seconds; None = nothing more to do


def backoff(attempt: int) -> float:
    return jittered_backoff(base_s=settings.SVARUT_RETRY_BASE_S, exponent=attempt - 1, cap_s=3600.0)


def _document(forsendelse: Forsendelse):
    """(title, documents) of the letter this row carries: the vedtak, or another letter's stored PDF."""
    decision = forsendelse.decision
    case = decision.case
    if forsendelse.letter_key:
        with storages["private"].open(forsendelse.document_name, "rb") as handle:
            pdf = handle.read()
        return forsendelse.document_title, (integrations.Document(
            filename=forsendelse.document_filename, content=pdf, document_type=forsendelse.document_type),)
    with decision.pdf.open("rb") as handle:
        pdf = handle.read()
    filename = f"vedtak-{case.saksnummer.replace('/', '-')}.pdf"
    return title(decision), (integrations.Document(filename=filename, content=pdf, document_type="Vedtak"),)


def _letter(forsendelse: Forsendelse):
    decision = forsendelse.decision
    case = decision.case
    letter_title, documents = _document(forsendelse)
    if forsendelse.role == F.Role.ARCHIVE:
        target = integrations.svarut_archive_target(case.municipality.organisasjonsnummer)
        if target is None:
            raise integrations.LetterError("arkivkopi er slått av for kommunen")
        year, number = target.case or (None, None)
        if not forsendelse.letter_key:  # the vedtak's archive copy carries the application summary too
            documents = (*documents, integrations.Document(
                filename=summary_filename(case), content=summary_pdf(decision), document_type="Søknadssammendrag"))
        document_date = (timezone.localdate(forsendelse.created_at) if forsendelse.letter_key
                         else timezone.localdate(decision.approved_at))
        return integrations.Letter(
            title=letter_title, reference=forsendelse.ekstern_referanse, documents=documents,
            digital_only=True,
            recipient=integrations.Recipient(case.municipality.name, target.orgno, (), "", ""),
            archive=integrations.ArchiveMetadata(title=letter_title, document_date=document_date,
                                                 saksaar=year, sakssekvensnummer=number))
    address = parse_address(case.application.household.address)
    if address is None:
        raise integrations.LetterError("søknaden har ingen norsk postadresse")
    lines, postnummer, poststed = address
    person = forsendelse.person
    return integrations.Letter(
        title=letter_title, reference=forsendelse.ekstern_referanse, documents=documents,
        recipient=integrations.Recipient(forsendelse.recipient_name, person.person_id, lines, postnummer, poststed))


def _claim(forsendelse_id: int) -> tuple[Forsendelse | None, float | None]:
    """Take the send lease and count the attempt (committed before any network call).

    One conditional UPDATE takes it: only a pending row without a SvarUt id whose lease is free or expired
    matches, so of two workers only one gets it, as with a row lock, in one statement instead of a
    transaction of three. Returns (row, None) when taken, else (None, seconds to wait) or (None, None) when
    there is nothing to send.
    """
    now = timezone.now()
    lease = now + dt.timedelta(seconds=float(settings.SVARUT_SEND_LEASE_S))
    taken = (F.objects.filter(pk=forsendelse_id, state=F.State.PENDING, svarut_id="")
             .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now))
             .update(attempts=models.F("attempts") + 1, lease_until=lease, updated_at=now))
    if not taken:
        row = F.objects.filter(pk=forsendelse_id).values("state", "svarut_id", "lease_until").get()
        if row["state"] != F.State.PENDING or row["svarut_id"]:
            return None, None
        held = row["lease_until"]
        return None, ((held - now).total_seconds() + 1 if held and held > now else 1.0)
    return F.objects.select_related("decision__case__municipality", "decision__case__application__household",
                                    "person").get(pk=forsendelse_id), None


def send_one(*, forsendelse_id: int) -> SendOutcome:
    f, wait = _claim(forsendelse_id)
    if f is None:
        return SendOutcome(done=wait is None, retry_in=wait)
    orgno = f.decision.case.municipality.organisasjonsnummer
    try:
        letter = _letter(f)
        receipt = integrations.send_letter(orgno=orgno, letter=letter, purpose=f"vedtak {f.decision_id}")
    except (integrations.LetterError, integrations.NotConfiguredError) as exc:
        # Cannot go digitally (bad address, SvarUt switched off since planning): the party's letter is printed.
        _finish(f, state=F.State.PRINT if f.role != F.Role.ARCHIVE else F.State.FAILED,
                channel=F.Channel.PRINT if f.role != F.Role.ARCHIVE else F.Channel.SVARUT,
                print_reason=f"Kan ikke sendes digitalt: {exc}"[:300], error=str(exc))
        return SendOutcome(done=True)
    except integrations.TransientIntegrationError as exc:
        if f.attempts >= int(settings.SVARUT_MAX_ATTEMPTS):
            _finish(f, state=F.State.PARKED, error=f"Parkert etter {f.attempts} forsøk: {exc}")
            return SendOutcome(done=True)
        _finish(f, state=F.State.PENDING, error=str(exc))
        return SendOutcome(done=False, retry_in=backoff(f.attempts))
    except integrations.PermanentIntegrationError as exc:
        _finish(f, state=F.State.FAILED, error=str(exc))
        return SendOutcome(done=True)
    now = timezone.now()
    with transaction.atomic():
        locked = F.objects.select_for_update().get(pk=f.pk)
        locked.svarut_id = receipt.forsendelse_id
        locked.state = F.State.SENT
        locked.sent_at = locked.sent_at or now
        locked.lease_until = None
        locked.last_error = ""
        locked.next_poll_at = now + dt.timedelta(seconds=float(settings.SVARUT_FIRST_POLL_S))
        if not locked.status:
            _record(locked, "MOTTATT", now)
        locked.save()
        if not locked.letter_key:  # another letter about the vedtak never marks the vedtak itself as sent
            _maybe_mark_sent(locked.decision_id)
    return SendOutcome(done=True)


def _finish(f: Forsendelse, *, state: str, error: str, channel: str = "", print_reason: str = "") -> None:
    with transaction.atomic():
        locked = F.objects.select_for_update().get(pk=f.pk)
        if locked.svarut_id:  # another attempt succeeded meanwhile
            return
        locked.state, locked.last_error, locked.lease_until = state, error[:2000], None
        if channel:
            locked.channel = channel
        if print_reason:
            locked.print_reason = print_reason
        locked.save()
        if state in (F.State.FAILED, F.State.PARKED) and locked.role != F.Role.ARCHIVE:
            case_set_attention(case_id=locked.case_id, attention=Attention.DELIVERY_PROBLEM,
                               reason_code=AttentionReason.LETTER_NOT_SENT,
                               text=f"Vedtaket ble ikke sendt til {locked.recipient_name}: {error}")


def _letter_is_out(f: Forsendelse) -> bool:
    """The party's letter is with SvarUt, or the kommune recorded that it delivered it itself."""
    return bool(f.channel == F.Channel.SVARUT and f.svarut_id) or manual_note(f) is not None


def _maybe_mark_sent(decision_id: int, *, actor=None) -> None:
    """When every adult's letter is with SvarUt or delivered by the kommune (print, handed over), the
    vedtak is sent: the decision records it and the case moves to «Sendt», as «Marker som sendt» does."""
    decision = Decision.objects.select_for_update().get(pk=decision_id)
    adults = list(decision.forsendelser.filter(letter_key="").exclude(role=F.Role.ARCHIVE))
    if decision.sent_at or not all(_letter_is_out(f) for f in adults):
        return
    manual = [f for f in adults if manual_note(f) is not None]
    channel, reason = (("svarut", "Sendt digitalt gjennom SvarUt") if not manual else
                       ("print", "Levert av kommunen (utskrift eller overlevert)") if len(manual) == len(adults)
                       else ("svarut+print", "Sendt gjennom SvarUt og levert av kommunen"))
    decision.sent_at = timezone.now()
    decision.delivery_channel = channel
    decision.save(update_fields=["sent_at", "delivery_channel"])
    try:
        transition_case(case_id=decision.case_id, to=S.SENT, actor=actor, reason=reason)
    except TransitionNotAllowed:
        logger.warning("case %s not moved to sent after delivery (%s)", decision.case_id, channel)


# --- status polling ---------------------------------------------------------------------------------
def _record(f: Forsendelse, status: str, at: dt.datetime) -> None:
    f.status = status
    f.status_history = [*f.status_history, {"status": status, "at": at.isoformat()}]


def apply_status(f: Forsendelse, status: str, changed_at: dt.datetime | None) -> bool:
    """Record a status from SvarUt on ``f`` (not saved). True when it changed."""
    if status == f.status:
        return False
    at = changed_at or timezone.now()
    _record(f, status, at)
    if status in ("SENDT_PRINT", "PRINTET"):
        f.sent_to_print = True
    if status == "LEST" and f.read_at is None:
        f.read_at = at
    if status in ("LEVERT_SDP", "LEST", "PRINTET"):
        f.delivered_at = f.delivered_at or at
    if f.role == F.Role.ARCHIVE:
        if status == "LEST":  # fetched by the kommune's SvarInn; the Noark journalpost id is not reported back
            f.archive_reference = f"SvarInn: forsendelse {f.svarut_id}"
    elif (reached := klagefrist.reached_at(f.status_history)) is not None:
        f.klagefrist = klagefrist.deadline(timezone.localdate(reached))
    if status in NOT_DELIVERED:
        f.state = F.State.NOT_DELIVERED
        case_set_attention(case_id=f.case_id, attention=Attention.DELIVERY_PROBLEM,
                           reason_code=AttentionReason.LETTER_NOT_DELIVERED,
                           text=f"Vedtaket kom ikke fram til {f.recipient_name} (SvarUt: {status}).")
    elif status in ("LEST", "PRINTET", "LEVERT_SDP"):
        f.state = F.State.DONE
    return True


def poll_delay(polls: int) -> float:
    first = float(settings.SVARUT_FIRST_POLL_S)
    return min(float(settings.SVARUT_MAX_POLL_S), first * 2 ** min(polls, 20))


def poll_due(*, limit: int = 500) -> int:
    """One status-sok per kommune for the open forsendelser that are due; returns how many were checked."""
    now = timezone.now()
    due = list(F.objects.filter(state=F.State.SENT, next_poll_at__lte=now).exclude(svarut_id="")
               .select_related("case__municipality").order_by("next_poll_at")[:limit])
    by_org: dict[str, list[Forsendelse]] = {}
    for f in due:
        by_org.setdefault(f.case.municipality.organisasjonsnummer, []).append(f)
    for orgno, items in by_org.items():
        try:
            statuses = integrations.letter_statuses(orgno=orgno, forsendelse_ids=[f.svarut_id for f in items])
        except integrations.IntegrationError as exc:
            logger.warning("SvarUt status-sok failed for %s: %s", orgno, exc)
            statuses = {}
        for f in items:
            with transaction.atomic():
                locked = F.objects.select_for_update().get(pk=f.pk)
                found = statuses.get(locked.svarut_id)
                changed = found is not None and apply_status(locked, found.status, found.changed_at)
                locked.polls = 0 if changed else locked.polls + 1
                locked.next_poll_at = timezone.now() + dt.timedelta(seconds=poll_delay(locked.polls))
                locked.save()
    return len(due)


def stalled(*, older_than_s: float = 600, window_days: int = 2) -> tuple[list[int], list[int]]:
    """Sweep for work a lost task left behind: (decisions with a PDF and no forsendelser, pending ids).

    Only decisions rendered in the last ``window_days``: older unsent vedtak (from before SvarUt was set up)
    stay on the print page instead of being sent digitally out of the blue.
    """
    now = timezone.now()
    cutoff = now - dt.timedelta(seconds=older_than_s)
    decisions = list(Decision.objects.filter(status=Decision.Status.APPROVED, sent_at__isnull=True,
                                             pdf_rendered_at__lt=cutoff, forsendelser__isnull=True,
                                             pdf_rendered_at__gte=now - dt.timedelta(days=window_days))
                     .exclude(pdf="").values_list("pk", flat=True)[:200])
    pending = list(F.objects.filter(state=F.State.PENDING, svarut_id="", updated_at__lt=cutoff)
                   .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=timezone.now()))
                   .values_list("pk", flat=True)[:200])
    return decisions, pending


# --- manual delivery --------------------------------------------------------------------------------
# A party's letter the kommune delivers itself: it went to the print channel, or SvarUt could not deliver it
# (returned, manual handling), or sending failed for good. A letter SvarUt still handles, or one delivered, is not.
MANUAL_STATES = (F.State.PRINT, F.State.NOT_DELIVERED, F.State.FAILED, F.State.PARKED)
MANUAL_STATUS = "MANUELT_LEVERT"  # our own entry in status_history (not a SvarUt value; klagefrist ignores it)


def forsendelse_record_manual_delivery(*, forsendelse_id: int, delivered_on: dt.date, note: str, actor,
                                       by_post: bool = False) -> Forsendelse:
    """Record that the kommune posted (``by_post``) or handed over a party's letter on ``delivered_on``.

    Only a caseworker of the case's kommune (saksbehandler, godkjenner, administrator). The letter reached the
    party on ``delivered_on`` when handed over, and ``KLAGEFRIST_POST_DAYS`` days later when posted (the same
    assumption as for SvarUt's print, cases/services/klagefrist.py); the klagefrist is three weeks from then.
    Audited (``record_delivery``); a delivery problem on the case is cleared when no other party's letter has one.
    """
    note = (note or "").strip()
    if not note:
        raise ValidationError("Skriv hvordan vedtaket ble levert (for eksempel «lagt i posten» eller «overlevert»).")
    with transaction.atomic():
        f = (F.objects.select_for_update(of=("self",)).select_related("case__municipality", "decision")
             .get(pk=forsendelse_id))
        case = f.case
        if not can_work_cases(actor, case.municipality_id):
            raise PermissionDenied("Du har ikke tilgang til å registrere levering i denne kommunen.")
        if f.role == F.Role.ARCHIVE:
            raise ValidationError("Arkivkopien leveres ikke til en part.")
        if f.state not in MANUAL_STATES:
            raise ValidationError("Denne forsendelsen er hos SvarUt eller allerede levert; "
                                  "levering kan bare registreres for brev til utskrift eller manuell behandling.")
        approved_on = timezone.localdate(f.decision.approved_at) if f.decision.approved_at else None
        if delivered_on > timezone.localdate():
            raise ValidationError("Leveringsdatoen kan ikke være fram i tid.")
        if approved_on and delivered_on < approved_on:
            raise ValidationError("Leveringsdatoen kan ikke være før vedtaket ble godkjent.")
        reached = delivered_on + dt.timedelta(days=klagefrist.post_days() if by_post else 0)
        now = timezone.now()
        how = "lagt i posten" if by_post else "overlevert"
        f.state, f.last_error, f.lease_until = F.State.DONE, "", None
        f.delivered_at = timezone.make_aware(dt.datetime.combine(reached, dt.time(12)))
        f.klagefrist = klagefrist.deadline(reached)
        f.status_history = [*f.status_history, {
            "status": MANUAL_STATUS, "at": now.isoformat(), "delivered_on": delivered_on.isoformat(),
            "by_post": by_post, "note": note[:300], "by": getattr(actor, "pk", None)}]
        f.save()
        audit.audit_record(action="record_delivery", actor=actor, municipality=case.municipality, case=case,
                           detail=f"{f.get_role_display()}: {how} {delivered_on.isoformat()}. {note}")
        others = F.objects.filter(case=case).exclude(role=F.Role.ARCHIVE).exclude(pk=f.pk)
        if case.attention == Attention.DELIVERY_PROBLEM and not any(o.needs_attention for o in others):
            case_set_attention(case_id=case.pk, attention=Attention.NONE, actor=actor)
        _maybe_mark_sent(f.decision_id, actor=actor)
    return f


def manual_note(f: Forsendelse) -> dict | None:
    """The last manual delivery recorded on ``f`` (for the case page), or None."""
    return next((e for e in reversed(f.status_history) if e.get("status") == MANUAL_STATUS), None)
