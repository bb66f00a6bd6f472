"""Every page works under the CSP (no inline style or script) and keeps the basic WCAG structure."""
import re

import pytest
from django.urls import reverse

from tests.views.html_checks import header_cells_without_scope, inline_code, unlabelled_fields

POLICY = "default-src 'self'"


@pytest.fixture
def pages(client, approver_client, proposed_case, caseworker_client):
    """(name, client, url) for every page a user can reach, with data on them."""
    return [
        ("login", client, reverse("login")),
        ("queue", caseworker_client, reverse("cases:queue")),
        ("queue-filtered", caseworker_client, reverse("cases:queue") + "?status=proposed&q=Nordmann"),
        ("new", caseworker_client, reverse("cases:new")),
        ("import", caseworker_client, reverse("cases:import")),
        ("detail", caseworker_client, reverse("cases:detail", args=[proposed_case.pk])),
        ("detail-approver", approver_client, reverse("cases:detail", args=[proposed_case.pk])),
        ("print_batch", caseworker_client, reverse("cases:print_batch")),
    ]


def test_no_inline_style_or_script_and_csp_header(pages):
    for name, client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, name
        assert POLICY in response["Content-Security-Policy"], name
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert inline_code(response.content.decode()) == [], name


def test_error_pages_have_no_inline_code_either(caseworker_client):
    response = caseworker_client.post(reverse("cases:new"), {"barn-TOTAL_FORMS": "4", "barn-INITIAL_FORMS": "0"})
    assert response.status_code == 400
    assert inline_code(response.content.decode()) == []


def test_structure_language_title_skip_link_labels_and_table_scope(pages):
    for name, client, url in pages:
        html = client.get(url).content.decode()
        assert '<html lang="nb">' in html, name
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
        assert title and "Redusert foreldrebetaling" in title, name
        assert '<a href="#main" class="ds-skip-link">' in html and 'id="main"' in html, name
        assert html.index("ds-skip-link") < html.index("<main"), name  # first thing a keyboard user meets
        assert unlabelled_fields(html) == [], name
        assert header_cells_without_scope(html) == 0, name
        assert html.count("<h1") == 1, name


def test_static_files_are_served_from_our_own_origin(caseworker_client):
    html = caseworker_client.get(reverse("cases:queue")).content.decode()
    sources = re.findall(r'(?:href|src)="([^"#]+\.(?:css|js))"', html)
    assert sources and all(s.startswith("/static/") for s in sources)
    assert "/static/vendor/designsystemet/designsystemet.css" in sources
