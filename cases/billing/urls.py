"""Staff URLs of the billing export (included at ``fakturering/``): kommunenummer and export id, nothing else."""
from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("", views.BillingIndexView.as_view(), name="index"),
    path("<str:kommunenummer>/", views.BillingKommuneView.as_view(), name="kommune"),
    path("<str:kommunenummer>/<int:run_id>/", views.BillingRunView.as_view(), name="run"),
    path("<str:kommunenummer>/<int:run_id>/fakturagrunnlag.csv", views.BillingRunFileView.as_view(),
         {"extension": "csv"}, name="csv"),
    path("<str:kommunenummer>/<int:run_id>/fakturagrunnlag.xlsx", views.BillingRunFileView.as_view(),
         {"extension": "xlsx"}, name="xlsx"),
]
