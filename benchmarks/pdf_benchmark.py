"""Benchmark of the vedtak PDF: the cached pipeline against a naive WeasyPrint render, same run.

    DJANGO_SETTINGS_MODULE=skattedeling.settings.test .venv/bin/python benchmarks/pdf_benchmark.py \
        [--letters 12] [--rounds 3] [--logo]

Creates N realistic decisions (1–3 children, barnehage and SFO, fees from the rules engine) in a
throwaway SQLite database, renders each letter's HTML once, then times, interleaved and in
alternating order, ``cases.pdf.html_to_pdf`` (fonts and stylesheet cached per process) against
``weasyprint.HTML(string=html).write_pdf(pdf_variant=...)`` of the standalone HTML of the same letter
(which loads fonts and parses the stylesheet each time). Prints medians of wall and CPU time, the
ratio, the setup cost the cache removes, the CPU time of each phase of both renders
(``devtools.pdf_timing.phases_ms``), the machine's load average, and a JSON line last. Asserts nothing
about time.
``--logo`` gives the kommune a 400 × 400 PNG logo (as real kommuner have), drawn in every letterhead.
"""
import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
import time
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
from cases.pdf import render_vedtak_html  # noqa: E402
from cases.pdf.attachment import attachment_html  # noqa: E402
from cases.pdf.engine import PDF_VARIANT  # noqa: E402
from cases.pdf.letter_data import kommune_of  # noqa: E402
from cases.services.intake import ApplicationInput, ChildInput, PersonInput, application_register  # noqa: E402
from cases.services.parameters import parameter_table  # noqa: E402
from devtools.pdf_timing import (  # noqa: E402
    PHASES,
    cached_render_ms,
    household_html,
    household_pipeline_ms,
    naive_render_ms,
    phases_ms,
    setup_ms,
)
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
    pairs = []
    for number in range(letters):
        decision = make_decision(kommune, proposer, approver, number)
        pairs.append((render_vedtak_html(decision, draft=False, standalone=False),
                      render_vedtak_html(decision, draft=False, standalone=True)))
    return pairs


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

    pairs = build(args.letters, logo=args.logo)
    attachment_pipeline, attachment_standalone = attachment_htmls()
    households = [(html, household_html(standalone, attachment_standalone)) for html, standalone in pairs]
    cached_render_ms(pairs[0][0])  # warm-up: builds the cached fonts and stylesheet, imports WeasyPrint
    naive_render_ms(households[0][1])
    # The attachment's one render for the kommune (CPU), shared by the households of this run.
    attachment_cpu = statistics.median(cached_render_ms(attachment_pipeline, clock=time.process_time)
                                       for _ in range(3))
    times = {"cached": [], "naive": [], "cached_cpu": [], "naive_cpu": [], "naive_letter_cpu": []}
    for round_number in range(args.rounds):
        for index, ((pipeline_html, household), (_html, standalone)) in enumerate(zip(households, pairs, strict=True)):
            order = ("cached", "naive") if (index + round_number) % 2 == 0 else ("naive", "cached")
            for kind in order:
                start_cpu = time.process_time()
                if kind == "cached":
                    times[kind].append(household_pipeline_ms(pipeline_html, attachment_ms=attachment_cpu,
                                                             households=len(pairs)))
                else:
                    times[kind].append(naive_render_ms(household))
                extra = attachment_cpu / len(pairs) if kind == "cached" else 0.0
                times[f"{kind}_cpu"].append((time.process_time() - start_cpu) * 1000 + extra)
            times["naive_letter_cpu"].append(naive_render_ms(standalone, clock=time.process_time))
    setup = statistics.median(setup_ms() for _ in range(5))
    phases = {"cached": [phases_ms(html) for html, _standalone in households],
              "naive": [phases_ms(household, naive=True) for _html, household in households]}
    phase_median = {kind: {phase: statistics.median(row[phase] for row in rows) for phase in [*PHASES, "total"]}
                    for kind, rows in phases.items()}
    median = {key: statistics.median(values) for key, values in times.items()}
    ratio = median["cached"] / median["naive"]
    cpu_ratio = median["cached_cpu"] / median["naive_cpu"]
    load = os.getloadavg()

    logo = "yes" if args.logo else "no"
    out(f"households: {len(pairs)} × {args.rounds} rounds, PDF variant {PDF_VARIANT}, logo {logo}, "
        f"both pipelines interleaved; load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
        f"on {os.cpu_count()} CPUs\n")
    out("unit: everything one household receives = its letter + the standard attachment\n")
    out(f"pipeline (letter, cached fonts/stylesheet; attachment rendered once, {attachment_cpu:.1f} ms CPU, "
        f"shared by {len(pairs)} households): median {median['cached']:.1f} ms wall, "
        f"{median['cached_cpu']:.1f} ms CPU\n")
    out(f"naive: one HTML(string=letter+attachment).write_pdf() per household: median {median['naive']:.1f} ms "
        f"wall, {median['naive_cpu']:.1f} ms CPU (the letter alone: {median['naive_letter_cpu']:.1f} ms CPU)\n")
    out(f"ratio pipeline / naive: {ratio:.2f} wall, {cpu_ratio:.2f} CPU (target ≤ {TARGET_RATIO:.2f})\n")
    out(f"setup the cache removes per render (FontConfiguration + stylesheet with fonts): {setup:.1f} ms\n")
    out("CPU ms per phase, median per household (one more render each, after the interleaved runs):\n")
    out(f"  {'phase':12s} {'pipeline':>8s} {'naive':>7s}\n")
    for phase in [*PHASES, "total"]:
        out(f"  {phase:12s} {phase_median['cached'][phase]:8.1f} {phase_median['naive'][phase]:7.1f}"
            f"{'' if phase == 'total' else '  ' + PHASES[phase]}\n")
    out(json.dumps({"households": len(pairs), "rounds": args.rounds, "pdf_variant": PDF_VARIANT, "logo": args.logo,
                    "pdf_ms_median": round(median["cached"], 1), "naive_pdf_ms_median": round(median["naive"], 1),
                    "pdf_cpu_ms_median": round(median["cached_cpu"], 1),
                    "naive_pdf_cpu_ms_median": round(median["naive_cpu"], 1),
                    "naive_letter_only_cpu_ms_median": round(median["naive_letter_cpu"], 1),
                    "attachment_cpu_ms_once": round(attachment_cpu, 1),
                    "pdf_ratio_to_naive": round(ratio, 3), "cpu_ratio_to_naive": round(cpu_ratio, 3),
                    "setup_ms_median": round(setup, 1),
                    "phases_cpu_ms_median": {kind: {phase: round(value, 1) for phase, value in values.items()}
                                             for kind, values in phase_median.items()},
                    "load_average": [round(value, 2) for value in load], "cpus": os.cpu_count()}) + "\n")


if __name__ == "__main__":
    main()
