"""Session limits: an idle timeout and an absolute lifetime, on top of a cookie that ends with the browser.

The login signal stamps when the session started; every request by a logged-in user checks both limits
and ends the session (with a message) when one has passed. Activity is recorded at most every
ACTIVITY_RESOLUTION_S seconds (fewer session writes), and background polls (SESSION_PASSIVE_URL_NAMES,
e.g. the case page's status poll) never count as activity, so an open tab does not keep a session alive.
"""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

STARTED = "_auth_started_at"
SEEN = "_auth_last_seen_at"
ACTIVITY_RESOLUTION_S = 15


@receiver(user_logged_in, dispatch_uid="accounts.session_started")
def session_started(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[STARTED] = now
        request.session[SEEN] = now


def expired_reason(session, now: float) -> str | None:
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None or seen is None:
        return None
    if now - started > settings.SESSION_ABSOLUTE_LIFETIME_S:
        return "absolute"
    if now - seen > settings.SESSION_IDLE_TIMEOUT_S:
        return "idle"
    return None


class SessionTimeoutMiddleware:
    """After AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        now = time.time()
        reason = expired_reason(request.session, now)
        if reason is not None:
            logout(request)
            if reason == "idle":
                minutes = settings.SESSION_IDLE_TIMEOUT_S // 60
                text = f"Du ble logget ut etter {minutes} minutter uten aktivitet. Logg inn igjen."
            else:
                text = "Økten din har vart så lenge den kan. Logg inn igjen."
            messages.info(request, text)
            return None  # the view's own login requirement now sends the person to the login page
        match = request.resolver_match
        passive = match is not None and match.view_name in settings.SESSION_PASSIVE_URL_NAMES
        if STARTED not in request.session:
            request.session[STARTED] = now  # a session from before this middleware existed
        if not passive and now - request.session.get(SEEN, 0) >= ACTIVITY_RESOLUTION_S:
            request.session[SEEN] = now
        return None
