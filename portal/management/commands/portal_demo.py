"""Open the parents' portal for the quick start's demo kommune (organisasjonsnummer 910753614), give it
demo contact information and a small barnehage price list (only when it has none), and print its
address. Used by bin/start after seed_demo; safe to run again."""
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from cases.models import Municipality
from portal.models import PortalPriceOption, PortalSettings

DEMO_ORGNO = "910753614"


class Command(BaseCommand):
    help = "Open the parents' portal (ID-porten) for the demo kommune."

    def handle(self, *args, **options):
        kommune = Municipality.objects.filter(organisasjonsnummer=DEMO_ORGNO).first()
        if kommune is None:
            raise CommandError("The demo kommune does not exist: run seed_demo first.")
        portal, _created = PortalSettings.objects.update_or_create(municipality=kommune, defaults={"enabled": True})
        if not portal.contact_text:
            portal.contact_text = "Demo kommune, oppvekstkontoret (hverdager 9–15)"
            portal.contact_phone = portal.contact_phone or "12 34 56 78"
            portal.save(update_fields=["contact_text", "contact_phone"])
        if not portal.price_options.exists():
            for order, (name, hours, price) in enumerate([("Heltid, 5 dager", "41", "1200"),
                                                         ("Deltid, 3 dager", "25", "760")]):
                PortalPriceOption.objects.create(portal=portal, service="barnehage", name=name, order=order,
                                                 weekly_hours=Decimal(hours), monthly_price=Decimal(price))
        self.stdout.write(f"/innbygger/{kommune.kommunenummer}/")
