"""Synthetic cases in bulk (``bulk_create`` in batches) for benchmarks and load tests.

``create_cases`` writes households, applications, children, cases in a given status with their
history, fetched tax bases and decisions (computed by the rules engine, so letters and pages show real
figures). Person numbers are synthetic Tenor numbers (birth month + 80), never real ones; adults may be
given (e.g. the persons of a simulator data file). Used by ``benchmark_renewal`` (households with an
approved decision to renew) and ``generate_cases`` (100 000 cases for the page benchmark).
"""
import datetime
import json
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from stdnum.no import fodselsnummer

from cases import rules
from cases.constants import AdultRole, CaseStatus
from cases.identity import birth_date
from cases.models import (
    Application,
    Case,
    CaseNumberSequence,
    CaseTransition,
    Child,
    ChildFee,
    Decision,
    Household,
    LegalParameter,
    Person,
    TaxBasis,
)
from cases.services.intake import period_dates
from cases.services.parameters import parameter_table
from cases.services.search_text import search_text

GIVEN = ("Kari", "Ola", "Ingrid", "Per", "Sara", "Ali", "Nora", "Jonas", "Fatima", "Emil", "Sofie", "Mohammed",
         "Hanne", "Lars", "Maja", "Elias", "Aisha", "Henrik", "Ida", "Magnus")
FAMILY = ("Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
          "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Ahmed", "Nguyen", "Bakke")
PATH = {  # the statuses a case passes through to reach each status
    CaseStatus.RECEIVED: [],
    CaseStatus.FETCHING_INCOME: [CaseStatus.FETCHING_INCOME],
    CaseStatus.READY_FOR_ASSESSMENT: [CaseStatus.FETCHING_INCOME, CaseStatus.READY_FOR_ASSESSMENT],
    CaseStatus.NEEDS_DOCUMENTATION: [CaseStatus.FETCHING_INCOME, CaseStatus.NEEDS_DOCUMENTATION],
    CaseStatus.PROPOSED: [CaseStatus.FETCHING_INCOME, CaseStatus.READY_FOR_ASSESSMENT, CaseStatus.PROPOSED],
    CaseStatus.APPROVED: [CaseStatus.FETCHING_INCOME, CaseStatus.READY_FOR_ASSESSMENT, CaseStatus.PROPOSED,
                          CaseStatus.APPROVED],
    CaseStatus.SENT: [CaseStatus.FETCHING_INCOME, CaseStatus.READY_FOR_ASSESSMENT, CaseStatus.PROPOSED,
                      CaseStatus.APPROVED, CaseStatus.SENT],
}
FETCHED = {CaseStatus.READY_FOR_ASSESSMENT, CaseStatus.PROPOSED, CaseStatus.APPROVED, CaseStatus.SENT}


class SyntheticIds:
    """Unique, checksum-valid synthetic fødselsnumre (Tenor: month + 80) for given birth dates.

    With ``d_numbers``, a date whose fødselsnumre have run out goes on with synthetic D-numbers
    (day + 40): about 400 persons per birth date instead of 200 (for a million cases).
    """

    def __init__(self, taken: set[str] | None = None, offset: int = 0, d_numbers: bool = False):
        self.taken = set(taken or ())
        self.next_individual: dict[tuple[datetime.date, int], int] = {}
        self.offset = offset
        self.d_numbers = d_numbers

    def make(self, born: datetime.date) -> str:
        for day_offset in (0, 40) if self.d_numbers else (0,):
            number = self._next(born, day_offset)
            if number is not None:
                return number
        raise ValueError(f"no synthetic numbers left for {born}")

    def _next(self, born: datetime.date, day_offset: int) -> str | None:
        low = 500 if born.year >= 2000 else 0
        individual = self.next_individual.get((born, day_offset), self.offset)
        while individual < 500:
            base = f"{born.day + day_offset:02d}{born.month + 80:02d}{born.year % 100:02d}{low + individual:03d}"
            individual += 1
            k1 = fodselsnummer.calc_check_digit1(base)
            k2 = fodselsnummer.calc_check_digit2(base + k1) if len(k1) == 1 else "10"
            if len(k2) == 1 and base + k1 + k2 not in self.taken:
                self.next_individual[(born, day_offset)] = individual
                self.taken.add(base + k1 + k2)
                return base + k1 + k2
        self.next_individual[(born, day_offset)] = individual
        return None


