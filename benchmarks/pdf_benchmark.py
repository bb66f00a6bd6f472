"""Benchmark of what a household receives (the vedtak letter + the standard attachment): the pipeline
against a naive render, same run.

    DJANGO_SETTINGS_MODULE=skattedeling.settings.test .venv/bin/python benchmarks/pdf_benchmark.py \
        [--letters 12] [--rounds 3] [--logo]

Creates N realistic decisions (1–3 children, barnehage and SFO, fees from the rules engine) in a
throwaway SQLite database, builds each letter's JSON document once, then times, interleaved and in
alternating order, the pipeline (the letter from the process's Typst compiler, the attachment's one
cached render shared by the households) against a naive one-shot render of each document
(``devtools.pdf_timing.household_timings``). Prints medians of wall and CPU time, the ratio, the
letter alone on both sides, the machine's load average, and a JSON line last. Asserts nothing about
time.
``--logo`` gives the kommune a 400 × 400 PNG logo (as real kommuner have), drawn in every letterhead.
"""
import argparse
import datetime
import json
import os
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
_DB = Path(tempfile.mkdtemp(prefix="pdf-benchmark-")) / "db.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{_DB}"
os.environ["CACHE_URL"] = "locmemcache://"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skattedeling.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from cases import rules  # noqa: E402
from cases.models import ChildFee, Decision, Municipality, MunicipalityZone, User  # noqa: E402
from cases.pdf import from_decision  # noqa: E402
from cases.pdf.attachment import attachment_html  # noqa: E402
from cases.pdf.context import letter_context  # noqa: E402
from cases.pdf.letter_data import kommune_of  # noqa: E402
from cases.pdf.typst_engine import PDF_STANDARD, document_for  # noqa: E402
from cases.services.intake import ApplicationInput, ChildInput, PersonInput, application_register  # noqa: E402
from cases.services.parameters import parameter_table  # noqa: E402
from devtools.pdf_timing import household_timings  # noqa: E402
from devtools.synthetic import benchmark_rates  # noqa: E402
from tests.support.person_ids import make_person_id  # noqa: E402

TARGET_RATIO = 1 / 3


def _person(born, given):
    return PersonInput(person_id=make_person_id(born), given_name=given, family_name="Benchmark")


def make_decision(kommune, proposer, approver, number: int) -> Decision:
    """One approved decision: barnehage for even numbers, SFO for odd; 1–3 children."""
    sfo = number % 2 == 1
    count = 1 + number % 3
    kids = [
        ChildInput(person=_person(datetime.date(2019 + i if sfo else 2022 + i, 1 + number % 12, 3 + i), f"Barn{i}"),
                   institution="Fjordvik skole" if sfo else "Solsikken barnehage",
                   weekly_hours=Decimal(20 if sfo else 41), monthly_price=Decimal(3000 if sfo else 1200),
                   sfo_trinn=min(1 + i, 4) if sfo else None)
        for i in range(count)
    ]
    data = ApplicationInput(service="sfo" if sfo else "barnehage", period="2026/27",
                            applicant=_person(datetime.date(1988, 1 + number % 12, 9), f"Søker{number}"),
                            partner=_person(datetime.date(1987, 2, 11), f"Partner{number}"),
                            partner_relation="ektefelle", children=kids, received_date=datetime.date(2026, 5, 2),
                            address="Fjellveien 3, 9999 Fjordvik")
    case = application_register(municipality=kommune, data=data, start_fetch=False)
    children = list(case.application.children.select_related("person").order_by("pk"))
    income = Decimal(150_000 + 40_000 * number)
    if sfo:
        inputs = tuple(rules.SfoPupil(str(c.pk), c.sfo_trinn, c.weekly_hours, c.monthly_price) for c in children)
    else:
        inputs = tuple(rules.BarnehageChild(str(c.pk), c.person.birth_date, c.weekly_hours, c.monthly_price)
                       for c in children)
    on = case.application.period_start
    household = rules.HouseholdInput(data.service, rules.Municipality(), income, inputs)
    table = parameter_table()
    result = rules.calculate(household, on=on, params=table)
    calculation = result.to_dict()  # with the structured outcome, as cases.services.assessment stores it
    period = rules.calculate_period(household, on, case.application.period_end, params=table)
    calculation["outcome"] = period.outcome.to_dict()
    persons = [{"name": p.full_name, "role": role, "source": "skatteetaten", "income_year": 2025, "stadie": "oppgjoer",
                "personinntekt": int(income / 2), "kapitalinntekt": 0, "counted": int(income / 2),
                "fetched_at": "2026-05-03T08:00:00+00:00", "skatteoppgjoersdato": "2026-04-20"}
               for p, role in ((case.application.household.named_applicant, "søker"),
                               (case.application.household.named_partner, "Ektefelle"))]
    decision = Decision.objects.create(
        case=case, status=Decision.Status.APPROVED, calculated_on=on, valid_from=on,
        valid_to=case.application.period_end, household_income=int(income),
        total_monthly_fee=int(result.total_monthly_fee), calculation=calculation, warnings=list(result.warnings),
        rules_version=rules.RULES_VERSION, inputs={"income": {"total": str(income), "persons": persons},
                                                   "zone": "standard", "full_time_hours": "41"},
        proposed_by=proposer, approved_by=approver, approved_at=timezone.now(),
    )
    by_id = {c["id"]: c for c in calculation["children"]}
    for child in children:
        steps = by_id[str(child.pk)]["steps"]
        ChildFee.objects.create(decision=decision, child=child, monthly_fee=by_id[str(child.pk)]["monthly_fee"],
                                steps=steps,
                                free_core_hours=any(s["rule"] == rules.RuleId.FREE_CORE_HOURS for s in steps))
    return decision


