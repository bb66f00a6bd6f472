"""The admin reads Norwegian (issue 12): every model and field shown there has a Norwegian verbose name,
and workflow-owned models offer no «Legg til»."""
import re

import pytest
from django.contrib import admin

from tests.admin.conftest import rows, url

OWN_APPS = {"cases", "integrations"}


def admin_models():
    return [model for model in admin.site._registry if model._meta.app_label in OWN_APPS]


@pytest.mark.parametrize("model", admin_models(), ids=lambda m: m._meta.label_lower)
def test_every_model_and_field_has_an_explicit_norwegian_name(model):
    assert "verbose_name" in model._meta.original_attrs, model
    missing = [field.name for field in model._meta.concrete_fields
               if field.name != "id" and "verbose_name" not in field.deconstruct()[3]
               and field.model._meta.app_label in OWN_APPS]
    assert not missing, (model._meta.label, missing)


WORKFLOW = ["cases.case", "cases.decision", "cases.taxbasis", "cases.auditevent", "cases.application",
            "cases.household", "cases.person", "cases.documentedincome"]


@pytest.mark.parametrize("label", WORKFLOW)
def test_no_add_for_workflow_models_even_for_the_operator(world, as_user, label):
    client = as_user(world["superuser"])
    listing = client.get(url(label, "changelist")).content.decode()
    assert url(label, "add") not in listing  # neither the button nor the sidebar link
    assert client.get(url(label, "add")).status_code == 403
    page = client.get(url(label, "change", rows(world, "b")[label])).content.decode()
    assert 'name="_save"' not in page
    # Inlines offer no new row: the most forms allowed is the number of existing ones.
    for prefix, maximum in re.findall(r'name="([\w-]+)-MAX_NUM_FORMS" value="(\d+)"', page):
        initial = re.search(rf'name="{prefix}-INITIAL_FORMS" value="(\d+)"', page).group(1)
        assert int(maximum) <= int(initial), (label, prefix)


def test_decision_page_has_no_english_labels(world, as_user):
    client = as_user(world["superuser"])
    html = client.get(url("cases.decision", "change", world["case_b"].decisions.get())).content.decode()
    for english in ("Four eyes", "Proposed by", "Rules version", "Child fee", ">Actor<", ">User<"):
        assert english not in html
    assert "Krever godkjenning av en annen person" in html


# django-axes ships no Norwegian: its admin (lockouts, login log) reads bokmål through accounts/locale/nb and
# the app is named «Innloggingssperre» (accounts.apps.AxesConfig).
AXES_ENGLISH = ("Access attempt", "access attempt", "Access log", "access log", "Access failure", "Attempt Time",
                "IP Address", "User Agent", "Username", "Failed Logins", "Form Data", "Meta Data", "Path<",
                "Locked Out", "Logout Time", "Clean up expired", "Attempt Remaining", ">Axes<")
AXES_PAGES = {
    "axes.accessattempt": ("Innloggingsforsøk og sperrer", "IP-adresse", "Mislykkede innlogginger", "Sperret",
                           "Fjern utløpte forsøk", "forsøk igjen"),
    "axes.accesslog": ("Innloggingslogg", "IP-adresse", "Logget ut", "Brukernavn"),
    "axes.accessfailurelog": ("Mislykkede innlogginger", "IP-adresse", "Sperret", "Nettleser"),
}


@pytest.mark.parametrize("label", AXES_PAGES)
def test_axes_admin_reads_norwegian(world, as_user, label):
    client = as_user(world["superuser"])
    listing = client.get(url(label, "changelist")).content.decode()
    detail = client.get(url(label, "change", rows(world, "b")[label])).content.decode()
    for words in AXES_PAGES[label]:
        assert words in listing, (label, words)
    for english in AXES_ENGLISH:
        assert english not in listing and english not in detail, (label, english)
    assert "Om forespørselen" in detail and "IP-adresse" in detail


def test_axes_app_has_a_norwegian_name_in_the_admin_index(world, as_user):
    index = as_user(world["superuser"]).get("/admin/").content.decode()
    assert "Innloggingssperre" in index and "Innloggingsforsøk og sperrer" in index
    assert ">Axes<" not in index and "Access attempts" not in index
