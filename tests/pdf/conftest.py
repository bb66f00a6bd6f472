"""Fixtures for the vedtak tests: real cases, a calculation from the rules engine, stored decisions.

``make_decision`` registers an application through the intake service, computes the fee with
``cases.rules.calculate`` on the seed parameters, and stores a Decision and ChildFee rows with
``inputs`` in the shape cases.services.assessment writes.
"""
import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cases import rules
from cases.constants import Role, Service
from cases.models import ChildFee, Decision
from cases.services.intake import ApplicationInput, ChildInput, application_register
from tests import factories

FETCHED = datetime.datetime(2026, 5, 21, 9, 30, tzinfo=datetime.UTC)
_TEST_SOURCE = "test row: barnehageår 2026/27 has no sourced figure yet (rules.md § 11)"


def _test_row(key, qualifier, value):
    return rules.ParameterRow(key, qualifier, datetime.date(2026, 8, 1), datetime.date(2027, 7, 31), Decimal(value),
                              _TEST_SOURCE, True)


# The seed rows plus the figures these letters need for barnehageår 2026/27, which no source gives yet
# (the engine refuses to decide without them): makspris as in 2025/26 and a kjernetid limit.
TEST_PARAMETERS = rules.ParameterTable([
    *rules.SEED_ROWS,
    _test_row("makspris", "standard", 1200), _test_row("makspris", "sentralitet_5_6", 700),
    _test_row("makspris", "tiltakssone", 0), _test_row("kjernetid_income_limit", "", 660_000),
])


@pytest.fixture
def letter_kommune(kommune):
    """The shared ``kommune`` fixture with the letterhead a real kommune would fill in."""
    kommune.name = "Fjordvik kommune"
    kommune.unit_name = "Oppvekst og kultur"
    kommune.klageinstans = "Fjordvik kommunes klagenemnd"
    kommune.address = "Postboks 100, 9999 Fjordvik"
    kommune.phone = "22 33 44 55"
    kommune.email = "postmottak@fjordvik.kommune.no"
    kommune.save()
    return kommune


@pytest.fixture
def staff(letter_kommune):
    proposer = factories.staff("sbh", letter_kommune, Role.SAKSBEHANDLER)
    proposer.first_name, proposer.last_name = "Siri", "Strand"
    proposer.save()
    approver = factories.staff("godkj", letter_kommune, Role.GODKJENNER)
    approver.first_name, approver.last_name = "Gunnar", "Berg"
    approver.save()
    return proposer, approver


def _application(service: str, children: int, partner: bool) -> ApplicationInput:
    if service == Service.BARNEHAGE:
        return factories.barnehage_application(children=children, partner=partner)
    kids = [
        ChildInput(person=factories.person(datetime.date(2019 + i, 4, 10), given=f"Elev{i}"),
                   institution="Fjordvik barneskule", weekly_hours=Decimal(20), monthly_price=Decimal(3000),
                   sfo_trinn=2 - i)
        for i in range(children)
    ]
    return ApplicationInput(
        service=Service.SFO, period="2026/27", applicant=factories.person(datetime.date(1990, 5, 17)),
        partner=factories.person(datetime.date(1989, 2, 3), "Ola") if partner else None,
        partner_relation="samboer" if partner else "", children=kids,
        received_date=datetime.date(2026, 5, 20), address="Fjellveien 3, 9999 Fjordvik",
    )


def _person_income(person, role, personinntekt, kapitalinntekt, documented=None):
    info = {"person_id_masked": person.masked_id, "name": person.full_name, "role": role}
    if documented is not None:
        amount, reason = documented
        info.update(source="documented", counted=amount, reason=reason, documents="Lønnsslipper mars–mai 2026")
        return info
    info.update(source="skatteetaten", income_year=2025, stadie="oppgjoer", personinntekt=personinntekt,
                kapitalinntekt=kapitalinntekt, counted=personinntekt + kapitalinntekt,
                fetched_at=FETCHED.isoformat(), skatteoppgjoersdato="2026-05-12")
    return info


