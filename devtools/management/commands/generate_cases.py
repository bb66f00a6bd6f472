"""``generate_cases``: synthetic cases in bulk for page benchmarks (100 000 in a few minutes).

    python manage.py generate_cases [--cases 100000] [--kommunenummer 9950] [--batch 2000] [--seed 1]

Creates (or reuses) a municipality and a staff user ``ytelse`` (saksbehandler + godkjenner there),
then writes households, applications, children and cases in a realistic mix of statuses, with their
history, fetched tax bases and decisions computed by the rules engine, with ``bulk_create`` in
batches (devtools.synthetic), then VACUUM ANALYZE (PostgreSQL). Person numbers are synthetic
(Tenor, month + 80). Prints one JSON line with what it made and how long it took.
"""
import datetime
import json
import random
import time

from django.core.management.base import BaseCommand
from django.db import connection

from cases.constants import CaseStatus as S
from cases.constants import Role, Zone
from cases.models import Membership, Municipality, MunicipalityZone, Person, User
from devtools.synthetic import SyntheticIds, create_cases, random_household

# Share of cases per status (a kommune some months into the year).
STATUS_MIX = ((S.RECEIVED, 4), (S.FETCHING_INCOME, 3), (S.READY_FOR_ASSESSMENT, 3), (S.NEEDS_DOCUMENTATION, 7),
              (S.PROPOSED, 13), (S.APPROVED, 25), (S.SENT, 45))
PERIODS = ("2024/25", "2025/26", "2026/27")


class Command(BaseCommand):
    help = "Generate synthetic cases in bulk (for the page benchmark)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=100_000)
        parser.add_argument("--kommunenummer", default="9950")
        parser.add_argument("--orgno", default="964338531")
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--user", default="ytelse")

    def handle(self, *args, **options):
        started = time.perf_counter()
        kommune, created = Municipality.objects.get_or_create(
            kommunenummer=options["kommunenummer"],
            defaults={"name": "Ytelse kommune", "organisasjonsnummer": options["orgno"]})
        if created:
            MunicipalityZone.objects.create(municipality=kommune, zone=Zone.STANDARD,
                                            valid_from=datetime.date(2019, 1, 1))
        user, _ = User.objects.get_or_create(username=options["user"], defaults={"first_name": "Ytelse"})
        for role in (Role.SAKSBEHANDLER, Role.GODKJENNER):
            Membership.objects.get_or_create(user=user, municipality=kommune, role=role)
        approver, _ = User.objects.get_or_create(username=f"{options['user']}-godkjenner")
        rng = random.Random(options["seed"])
        ids = SyntheticIds(taken=set(Person.objects.values_list("person_id", flat=True).iterator()))
        statuses = [status for status, weight in STATUS_MIX for _ in range(weight)]
        remaining, made = options["cases"], 0
        while remaining > 0:
            size = min(options["batch"], remaining)
            by_period: dict[str, list] = {}
            for _ in range(size):
                period = rng.choice(PERIODS)
                by_period.setdefault(period, []).append(random_household(
                    rng, ids, service="sfo" if rng.random() < 0.2 else "barnehage", period=period,
                    status=rng.choice(statuses)))
            for period, specs in by_period.items():
                made += len(create_cases(municipality=kommune, period=period, specs=specs, approver=approver,
                                         ids=ids, batch_size=len(specs)))
            remaining -= size
            self.stderr.write(f"{made} saker ({time.perf_counter() - started:.0f} s)")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")  # fresh statistics and visibility map for the planner
        self.stdout.write(json.dumps({"cases": made, "municipality": kommune.kommunenummer, "user": user.username,
                                      "seconds": round(time.perf_counter() - started, 1)}))
