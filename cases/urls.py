"""Caseworker URLs. Never put a fødselsnummer in a URL: cases are addressed by their database id."""
from django.urls import path

from cases.views import case_detail, queue

app_name = "cases"

urlpatterns = [
    path("", queue.CaseQueueView.as_view(), name="queue"),
    path("<int:pk>/", case_detail.CaseDetailView.as_view(), name="detail"),
]
