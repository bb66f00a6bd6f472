"""Every setting is declared in skattedeling/settings from the environment and listed in docs/configuration.md;
code outside the settings reads declared settings, never ``getattr(settings, "X", default)``."""
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
ENV_READ = re.compile(r"(?:env\.(?:str|int|float|bool|list|db|cache)|Env\(\)\.str|os\.environ\.(?:get|setdefault))"
                      r"\(\s*\"([A-Z][A-Z0-9_]+)\"")


def test_every_environment_variable_the_settings_read_is_documented():
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    names = {name for path in (ROOT / "skattedeling" / "settings").glob("*.py")
             for name in ENV_READ.findall(path.read_text(encoding="utf-8"))}
    assert len(names) > 30
    assert sorted(name for name in names if f"`{name}`" not in documented) == []


def test_no_setting_is_read_with_a_default_outside_the_settings():
    pattern = re.compile(r"getattr\(settings,\s*\"[A-Z_]+\",")
    offenders = [f"{path.relative_to(ROOT)}:{number}"
                 for package in ("cases", "integrations", "skattedeling", "devtools")
                 for path in (ROOT / package).rglob("*.py") if "settings" not in path.parts
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert offenders == []


def test_the_settings_the_integrations_read_are_declared():
    source = (ROOT / "integrations").rglob("*.py")
    names = {name for path in source for name in re.findall(r"\bsetting\(\"([A-Z_]+)\"", path.read_text())}
    assert names and sorted(name for name in names if not hasattr(settings, name)) == []


def test_each_xdist_worker_gets_its_own_redis_databases():
    from skattedeling.settings.test import _per_worker

    urls = [(_per_worker("rediscache://127.0.0.1:6379/1", n), _per_worker("redis://127.0.0.1:6379/2", n))
            for n in range(4)]
    dbs = [int(url.rsplit("/", 1)[1]) for pair in urls for url in pair]
    assert dbs == [1, 2, 3, 4, 5, 6, 7, 8]
    assert _per_worker("memory://", 3) == "memory://"
