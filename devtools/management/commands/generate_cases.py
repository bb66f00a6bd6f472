"""``generate_cases``: synthetic cases in bulk for page benchmarks (100 000 in a few minutes, a vendor's
1 000 000 across 100 kommuner in well under an hour).

    python manage.py generate_cases [--cases 100000] [--kommuner 1] [--kommunenummer 9950] [--batch 2000] [--seed 1]

Creates (or reuses) ``--kommuner`` municipalities (kommunenummer counting up from ``--kommunenummer``),
a staff user ``ytelse`` (saksbehandler + godkjenner in the first kommune), an operator ``ytelse-drift``
(superuser, kommune administrator in every generated kommune: the system administrator who supports
them) and an open parents' portal in the first kommune. Then writes households, applications, children
and cases in a realistic mix of statuses, with their history, fetched tax bases and decisions computed by
the rules engine (with the structured outcome, as ``decision_propose`` stores it), with ``bulk_create`` in
batches (devtools.synthetic), then VACUUM ANALYZE (PostgreSQL).

A household applies in one to three consecutive periods (the same persons; the earlier periods' cases
are sent, the latest in the status mix), so a million cases need about 1.3 million persons, not 4.
Person numbers are synthetic (Tenor, month + 80; D-numbers once a birth date's run out). Prints one JSON
line with what it made and how long it took.
"""
import datetime
import json
import random
import time

from django.core.management.base import BaseCommand
from django.db import connection

from cases.constants import CaseStatus as S
from cases.constants import Channel, Role, Zone
from cases.models import Case, LegalParameter, Membership, Municipality, MunicipalityZone, Person, User
from devtools.replicate import replicate_kommune
from devtools.synthetic import GIVEN, Adult, HouseholdSpec, SyntheticIds, create_cases
from portal.models import PortalSettings

# Share of cases per status (a kommune some months into the year).
STATUS_MIX = ((S.RECEIVED, 4), (S.FETCHING_INCOME, 3), (S.READY_FOR_ASSESSMENT, 3), (S.NEEDS_DOCUMENTATION, 7),
              (S.PROPOSED, 13), (S.APPROVED, 25), (S.SENT, 45))
PERIODS = ("2024/25", "2025/26", "2026/27")
CHANNELS = ((Channel.DIGITAL, 80), (Channel.PAPIR, 12), (Channel.IMPORT, 5), (Channel.FORNYELSE, 3))
FAMILY = ("Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
          "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Ahmed", "Nguyen", "Bakke")


SYNTHETIC_RATE_SOURCE = "SYNTETISK SATS (generate_cases): ingen offentlig kilde – bare for ytelsesdatabaser"
# Rates the law review found no source for yet (docs/rules.md § 6); without them 2025/26 and 2026/27
# cases could not be decided. Written only into the benchmark database, labelled as synthetic.
SYNTHETIC_RATES = (("makspris", "standard", datetime.date(2026, 8, 1), 1200),
                   ("kjernetid_income_limit", "", datetime.date(2025, 8, 1), 700000))


def synthetic_rates() -> None:
    for key, qualifier, start, value in SYNTHETIC_RATES:
        if not LegalParameter.objects.filter(key=key, qualifier=qualifier, valid_from=start).exists():
            LegalParameter.objects.create(key=key, qualifier=qualifier, valid_from=start, value=value,
                                          valid_to=datetime.date(2027, 7, 31), source=SYNTHETIC_RATE_SOURCE,
                                          verified=True, note="generate_cases")


def household_periods(rng: random.Random, ids: SyntheticIds, statuses: list[str],
                      channels: list[str]) -> list[tuple[str, HouseholdSpec]]:
    """One household and its applications: 1–3 consecutive periods, ages consistent across them."""
    family = rng.choice(FAMILY)
    adults = [Adult(ids.make(datetime.date(rng.randint(1975, 1996), rng.randint(1, 12), rng.randint(1, 28))),
                    rng.choice(GIVEN), family, round(rng.lognormvariate(12.9, 0.45), -4)) for _ in range(2)]
    sfo = rng.random() < 0.2
    first_year = 2024
    children = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):  # born in 2017–18 (SFO) or 2020–23 (barnehage)
        first_day = datetime.date(first_year - (7 if sfo else 4), 1, 1)
        children.append(first_day + datetime.timedelta(days=rng.randrange(730 if sfo else 1461)))
    count = rng.choice((1, 2, 2, 3, 3, 3))
    start = rng.randint(0, len(PERIODS) - count)
    out, child_ids = [], []
    for index in range(start, start + count):
        period = PERIODS[index]
        year = int(period[:4])
        kids = [(born, min(7, max(1, year - born.year - 5)) if sfo else None) for born in children]
        begin = datetime.date(year, 8, 1)
        out.append((period, HouseholdSpec(
            applicant=adults[0], partner=adults[1], service="sfo" if sfo else "barnehage", children=kids,
            status=rng.choice(statuses) if index == start + count - 1 else S.SENT, child_ids=child_ids,
            received_date=begin - datetime.timedelta(days=rng.randint(0, 150)), channel=rng.choice(channels))))
    return out


