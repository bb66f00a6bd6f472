"""Redraw the state machines in docs/architecture.md from the code's transition tables.

Each diagram sits between ``<!-- state-diagram:NAME -->`` and ``<!-- /state-diagram -->``; its
content is ``cases.services.workflow.state_diagrams()[NAME]`` in a Mermaid block. ``--check`` only
reports a difference (exit status 1), as the architecture test does.
"""
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cases.models import Decision
from cases.services import decisions
from cases.services.workflow import mermaid_state_diagram, state_diagrams

DOC = Path(settings.BASE_DIR) / "docs" / "architecture.md"
BLOCK = re.compile(r"(<!-- state-diagram:(?P<name>[\w-]+) -->\n).*?(<!-- /state-diagram -->)", re.S)


def redraw(text: str) -> str:
    """The document with every marked diagram replaced by the one rendered from the code."""
    diagrams = {**state_diagrams(), "decision-status": mermaid_state_diagram(
        decisions.ALLOWED, labels=dict(Decision.Status.choices), initial=Decision.Status.PROPOSED)}

    def replace(match: re.Match) -> str:
        name = match["name"]
        if name not in diagrams:
            raise CommandError(f"docs/architecture.md names an unknown state machine {name!r}")
        return f"{match[1]}```mermaid\n{diagrams[name]}```\n{match[3]}"

    return BLOCK.sub(replace, text)


class Command(BaseCommand):
    help = "Redraw the Mermaid state diagrams in docs/architecture.md from the transition tables."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only report whether the document is current")

    def handle(self, *args, check: bool = False, **options):
        text = DOC.read_text(encoding="utf-8")
        drawn = redraw(text)
        if check:
            if drawn != text:
                raise CommandError("docs/architecture.md is out of step: run manage.py draw_state_machines")
            self.stdout.write("docs/architecture.md is current.")
        elif drawn != text:
            DOC.write_text(drawn, encoding="utf-8")
            self.stdout.write("docs/architecture.md redrawn.")
