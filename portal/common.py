"""What every portal view shares: the kommune from the address, the parent's language, the login guard,
and the cases a parent may see (their own household's, as applicant or partner)."""
from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation

from cases.models import Case, Household, Municipality, Person
from portal.models import PortalSettings
from portal.sessions import LANGUAGE_KEY, current_parent

LANGUAGE_CODES = tuple(code for code, _name in settings.PORTAL_LANGUAGES)


def portal_for(kommunenummer: str) -> PortalSettings:
    """The kommune's portal settings; 404 when the kommune is unknown or its portal is closed."""
    municipality = get_object_or_404(Municipality, kommunenummer=kommunenummer)
    portal = PortalSettings.objects.filter(municipality=municipality, enabled=True).select_related(
        "municipality").first()
    if portal is None:
        raise Http404("portal closed")
    return portal


def language_of(request) -> str:
    chosen = request.session.get(LANGUAGE_KEY)
    return chosen if chosen in LANGUAGE_CODES else LANGUAGE_CODES[0]


def portal_view(*, login: bool = True):
    """Decorator: resolve the kommune (open portal), activate the parent's language, require a parent.

    The view gets ``request.portal`` and, when ``login``, ``request.parent``. Not logged in (or timed
    out): to the kommune's start page, never to the staff login.
    """
    def decorate(view):
        @wraps(view)
        def wrapper(request, kommunenummer: str, *args, **kwargs):
            request.portal = portal_for(kommunenummer)
            translation.activate(language_of(request))
            request.LANGUAGE_CODE = translation.get_language()
            request.parent = current_parent(request, kommunenummer)
            if login and request.parent is None:
                return HttpResponseRedirect(reverse("portal:start", args=[kommunenummer]) + "?utlogget=1")
            response = view(request, *args, **kwargs)
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return wrapper
    return decorate


def parent_cases(parent, municipality):
    """Cases of the parent's households in this kommune (as applicant or as partner).

    The person is looked up first (unique fødselsnummer) and the households by their indexed adult keys, so
    the query stays an index lookup at a vendor's million cases (docs/benchmarks.md «Vendor scale»); an OR
    across the joined person rows made PostgreSQL scan."""
    person_pk = Person.objects.filter(person_id=parent.pid).values_list("pk", flat=True).first()
    if person_pk is None:
        return Case.objects.none()
    households = Household.objects.filter(municipality=municipality).filter(
        Q(applicant_id=person_pk) | Q(partner_id=person_pk)).values("pk")
    return Case.objects.filter(municipality=municipality, application__household__in=households).select_related(
        "application__household__applicant", "application__household__partner")


def parent_case(request, pk: int) -> Case:
    """One of the parent's cases, or 404 (also for another household's case: nothing is revealed)."""
    return get_object_or_404(parent_cases(request.parent, request.portal.municipality), pk=pk)


def parent_adult(case: Case, parent):
    """The household's ``Person`` the logged-in parent is (applicant or partner)."""
    household = case.application.household
    return next(p for p in household.adults() if p.person_id == parent.pid)
