"""The portal's start page, language choice, ID-porten login and callback, logout (also at ID-porten)
and front-channel logout started by ID-porten."""
from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.policy import LoginRefused
from portal import idporten
from portal.common import LANGUAGE_CODES, language_of, portal_view
from portal.labels import REFUSAL_TEXT
from portal.sessions import LANGUAGE_KEY, log_in, log_out, session_sid

log = logging.getLogger("portal.login")
SID_CACHE_PREFIX = "portal:idporten-sid:"


def _sid_key(sid: str) -> str:
    return SID_CACHE_PREFIX + sid


@portal_view(login=False)
@require_GET
def start(request):
    if request.parent is not None:
        return HttpResponseRedirect(reverse("portal:cases", args=[request.portal.municipality.kommunenummer]))
    return render(request, "portal/start.html", {"portal": request.portal,
                                                 "logged_out": "utlogget" in request.GET})


@portal_view(login=False)
@require_POST
def choose_language(request):
    language = request.POST.get("language")
    if language in LANGUAGE_CODES:
        request.session[LANGUAGE_KEY] = language
    back = request.POST.get("next") or ""
    prefix = f"/innbygger/{request.portal.municipality.kommunenummer}/"
    return HttpResponseRedirect(back if back.startswith(prefix) and "//" not in back else prefix)


@transaction.non_atomic_requests
@portal_view(login=False)
@require_GET  # a link, like staff login: CSP form-action 'self' forbids a form POST redirecting off-site
def login(request):
    kommunenummer = request.portal.municipality.kommunenummer
    redirect_uri = request.build_absolute_uri(reverse("portal:callback", args=[kommunenummer]))
    try:
        return idporten.start(request, request.portal, redirect_uri, language_of(request))
    except LoginRefused as exc:
        return _refused(request, exc.reason)


@transaction.non_atomic_requests
@portal_view(login=False)
@require_GET
def callback(request):
    try:
        result = idporten.finish(request, request.portal)
    except LoginRefused as exc:
        return _refused(request, exc.reason)
    except idporten.ParentLoginRefused as exc:
        return _refused(request, exc.reason)
    kommunenummer = request.portal.municipality.kommunenummer
    log_in(request, pid=result.pid, kommunenummer=kommunenummer, acr=result.acr, sid=result.sid,
           id_token=result.id_token)
    request.session.save()
    if result.sid:
        cache.set(_sid_key(result.sid), request.session.session_key, timeout=24 * 3600)
    log.info("parent login: kommune=%s acr=%s", kommunenummer, result.acr)
    return HttpResponseRedirect(reverse("portal:cases", args=[kommunenummer]))


def _refused(request, reason):
    code = reason.value
    log.info("parent login refused: kommune=%s reason=%s", request.portal.municipality.kommunenummer, code)
    status = 400 if code == "state_mismatch" else 403
    text = REFUSAL_TEXT.get(code, REFUSAL_TEXT["idp_error"])
    return render(request, "portal/refused.html", {"portal": request.portal, "reason": code, "text": text},
                  status=status)


@transaction.non_atomic_requests
@portal_view(login=False)
@require_POST
def logout(request):
    kommunenummer = request.portal.municipality.kommunenummer
    sid = session_sid(request)
    id_token = log_out(request)
    if sid:
        cache.delete(_sid_key(sid))
    back = request.build_absolute_uri(reverse("portal:logged-out", args=[kommunenummer]))
    url = idporten.logout_url(id_token, back) if id_token else None
    if url:
        # A page with a link, not a redirect: CSP form-action 'self' forbids a form POST redirecting off-site.
        return render(request, "portal/logout_idporten.html", {"portal": request.portal, "url": url})
    return HttpResponseRedirect(back)


@portal_view(login=False)
@require_GET
def logged_out(request):
    return render(request, "portal/logged_out.html", {"portal": request.portal})


@xframe_options_exempt
@require_GET
def frontchannel_logout(request):
    """ID-porten loads this in an iframe when the person logs out elsewhere: ``iss`` and ``sid`` name the
    session; it is ended server-side (the iframe may not carry our cookie)."""
    if request.GET.get("iss") != idporten.issuer():
        return HttpResponse(status=400)
    session_key = cache.get(_sid_key(request.GET.get("sid", "")))
    if session_key:
        store: SessionBase = import_string(f"{settings.SESSION_ENGINE}.SessionStore")(session_key)
        store.delete()
        cache.delete(_sid_key(request.GET.get("sid", "")))
    response = HttpResponse(translation.gettext("Logget ut."), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = f"default-src 'none'; frame-ancestors {idporten.issuer()}"
    return response
