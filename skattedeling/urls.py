"""URL configuration: staff login, the caseworker app and the Django admin."""
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Skattedeling – administrasjon"
admin.site.site_title = "Skattedeling"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases:queue", permanent=False)),
    path("logg-inn/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("saker/", include("cases.urls")),
    path("fornyelse/", include("cases.renewal.urls")),
    path("admin/", admin.site.urls),
]
