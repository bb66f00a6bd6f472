"""``calculate_fee``: the rules engine from the command line (contract: docs/reference/contracts/fee-calculation.md).

Reads the contract's JSON from a file or standard input, computes with the same parameter table as
the application (the database rows), and prints the contract's JSON. Invalid input or a missing
parameter: exit code 2, one line on standard error, nothing on standard output.

``--letter FILE.pdf`` also writes the vedtak letter this calculation would give (``cases.pdf.sample``:
a sample household and kommune, the period from the input's date to the end of its barnehageår or
school year), in the målform of ``--malform`` (``nb``/``nn``), else of ``--kommune``, else bokmål.
The JSON on standard output is the same with or without it.
"""
import json
import sys

from django.core.management.base import BaseCommand

from cases import rules
from cases.models import Municipality
from cases.pdf import letter_pdf
from cases.pdf.sample import period_end, sample_letter
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
        parser.add_argument("--letter", metavar="FILE.pdf",
                            help="skriv også vedtaksbrevet denne beregningen gir (eksempelhusholdning) til FILE.pdf")
        parser.add_argument("--malform", choices=("nb", "nn"), help="målform for brevet (standard: kommunens)")
        parser.add_argument("--kommune", metavar="KOMMUNENUMMER",
                            help="bruk brevhode, klageinstans og målform fra denne kommunen i brevet")

    def handle(self, *args, **options):
        try:
            text = sys.stdin.read() if options["input"] == "-" else _read(options["input"])
            household, on = rules.parse_contract_text(text, classify=classify)
            params = parameter_table()
            result = rules.calculate(household, on=on, params=params)
            pdf = _letter(text, household, on, params, options) if options.get("letter") else None
        except (rules.RulesError, ValueError, LookupError, OSError) as error:
            message = " ".join(str(error).split())
            sys.stderr.write(f"calculate_fee: {message}\n")
            sys.exit(2)
        if pdf is not None:
            with open(options["letter"], "wb") as handle:
                handle.write(pdf)
        self.stdout.write(json.dumps(rules.result_to_contract_json(result), ensure_ascii=False, indent=2))


def _letter(text: str, household, on, params, options) -> bytes:
    """The letter PDF (rendered before anything is written, so a failure leaves no file and no output)."""
    municipality = None
    if options.get("kommune"):
        municipality = Municipality.objects.filter(kommunenummer=options["kommune"]).first()
        if municipality is None:
            raise LookupError(f"ingen kommune med kommunenummer {options['kommune']}")
    tax_bases = (json.loads(text).get("household") or {}).get("tax_bases") or ()
    period = rules.calculate_period(household, on, period_end(household.service, on), params=params)
    letter = sample_letter(household, period.outcome, malform=options.get("malform") or "",
                           municipality=municipality, adults=max(1, len(tax_bases)))
    return letter_pdf(letter, draft=False)[1]


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()
