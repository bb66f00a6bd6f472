"""Intake: register an application with its household and children, and open a case for it.

Everything is validated before anything is saved, and saved in one transaction; the income fetch is
queued only once the transaction has committed.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.constants import Channel, PartnerRelation, Service
from cases.identity import birth_date, validate_person_id
from cases.models import Application, Case, CaseNumberSequence, Child, Household, Municipality, Person
from cases.permissions import actor_or_none
from cases.services.income import queue_income_fetch
from cases.services.search_text import search_text

DUPLICATE_CHILD_MESSAGE = "Et av barna har allerede en aktiv søknad for denne tjenesten og perioden."


@dataclass(frozen=True)
class PersonInput:
    person_id: str
    given_name: str
    family_name: str


@dataclass(frozen=True)
class ChildInput:
    person: PersonInput
    institution: str
    weekly_hours: Decimal
    monthly_price: Decimal
    sfo_trinn: int | None = None
    deferred_school_start: bool = False


@dataclass(frozen=True)
class ApplicationInput:
    service: str
    period: str  # "2026/27"
    applicant: PersonInput
    children: list[ChildInput]
    partner: PersonInput | None = None
    partner_relation: str = ""
    received_date: datetime.date | None = None
    channel: str = Channel.DIGITAL
    address: str = ""
    email: str = ""
    extra: dict = field(default_factory=dict)


def period_dates(service: str, period: str) -> tuple[datetime.date, datetime.date]:
    """Barnehageår 1 August – 31 July; SFO skoleår 1 August – 30 June (common kommune practice)."""
    try:
        start_year = int(period[:4])
        end_short = int(period[5:7])
    except (ValueError, IndexError) as exc:
        raise ValidationError({"period": "Perioden må skrives som 2026/27."}) from exc
    if len(period) != 7 or period[4] != "/" or (start_year + 1) % 100 != end_short:
        raise ValidationError({"period": "Perioden må være to påfølgende år, f.eks. 2026/27."})
    end = datetime.date(start_year + 1, 7, 31) if service == Service.BARNEHAGE else datetime.date(start_year + 1, 6, 30)
    return datetime.date(start_year, 8, 1), end


def validate_application(data: ApplicationInput) -> dict[str, list[str]]:
    """All problems with the input, by field; empty when it can be saved."""
    errors: dict[str, list[str]] = {}

    def add(key, message):
        errors.setdefault(key, []).append(message)

    if data.service not in Service.values:
        add("service", "Ukjent tjeneste.")
    try:
        period_dates(data.service, data.period)
    except ValidationError as exc:
        add("period", exc.messages[0])
    seen: set[str] = set()
    people = [("applicant", data.applicant)] + ([("partner", data.partner)] if data.partner else [])
    people += [(f"children[{i}]", c.person) for i, c in enumerate(data.children)]
    for key, person in people:
        try:
            number = validate_person_id(person.person_id)
        except ValidationError as exc:
            add(key, exc.messages[0])
            continue
        if number in seen:
            add(key, "Samme person er oppgitt to ganger.")
        seen.add(number)
        if not person.given_name.strip() or not person.family_name.strip():
            add(key, "Fornavn og etternavn må fylles ut.")
    if data.partner and data.partner_relation not in PartnerRelation.values:
        add("partner_relation", "Oppgi relasjon: ektefelle, registrert partner eller samboer.")
    if not data.partner and data.partner_relation:
        add("partner_relation", "Relasjon er oppgitt uten ektefelle/partner/samboer.")
    if not data.children:
        add("children", "Søknaden må gjelde minst ett barn.")
    for i, child in enumerate(data.children):
        if not (Decimal(0) < child.weekly_hours <= Decimal(60)):
            add(f"children[{i}]", "Oppholdstid må være mellom 0 og 60 timer i uken.")
        if child.monthly_price < 0:
            add(f"children[{i}]", "Prisen kan ikke være negativ.")
        if data.service == Service.SFO and not (child.sfo_trinn and 1 <= child.sfo_trinn <= 7):
            add(f"children[{i}]", "Oppgi trinn (1–7) for SFO.")
        if data.service == Service.BARNEHAGE and child.sfo_trinn:
            add(f"children[{i}]", "Trinn gjelder bare SFO.")
    return errors


def _upsert_person(p: PersonInput) -> Person:
    number = validate_person_id(p.person_id)
    person, created = Person.objects.get_or_create(
        person_id=number,
        defaults={"given_name": p.given_name.strip(), "family_name": p.family_name.strip(),
                  "birth_date": birth_date(number)},
    )
    if not created and (person.given_name, person.family_name) != (p.given_name.strip(), p.family_name.strip()):
        person.given_name, person.family_name = p.given_name.strip(), p.family_name.strip()
        person.save(update_fields=["given_name", "family_name"])
    return person


def next_saksnummer(*, municipality: Municipality, year: int) -> str:
    """Hand out the next saksnummer, e.g. 2026/00042 (call inside a transaction)."""
    CaseNumberSequence.objects.get_or_create(municipality=municipality, year=year)
    seq = CaseNumberSequence.objects.select_for_update().get(municipality=municipality, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"{year}/{seq.last:05d}"


def application_register(
    *, municipality: Municipality, data: ApplicationInput, user=None, start_fetch: bool = True,
    is_renewal: bool = False,
) -> Case:
    """Validate, save household + application + children + case, and queue the income fetch on commit."""
    errors = validate_application(data)
    if errors:
        raise ValidationError(errors)
    start, end = period_dates(data.service, data.period)
    child_ids = [validate_person_id(c.person.person_id) for c in data.children]
    if Child.objects.filter(person__person_id__in=child_ids, service=data.service, period=data.period,
                            is_active=True).exists():
        raise ValidationError({"children": [DUPLICATE_CHILD_MESSAGE]})
    try:
        with transaction.atomic():
            applicant = _upsert_person(data.applicant)
            partner = _upsert_person(data.partner) if data.partner else None
            household = Household.objects.create(
                municipality=municipality, applicant=applicant, partner=partner,
                partner_relation=data.partner_relation if partner else "", address=data.address, email=data.email,
            )
            application = Application.objects.create(
                municipality=municipality, household=household, service=data.service, period=data.period,
                period_start=start, period_end=end, received_date=data.received_date or timezone.localdate(),
                channel=data.channel, created_by=actor_or_none(user),
            )
            for child in data.children:
                Child.objects.create(
                    application=application, person=_upsert_person(child.person), service=data.service,
                    period=data.period, institution=child.institution.strip(), weekly_hours=child.weekly_hours,
                    monthly_price=child.monthly_price, sfo_trinn=child.sfo_trinn,
                    deferred_school_start=child.deferred_school_start,
                )
            saksnummer = next_saksnummer(municipality=municipality, year=application.received_date.year)
            case = Case.objects.create(
                municipality=municipality, application=application, is_renewal=is_renewal, saksnummer=saksnummer,
                search_text=search_text(saksnummer, household.applicant, household.partner),
                assigned_to=actor_or_none(user),
            )
            if start_fetch:
                queue_income_fetch(case=case)
    except IntegrityError as exc:
        # A concurrent registration got there first; the database constraint is the final guard.
        if "child_one_active_application_per_period" in str(exc) or "cases_child.person_id" in str(exc):
            raise ValidationError({"children": [DUPLICATE_CHILD_MESSAGE]}) from exc
        raise
    return case
