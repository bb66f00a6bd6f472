"""docs/rules.md is the published legal content: its seed table must match cases/rules/seed.py."""
from pathlib import Path

from cases.rules import SEED_ROWS
from cases.rules.money import exact_text

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def _documented_rows():
    text = DOC.read_text(encoding="utf-8")
    start = text.index("### 6.3 The seed rows")
    table = text[start:text.index("\n---", start)]
    for line in table.splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            key, qualifier, start, end, value, verified = cells[:6]
            yield (key.strip("`"), "" if qualifier == "–" else qualifier, start, None if end == "open" else end,
                   value, verified == "yes")


def test_the_documented_parameter_table_is_the_seed():
    seeded = [
        (r.key, r.qualifier, r.valid_from.isoformat(), r.valid_to.isoformat() if r.valid_to else None,
         exact_text(r.value), r.verified)
        for r in SEED_ROWS
    ]
    assert list(_documented_rows()) == seeded


def test_every_open_question_of_rules_md_section_9_is_answered():
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## 9. Open questions"):]
    numbers = {line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| ")}
    assert {str(n) for n in range(1, 13)} <= numbers
