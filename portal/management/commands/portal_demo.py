"""Open the parents' portal for the quick start's demo kommune (organisasjonsnummer 910753614) and print
its address. Used by bin/start after seed_demo; safe to run again."""
from django.core.management.base import BaseCommand, CommandError

from cases.models import Municipality
from portal.models import PortalSettings

DEMO_ORGNO = "910753614"


class Command(BaseCommand):
    help = "Open the parents' portal (ID-porten) for the demo kommune."

    def handle(self, *args, **options):
        kommune = Municipality.objects.filter(organisasjonsnummer=DEMO_ORGNO).first()
        if kommune is None:
            raise CommandError("The demo kommune does not exist: run seed_demo first.")
        PortalSettings.objects.update_or_create(municipality=kommune, defaults={"enabled": True})
        self.stdout.write(f"/innbygger/{kommune.kommunenummer}/")
