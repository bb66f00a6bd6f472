"""Is a klage in time? The klagefrist (fvl. § 29) of the vedtak complained about, from its delivery.

Each party's deadline runs from when the vedtak reached that party (``Forsendelse.klagefrist``, computed in
``cases.services.klagefrist`` from the SvarUt status or a recorded manual delivery; docs/delivery.md):

* a parent who files in the portal is held to their own letter's deadline;
* a klage a caseworker registers (letter, e-mail) is held to the latest deadline of the parties (in the
  parties' favour: we do not know from the form which adult wrote, and either may complain);
* a party whose letter has not reached them (no klagefrist yet) has a deadline that has not started, so the
  klage is in time (``None``);
* a vedtak with no forsendelse at all (sent on paper before SvarUt, marked «sendt i posten»): its
  ``sent_at`` plus ``KLAGEFRIST_POST_DAYS``, three weeks on, the same assumption as for posted letters.

fvl. § 30: the klage is in time when it was handed in to the post (or the kommune) before the deadline ends;
the caseworker registers the date the klage was sent when the envelope shows it, else the date received.
"""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cases.models import Decision, Forsendelse, Person
from cases.services import klagefrist


def klagefrist_for(decision: Decision, person: Person | None = None) -> tuple[bool, dt.date | None]:
    """(known, deadline): ``known`` False when a party's deadline has not started (the klage is in time)."""
    rows = list(Forsendelse.objects.filter(decision=decision).exclude(role=Forsendelse.Role.ARCHIVE))
    if person is not None:
        own = [f for f in rows if f.person_id == person.pk]
        rows = own or rows
    if rows:
        if any(f.klagefrist is None for f in rows):
            return False, None
        return True, max(f.klagefrist for f in rows)
    if decision.sent_at is None:
        return False, None
    reached = timezone.localdate(decision.sent_at) + dt.timedelta(days=klagefrist.post_days())
    return True, klagefrist.deadline(reached)


def is_late(received: dt.date, deadline: dt.date | None) -> bool:
    return deadline is not None and received > deadline
