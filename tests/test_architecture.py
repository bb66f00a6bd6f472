"""Architecture rules that a reader of docs/architecture.md relies on: the state diagrams there are the
code's transition tables, and only the workflow module writes a case's status and attention state."""
import re
from pathlib import Path

from django.conf import settings

from cases.constants import CaseStatus as S
from cases.management.commands import draw_state_machines
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


# Function-level imports of the project's own modules hide cycles. Allowed only where Django requires it
# (AppConfig.ready, before the models are loaded).
LOCAL_IMPORT = re.compile(r"^\s+(from|import) (cases|integrations|skattedeling)\b")
LOCAL_IMPORT_ALLOWED = {"cases/apps.py", "cases/renewal/apps.py", "cases/klage/apps.py", "cases/stats/apps.py",
                        "integrations/apps.py"}


def test_no_function_level_imports_of_project_modules():
    offenders = []
    for package in ("cases", "integrations", "skattedeling"):
        for path in (ROOT / package).rglob("*.py"):
            relative = str(path.relative_to(ROOT))
            if "migrations" in path.parts or relative in LOCAL_IMPORT_ALLOWED:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if LOCAL_IMPORT.match(line):
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
