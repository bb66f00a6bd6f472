"""Who gets a letter about a vedtak, and by which channel: the forsendelser of a decision.

* :func:`plan_delivery` (after the vedtak PDF is rendered): one :class:`Forsendelse` per adult party
  (søker, ektefelle/samboer) and one archive copy to the kommune's own SvarInn. A party goes to the print
  channel when SvarUt is not configured for the kommune, or the person has no valid fødselsnummer or no
  usable postal address; the decision then stays on the print page and the case says why.
* :func:`forsendelse_send_document`: another letter about an approved vedtak (a klage letter) goes the same
  way, to the same parties and the archive, with its own stored PDF and ``letter_key``; it never marks the
  vedtak as sent and never sets the case's klagefrist.

Both create their rows idempotently (one per decision, role and letter key). The sending, polling and
manual delivery are ``cases.services.forsendelse``.
"""
from __future__ import annotations

import re
import uuid

from django.db import transaction

from cases import dispatch
from cases.models import Decision, Forsendelse
from integrations import service as integrations

F = Forsendelse
_POSTAL = re.compile(r"^(?P<lines>.+?)[,\n]\s*(?P<postnummer>\d{4})\s+(?P<poststed>\S.*)$", re.S)
_PARTIES = ("case__municipality", "case__application__household__applicant", "case__application__household__partner")


def parse_address(text: str) -> tuple[tuple[str, ...], str, str] | None:
    """``"Storgata 1, 0155 Oslo"`` → (("Storgata 1",), "0155", "Oslo"); None when not a Norwegian address."""
    match = _POSTAL.match((text or "").strip())
    if not match:
        return None
    lines = tuple(p.strip() for p in re.split(r"[,\n]", match["lines"]) if p.strip())
    if not lines or len(lines) > 3:
        return None
    return lines, match["postnummer"], match["poststed"].strip()


def new_reference(decision_id: int, role: str) -> str:
    """Made once when the row is created, then stored: stable for every retry of (decision, role). The random
    part keeps two databases on one konto (test and prod, a restored backup) from ever sharing a reference."""
    return f"skattedeling-{decision_id}-{role}-{uuid.uuid4().hex[:12]}"


def _parties(decision: Decision, *, letter_key: str, defaults: dict) -> list[Forsendelse]:
    """The adults' rows (and the archive copy's, when the kommune archives through SvarUt) for one letter.

    The caller holds the decision's row lock, so no one else plans this letter meanwhile: the rows that
    exist are read in one query and the missing ones inserted in one (the unique constraint on decision,
    role and letter key stays the backstop). A row that exists is returned as it is.
    """
    case = decision.case
    household = case.application.household
    orgno = case.municipality.organisasjonsnummer
    existing = {row.role: row for row in F.objects.filter(decision=decision, letter_key=letter_key)}
    setup = integrations.svarut_setup(orgno)  # one read of the kommune's SvarUt configuration
    configured, problem = setup.configured, setup.problem
    address = parse_address(household.address)
    suffix = f"-{letter_key}" if letter_key else ""
    wanted = [(F.Role.SOKER, household.named_applicant)]
    if household.partner_id:
        wanted.append((F.Role.PARTNER, household.named_partner))
    rows = []
    for role, named in wanted:
        if role in existing:
            rows.append(existing[role])
            continue
        person = named.person
        reason = ""
        if not configured:
            reason = f"SvarUt er ikke satt opp for kommunen ({problem})"
        elif not integrations.is_valid_person_id(person.person_id):
            reason = "Personen har ikke gyldig fødselsnummer eller D-nummer"
        elif address is None:
            reason = "Søknaden har ingen norsk postadresse (gateadresse, postnummer og poststed)"
        rows.append(F(decision=decision, role=role, letter_key=letter_key, case=case, person=person, **defaults,
                      ekstern_referanse=new_reference(decision.pk, f"{role}{suffix}"[:40]),
                      recipient_name=named.full_name[:200],
                      channel=F.Channel.PRINT if reason else F.Channel.SVARUT,
                      state=F.State.PRINT if reason else F.State.PENDING, print_reason=reason[:300]))
    if setup.archive is not None:
        rows.append(existing.get(F.Role.ARCHIVE) or F(
            decision=decision, role=F.Role.ARCHIVE, letter_key=letter_key, case=case, **defaults,
            channel=F.Channel.SVARUT, ekstern_referanse=new_reference(decision.pk, f"{F.Role.ARCHIVE}{suffix}"[:40]),
            recipient_name=case.municipality.name[:200]))
    F.objects.bulk_create([row for row in rows if row.pk is None])
    return rows


def plan_delivery(*, decision_id: int) -> list[int]:
    """Create the decision's forsendelser (idempotent); return the ids that are to be sent."""
    with transaction.atomic():
        decision = Decision.objects.select_for_update(of=("self",)).select_related(*_PARTIES).get(pk=decision_id)
        if decision.status != Decision.Status.APPROVED or not decision.pdf or decision.sent_at:
            return []
        _parties(decision, letter_key="", defaults={})
        return list(decision.forsendelser.filter(state=F.State.PENDING, svarut_id="", letter_key="")
                    .values_list("pk", flat=True))


def forsendelse_send_document(*, decision_id: int, letter_key: str, title: str, pdf_name: str, filename: str,
                              document_type: str = "Brev") -> list[int]:
    """Send another letter about an approved (or superseded) vedtak to the same parties and the archive.

    ``pdf_name`` is the letter already stored in private storage; ``letter_key`` names it (one row per
    decision, role and key, so calling again sends nothing twice). The parties get it through SvarUt, or the
    print channel for the same reasons as the vedtak; the sends are queued on commit. Returns the row ids.
    """
    if not letter_key:
        raise ValueError("a letter other than the vedtak needs a letter_key")
    with transaction.atomic():
        decision = Decision.objects.select_for_update(of=("self",)).select_related(*_PARTIES).get(pk=decision_id)
        if decision.status not in Decision.APPLIED:
            raise ValueError("only a letter about an approved vedtak goes to the parties")
        document = {"document_name": pdf_name, "document_title": title[:200], "document_filename": filename[:100],
                    "document_type": document_type[:40]}
        rows = _parties(decision, letter_key=letter_key, defaults=document)
        for row in rows:
            if row.state == F.State.PENDING and not row.svarut_id:
                dispatch.on_commit_send(dispatch.SEND_FORSENDELSE, row.pk)
        return [row.pk for row in rows]
