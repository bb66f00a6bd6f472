"""The rules package is plain Python: standard library only, no Django, no integrations (contributing.md)."""
import ast
import subprocess
import sys
from pathlib import Path

import cases.rules

PACKAGE = Path(cases.rules.__file__).parent


def test_rules_modules_import_only_the_standard_library_and_each_other():
    for module in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: inside cases.rules
                    continue
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names, f"{module.name} imports {name}"


def test_importing_and_calculating_loads_no_django():
    code = (
        "import sys, json; from cases.rules import parse_contract_input, calculate, result_to_contract_json;"
        "h, on = parse_contract_input({'service': 'barnehage', 'date': '2024-09-01', 'municipality': "
        "{'zone': 'standard'}, 'household': {'income': 300000}, 'children': [{'id': 'A', 'birth_date': "
        "'2021-04-10', 'weekly_hours': 41, 'monthly_price': 2000}]});"
        "print(result_to_contract_json(calculate(h, on=on))['total_monthly_fee']);"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('django', 'integrations')], 'leak'"
    )
    root = PACKAGE.parent.parent
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "838"


def test_modules_are_small_and_documented():
    for module in PACKAGE.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert len(text.splitlines()) < 300, module.name
        assert ast.get_docstring(ast.parse(text)), f"{module.name} has no module docstring"
