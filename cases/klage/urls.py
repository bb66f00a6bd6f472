"""Caseworker URLs of the klage, under /saker/<case id>/klage/ (ids only, never a fødselsnummer)."""
from django.urls import path

from . import views

app_name = "klage"

urlpatterns = [
    path("<int:pk>/klage/ny/", views.KlageRegisterView.as_view(), name="register"),
    path("<int:pk>/klage/<int:klage_pk>/", views.KlageDetailView.as_view(), name="detail"),
    path("<int:pk>/klage/<int:klage_pk>/ta-under-behandling/", views.TakeUpLateView.as_view(), name="take_up"),
    path("<int:pk>/klage/<int:klage_pk>/avvis/", views.RejectView.as_view(), name="reject"),
    path("<int:pk>/klage/<int:klage_pk>/medhold/", views.MedholdView.as_view(), name="medhold"),
    path("<int:pk>/klage/<int:klage_pk>/oversendelse/", views.PrepareOversendelseView.as_view(),
         name="oversendelse"),
    path("<int:pk>/klage/<int:klage_pk>/oversendelse/godkjenn/", views.ApproveOversendelseView.as_view(),
         name="approve_oversendelse"),
    path("<int:pk>/klage/<int:klage_pk>/oversendelse/tilbake/", views.ReturnOversendelseView.as_view(),
         name="return_oversendelse"),
    path("<int:pk>/klage/<int:klage_pk>/resultat/", views.OutcomeView.as_view(), name="outcome"),
    path("<int:pk>/klage/<int:klage_pk>/utsatt-iverksetting/", views.UtsattView.as_view(), name="utsatt"),
    path("<int:pk>/klage/<int:klage_pk>/brev/<str:kind>.pdf", views.KlageLetterView.as_view(), name="letter"),
]
