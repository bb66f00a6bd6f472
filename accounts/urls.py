"""OIDC login routes, mounted under /logg-inn/oidc/ (the login and logout pages are in skattedeling/urls.py)."""
from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("<slug:slug>/", views.oidc_start, name="oidc-start"),
    path("<slug:slug>/callback/", views.oidc_callback, name="oidc-callback"),
]
