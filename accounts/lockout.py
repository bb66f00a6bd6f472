"""django-axes hooks: the Norwegian lockout page and the client address lockouts are counted by.

Failed attempts live in axes' own tables (AccessAttempt, AccessFailureLog), never in the case audit.
Behind a reverse proxy, set SKATTEDELING_TRUSTED_PROXY_COUNT to the number of proxies that append to
X-Forwarded-For; otherwise the address is REMOTE_ADDR (a proxy's address would lock out everyone).
"""
from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str | None:
    count = settings.LOGIN_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/lockout.html", {"minutes": minutes},
                  status=settings.AXES_HTTP_RESPONSE_CODE)