@pytest.fixture
def make_decision(letter_kommune, staff):
    """Build a stored decision; ``incomes`` is ``[(personinntekt, kapitalinntekt), ...]`` per adult."""
    proposer, approver = staff

    def build(*, service=Service.BARNEHAGE, children=1, partner=True, incomes=((150_000, 2_000), (60_000, 0)),
              documented_partner_income=None, approved=True, malform="nb", zone="standard", price=None):
        if letter_kommune.malform != malform:
            letter_kommune.malform = malform
            letter_kommune.save(update_fields=["malform"])
        case = application_register(municipality=letter_kommune, data=_application(service, children, partner),
                                    start_fetch=False)
        household = case.application.household
        if price is not None:
            case.application.children.update(monthly_price=price)
        kids = list(case.application.children.select_related("person").order_by("pk"))
        items, documented, persons = [], [], []
        for (person_income, capital), person, owner in zip(incomes, household.named_adults(),
                                                           rules.income.OWNERS, strict=False):
            role = "søker" if person.pk == household.applicant_id else household.get_partner_relation_display()
            items += [rules.ClassifiedIncomeItem(person_income, "personinntekt", owner, "loenn"),
                      rules.ClassifiedIncomeItem(capital, "kapitalinntekt", owner, "renter"),
                      rules.ClassifiedIncomeItem(18_000, "not_counted", owner, "barnetrygd")]
            doc = documented_partner_income if owner == rules.income.OWNERS[1] else None
            if doc is not None:
                documented.append(rules.DocumentedIncome(owner, doc[0], doc[1]))
            persons.append(_person_income(person, role, person_income, capital, doc))
        income = rules.household_income(items, documented)
        if service == Service.BARNEHAGE:
            child_inputs = tuple(rules.BarnehageChild(str(c.pk), c.person.birth_date, c.weekly_hours, c.monthly_price)
                                 for c in kids)
        else:
            child_inputs = tuple(rules.SfoPupil(str(c.pk), c.sfo_trinn, c.weekly_hours, c.monthly_price) for c in kids)
        household_input = rules.HouseholdInput(service, rules.Municipality(zone=zone), income.total, child_inputs,
                                               income.warnings)
        on = case.application.period_start
        result = rules.calculate(household_input, on=on, params=TEST_PARAMETERS)
        calculation = result.to_dict()
        # the structured outcome, split at every change (as cases.services.assessment stores it)
        period = rules.calculate_period(household_input, on, case.application.period_end, params=TEST_PARAMETERS)
        calculation["outcome"] = period.outcome.to_dict()
        decision = Decision.objects.create(
            case=case, status=Decision.Status.APPROVED if approved else Decision.Status.PROPOSED,
            calculated_on=on, valid_from=on, valid_to=case.application.period_end,
            household_income=int(result.household_income), total_monthly_fee=int(result.total_monthly_fee),
            calculation=calculation, warnings=list(result.warnings), rules_version=rules.RULES_VERSION,
            inputs={"income": {"total": str(income.total), "persons": persons}, "zone": zone,
                    "full_time_hours": "41.0", "sibling_order": "oldest_first"},
            proposed_by=proposer, approved_by=approver if approved else None,
            approved_at=timezone.now() if approved else None,
        )
        by_id = {c["id"]: c for c in calculation["children"]}
        for kid in kids:
            child_result = by_id[str(kid.pk)]
            steps = child_result["steps"]
            ChildFee.objects.create(
                decision=decision, child=kid, monthly_fee=child_result["monthly_fee"], steps=steps,
                free_core_hours=any(s["rule"] == "free_core_hours" for s in steps),
                sibling_discount_percent=Decimal(30) if any(
                    s["rule"] == "sibling_discount" and s["amount"] != s["amount_before"] for s in steps) else 0,
            )
        return decision

    return build


def pdf_text(pdf: bytes) -> str:
    """All text of the PDF, whitespace (including no-break spaces) collapsed to single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def squash(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


# The letter's top-level sections in order (templates/vedtak/vedtak.typ), by their heading's label key.
SECTION_HEADINGS = (("vedtak", "h_decision"), ("hjemmel", "h_hjemmel"), ("fakta", "h_facts"),
                    ("vurdering", "h_assessment"), ("beregning", "h_calculation"), ("varighet", "h_duration"),
                    ("klage", "h_appeal"), ("kontakt", "h_contact"))


def letter_sections(document: str, pdf: bytes) -> dict[str, str]:
    """The letter's text split at its section headings (read from the PDF; ``document`` is the JSON it was
    typeset from, for the målform's headings and the title): ``mottakere`` is everything before the title
    (letterhead, recipients, references), then each section from its heading to the next. A section
    that is not in the letter is not in the result."""
    data = json.loads(document)
    text = pdf_text(pdf)
    title = text.index(squash(f"{data['title']} – {data['period_text']}")[:40])
    found, starts = {"mottakere": text[:title]}, []
    position = title + 40
    for name, key in SECTION_HEADINGS:
        match = re.compile(rf"(?<![\w-]){re.escape(data['t'][key])}(?![\w-])").search(text, position)
        if match:
            starts.append((name, match.start()))
            position = match.end()
    for index, (name, start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(text)
        found[name] = text[start:end].strip()
    return found
