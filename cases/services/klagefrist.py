"""When a vedtak reached a party, and the klagefrist that follows (forvaltningsloven § 29).

fvl. § 29 første ledd: the deadline for a complaint is three weeks from the time notice of the decision
*has reached* the party («er kommet fram til vedkommende part»). What counts as «kommet fram», per SvarUt
status (docs/delivery.md § Klagefrist):

* ``LEVERT_SDP`` — delivered to the party's digital mailbox (Digipost/e-Boks): reached at that time;
* ``LEST`` — opened in Altinn (a ``VARSLET`` notice alone is not counted: we cannot know it arrived);
* ``PRINTET`` — printed and posted by SvarUt: reached ``POST_DAYS`` days later (an assumption in the
  party's favour for the post's delivery time; configurable as ``KLAGEFRIST_POST_DAYS``).

The earliest of these is the start. The end is the same date three weeks later; a deadline ending on a
Saturday or Sunday moves to the Monday (domstolloven § 149 annet ledd, the rule for computing deadlines
used in administrative practice). Public holidays are NOT moved here; docs/delivery.md says so.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings

WEEKS = 3


def post_days() -> int:
    return int(settings.KLAGEFRIST_POST_DAYS)


def reached_at(history: list[dict]) -> dt.datetime | None:
    """The time the letter reached the party, from the SvarUt status history ([{status, at}])."""
    candidates = []
    for entry in history:
        at = dt.datetime.fromisoformat(entry["at"])
        if entry["status"] in ("LEVERT_SDP", "LEST"):
            candidates.append(at)
        elif entry["status"] == "PRINTET":
            candidates.append(at + dt.timedelta(days=post_days()))
    return min(candidates) if candidates else None


def deadline(reached: dt.date) -> dt.date:
    """Three weeks after ``reached``; Saturday/Sunday → the following Monday."""
    end = reached + dt.timedelta(weeks=WEEKS)
    if end.weekday() >= 5:
        end += dt.timedelta(days=7 - end.weekday())
    return end
