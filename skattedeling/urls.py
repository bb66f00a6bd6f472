"""URL configuration: staff login (password and OpenID Connect), the caseworker app and the Django admin."""
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from accounts import views as accounts_views

admin.site.site_header = "Skattedeling – administrasjon"
admin.site.site_title = "Skattedeling"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases:queue", permanent=False)),
    path("logg-inn/", accounts_views.StaffLoginView.as_view(), name="login"),
    path("logg-inn/oidc/", include("accounts.urls")),
    path("logg-ut/", accounts_views.logout_view, name="logout"),
    path("saker/", include("cases.urls")),
    path("saker/", include("cases.klage.urls")),  # the klage (feature package), under the case
    path("fornyelse/", include("cases.renewal.urls")),
    path("statistikk/", include("cases.stats.urls")),
    path("innsyn/", include("cases.innsyn.urls")),
    path("innbygger/", include("portal.urls")),  # the parents' portal (ID-porten), its own session cookie
    # One login page for everyone (lockout, password policy and OIDC apply to the admin too).
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True, permanent=False)),
    path("admin/", admin.site.urls),
]
