"""``calculate_fee``: the rules engine from the command line (contract: docs/reference/contracts/fee-calculation.md).

Reads the contract's JSON from a file or standard input, computes with the same parameter table as
the application (the database rows), and prints the contract's JSON. Invalid input or a missing
parameter: exit code 2, one line on standard error, nothing on standard output.
"""
import json
import sys

from django.core.management.base import BaseCommand

from cases import rules
from cases.services.parameters import parameter_table
from integrations import service as integrations


def classify(body) -> list[dict]:
    """The project's income classification (integrations) for one Summert skattegrunnlag V2 body."""
    result = integrations.classify_tax_basis_body(dict(body)).as_dict()
    return result["items"]  # unknown posts are among the items, classified "unknown"


class Command(BaseCommand):
    help = "Beregn foreldrebetaling for én husholdning (JSON inn, JSON ut)."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="JSON-fil, eller - for standard input")

    def handle(self, *args, **options):
        try:
            text = sys.stdin.read() if options["input"] == "-" else _read(options["input"])
            household, on = rules.parse_contract_text(text, classify=classify)
            result = rules.calculate(household, on=on, params=parameter_table())
        except (rules.RulesError, ValueError, OSError) as error:
            message = " ".join(str(error).split())
            sys.stderr.write(f"calculate_fee: {message}\n")
            sys.exit(2)
        self.stdout.write(json.dumps(rules.result_to_contract_json(result), ensure_ascii=False, indent=2))


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()
