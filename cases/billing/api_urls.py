"""API URLs of the billing export (included at ``api/billing/v1/``); see ``openapi.yaml`` beside this file."""
from django.urls import path, re_path

from . import api

app_name = "billing_api"

urlpatterns = [
    path("openapi.yaml", api.OpenApiView.as_view(), name="openapi"),
    re_path(r"^(?P<kommunenummer>\d{4})/exports$", api.ExportsView.as_view(), name="exports"),
    re_path(r"^(?P<kommunenummer>\d{4})/exports/(?P<run_id>\d+)$", api.ExportDetailView.as_view(), name="export"),
    re_path(r"^(?P<kommunenummer>\d{4})/preview$", api.PreviewView.as_view(), name="preview"),
]