def _logo_png() -> bytes:
    """A 400 × 400 RGBA PNG, about the size of a kommune's coat of arms."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (400, 400), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(40, 20), (360, 20), (360, 220), (200, 380), (40, 220)], fill=(11, 58, 91, 255))
    draw.ellipse((120, 80, 280, 240), fill=(240, 200, 40, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def build(letters: int, *, logo: bool = False) -> list[tuple[str, str]]:
    call_command("migrate", verbosity=0)
    benchmark_rates()
    kommune = Municipality.objects.create(name="Fjordvik kommune", kommunenummer="9901",
                                          organisasjonsnummer="910753614", phone="22 33 44 55",
                                          klageinstans="Fjordvik kommunes klagenemnd",
                                          address="Postboks 100, 9999 Fjordvik", email="post@fjordvik.kommune.no")
    if logo:
        from django.conf import settings
        from django.core.files.base import ContentFile

        settings.MEDIA_ROOT = str(_DB.parent / "media")
        kommune.logo.save("fjordvik.png", ContentFile(_logo_png()), save=True)
    MunicipalityZone.objects.create(municipality=kommune, zone="standard", valid_from=datetime.date(2019, 1, 1))
    proposer = User.objects.create(username="saksbehandler", first_name="Siri", last_name="Saksbehandler")
    approver = User.objects.create(username="godkjenner", first_name="Gunnar", last_name="Godkjenner")
    return [document_for(letter_context(from_decision(make_decision(kommune, proposer, approver, number)),
                                        draft=False))
            for number in range(letters)]


def attachment_htmls() -> tuple[str, str]:
    """The kommune's standard attachment: pipeline HTML and standalone HTML."""
    kommune = kommune_of(Municipality.objects.get())
    on = timezone.localdate()
    return attachment_html(kommune, on), attachment_html(kommune, on, standalone=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=3, help="times each letter is rendered by each pipeline")
    parser.add_argument("--logo", action="store_true", help="the kommune has a PNG logo in the letterhead")
    args = parser.parse_args()
    out = sys.stdout.write

    documents = build(args.letters, logo=args.logo)
    attachment_pipeline, attachment_standalone = attachment_htmls()
    result = household_timings(documents, attachment_html=attachment_pipeline,
                               attachment_standalone=attachment_standalone, households=len(documents),
                               rounds=args.rounds)
    load = os.getloadavg()
    out(f"households: {len(documents)} × {args.rounds} rounds, PDF/A variant {PDF_STANDARD}, "
        f"logo {'yes' if args.logo else 'no'}, both sides interleaved; load average "
        f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} on {os.cpu_count()} CPUs\n")
    out("unit: everything one household receives = its letter + the standard attachment\n")
    out(f"pipeline (letter from the cached Typst compiler: {result['letter_cpu_ms_median']:.1f} ms CPU; attachment "
        f"rendered once, {result['attachment_cpu_ms_once']:.1f} ms CPU, shared by {len(documents)} households): "
        f"median {result['pdf_ms_median']:.1f} ms wall, {result['pdf_cpu_ms_median']:.1f} ms CPU\n")
    out(f"naive (one-shot typst.compile() of the letter: {result['naive_letter_cpu_ms_median']:.1f} ms CPU; "
        f"one-shot WeasyPrint render of the attachment): median {result['naive_pdf_ms_median']:.1f} ms wall, "
        f"{result['naive_pdf_cpu_ms_median']:.1f} ms CPU\n")
    out(f"ratio pipeline / naive: {result['pdf_wall_ratio_to_naive']:.2f} wall, {result['pdf_ratio_to_naive']:.2f} "
        f"CPU (target ≤ {TARGET_RATIO:.2f})\n")
    out(json.dumps({"households": len(documents), "rounds": args.rounds, "pdf_standard": PDF_STANDARD,
                    "logo": args.logo, **result, "load_average": [round(value, 2) for value in load],
                    "cpus": os.cpu_count()}) + "\n")


if __name__ == "__main__":
    main()
