"""Walk the admin role table of docs/security.md: every role × model × action, own and other kommune.

The expected rights are read from the document itself, so the code and the document cannot drift.
Every user here is staff and holds every Django model permission: only the role may decide.
"""
import re
from pathlib import Path

import pytest
from django.contrib import admin

from tests.admin.conftest import rows, url

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"
ROLES = {"saksbehandler": "saksbehandler_b", "godkjenner": "godkjenner_b",
         "kommune administrator": "admin_b", "system administrator": "superuser"}
ACTIONS = ("changelist", "add", "change", "delete")


def role_table() -> dict[str, dict[str, set[str]]]:
    text = DOC.read_text()
    block = text[text.index("<!-- role-table:start -->"):text.index("<!-- role-table:end -->")]
    lines = [line for line in block.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    table = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        model = cells[0].strip("`")
        table[model] = {header[i]: set(re.findall(r"view|add|change|delete", cells[i])) for i in range(1, len(cells))}
    return table


TABLE = role_table()
CASES = [(role, model) for model in TABLE for role in ROLES]


def test_the_table_lists_every_model_in_the_admin_and_every_role():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(TABLE)
    assert all(set(rights) == set(ROLES) for rights in TABLE.values())


@pytest.mark.parametrize("role, model", CASES, ids=[f"{r}-{m}" for r, m in CASES])
def test_role_table(world, as_user, role, model):
    """Each of changelist, add, change (editable or read-only) and delete, on a row of the user's kommune."""
    client = as_user(world[ROLES[role]])
    allowed = TABLE[model][role]
    own = rows(world, "b")[model]
    for action in ACTIONS:
        target = None if action in ("changelist", "add") else own
        response = client.get(url(model, action, target))
        may = {"changelist": bool(allowed & {"view", "change"}), "add": "add" in allowed,
               "change": bool(allowed & {"view", "change"}), "delete": "delete" in allowed}[action]
        assert response.status_code == (200 if may else 403), (role, model, action, response.status_code)
        if action == "change" and may:
            editable = 'name="_save"' in response.content.decode()
            assert editable == ("change" in allowed), (role, model, "editable" if editable else "read-only")


GLOBAL = {"auth.group", "cases.legalparameter", "integrations.incomeclassificationrule", "accounts.identityprovider",
          "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}
SCOPED = [model for model in TABLE if model not in GLOBAL]


@pytest.mark.parametrize("model", SCOPED)
def test_kommune_b_administrator_cannot_open_kommune_a_rows(world, as_user, model):
    client = as_user(world["admin_b"])
    other = rows(world, "a")[model]
    for action in ("change", "delete", "history"):
        response = client.get(url(model, action, other))
        assert response.status_code in (302, 403), (model, action, response.status_code)
        if response.status_code == 302:
            assert response.url == "/admin/"  # Django's "finnes ikke" redirect


@pytest.mark.parametrize("model", SCOPED)
def test_kommune_b_administrator_lists_only_kommune_b_rows(world, as_user, model):
    client = as_user(world["admin_b"])
    page = client.get(url(model, "changelist")).content.decode()
    own, other = rows(world, "b")[model], rows(world, "a")[model]
    assert f"/{own.pk}/change/" in page
    assert f"/{other.pk}/change/" not in page or other.pk == own.pk


def test_every_admin_model_is_in_the_index_only_for_its_roles(world, as_user):
    for role, key in ROLES.items():
        page = as_user(world[key]).get("/admin/")
        visible = {model for model, rights in TABLE.items() if rights[role]}
        if not visible:
            assert page.status_code == 200 and "/admin/cases/case/" not in page.content.decode()
            continue
        body = page.content.decode()
        for model in TABLE:
            link = url(model, "changelist")
            assert (link in body) == (model in visible), (role, model)