@dataclass
class Adult:
    person_id: str
    given_name: str
    family_name: str
    income: int = 500_000  # counted income for the tax basis and decision


@dataclass
class HouseholdSpec:
    applicant: Adult
    partner: Adult | None
    service: str
    children: list[tuple[datetime.date, int | None]]  # (birth date, SFO trinn)
    status: str = CaseStatus.APPROVED
    extra: dict = field(default_factory=dict)
    # The children's person numbers: filled on the first write, so the same household can apply again
    # in a later period (share the list between the periods' specs).
    child_ids: list[str] = field(default_factory=list)
    received_date: datetime.date | None = None  # default: 60 days before the period starts
    channel: str = "digital"


def random_household(rng: random.Random, ids: SyntheticIds, *, service: str, period: str,
                     status: str = CaseStatus.APPROVED, adults: list[Adult] | None = None) -> HouseholdSpec:
    """A plausible household: given adults (or two synthetic ones), 1–3 children of the right ages."""
    family = rng.choice(FAMILY)
    if adults is None:
        adults = [Adult(ids.make(datetime.date(rng.randint(1975, 1996), rng.randint(1, 12), rng.randint(1, 28))),
                        rng.choice(GIVEN), family, int(rng.lognormvariate(12.9, 0.45))) for _ in range(2)]
    start_year = int(period[:4])
    children = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        if service == "sfo":
            trinn = rng.randint(1, 3)
            born = datetime.date(start_year - 5 - trinn, rng.randint(1, 12), rng.randint(1, 28))
        else:
            trinn = None  # 1–5 years old in the period, with a share starting school the year after
            born = datetime.date(start_year - rng.randint(1, 5), rng.randint(1, 12), rng.randint(1, 28))
        children.append((born, trinn))
    return HouseholdSpec(applicant=adults[0], partner=adults[1] if len(adults) > 1 else None, service=service,
                         children=children, status=status)


_CALCULATIONS: dict[tuple, str] = {}  # memo: same inputs → same decision (child ids as placeholders)


def _calculate(service: str, children: list[Child], income: int, start: datetime.date, end: datetime.date,
               params) -> dict:
    """What ``decision_propose`` stores in ``Decision.calculation`` (the first segment's result, the
    structured outcome, the segments), from the rules engine; memoised on the inputs, since a million
    cases repeat them."""
    key = (service, income, start, end, tuple((None if service == "sfo" else c._born, c.sfo_trinn, c.weekly_hours,
                                               c.monthly_price) for c in children))
    text = _CALCULATIONS.get(key)
    if text is None:
        placeholders = [f"@child{i}@" for i in range(len(children))]
        if service == "sfo":
            inputs = tuple(rules.SfoPupil(pid, c.sfo_trinn, c.weekly_hours, c.monthly_price)
                           for pid, c in zip(placeholders, children, strict=True))
        else:
            inputs = tuple(rules.BarnehageChild(pid, c._born, c.weekly_hours, c.monthly_price)
                           for pid, c in zip(placeholders, children, strict=True))
        period = rules.calculate_period(rules.HouseholdInput(service, rules.Municipality(), Decimal(income), inputs),
                                        start, end, params=params)
        calculation = period.first.to_dict()
        calculation["warnings"] = list(period.warnings)
        calculation["outcome"] = period.outcome.to_dict()
        if len(period.segments) > 1:
            calculation["segments"] = [{"valid_from": s.valid_from.isoformat(), "valid_to": s.valid_to.isoformat(),
                                        "result": s.result.to_dict()} for s in period.segments]
        text = _CALCULATIONS[key] = json.dumps(calculation)
    for i, child in enumerate(children):
        text = text.replace(f'"@child{i}@"', f'"{child.pk}"')
    return json.loads(text)


def create_cases(*, municipality, period: str, specs: list[HouseholdSpec], approver=None, ids: SyntheticIds,
                 batch_size: int = 1000) -> list[int]:
    """Write ``specs`` as cases of ``period`` in ``municipality`` (one transaction per batch); case ids."""
    case_ids: list[int] = []
    for start in range(0, len(specs), batch_size):
        with transaction.atomic():
            case_ids += _create_batch(municipality, period, specs[start:start + batch_size], approver, ids)
    return case_ids


