"""Statistics URLs (included at ``statistikk/``); filters are query parameters, never a person number."""
from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.stats_page, name="index"),
    path("tall.csv", views.stats_csv, name="csv"),
]
