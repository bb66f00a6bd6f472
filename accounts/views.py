"""Login page (identity-provider buttons + password form), the OIDC start and callback, and logout
(which also ends the session at the identity provider when the user came from one)."""
import logging

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts import oidc
from accounts.forms import StaffAuthenticationForm
from accounts.labels import REFUSAL_TEXT
from accounts.models import IdentityProvider, StaffIdentity
from accounts.policy import LoginRefused, Refusal, check_claims

log = logging.getLogger("accounts.login")
NEXT_KEY = "_oidc_next"
PROVIDER_KEY = "_oidc_provider"
ID_TOKEN_KEY = "_oidc_id_token"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class StaffLoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    form_class = StaffAuthenticationForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["providers"] = IdentityProvider.objects.filter(enabled=True)
        return context


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _refused(request, provider, exc: LoginRefused):
    log.info("staff login refused: provider=%s reason=%s", provider.slug, exc.reason.value)
    status = 400 if exc.reason is Refusal.STATE_MISMATCH else 403
    context = {"provider": provider, "reason": exc.reason.value, "text": REFUSAL_TEXT[exc.reason],
               "subject": exc.subject if exc.reason is Refusal.UNKNOWN_SUBJECT else ""}
    return render(request, "registration/login_refused.html", context, status=status)


@transaction.non_atomic_requests  # no database transaction held open while calling the IdP
@require_GET
def oidc_start(request, slug: str):
    provider = get_object_or_404(IdentityProvider, slug=slug, enabled=True)
    request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next"))
    redirect_uri = request.build_absolute_uri(reverse("accounts:oidc-callback", args=[provider.slug]))
    try:
        return oidc.start(request, provider, redirect_uri)
    except LoginRefused as exc:
        return _refused(request, provider, exc)


@transaction.non_atomic_requests
@require_GET
def oidc_callback(request, slug: str):
    provider = get_object_or_404(IdentityProvider, slug=slug, enabled=True)
    try:
        claims, id_token = oidc.finish(request, provider)
        outcome = check_claims(provider, claims)
    except LoginRefused as exc:
        return _refused(request, provider, exc)
    next_url = _safe_next(request, request.session.pop(NEXT_KEY, None))
    login(request, outcome.identity.user, backend=MODEL_BACKEND)
    request.session[PROVIDER_KEY] = provider.slug
    request.session[ID_TOKEN_KEY] = id_token
    StaffIdentity.objects.filter(pk=outcome.identity.pk).update(last_login_at=timezone.now())
    log.info("staff login: provider=%s user=%s mfa=%s", provider.slug, outcome.identity.user_id, outcome.mfa)
    return HttpResponseRedirect(next_url)


@require_POST
def logout_view(request):
    slug, id_token = request.session.get(PROVIDER_KEY), request.session.get(ID_TOKEN_KEY)
    logout(request)
    provider = IdentityProvider.objects.filter(slug=slug, enabled=True).first() if slug else None
    if provider and id_token:
        back = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
        url = oidc.logout_url(request, provider, id_token, back)
        if url:
            # A page, not a redirect: CSP form-action 'self' forbids a form POST redirecting off-site.
            return render(request, "registration/logged_out_idp.html", {"provider": provider, "url": url})
    return HttpResponseRedirect(resolve_url(settings.LOGOUT_REDIRECT_URL))
