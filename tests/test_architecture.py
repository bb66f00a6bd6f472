"""Architecture rules that a reader of docs/architecture.md relies on: the state diagrams there are the
code's transition tables, and only the workflow module writes a case's status and attention state."""
import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import get_resolver

from cases import csv_import, services
from cases.constants import CaseStatus as S
from cases.innsyn import services as innsyn
from cases.management.commands import draw_state_machines
from cases.renewal import services as renewal
from cases.retention import services as retention
from cases.services import workflow

ROOT = Path(settings.BASE_DIR)


def test_the_documented_state_diagrams_are_the_transition_tables():
    text = draw_state_machines.DOC.read_text(encoding="utf-8")
    assert "<!-- state-diagram:case-status -->" in text
    assert draw_state_machines.redraw(text) == text, "run: manage.py draw_state_machines"


def test_a_changed_table_changes_the_drawing(monkeypatch):
    text = draw_state_machines.DOC.read_text(encoding="utf-8")
    monkeypatch.setitem(workflow.ALLOWED, S.SENT, {S.WITHDRAWN})
    drawn = draw_state_machines.redraw(text)
    assert drawn != text
    assert "    sent --> withdrawn\n" in drawn and "    sent --> [*]\n" not in drawn


def test_only_the_workflow_writes_status_and_attention():
    write = re.compile(r"\.update\([^)]*\b(status|attention|attention_reason|attention_text)\s*=|"
                       r"\bcase\.(status|attention\w*)\s*=[^=]")
    offenders = []
    for path in (ROOT / "cases").rglob("*.py"):
        if "migrations" in path.parts or path.name == "workflow.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if write.search(line) and ("Case.objects" in line or "case." in line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_every_dispatch_name_is_a_registered_task():
    from celery import current_app

    from cases import dispatch

    names = {value for key, value in vars(dispatch).items() if key.isupper() and isinstance(value, str)}
    assert names and names <= set(current_app.tasks), names - set(current_app.tasks)


def test_the_renewal_plugs_in_through_the_after_propose_hook():
    from cases import hooks

    assert hooks._AFTER_PROPOSE, "the renewal app registers its after-propose hook in ready()"


# Function-level imports of the project's own modules hide cycles. Allowed only where Django requires it:
# in ``AppConfig.ready`` of an ``apps.py`` (before it runs, the models are not loaded). Relative imports are
# the project's own by definition. ``benchmarks/`` are scripts, not packages: they set up Django first.
FIRST_PARTY = ("accounts", "cases", "devtools", "integrations", "portal", "skattedeling")


def _function_level_imports(path: Path) -> list[tuple[int, str]]:
    found = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name if function is None else function)
                continue
            if function is not None and not (path.name == "apps.py" and function == "ready"):
                if isinstance(child, ast.ImportFrom) and (
                        child.level or (child.module or "").split(".")[0] in FIRST_PARTY):
                    found.append((child.lineno, f"from {'.' * child.level}{child.module or ''} import ..."))
                elif isinstance(child, ast.Import) and any(a.name.split(".")[0] in FIRST_PARTY
                                                           for a in child.names):
                    found.append((child.lineno, "import " + ", ".join(a.name for a in child.names)))
            visit(child, function)

    visit(ast.parse(path.read_text(encoding="utf-8")), None)
    return found


def test_no_function_level_imports_of_project_modules():
    offenders = []
    for package in FIRST_PARTY:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            offenders += [f"{path.relative_to(ROOT)}:{number}: {what}"
                          for number, what in _function_level_imports(path)]
    assert offenders == []


def test_the_import_check_sees_relative_and_nested_imports(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("from . import x\n\n\ndef f():\n    from .calc import g\n    if True:\n"
                      "        import portal.views\n    import json\n\n\nclass A:\n    def ready(self):\n"
                      "        from cases import tasks\n", encoding="utf-8")
    assert [number for number, _ in _function_level_imports(module)] == [5, 7, 13]
    apps = tmp_path / "apps.py"
    apps.write_text(module.read_text(encoding="utf-8"), encoding="utf-8")
    assert [number for number, _ in _function_level_imports(apps)] == [5, 7]


def _service_modules():
    modules = [importlib.import_module(f"cases.services.{m.name}") for m in pkgutil.iter_modules(services.__path__)]
    return [*modules, csv_import, innsyn, renewal, retention]


def test_services_a_person_calls_take_actor_and_none_takes_user():
    text = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    listed = re.findall(r"`(\w+)`", text.split("<!-- actor-services -->")[1].split("<!-- /actor-services -->")[0])
    functions = {name: value for module in _service_modules() for name, value in vars(module).items()
                 if inspect.isfunction(value) and value.__module__ == module.__name__ and not name.startswith("_")}
    assert len(listed) > 15 and set(listed) <= functions.keys(), set(listed) - functions.keys()
    for name in listed:
        actor = inspect.signature(functions[name]).parameters.get("actor")
        assert actor is not None and actor.kind is inspect.Parameter.KEYWORD_ONLY, name
    with_user = [name for name, function in functions.items() if "user" in inspect.signature(function).parameters]
    assert with_user == []


def test_caseworker_views_read_only_through_selectors():
    """docs/architecture.md «Multi-kommune from day one»: no ``Model.objects`` in a caseworker view."""
    views = [*(ROOT / "cases" / "views").glob("*.py"), *(ROOT / "cases").glob("*/views.py")]
    offenders = [f"{path.relative_to(ROOT)}:{number}" for path in views if "stats" not in path.parts
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"\b[A-Z]\w*\.objects\b", line)]
    assert views and offenders == []


def _views(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _views(pattern.url_patterns)
        else:
            yield pattern.callback


def test_every_staff_page_is_a_class_based_view_behind_login_required_mixin():
    """docs/contributing.md «Views»: one style and one login mechanism for the staff pages (cases and its
    feature packages). The statistics pages (cases/stats) are the one exception still to move. The billing
    API (cases.billing.api) is not a staff page: a billing system calls it with a per-kommune key, never a
    login session (docs/billing.md)."""
    staff = [view for view in _views(get_resolver().url_patterns)
             if view.__module__.startswith("cases.")
             and not view.__module__.startswith(("cases.stats.", "cases.admin.", "cases.billing.api"))]
    assert len(staff) > 20
    wrong = [f"{view.__module__}.{view.__name__}" for view in staff
             if not issubclass(getattr(view, "view_class", type), LoginRequiredMixin)]
    assert wrong == []
