"""``letter_status``: ask SvarUt (status-sok) for one forsendelse's status (contracts/svarut.md § Commands).

    python manage.py letter_status --id FORSENDELSE_ID [--orgno ORGNR]

Prints ``{"forsendelse_id", "status"}`` with SvarUt's v2 value. Exit 0 on success; 1 with one stderr line
when SvarUt refuses or does not know the id on this konto.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from integrations.errors import IntegrationError
from integrations.management.commands.fetch_tax_basis import console_logging_off
from integrations.management.commands.send_letter import error_line
from integrations.service import letter_status


class Command(BaseCommand):
    help = "Vis SvarUt-status for en forsendelse."

    def add_arguments(self, parser):
        parser.add_argument("--id", required=True, dest="forsendelse_id")
        parser.add_argument("--orgno", default="", help="kommunens organisasjonsnummer (valgfritt)")

    def handle(self, *args, forsendelse_id: str, orgno: str, **options):
        with console_logging_off():
            try:
                status = letter_status(orgno=orgno, forsendelse_id=forsendelse_id.strip())
            except IntegrationError as exc:
                sys.stderr.write(error_line(exc).replace("\n", " ") + "\n")
                sys.stderr.flush()
                sys.exit(1)
        self.stdout.write(json.dumps({"forsendelse_id": status.forsendelse_id, "status": status.status}))
