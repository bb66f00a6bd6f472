"""Renewal URLs (included at ``fornyelse/``). Runs are addressed by id; no person number in a URL."""
from django.urls import path

from . import views

app_name = "renewal"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/godkjenn/", views.approve, name="approve"),
    path("<int:pk>/utskrift/<int:part>.pdf", views.print_file, name="print"),
]
