"""The work queue's search text: one column per case with its saksnummer and the names of the household's
adults (søker and ektefelle/partner/samboer), so a name search is one trigram-indexed column instead of a
join over cases, applications, households and persons (docs/benchmarks.md, "Page performance").

The names are the application's own (``Household``'s name fields, never the shared ``Person`` row, which is
never renamed). Written when a case is created; refreshed when a household changes (signal in
``cases.signals``). Never holds a fødselsnummer.
"""
from __future__ import annotations

from collections.abc import Iterable

from cases.models import Case

MAX_LENGTH = 400


def search_text(saksnummer: str, *people) -> str:
    """``saksnummer given family [given family]`` for the adults that exist, whitespace collapsed.

    ``people`` have ``given_name`` and ``family_name``: ``Household.named_adults()``."""
    names = [f"{person.given_name} {person.family_name}" for person in people if person is not None]
    return " ".join(" ".join([saksnummer, *names]).split())[:MAX_LENGTH]


def case_search_text_refresh(*, household_ids: Iterable[int] = ()) -> int:
    """Recompute the search text of the cases of these households; returns how many changed."""
    household_ids = list(household_ids)
    if not household_ids:
        return 0
    cases = Case.objects.filter(application__household_id__in=household_ids).select_related(
        "application__household__applicant", "application__household__partner")
    changed = []
    for case in cases.iterator(chunk_size=1000):
        text = search_text(case.saksnummer, *case.application.household.named_adults())
        if text != case.search_text:
            case.search_text = text
            changed.append(case)
    Case.objects.bulk_update(changed, ["search_text"], batch_size=1000)
    return len(changed)
