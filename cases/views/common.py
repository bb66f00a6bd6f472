"""Helpers shared by the caseworker views: scoped lookups, service errors as messages, PDF responses."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from cases.models import Case, Municipality
from cases.refusal_labels import blocked_text
from cases.selectors import cases_for_user, workable_municipalities
from cases.services.approval import ApprovalRefused
from cases.services.assessment import AssessmentBlocked
from cases.services.workflow import TransitionNotAllowed


def scoped_case(request, pk: int) -> Case:
    """The case if it belongs to one of the user's municipalities; 404 otherwise (no existence leak)."""
    return get_object_or_404(cases_for_user(request.user), pk=pk)


CONCURRENT_CHANGE = "Saken ble endret av noen andre i samme øyeblikk. Last siden på nytt og prøv igjen."

# Exceptions a service raises to refuse an action; shown as a message, never as a 500. ``IntegrityError``
# is a race lost to a database constraint (the last guard): the services write inside
# ``transaction.atomic``, so the savepoint is rolled back and the request can go on to show the refusal.
REFUSAL_ERRORS: tuple[type[Exception], ...] = (
    TransitionNotAllowed, ValidationError, PermissionDenied, ApprovalRefused, AssessmentBlocked, IntegrityError)


def refusal_errors() -> tuple[type[Exception], ...]:
    """``REFUSAL_ERRORS`` (for ``except refusal_errors() as exc``)."""
    return REFUSAL_ERRORS


def refusal_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, PermissionDenied):
        return str(exc) or "Du har ikke tilgang til å gjøre dette i denne kommunen."
    if isinstance(exc, IntegrityError):
        return CONCURRENT_CHANGE  # the database's own text is English and may name columns
    if isinstance(exc, AssessmentBlocked):
        return f"Forslaget kan ikke beregnes: {blocked_text(exc)}"
    return str(exc) or "Handlingen ble avvist."


def report_refusal(request, exc: Exception) -> None:
    messages.error(request, refusal_text(exc))


class WorkableMunicipalitiesMixin:
    """For pages that register work in one of the user's municipalities (403 when the user has none)."""

    def municipalities(self, request) -> QuerySet[Municipality]:
        municipalities = workable_municipalities(request.user)
        if not municipalities.exists():
            raise PermissionDenied("Du har ingen rolle i noen kommune.")
        return municipalities


def pdf_response(content: bytes, filename: str, *, attachment: bool = True) -> HttpResponse:
    """A PDF the browser must not cache (it may hold income data): a download, or inline to view."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def pdf_filename(case: Case, kind: str) -> str:
    """E.g. «vedtak-2026-00042.pdf»: the saksnummer, never a person's name or number."""
    return f"{kind}-{case.saksnummer.replace('/', '-')}.pdf"
