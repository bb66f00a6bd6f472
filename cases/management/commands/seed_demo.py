"""Demo data: a demo kommune, one user per role, and households with children in barnehage and SFO.

Idempotent: running it again changes nothing that already exists. The households' person numbers are
Tenor-style synthetic numbers known to the bundled simulator (cases/fixtures/demo_households.json).
"""
import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import seed_demo_provider
from cases.constants import Role, Zone
from cases.models import Membership, Municipality, MunicipalityZone, User
from cases.services.intake import (
    ApplicationInput,
    ChildInput,
    ErrorCode,
    FieldErrors,
    PersonInput,
    application_register,
)

DEMO_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "demo_households.json"
DEMO_PASSWORD = "demo"  # printed by the start script; demo data only
DEMO_USERS = [
    ("saksbehandler", "Sara", "Saksbehandler", [Role.SAKSBEHANDLER]),
    ("godkjenner", "Geir", "Godkjenner", [Role.GODKJENNER]),
    ("admin", "Anne", "Administrator", [Role.ADMINISTRATOR, Role.SAKSBEHANDLER, Role.GODKJENNER]),
]


def _person(raw: dict) -> PersonInput:
    return PersonInput(person_id=raw["person_id"], given_name=raw["given_name"], family_name=raw["family_name"])


class Command(BaseCommand):
    help = "Opprett demokommune, demobrukere og demosøknader (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--no-fetch", action="store_true", help="Ikke start innhenting av inntekt.")

    def handle(self, *args, **options):
        call_command("load_legal_parameters", verbosity=0)
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        with transaction.atomic():
            kommune, _ = Municipality.objects.get_or_create(
                organisasjonsnummer=data["municipality"]["organisasjonsnummer"],
                defaults={k: v for k, v in data["municipality"].items() if k != "organisasjonsnummer"},
            )
            MunicipalityZone.objects.get_or_create(
                municipality=kommune, valid_from=datetime.date(2019, 1, 1),
                defaults={"zone": Zone.STANDARD, "source": "Demo"},
            )
            demo_users = []
            for username, first, last, roles in DEMO_USERS:
                user, created = User.objects.get_or_create(
                    username=username, defaults={"first_name": first, "last_name": last,
                                                 "is_staff": username == "admin",
                                                 "is_superuser": username == "admin"},
                )
                if created:
                    user.set_password(DEMO_PASSWORD)
                    user.save()
                for role in roles:
                    Membership.objects.get_or_create(user=user, municipality=kommune, role=role)
                demo_users.append(user)
            # Staff login through the simulator's OIDC provider (only when bin/start sets DEMO_OIDC_ISSUER).
            seed_demo_provider(municipality=kommune, users=demo_users)
        created = 0
        for raw in data["households"]:
            application = ApplicationInput(
                service=raw["service"], period=raw["period"], applicant=_person(raw["applicant"]),
                partner=_person(raw["partner"]) if raw.get("partner") else None,
                partner_relation=raw.get("partner_relation", ""),
                received_date=datetime.date.fromisoformat(raw["received_date"]),
                children=[
                    ChildInput(person=_person(c), institution=c["institution"],
                               weekly_hours=Decimal(str(c["weekly_hours"])),
                               monthly_price=Decimal(str(c["monthly_price"])), sfo_trinn=c.get("sfo_trinn"),
                               deferred_school_start=c.get("deferred_school_start", False))
                    for c in raw["children"]
                ],
            )
            try:
                application_register(municipality=kommune, data=application, start_fetch=not options["no_fetch"])
                created += 1
            except FieldErrors as exc:
                if exc.codes() != {ErrorCode.DUPLICATE_CHILD}:  # seeded before: idempotent
                    raise
        self.stdout.write(f"Demo: {kommune.name}, {created} nye søknader, brukere: "
                          + ", ".join(u[0] for u in DEMO_USERS) + f" (passord «{DEMO_PASSWORD}»)")
