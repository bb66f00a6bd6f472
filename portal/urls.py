"""Routes of the parents' portal, mounted at /innbygger/ (docs/portal.md)."""
from django.urls import path

from portal import views_apply, views_cases, views_klage, views_login

app_name = "portal"
urlpatterns = [
    path("frontchannel-logout/", views_login.frontchannel_logout, name="frontchannel-logout"),
    path("<str:kommunenummer>/", views_login.start, name="start"),
    path("<str:kommunenummer>/sprak/", views_login.choose_language, name="language"),
    path("<str:kommunenummer>/logg-inn/", views_login.login, name="login"),
    path("<str:kommunenummer>/logg-inn/callback/", views_login.callback, name="callback"),
    path("<str:kommunenummer>/logg-ut/", views_login.logout, name="logout"),
    path("<str:kommunenummer>/logget-ut/", views_login.logged_out, name="logged-out"),
    path("<str:kommunenummer>/soknad/", views_apply.apply, name="apply"),
    path("<str:kommunenummer>/saker/", views_cases.cases, name="cases"),
    path("<str:kommunenummer>/saker/<int:pk>/", views_cases.case_detail, name="case"),
    path("<str:kommunenummer>/saker/<int:pk>/kvittering/", views_apply.receipt, name="receipt"),
    path("<str:kommunenummer>/saker/<int:pk>/vedtak.pdf", views_cases.vedtak, name="vedtak"),
    path("<str:kommunenummer>/saker/<int:pk>/trekk/", views_cases.withdraw, name="withdraw"),
    path("<str:kommunenummer>/saker/<int:pk>/klage/", views_klage.klage, name="klage"),
]
