"""Intake: register an application with its household and children, and open a case for it.

Everything is validated before anything is saved, and saved in one transaction; the income fetch is
queued only once the transaction has committed.

Validation has one path: ``validate_application`` returns every problem keyed by field path
(``period``, ``applicant.given_name``, ``children[1].weekly_hours``), each with a code from
``ErrorCode`` and a bokmål message; ``application_register`` raises them as ``FieldErrors``. Forms and
the CSV import place them by key and decide by code, never by reading the text. The database
constraint on active children stays the last guard; its IntegrityError is translated in one place.

Names and address are stored as this application gave them; the shared ``Person`` row (identity and
birth date) is never renamed. "One active application per child, service and period" is a rule per
kommune, and its message names no other case.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from cases.constants import Channel, PartnerRelation, Service
from cases.identity import birth_date, validate_person_id
from cases.models import Application, Case, CaseNumberSequence, CasePreparer, Child, Household, Municipality, Person
from cases.permissions import actor_or_none
from cases.selectors import active_child_person_ids
from cases.services.income import queue_income_fetch
from cases.services.preparers import preparer_record
from cases.services.search_text import search_text

DUPLICATE_CHILD_MESSAGE = "Barnet har allerede en aktiv søknad for denne tjenesten og perioden."


class ErrorCode(StrEnum):
    """Why an application input is refused (the structure; messages are rendered from it below)."""

    REQUIRED = "required"
    INVALID = "invalid"
    TOO_LONG = "too_long"
    NUL_CHARACTER = "nul_character"
    UNKNOWN_SERVICE = "unknown_service"
    PERIOD_FORMAT = "period_format"
    PERIOD_OUT_OF_RANGE = "period_out_of_range"
    RECEIVED_IN_FUTURE = "received_in_future"
    RECEIVED_TOO_EARLY = "received_too_early"
    INVALID_PERSON_ID = "invalid_person_id"
    SAME_PERSON_TWICE = "same_person_twice"
    RELATION_MISSING = "relation_missing"
    RELATION_WITHOUT_PARTNER = "relation_without_partner"
    NO_CHILDREN = "no_children"
    HOURS_OUT_OF_RANGE = "hours_out_of_range"
    PRICE_OUT_OF_RANGE = "price_out_of_range"
    TRINN_REQUIRED = "trinn_required"
    TRINN_ONLY_SFO = "trinn_only_sfo"
    DUPLICATE_CHILD = "duplicate_child"


class FieldErrors(ValidationError):
    """Problems with an application input, keyed by field path; each problem is a ValidationError with a code.

    A ValidationError (so every ``except ValidationError`` keeps working) whose ``error_dict`` maps
    ``"children[1].weekly_hours"`` → ``[ValidationError(message, code=ErrorCode...)]``.
    """

    def __init__(self, errors: dict[str, list[ValidationError]]):
        super().__init__(errors)

    def codes(self) -> set[str]:
        return {error.code for errors in self.error_dict.values() for error in errors}

    def problems(self):
        """``(key, code, message)`` for every problem, in the order found."""
        for key, errors in self.error_dict.items():
            for error in errors:
                yield key, error.code, error.messages[0]


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
        raise ValidationError({"period": ValidationError("Perioden må skrives som 2026/27.",
                                                         code=ErrorCode.PERIOD_FORMAT)}) from exc
    if len(period) != 7 or period[4] != "/" or (start_year + 1) % 100 != end_short:
        raise ValidationError({"period": ValidationError("Perioden må være to påfølgende år, f.eks. 2026/27.",
                                                         code=ErrorCode.PERIOD_FORMAT)})
    end = datetime.date(start_year + 1, 7, 31) if service == Service.BARNEHAGE else datetime.date(start_year + 1, 6, 30)
    return datetime.date(start_year, 8, 1), end


def _period_name(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def open_periods(today: datetime.date | None = None) -> tuple[str, str, str]:
    """The periods an application may be for: the previous, the current and the next barnehageår/skoleår.

    A barnehageår/skoleår starts on 1 August, so on 3 December 2026 they are 2025/26, 2026/27, 2027/28.
    """
    today = today or timezone.localdate()
    current = today.year if today.month >= 8 else today.year - 1
    return _period_name(current - 1), _period_name(current), _period_name(current + 1)


def earliest_received_date(period: str) -> datetime.date:
    """An application is not received before 1 January of the year before its period starts."""
    return datetime.date(int(period[:4]) - 1, 1, 1)


def check_period(period: str, *, today: datetime.date | None = None) -> None:
    """Raise a coded ValidationError unless ``period`` is well formed and one of ``open_periods``."""
    try:
        period_dates(Service.BARNEHAGE, period)
    except ValidationError as exc:
        raise ValidationError(exc.messages[0], code=ErrorCode.PERIOD_FORMAT) from None
    allowed = open_periods(today)
    if period not in allowed:
        raise ValidationError(f"Perioden må være forrige, inneværende eller neste barnehageår/skoleår "
                              f"({', '.join(allowed)}).", code=ErrorCode.PERIOD_OUT_OF_RANGE)


def check_received_date(received: datetime.date, period: str, *, today: datetime.date | None = None) -> None:
    """Raise a coded ValidationError when the received date is in the future or long before the period."""
    today = today or timezone.localdate()
    if received > today:
        raise ValidationError("Mottatt dato kan ikke være fram i tid.", code=ErrorCode.RECEIVED_IN_FUTURE)
    try:
        earliest = earliest_received_date(period)
    except ValueError:
        return  # no valid period: it is refused on its own field
    if received < earliest:
        raise ValidationError(f"Mottatt dato kan ikke være før {earliest:%d.%m.%Y} for perioden {period}.",
                              code=ErrorCode.RECEIVED_TOO_EARLY)


def _model_max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _max_value(model, name: str) -> Decimal:
    """The largest value a DecimalField of ``model`` can store (e.g. 999 999.99 for max_digits 8, places 2)."""
    db_field = model._meta.get_field(name)
    return Decimal(10) ** (db_field.max_digits - db_field.decimal_places) - Decimal(1).scaleb(-db_field.decimal_places)


MAX_WEEKLY_HOURS = Decimal(60)
# Every text the intake stores, with the model field that bounds its length.
TEXT_LIMITS = {
    "given_name": _model_max_length(Person, "given_name"), "family_name": _model_max_length(Person, "family_name"),
    "address": _model_max_length(Household, "address"), "email": _model_max_length(Household, "email"),
    "institution": _model_max_length(Child, "institution"),
}
MAX_MONTHLY_PRICE = _max_value(Child, "monthly_price")


def _decimal_places(value: Decimal) -> int:
    return max(0, -value.as_tuple().exponent) if value.is_finite() else 99


def validate_application(data: ApplicationInput, *, today: datetime.date | None = None
                         ) -> dict[str, list[ValidationError]]:
    """All problems with the input, keyed by field path, each a ValidationError with an ``ErrorCode``.

    Empty when it can be saved. Dates and periods are checked for plausibility against ``today`` except
    for automatic renewals (the system chooses their period and date).
    """
    errors: dict[str, list[ValidationError]] = {}

    def add(key: str, code: ErrorCode, message: str) -> None:
        errors.setdefault(key, []).append(ValidationError(message, code=code))

    def text(key: str, value: str, limit_name: str, *, required: bool) -> None:
        if required and not (value or "").strip():
            add(key, ErrorCode.REQUIRED, "Må fylles ut.")
        elif "\x00" in (value or ""):
            add(key, ErrorCode.NUL_CHARACTER, "Teksten inneholder et ugyldig tegn (null-tegn).")
        elif len((value or "").strip()) > TEXT_LIMITS[limit_name]:
            add(key, ErrorCode.TOO_LONG, f"Kan ha høyst {TEXT_LIMITS[limit_name]} tegn.")

    if data.service not in Service.values:
        add("service", ErrorCode.UNKNOWN_SERVICE, "Ukjent tjeneste.")
    plausibility = data.channel != Channel.FORNYELSE
    try:
        if plausibility:
            check_period(data.period, today=today)
        else:
            period_dates(data.service, data.period)
    except ValidationError as exc:
        add("period", exc.error_list[0].code or ErrorCode.PERIOD_FORMAT, exc.messages[0])
    else:
        if plausibility and data.received_date is not None:
            try:
                check_received_date(data.received_date, data.period, today=today)
            except ValidationError as exc:
                add("received_date", exc.code, exc.messages[0])
    seen: set[str] = set()
    people = [("applicant", data.applicant)] + ([("partner", data.partner)] if data.partner else [])
    people += [(f"children[{i}]", c.person) for i, c in enumerate(data.children)]
    for key, person in people:
        text(f"{key}.given_name", person.given_name, "given_name", required=True)
        text(f"{key}.family_name", person.family_name, "family_name", required=True)
        try:
            number = validate_person_id(person.person_id)
        except ValidationError as exc:
            add(f"{key}.person_id", ErrorCode.INVALID_PERSON_ID, exc.messages[0])
            continue
        if number in seen:
            add(f"{key}.person_id", ErrorCode.SAME_PERSON_TWICE, "Samme person er oppgitt to ganger.")
        seen.add(number)
    text("address", data.address, "address", required=False)
    text("email", data.email, "email", required=False)
    if data.partner and data.partner_relation not in PartnerRelation.values:
        add("partner_relation", ErrorCode.RELATION_MISSING,
            "Oppgi relasjon: ektefelle, registrert partner eller samboer.")
    if not data.partner and data.partner_relation:
        add("partner_relation", ErrorCode.RELATION_WITHOUT_PARTNER,
            "Relasjon er oppgitt uten ektefelle/partner/samboer.")
    if not data.children:
        add("children", ErrorCode.NO_CHILDREN, "Søknaden må gjelde minst ett barn.")
    for i, child in enumerate(data.children):
        key = f"children[{i}]"
        text(f"{key}.institution", child.institution, "institution", required=True)
        hours, price = child.weekly_hours, child.monthly_price
        if not (hours.is_finite() and Decimal(0) < hours <= MAX_WEEKLY_HOURS and _decimal_places(hours) <= 1):
            add(f"{key}.weekly_hours", ErrorCode.HOURS_OUT_OF_RANGE,
                "Oppholdstid må være mellom 0 og 60 timer i uken, med høyst én desimal.")
        if not (price.is_finite() and Decimal(0) <= price <= MAX_MONTHLY_PRICE and _decimal_places(price) <= 2):
            add(f"{key}.monthly_price", ErrorCode.PRICE_OUT_OF_RANGE,
                "Månedsprisen må være mellom 0 og 999 999,99 kr.")
        if data.service == Service.SFO and not (child.sfo_trinn and 1 <= child.sfo_trinn <= 7):
            add(f"{key}.sfo_trinn", ErrorCode.TRINN_REQUIRED, "Oppgi trinn (1–7) for SFO.")
        if data.service == Service.BARNEHAGE and child.sfo_trinn:
            add(f"{key}.sfo_trinn", ErrorCode.TRINN_ONLY_SFO, "Trinn gjelder bare SFO.")
    return errors


def duplicate_children(data: ApplicationInput, *, municipality: Municipality) -> dict[str, list[ValidationError]]:
    """``children[i].person_id`` for each child that already has an active application for the service and
    period in this kommune (the message names no case)."""
    numbers = [validate_person_id(c.person.person_id) for c in data.children]
    taken = active_child_person_ids(numbers, data.service, data.period, municipality=municipality)
    return {f"children[{i}].person_id": [ValidationError(DUPLICATE_CHILD_MESSAGE, code=ErrorCode.DUPLICATE_CHILD)]
            for i, number in enumerate(numbers) if number in taken}


def _upsert_person(p: PersonInput) -> Person:
    """The person with this number (identity and birth date only), created on first sight and never
    changed: the names belong to the application that gave them (``_names``)."""
    number = validate_person_id(p.person_id)
    person, _created = Person.objects.get_or_create(person_id=number, defaults={"birth_date": birth_date(number)})
    return person


def _names(p: PersonInput) -> tuple[str, str]:
    return " ".join(p.given_name.split()), " ".join(p.family_name.split())


def next_saksnummer(*, municipality: Municipality, year: int) -> str:
    """Hand out the next saksnummer, e.g. 2026/00042 (call inside a transaction)."""
    CaseNumberSequence.objects.get_or_create(municipality=municipality, year=year)
    seq = CaseNumberSequence.objects.select_for_update().get(municipality=municipality, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"{year}/{seq.last:05d}"


def application_register(
    *, municipality: Municipality, data: ApplicationInput, actor=None, start_fetch: bool = True,
    is_renewal: bool = False, renewal_started_by=None,
) -> Case:
    """Validate, save household + application + children + case, and queue the income fetch on commit.

    ``actor`` registered it (a preparer of the case, docs/four-eyes.md); ``renewal_started_by`` is the
    administrator who started the renewal run that registers it (also a preparer)."""
    errors = validate_application(data) or duplicate_children(data, municipality=municipality)
    if errors:
        raise FieldErrors(errors)
    start, end = period_dates(data.service, data.period)
    try:
        with transaction.atomic():
            applicant = _upsert_person(data.applicant)
            partner = _upsert_person(data.partner) if data.partner else None
            (applicant_given, applicant_family) = _names(data.applicant)
            (partner_given, partner_family) = _names(data.partner) if data.partner else ("", "")
            household = Household.objects.create(
                municipality=municipality, applicant=applicant, partner=partner,
                applicant_given_name=applicant_given, applicant_family_name=applicant_family,
                partner_given_name=partner_given, partner_family_name=partner_family,
                partner_relation=data.partner_relation if partner else "", address=data.address, email=data.email,
            )
            application = Application.objects.create(
                municipality=municipality, household=household, service=data.service, period=data.period,
                period_start=start, period_end=end, received_date=data.received_date or timezone.localdate(),
                channel=data.channel, created_by=actor_or_none(actor),
            )
            for child in data.children:
                given, family = _names(child.person)
                Child.objects.create(
                    application=application, person=_upsert_person(child.person), given_name=given,
                    family_name=family, municipality=municipality, service=data.service,
                    period=data.period, institution=child.institution.strip(), weekly_hours=child.weekly_hours,
                    monthly_price=child.monthly_price, sfo_trinn=child.sfo_trinn,
                    deferred_school_start=child.deferred_school_start,
                )
            saksnummer = next_saksnummer(municipality=municipality, year=application.received_date.year)
            case = Case.objects.create(
                municipality=municipality, application=application, is_renewal=is_renewal, saksnummer=saksnummer,
                search_text=search_text(saksnummer, *household.named_adults()),
                assigned_to=actor_or_none(actor),
            )
            preparer_record(case_id=case.pk, actor=actor, kind=CasePreparer.Kind.REGISTERED)
            preparer_record(case_id=case.pk, actor=renewal_started_by, kind=CasePreparer.Kind.RENEWAL_STARTED)
            if start_fetch:
                queue_income_fetch(case=case)
    except IntegrityError as exc:
        # The one translation point: a concurrent registration got there first and the database constraint
        # (the last guard) refused. The savepoint is rolled back, so ask the database which child it was.
        duplicates = duplicate_children(data, municipality=municipality)
        if duplicates:
            raise FieldErrors(duplicates) from exc
        raise
    return case


@dataclass(frozen=True)
class NameDifference:
    """A person this case names otherwise than the kommune's latest earlier case with them did."""

    name: str
    earlier_name: str
    earlier_saksnummer: str


