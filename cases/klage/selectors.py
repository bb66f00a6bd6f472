"""Reads of klager (every query a klage view or service makes), scoped by the caller."""
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from cases.models import Case, Decision
from cases.selectors import cases_for_user

from .models import Klage
from .workflow import OPEN


def klager_for_case(case: Case) -> QuerySet[Klage]:
    return (Klage.objects.filter(case=case).select_related("decision", "registered_by", "filed_by_person")
            .prefetch_related("transitions__actor", "letters").order_by("-received_date", "-id"))


def open_klage(decision: Decision) -> Klage | None:
    return Klage.objects.filter(decision=decision, status__in=OPEN).first()


def klage_for_user(user, case_pk: int, klage_pk: int) -> Klage:
    """A klage of a case in the user's municipalities; 404 otherwise (no existence leak)."""
    case = get_object_or_404(cases_for_user(user), pk=case_pk)
    return get_object_or_404(Klage.objects.select_related("case__municipality", "decision"), case=case, pk=klage_pk)