def _create_batch(municipality, period, specs, approver, ids) -> list[int]:
    now = timezone.now()
    table = parameter_table()  # the application's rows (sourced), as a real proposal would use
    people: dict[str, Person] = {}
    names: dict[str, tuple[str, str]] = {}  # the application's names (a Person holds none)

    def person(number, given, family, born=None):
        if number not in people:
            people[number] = Person(person_id=number, birth_date=born or birth_date(number))
            names[number] = (given, family)
        return number

    kids = []
    for spec in specs:
        for adult in filter(None, (spec.applicant, spec.partner)):
            person(adult.person_id, adult.given_name, adult.family_name)
        if not spec.child_ids:
            spec.child_ids[:] = [ids.make(born) for born, _trinn in spec.children]
        kids.append([person(number, GIVEN[i % len(GIVEN)], spec.applicant.family_name, born)
                     for i, ((born, _trinn), number) in enumerate(zip(spec.children, spec.child_ids, strict=True))])
    Person.objects.bulk_create(people.values(), ignore_conflicts=True)
    pk = dict(Person.objects.filter(person_id__in=list(people)).values_list("person_id", "pk"))
    households = Household.objects.bulk_create(
        Household(municipality=municipality, applicant_id=pk[s.applicant.person_id],
                  applicant_given_name=s.applicant.given_name, applicant_family_name=s.applicant.family_name,
                  partner_id=pk[s.partner.person_id] if s.partner else None,
                  partner_given_name=s.partner.given_name if s.partner else "",
                  partner_family_name=s.partner.family_name if s.partner else "",
                  partner_relation="samboer" if s.partner else "", address="Synteseveien 1, 9999 Testby")
        for s in specs)
    apps = []
    for spec, household in zip(specs, households, strict=True):
        begin, end = period_dates(spec.service, period)
        apps.append(Application(municipality=municipality, household=household, service=spec.service, period=period,
                                period_start=begin, period_end=end,
                                received_date=spec.received_date or begin - datetime.timedelta(days=60),
                                channel=spec.channel))
    apps = Application.objects.bulk_create(apps)
    children = []
    for spec, app, numbers in zip(specs, apps, kids, strict=True):
        for (born, trinn), number in zip(spec.children, numbers, strict=True):
            sfo = spec.service == "sfo"
            given, family = names[number]
            child = Child(application=app, person_id=pk[number], given_name=given,
                          family_name=family, municipality=municipality, service=spec.service,
                          period=period,
                          institution="Fjordvik skole" if sfo else "Solsikken barnehage",
                          weekly_hours=Decimal(20 if sfo else 41), monthly_price=Decimal(3000 if sfo else 1200),
                          sfo_trinn=trinn)
            child._born = born
            children.append(child)
    Child.objects.bulk_create(children)
    by_app: dict[int, list[Child]] = {}
    for child in children:
        by_app.setdefault(child.application_id, []).append(child)
    year = apps[0].received_date.year
    CaseNumberSequence.objects.get_or_create(municipality=municipality, year=year)
    sequence = CaseNumberSequence.objects.select_for_update().get(municipality=municipality, year=year)
    first = sequence.last + 1
    CaseNumberSequence.objects.filter(pk=sequence.pk).update(last=F("last") + len(specs))
    numbers = [f"{year}/{first + i:05d}" for i in range(len(specs))]
    cases = Case.objects.bulk_create(
        Case(municipality=municipality, application=app, saksnummer=number, status=spec.status,
             search_text=search_text(number, spec.applicant, spec.partner))
        for number, spec, app in zip(numbers, specs, apps, strict=True))
    transitions, bases, decisions, fee_rows = [], [], [], []
    for spec, case, app in zip(specs, cases, apps, strict=True):
        previous = CaseStatus.RECEIVED
        for status in PATH[spec.status]:
            transitions.append(CaseTransition(case=case, from_status=previous, to_status=status, reason="Syntetisk",
                                              actor=approver if status == CaseStatus.APPROVED else None))
            previous = status
        adults = [(AdultRole.SOKER, spec.applicant)] + ([(AdultRole.PARTNER, spec.partner)] if spec.partner else [])
        if spec.status in FETCHED:
            bases += [TaxBasis(case=case, person_id=pk[a.person_id], role=role, status="done", attempts=1,
                               outcome="found", income_year=app.period_start.year - 1, stadie="oppgjoer",
                               personinntekt=a.income, kapitalinntekt=0, counted_income=a.income, fetched_at=now,
                               items=[{"tekniskNavn": "samletLoennsinntektMedTrygdeavgiftspliktOgMedTrekkplikt",
                                       "beloep": a.income, "kategori": "inntekt", "class": "personinntekt"}])
                      for role, a in adults]
        if spec.status in (CaseStatus.PROPOSED, CaseStatus.APPROVED, CaseStatus.SENT):
            income = sum(a.income for _role, a in adults)
            calculation = _calculate(spec.service, by_app[app.pk], income, app.period_start, app.period_end, table)
            approved = spec.status != CaseStatus.PROPOSED
            decisions.append(Decision(
                case=case, status="approved" if approved else "proposed", calculated_on=app.period_start,
                valid_from=app.period_start, valid_to=app.period_end, household_income=income,
                total_monthly_fee=calculation["total_monthly_fee"], calculation=calculation,
                warnings=calculation.get("warnings", []), rules_version=rules.RULES_VERSION,
                inputs={"income": {"total": str(income), "persons": [
                    {"name": f"{a.given_name} {a.family_name}", "role": "søker" if role == AdultRole.SOKER else
                     "Samboer", "source": "skatteetaten", "income_year": app.period_start.year - 1,
                     "stadie": "oppgjoer", "personinntekt": a.income, "kapitalinntekt": 0, "counted": a.income}
                    for role, a in adults]}, "zone": "standard"},
                four_eyes_required=municipality.requires_four_eyes,
                approved_by=approver if approved else None, approved_at=now if approved else None,
                sent_at=now if spec.status == CaseStatus.SENT else None))
    CaseTransition.objects.bulk_create(transitions)
    TaxBasis.objects.bulk_create(bases)
    for decision in Decision.objects.bulk_create(decisions):
        by_id = {c["id"]: c for c in decision.calculation["children"]}
        outcomes = {c["child_id"]: c for c in decision.calculation["outcome"]["children"]}
        for child in by_app[decision.case.application_id]:
            result, outcome = by_id[str(child.pk)], outcomes[str(child.pk)]
            first = outcome["segments"][0]
            fee_rows.append(ChildFee(
                decision=decision, child=child, monthly_fee=result["monthly_fee"], steps=result["steps"],
                free_core_hours=any(g["rule"] == rules.RuleId.FREE_CORE_HOURS for g in first["granted"]),
                segments=[{"valid_from": s["valid_from"], "valid_to": s["valid_to"], "monthly_fee": s["monthly_fee"]}
                          for s in outcome["segments"]]))
    ChildFee.objects.bulk_create(fee_rows)
    return [case.pk for case in cases]


