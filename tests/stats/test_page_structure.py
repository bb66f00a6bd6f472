"""The statistics and innsyn pages under the CSP (no inline style or script) and with the basic WCAG structure."""
import datetime

import pytest
from django.urls import reverse

from tests.views.html_checks import header_cells_without_scope, inline_code, unlabelled_fields

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [reverse("stats:index"), reverse("stats:index") + "?period=bad",
                                 reverse("innsyn:index")])
def test_structure(client, kommune, household, leader, url):
    household(kommune, fees=(0, 500), received=datetime.date(2025, 6, 2))
    client.force_login(leader)
    response = client.get(url)
    html = response.content.decode()
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert inline_code(html) == []
    assert unlabelled_fields(html) == []
    assert header_cells_without_scope(html) == 0
    assert html.count("<h1") == 1
