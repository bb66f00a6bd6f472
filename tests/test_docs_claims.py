"""Every claim README.md and docs/architecture.md make about the code can be pointed to (issue 12): each file
or folder they name exists, each dotted name (``cases.services.workflow.transition_case``) imports, each
``manage.py`` command is registered, and each setting or environment variable is declared."""
import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(settings.BASE_DIR)
DOCS = ("README.md", "docs/architecture.md")
FIRST_PARTY = "accounts|cases|devtools|integrations|portal|skattedeling"
# Named in the quick start but made at run time by bin/start (never in the repository).
RUNTIME = {"var/db.sqlite3", "var/log/", "var/celery/"}

TICKED = re.compile(r"`([^`\n]+)`")
PATH = re.compile(r"^(?:[\w.-]+/)+[\w.*-]*$|^[\w-]+\.(?:py|md|toml|yml|txt|html|css|sh)$")
DOTTED = re.compile(rf"(?<![\w/.-])((?:{FIRST_PARTY})(?:\.\w+)+)")
UPPER = re.compile(r"`([A-Z][A-Z0-9_]{3,})[`…]")
COMMAND = re.compile(r"manage\.py (\w+)")


def _text(doc: str) -> str:
    return (ROOT / doc).read_text(encoding="utf-8")


def _ticked_paths(doc: str) -> set[str]:
    found = set()
    for token in TICKED.findall(_text(doc)):
        for word in token.split():
            word = word.rstrip(",.;:)")
            if (PATH.match(word) and not word.startswith(("/", "http")) and "://" not in word
                    and word != word.upper()):  # «YYYY/NNNNN» is a format, not a path
                found.add(word)
    return found


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        try:
            for name in parts[end:]:
                obj = getattr(obj, name)
        except AttributeError:
            return False
        return True
    return False


def _exists(path: str) -> bool:
    if path in RUNTIME:
        return True
    if "*" in path:
        return any(ROOT.glob(path))
    # A path inside a sentence about docs/reference may be given relative to docs/ or docs/reference/.
    return any((base / path).exists() for base in (ROOT, ROOT / "docs", ROOT / "docs" / "reference"))


@pytest.mark.parametrize("doc", DOCS)
def test_every_named_path_exists(doc):
    missing = sorted(path for path in _ticked_paths(doc) if not _exists(path))
    assert missing == [], f"{doc} names paths that do not exist: {missing}"


@pytest.mark.parametrize("doc", DOCS)
def test_every_dotted_name_imports(doc):
    names = {name.rstrip(".") for name in DOTTED.findall(_text(doc))}
    names = {name for name in names if not name.endswith((".py", ".md", ".no"))}
    assert names, doc
    missing = sorted(name for name in names if not _resolves(name))
    assert missing == [], f"{doc} names modules/functions that do not exist: {missing}"


@pytest.mark.parametrize("doc", DOCS)
def test_every_manage_command_is_registered(doc):
    commands = set(COMMAND.findall(_text(doc)))
    assert not commands - set(get_commands()), commands - set(get_commands())


@pytest.mark.parametrize("doc", DOCS)
def test_every_setting_or_variable_is_declared(doc):
    declared_in = _text("docs/configuration.md") + (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    code = "\n".join(path.read_text(encoding="utf-8") for package in FIRST_PARTY.split("|")
                     for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts)
    missing = []
    for name in set(UPPER.findall(_text(doc))):
        if hasattr(settings, name) or re.search(rf"\b{name}", declared_in):
            continue
        if not re.search(rf"^\s*{name}\b[^=\n]*=", code, re.M):  # a module constant (``workflow.ALLOWED``)
            missing.append(name)
    assert missing == [], f"{doc} names settings/variables declared nowhere: {sorted(missing)}"


def test_the_check_sees_a_wrong_claim():
    assert not _exists("cases/pdf.py")  # the README's old claim (issue 12)
    assert not _resolves("cases.services.workflow.no_such_function")
    assert _resolves("cases.services.workflow.transition_case")