class Command(BaseCommand):
    help = "Generate synthetic cases in bulk (for the page benchmark)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=100_000, help="cases in all (spread over the kommuner)")
        parser.add_argument("--kommuner", type=int, default=1)
        parser.add_argument("--kommunenummer", default="9950", help="the first kommune's number")
        parser.add_argument("--orgno", default="964338531")
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--user", default="ytelse")
        parser.add_argument("--replicate", action="store_true",
                            help="write the first kommune's share through Python, then copy it into the other "
                                 "kommuner inside PostgreSQL (devtools.replicate): a million cases in minutes")

    def kommuner(self, options) -> list[Municipality]:
        out = []
        for i in range(options["kommuner"]):
            number = f"{int(options['kommunenummer']) + i:04d}"
            orgno = f"{int(options['orgno']) + int(number) - 9950:09d}"
            kommune, created = Municipality.objects.get_or_create(
                kommunenummer=number, defaults={"name": "Ytelse kommune" if i == 0 else f"Ytelse {i + 1} kommune",
                                                "organisasjonsnummer": orgno})
            if created:
                MunicipalityZone.objects.create(municipality=kommune, zone=Zone.STANDARD,
                                                valid_from=datetime.date(2019, 1, 1))
            out.append(kommune)
        return out

    def users(self, options, kommuner: list[Municipality]) -> User:
        user, _ = User.objects.get_or_create(username=options["user"], defaults={"first_name": "Ytelse"})
        for role in (Role.SAKSBEHANDLER, Role.GODKJENNER):
            Membership.objects.get_or_create(user=user, municipality=kommuner[0], role=role)
        operator, _ = User.objects.get_or_create(
            username=f"{options['user']}-drift", defaults={"first_name": "Drift", "is_staff": True,
                                                           "is_superuser": True})
        for kommune in kommuner:
            Membership.objects.get_or_create(user=operator, municipality=kommune, role=Role.ADMINISTRATOR)
        PortalSettings.objects.update_or_create(municipality=kommuner[0], defaults={"enabled": True})
        return user

    def handle(self, *args, **options):
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            # Server-side parameters: bulk_create sends its columns as arrays (UNNEST), which a client-side
            # binding cursor would quote value by value in Python (most of the time of a batch).
            connection.close()
            connection.settings_dict.setdefault("OPTIONS", {})["server_side_binding"] = True
        synthetic_rates()
        kommuner = self.kommuner(options)
        user = self.users(options, kommuner)
        approver, _ = User.objects.get_or_create(username=f"{options['user']}-godkjenner")
        rng = random.Random(options["seed"])
        ids = SyntheticIds(taken=set(Person.objects.values_list("person_id", flat=True).iterator()), d_numbers=True)
        statuses = [status for status, weight in STATUS_MIX for _ in range(weight)]
        channels = [channel for channel, weight in CHANNELS for _ in range(weight)]
        per_kommune = -(-options["cases"] // len(kommuner))
        made = 0
        replicate = options["replicate"] and connection.vendor == "postgresql" and len(kommuner) > 1
        for kommune in kommuner[:1] if replicate else kommuner:
            remaining = min(per_kommune, options["cases"] - made)
            while remaining > 0:
                by_period: dict[str, list] = {}
                size = 0
                while size < min(options["batch"], remaining):
                    for period, spec in household_periods(rng, ids, statuses, channels)[:remaining - size]:
                        by_period.setdefault(period, []).append(spec)
                        size += 1
                for period in PERIODS:  # oldest first: a household's persons are written with its first case
                    specs = by_period.get(period, [])
                    if specs:
                        made += len(create_cases(municipality=kommune, period=period, specs=specs,
                                                 approver=approver, ids=ids, batch_size=len(specs)))
                remaining -= size
                self.stderr.write(f"{kommune.kommunenummer}: {made} saker ({time.perf_counter() - started:.0f} s)")
        if replicate:
            template = Case.objects.filter(municipality=kommuner[0]).count()

            def progress(number, _target):
                self.stderr.write(f"kopi {number}: {made + number * template} saker "
                                  f"({time.perf_counter() - started:.0f} s)")
            replicate_kommune(template_id=kommuner[0].pk, target_ids=[k.pk for k in kommuner[1:]], on_copy=progress)
            made += template * (len(kommuner) - 1)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")  # fresh statistics and visibility map for the planner
        self.stdout.write(json.dumps({"cases": made, "kommuner": len(kommuner),
                                      "municipality": kommuner[0].kommunenummer, "user": user.username,
                                      "operator": f"{options['user']}-drift",
                                      "seconds": round(time.perf_counter() - started, 1)}))

