"""The renewal start page (issue 12): card layout like the other pages, the kommune preselected when the
administrator has only one, Norwegian errors, and post/redirect/get."""
import re

import pytest
from django.urls import reverse

from cases.constants import Role
from cases.models import Membership, RenewalRun
from cases.services.intake import open_periods
from cases.services.parameters import legal_parameters_load_seed
from tests import factories
from tests.views.html_checks import unlabelled_fields

URL = reverse("renewal:index")
PREVIOUS, CURRENT, NEXT = open_periods()


@pytest.fixture
def administrator(kommune):
    return factories.staff("fornyer", kommune, Role.ADMINISTRATOR)


def test_the_only_kommune_is_preselected(client, administrator, kommune):
    client.force_login(administrator)
    html = client.get(URL).content.decode()
    assert f'<option value="{kommune.pk}" selected>' in html
    assert "app-two-col" in html and "app-card" in html and "app-breadcrumb" in html
    assert not unlabelled_fields(html)


def test_with_two_kommuner_the_administrator_chooses(client, administrator, other_kommune):
    Membership.objects.create(user=administrator, municipality=other_kommune, role=Role.ADMINISTRATOR)
    client.force_login(administrator)
    select = client.get(URL).content.decode().split('id="id_municipality"')[1].split("</select>")[0]
    assert '<option value="" selected>' in select and not re.search(r'<option value="\d+" selected>', select)


def test_missing_rates_give_a_norwegian_refusal_and_a_redirect(client, administrator, kommune):
    """No legal parameters registered: the refusal names what to do, in Norwegian, after a redirect."""
    client.force_login(administrator)
    response = client.post(URL, {"municipality": kommune.pk, "period": NEXT, "sfo_max_trinn": "4"}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    html = response.content.decode()
    assert f"Satsene for {NEXT} er ikke registrert" in html
    assert "missing parameter" not in html and "qualifier" not in html
    assert not RenewalRun.objects.exists()


def test_form_errors_are_norwegian_and_next_to_the_field(client, administrator, kommune):
    client.force_login(administrator)
    response = client.post(URL, {"municipality": kommune.pk, "period": "2035/36", "sfo_max_trinn": "4"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "forrige, inneværende eller neste" in html and 'id="id_period_error"' in html
    response = client.post(URL, {"period": NEXT, "sfo_max_trinn": "4"})
    assert response.status_code == 400 and "Feltet er påkrevet" in response.content.decode()


def test_a_started_run_redirects_so_a_reload_does_not_post_again(client, administrator, kommune):
    legal_parameters_load_seed()
    client.force_login(administrator)
    response = client.post(URL, {"municipality": kommune.pk, "period": CURRENT, "sfo_max_trinn": "4"})
    run = RenewalRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("renewal:detail", args=[run.pk])
