"""``fetch_tax_basis``: fetch one person's summert skattegrunnlag and print it (contracts/integration.md).

    python manage.py fetch_tax_basis --person FODSELSNUMMER --year YYYY [--orgno ORGNR]

Configuration: the environment variables of the contract (``MASKINPORTEN_*``, ``SKATTEETATEN_SSG_URL``);
with ``--orgno`` a kommune's admin configuration takes precedence. Output: one JSON object on
standard output (log output to the terminal is off unless ``-v 2``).

Exit 0 for ``found`` (a skjermet answer is printed as ``found`` with ``"skjermet": true``), ``no_data``
and ``person_unknown``. Anything else — configuration, Maskinporten, access, Skatteetaten unavailable,
and the outcomes outside the contract (SSG-006 year not available, SSG-011 deleted) — exit 1 with one
line on standard error carrying the ``trace_id`` or ``korrelasjonsid``. The fødselsnummer is never
printed in full.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys

from django.core.management.base import BaseCommand

from integrations.errors import IntegrationError, mask_person_id
from integrations.service import Outcome, TaxBasisResult, get_tax_basis

CONTRACT_OUTCOMES = {Outcome.FOUND, Outcome.SKJERMET, Outcome.NO_DATA, Outcome.PERSON_UNKNOWN}


def contract_json(result: TaxBasisResult) -> dict:
    year = str(result.inntektsaar) if result.inntektsaar is not None else None
    if result.outcome in (Outcome.NO_DATA, Outcome.PERSON_UNKNOWN):
        return {"outcome": str(result.outcome), "inntektsaar": year, "kode": result.kode}
    return {
        "outcome": str(Outcome.FOUND),
        "inntektsaar": year,
        "stadie": result.stadie,
        "skatteoppgjoersdato": result.skatteoppgjoersdato.isoformat() if result.skatteoppgjoersdato else None,
        "skjermet": result.skjermet,
        "items": [item.as_dict() for item in result.items],
        "personinntekt": result.personinntekt,
        "kapitalinntekt": result.kapitalinntekt,
        "counted_income": result.counted_income,
    }


@contextlib.contextmanager
def console_logging_off():
    """Detach log handlers that write to the terminal, so stdout is pure JSON and a failure is ONE
    stderr line. Other handlers (files, syslog) keep receiving the audit lines."""
    detached = []
    for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
        if not isinstance(logger, logging.Logger):
            continue
        for handler in list(logger.handlers):
            if isinstance(handler, logging.StreamHandler) and getattr(handler, "stream", None) in (
                sys.stderr, sys.stdout, sys.__stderr__, sys.__stdout__):
                logger.removeHandler(handler)
                detached.append((logger, handler))
    silent = logging.NullHandler()  # without any handler, logging.lastResort would print to stderr
    logging.getLogger().addHandler(silent)
    try:
        yield
    finally:
        logging.getLogger().removeHandler(silent)
        for logger, handler in detached:
            logger.addHandler(handler)


class Command(BaseCommand):
    help = "Hent summert skattegrunnlag (kommuneforeldrebetaling) for én person og skriv JSON."

    def add_arguments(self, parser):
        parser.add_argument("--person", required=True, help="fødselsnummer eller D-nummer (11 siffer)")
        parser.add_argument("--year", type=int, help="inntektsår (YYYY); uten: nyeste år med data")
        parser.add_argument("--orgno", default="", help="kommunens organisasjonsnummer (valgfritt)")
        parser.add_argument("--purpose", default="fetch_tax_basis (kommandolinje)")

    def fail(self, message: str) -> None:
        sys.stderr.write(message.replace("\n", " ") + "\n")
        sys.stderr.flush()
        sys.exit(1)

    def handle(self, *args, person: str, year: int | None, orgno: str, purpose: str, **options):
        if options.get("verbosity", 1) >= 2:
            return self.run(person, year, orgno, purpose)
        with console_logging_off():
            return self.run(person, year, orgno, purpose)

    def run(self, person: str, year: int | None, orgno: str, purpose: str) -> None:
        try:
            result = get_tax_basis(orgno=orgno, person_id=person, income_year=year, purpose=purpose)
        except ValueError:
            self.fail(f"error: ugyldig personidentifikator {mask_person_id(person)} (11 siffer kreves)")
        except IntegrationError as exc:
            self.fail(f"error: {type(exc).__name__}: {exc}")
        if result.outcome not in CONTRACT_OUTCOMES:
            self.fail(
                f"error: outcome {result.outcome} for inntektsår {result.inntektsaar} "
                f"(kode: {result.kode or '-'}, korrelasjonsid: {result.korrelasjonsid or '-'})"
            )
        self.stdout.write(json.dumps(contract_json(result), ensure_ascii=False))
