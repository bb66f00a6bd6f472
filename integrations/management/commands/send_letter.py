"""``send_letter``: send one forsendelse through KS Fiks SvarUt (contracts/svarut.md § Commands).

    python manage.py send_letter --pdf FILE [--pdf FILE2 ...] --title TEXT --recipient FNR --name NAME \\
        --address LINE --postnummer NNNN --poststed TEXT --reference EXTREF [--orgno ORGNR]

Prints one JSON line ``{"forsendelse_id", "reference", "status"}``. Idempotent by ``--reference``: when a
forsendelse with this eksternReferanse exists on the konto, nothing is sent and that one is printed.
Exit 0 on success; 1 when SvarUt or Maskinporten refuses or fails (one stderr line with the HTTP status,
SvarUt's message and errorId, or Maskinporten's error and trace_id); 2 for a malformed argument (nothing
is sent). Configuration: the environment variables of the contract; with ``--orgno`` a kommune's admin
rows take precedence. The fødselsnummer is never printed in full.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from integrations.errors import IntegrationError, MaskinportenError, mask_person_id
from integrations.management.commands.fetch_tax_basis import console_logging_off
from integrations.service import (
    Document,
    Letter,
    LetterError,
    Recipient,
    check_letter,
    is_valid_person_id,
    letter_status,
    send_letter,
)


def error_line(exc: IntegrationError) -> str:
    """One line: SvarUt's HTTP status, message and errorId, or Maskinporten's error and trace_id."""
    if hasattr(exc, "wire_summary"):
        return f"error: SvarUt {exc.wire_summary()}"
    if isinstance(exc, MaskinportenError):
        status = f"HTTP {exc.status} " if exc.status else ""
        return (f"error: Maskinporten {status}{exc.error or exc.code}: {exc.error_description or exc.message} "
                f"(trace_id: {exc.trace_id or '-'})")
    return f"error: {type(exc).__name__}: {exc}"


class Command(BaseCommand):
    help = "Send et brev (PDF) gjennom KS Fiks SvarUt og skriv forsendelse-id som JSON."

    def add_arguments(self, parser):
        parser.add_argument("--pdf", action="append", required=True, help="PDF-fil (kan gjentas, i rekkefølge)")
        parser.add_argument("--title", required=True)
        parser.add_argument("--recipient", required=True, help="mottakerens fødselsnummer (11 siffer)")
        parser.add_argument("--name", required=True)
        parser.add_argument("--address", required=True, help="adresselinje")
        parser.add_argument("--postnummer", required=True)
        parser.add_argument("--poststed", required=True)
        parser.add_argument("--reference", required=True, help="eksternReferanse (idempotensnøkkel)")
        parser.add_argument("--orgno", default="", help="kommunens organisasjonsnummer (valgfritt)")

    def exit_with(self, code: int, message: str) -> None:
        sys.stderr.write(message.replace("\n", " ") + "\n")
        sys.stderr.flush()
        sys.exit(code)

    def handle(self, *args, **options):
        if options.get("verbosity", 1) >= 2:
            return self.run(options)
        with console_logging_off():
            return self.run(options)

    def letter(self, options) -> Letter:
        recipient = options["recipient"]
        if not is_valid_person_id(recipient):
            self.exit_with(2, f"error: --recipient {mask_person_id(recipient)} er ikke et gyldig fødselsnummer "
                              "(11 siffer med gyldige kontrollsiffer)")
        documents = []
        for name in options["pdf"]:
            path = Path(name)
            try:
                content = path.read_bytes()
            except OSError:
                self.exit_with(2, f"error: --pdf {path.name} finnes ikke eller kan ikke leses")
            documents.append(Document(filename=path.name, content=content))
        letter = Letter(
            title=options["title"], reference=options["reference"], documents=tuple(documents),
            recipient=Recipient(name=options["name"], digital_id=recipient, address_lines=(options["address"],),
                                postnummer=options["postnummer"], poststed=options["poststed"]))
        try:
            return check_letter(letter)
        except LetterError as exc:
            self.exit_with(2, f"error: {exc}")
        raise AssertionError  # unreachable

    def run(self, options) -> None:
        letter = self.letter(options)
        try:
            receipt = send_letter(orgno=options["orgno"], letter=letter, purpose="send_letter (kommandolinje)")
            status = letter_status(orgno=options["orgno"], forsendelse_id=receipt.forsendelse_id)
        except IntegrationError as exc:
            self.exit_with(1, error_line(exc))
        self.stdout.write(json.dumps({"forsendelse_id": receipt.forsendelse_id, "reference": receipt.reference,
                                      "status": status.status}, ensure_ascii=False))