# Rates no legal source gives yet (docs/reference/rules.md § 11: the kjernetid limit from 2025/26 and
# makspris from 2026/27), so the engine refuses to decide without them. Benchmarks need a decision, so
# they register these figures (as the tests do) under a source that says what they are.
BENCHMARK_RATES = (
    ("kjernetid_income_limit", "", datetime.date(2025, 8, 1), datetime.date(2026, 7, 31), 642_700),
    ("kjernetid_income_limit", "", datetime.date(2026, 8, 1), datetime.date(2027, 7, 31), 660_000),
    ("makspris", "standard", datetime.date(2026, 8, 1), datetime.date(2027, 7, 31), 1200),
    ("makspris", "sentralitet_5_6", datetime.date(2026, 8, 1), datetime.date(2027, 7, 31), 700),
    ("makspris", "tiltakssone", datetime.date(2026, 8, 1), datetime.date(2027, 7, 31), 0),
)
BENCHMARK_SOURCE = "Benchmark: syntetisk sats (ingen rettskilde) – bare i benchmarkdatabaser"


def benchmark_rates() -> int:
    """Register ``BENCHMARK_RATES`` where the database has no row yet (benchmark databases only)."""
    rows = [LegalParameter(key=key, qualifier=qualifier, valid_from=start, valid_to=end, value=Decimal(value),
                           source=BENCHMARK_SOURCE, verified=True)
            for key, qualifier, start, end, value in BENCHMARK_RATES
            if not LegalParameter.objects.filter(key=key, qualifier=qualifier, valid_from=start).exists()]
    LegalParameter.objects.bulk_create(rows)
    return len(rows)
