"""The example files of docs/billing.md are made here, from a real export, so they cannot drift.

Two households in «Eksempel kommune» (3999), vedtak from 1 August 2026 (kjernetid: 1 200 × 21/41 = 614 kr
a child; siblings get 30 % søskenmoderasjon on the second). August–October is exported; then one child
moves to a place costing 800 kr from 15 September (a retroactive endring), and November is exported: the
example is that second export, with its corrections. The ids of vedtak and exports and the time of the
export are the only values replaced (by fixed ones), as they depend on the database.

``UPDATE_EXAMPLES=1 pytest tests/billing/test_examples.py`` writes the files; without it the test fails
when they differ from what the code produces now.
"""
import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from cases.billing import formats, services
from cases.billing.selectors import run_lines
from cases.constants import ChangeKind, Role, Service, Zone
from cases.models import Municipality, MunicipalityZone
from cases.services.approval import decision_approve
from cases.services.assessment import decision_propose
from cases.services.changes import change_register
from cases.services.intake import ApplicationInput, ChildInput, PersonInput, application_register
from tests import factories
from tests.changes.conftest import send
from tests.support.person_ids import make_person_id
from tests.views.conftest import make_ready

EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples"


def person(born: dt.date, individual: int, given: str, family: str) -> PersonInput:
    return PersonInput(make_person_id(born, individual=individual), given, family)


def household(kommune, saksbehandler, godkjenner, *, applicant, children):
    data = ApplicationInput(service=Service.BARNEHAGE, period="2026/27", applicant=applicant, children=[
        ChildInput(person=child, institution=place, weekly_hours=Decimal(41), monthly_price=Decimal(1200))
        for child, place in children], received_date=dt.date(2026, 6, 1))
    case = make_ready(application_register(municipality=kommune, data=data, actor=saksbehandler, start_fetch=False),
                      applicant_income=300_000)
    decision = decision_propose(case_id=case.pk, actor=saksbehandler)
    decision_approve(decision_id=decision.pk, actor=godkjenner)
    send(decision)
    return case


def stable(body: dict) -> dict:
    """The export with its database ids and time replaced by fixed values (in order of appearance)."""
    vedtak: dict[int, int] = {}
    for line in body["lines"]:
        line["vedtak"]["vedtak_id"] = vedtak.setdefault(line["vedtak"]["vedtak_id"], 101 + len(vedtak))
    body.update(id=2, since_export=1, created_at="2026-12-01T08:00:00+01:00")
    return body


@pytest.fixture
def example(rates, settings):
    settings.BILLING_REFERENCE_KEY = "eksempel-nokkel"
    kommune = Municipality.objects.create(name="Eksempel kommune", kommunenummer="3999",
                                          organisasjonsnummer="999999999")
    MunicipalityZone.objects.create(municipality=kommune, zone=Zone.STANDARD, valid_from=dt.date(2019, 1, 1))
    factories.test_rates()
    saksbehandler = factories.staff("eksempel-saksbehandler", kommune, Role.SAKSBEHANDLER)
    godkjenner = factories.staff("eksempel-godkjenner", kommune, Role.GODKJENNER)
    approver2 = factories.staff("eksempel-godkjenner2", kommune, Role.GODKJENNER)
    with factories.as_of(dt.date(2026, 6, 15)):
        one = household(kommune, saksbehandler, godkjenner,
                        applicant=person(dt.date(1990, 5, 17), 101, "Kari", "Nordmann"),
                        children=[(person(dt.date(2022, 3, 1), 501, "Ola", "Nordmann"), "Solsikken barnehage")])
        household(kommune, saksbehandler, godkjenner,
                  applicant=person(dt.date(1988, 9, 2), 102, "Fatima", "Hansen"),
                  children=[(person(dt.date(2021, 1, 10), 502, "Amina", "Hansen"), "Tusenfryd barnehage"),
                            (person(dt.date(2023, 6, 5), 503, "Omar", "Hansen"), "Tusenfryd barnehage")])
    services.export_run_create(municipality_id=kommune.pk, actor=saksbehandler, through="2026-10")
    child = one.application.children.get()
    change_register(case_id=one.pk, kind=ChangeKind.PLACE_CHANGED, change_date=dt.date(2026, 9, 15),
                    actor=saksbehandler, details={"child_id": child.pk, "institution": "Blåbærtoppen barnehage",
                                                  "monthly_price": "800"})
    decision_approve(decision_id=decision_propose(case_id=one.pk).pk, actor=approver2)
    run = services.export_run_create(municipality_id=kommune.pk, actor=saksbehandler, through="2026-11")
    return run


def test_the_example_files_are_what_the_code_produces(example):
    body = stable(formats.run_dict(example, run_lines(example)))
    assert {line["line_type"] for line in body["lines"]} == {"charge", "correction"}  # the example shows both
    produced = {
        "billing-export.json": json.dumps(body, ensure_ascii=False, indent=2) + "\n",
        "billing-export.csv": formats.csv_text(body["lines"]),
    }
    if os.environ.get("UPDATE_EXAMPLES"):
        EXAMPLES.mkdir(parents=True, exist_ok=True)
        for name, text in produced.items():
            (EXAMPLES / name).write_text(text, encoding="utf-8", newline="")
    for name, text in produced.items():
        assert (EXAMPLES / name).read_bytes().decode("utf-8") == text, f"docs/examples/{name} is out of date"