def name_differences(case: Case) -> list[NameDifference]:
    """Names in this application that differ from the latest earlier case of the same person in the same
    kommune (other kommuner's applications are never looked at)."""
    household = case.application.household
    earlier_households = Household.objects.filter(
        municipality_id=case.municipality_id, applications__case__pk__lt=case.pk)
    found = []
    for adult in household.named_adults():
        before = (earlier_households.filter(Q(applicant_id=adult.pk) | Q(partner_id=adult.pk))
                  .order_by("-applications__case__pk").values_list(
                      "applicant_id", "applicant_given_name", "applicant_family_name", "partner_given_name",
                      "partner_family_name", "applications__case__saksnummer").first())
        if before is None:
            continue
        applicant_id, a_given, a_family, p_given, p_family, saksnummer = before
        earlier = f"{a_given} {a_family}" if applicant_id == adult.pk else f"{p_given} {p_family}"
        if earlier != adult.full_name:
            found.append(NameDifference(adult.full_name, earlier, saksnummer))
    for child in case.application.children.all():
        before = (Child.objects.filter(municipality_id=case.municipality_id, person_id=child.person_id,
                                       application__case__pk__lt=case.pk)
                  .order_by("-application__case__pk")
                  .values_list("given_name", "family_name", "application__case__saksnummer").first())
        if before is not None and f"{before[0]} {before[1]}" != child.full_name:
            found.append(NameDifference(child.full_name, f"{before[0]} {before[1]}", before[2]))
    return found
