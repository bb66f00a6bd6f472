"""Renewal URLs (included at ``fornyelse/``). Runs are addressed by id; no person number in a URL."""
from django.urls import path

from . import views

app_name = "renewal"

urlpatterns = [
    path("", views.RenewalIndexView.as_view(), name="index"),
    path("<int:pk>/", views.RenewalDetailView.as_view(), name="detail"),
    path("<int:pk>/godkjenn/", views.RenewalApproveView.as_view(), name="approve"),
    path("<int:pk>/utskrift/<int:part>.pdf", views.RenewalPrintView.as_view(), name="print"),
]
