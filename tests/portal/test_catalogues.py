"""The nynorsk and English catalogues are complete: every text the portal marks for translation (portal/,
templates/portal/) has a translation in locale/nn and locale/en that is neither empty nor fuzzy.

Django's own makemessages extracts the texts, in a copy of the sources (the real catalogues are not
touched), so the test sees exactly what a translator would.
"""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXTRACT = """
import django
from django.conf import settings
settings.configure(USE_I18N=True, LOCALE_PATHS=["locale"], INSTALLED_APPS=[],
                   TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}])
django.setup()
from django.core.management import call_command
call_command("makemessages", locale=["nn", "en"], verbosity=0, no_obsolete=True)
"""


def _entries(text: str):
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block + "\n", re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block + "\n", re.M)
        if msgid and msgstr:
            join = lambda m: "".join(re.findall(r'"(.*)"', m.group(1)))  # noqa: E731
            yield join(msgid), join(msgstr), "fuzzy" in block.split("msgid")[0]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    work = tmp_path_factory.mktemp("catalogues")
    shutil.copytree(ROOT / "portal", work / "portal", ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copytree(ROOT / "templates" / "portal", work / "templates" / "portal")
    for language in ("nn", "en"):
        (work / "locale" / language / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(ROOT / "locale" / language / "LC_MESSAGES" / "django.po",
                    work / "locale" / language / "LC_MESSAGES" / "django.po")
    subprocess.run([sys.executable, "-c", EXTRACT], cwd=work, check=True, timeout=120)
    return {language: (work / "locale" / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
            for language in ("nn", "en")}


@pytest.mark.parametrize("language", ["nn", "en"])
def test_every_portal_text_is_translated(extracted, language):
    entries = [e for e in _entries(extracted[language]) if e[0]]
    assert len(entries) > 150
    missing = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert missing == []
