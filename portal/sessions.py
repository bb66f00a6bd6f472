"""Parents' sessions, kept apart from staff sessions.

``PortalSessionMiddleware`` replaces Django's SessionMiddleware: below ``/innbygger/`` the session lives
in its own cookie (``PORTAL_SESSION_COOKIE_NAME``, path ``/innbygger/``), so a parent's browser never sends
it to staff pages and a staff session is never loaded on parent pages. A parent is never a Django user:
their identity is ``PARENT_KEY`` in the portal session (pid, kommune, acr, sid, ID token, times), with its
own idle and absolute limits (``PORTAL_SESSION_IDLE_S``, ``PORTAL_SESSION_MAX_S``), shorter than staff's.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware

PORTAL_PREFIX = "/innbygger/"
PARENT_KEY = "_portal_parent"
LANGUAGE_KEY = "_portal_language"


def is_portal_path(path: str) -> bool:
    return path.startswith(PORTAL_PREFIX)


class PortalSessionMiddleware(SessionMiddleware):
    """Django's session middleware, with the portal's own cookie under /innbygger/."""

    def process_request(self, request):
        if not is_portal_path(request.path_info):
            return super().process_request(request)
        request.session = self.SessionStore(request.COOKIES.get(settings.PORTAL_SESSION_COOKIE_NAME))
        return None

    def process_response(self, request, response):
        if not is_portal_path(request.path_info):
            return super().process_response(request, response)
        session = getattr(request, "session", None)
        if session is None:
            return response
        name = settings.PORTAL_SESSION_COOKIE_NAME
        if session.is_empty():
            if name in request.COOKIES:
                response.delete_cookie(name, path=PORTAL_PREFIX, samesite="Lax")
        elif session.modified and response.status_code < 500:
            session.save()
            response.set_cookie(name, session.session_key, max_age=None, path=PORTAL_PREFIX,
                                secure=settings.SESSION_COOKIE_SECURE or None, httponly=True, samesite="Lax")
        if session.accessed:
            response.headers["Vary"] = "Cookie"
            response.headers["Cache-Control"] = "no-store"
        return response


@dataclass(frozen=True)
class Parent:
    """The logged-in parent as the portal knows them (from ID-porten's ``pid``)."""

    pid: str
    kommunenummer: str
    acr: str
    sid: str


def log_in(request, *, pid: str, kommunenummer: str, acr: str, sid: str, id_token: str) -> None:
    language = request.session.get(LANGUAGE_KEY)
    request.session.flush()  # a new session id at login (no fixation)
    if language:
        request.session[LANGUAGE_KEY] = language
    now = time.time()
    request.session[PARENT_KEY] = {"pid": pid, "kommune": kommunenummer, "acr": acr, "sid": sid,
                                   "id_token": id_token, "started": now, "seen": now}


def log_out(request) -> str | None:
    """End the parent's session; returns the ID token (for ID-porten's end_session) if there was one."""
    data = request.session.get(PARENT_KEY) or {}
    language = request.session.get(LANGUAGE_KEY)
    request.session.flush()
    if language:
        request.session[LANGUAGE_KEY] = language
    return data.get("id_token")


def current_parent(request, kommunenummer: str) -> Parent | None:
    """The parent of this session for this kommune, or None (not logged in, other kommune, timed out)."""
    data = request.session.get(PARENT_KEY)
    if not data:
        return None
    now = time.time()
    if now - data["started"] > settings.PORTAL_SESSION_MAX_S or now - data["seen"] > settings.PORTAL_SESSION_IDLE_S:
        log_out(request)
        return None
    if data["kommune"] != kommunenummer:
        return None
    if now - data["seen"] >= 15:
        data["seen"] = now
        request.session[PARENT_KEY] = data
    return Parent(pid=data["pid"], kommunenummer=data["kommune"], acr=data["acr"], sid=data["sid"])


def session_sid(request) -> str | None:
    data = request.session.get(PARENT_KEY)
    return data.get("sid") if data else None
