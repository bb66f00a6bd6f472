"""Innsyn URL (included at ``innsyn/``): the person is identified in the POST body, never in the URL."""
from django.urls import path

from . import views

app_name = "innsyn"

urlpatterns = [path("", views.InnsynView.as_view(), name="index")]
