"""Load the seed rows of the legal parameters (cases.rules.seed) into the database.

Idempotent and conservative: a row is added only when no row exists for its (key, qualifier,
valid_from); rows an administrator has edited are never overwritten.
"""
from django.core.management.base import BaseCommand

from cases.services.parameters import legal_parameters_load_seed


class Command(BaseCommand):
    help = "Legg inn satsparametere fra kildetabellen (overskriver aldri endrede rader)."

    def handle(self, *args, **options):
        added = legal_parameters_load_seed()
        if options["verbosity"] == 0:
            return
        self.stdout.write(f"{added} nye satsparametere lagt inn." if added else
                          "Satsparameterne er à jour: ingen nye rader å legge inn.")
