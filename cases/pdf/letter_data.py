"""What a vedtak letter says, as plain data: read from a stored Decision, or built for a preview.

``LetterData`` holds no text a family reads: people, places, dates, amounts and the rules engine's
structured outcome (``cases.rules.outcome.DecisionOutcome``: per child the fee from each date, the
reductions granted and refused with their reason codes, the parameters used). ``cases.pdf.context``
turns it into sentences of the kommune's målform. Two sources build it:

- ``from_decision(decision)`` — a stored Decision, its case, household and municipality (a handful
  of queries; the outcome through ``cases.outcome.decision_outcome``);
- ``cases.pdf.sample`` — a sample household for ``calculate_fee --letter`` (no database rows).

No fødselsnummer enters it: children by name and birth date, adults by name.
"""
import base64
import datetime
import mimetypes
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from cases.outcome import decision_outcome
from cases.rules.outcome import DecisionOutcome

from .formatting import parse_date, to_decimal

APPLICANT = "soker"


@dataclass(frozen=True)
class Kommune:
    name: str
    unit: str
    klageinstans: str
    malform: str = "nb"
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    orgnr: str = ""
    logo_url: str = ""
    kommunenummer: str = ""


@dataclass(frozen=True)
class Adult:
    """One adult counted in the household: ``role`` is ``soker`` or a ``PartnerRelation`` value."""

    name: str
    role: str
    counted: Decimal | None = None
    personinntekt: Decimal | None = None
    kapitalinntekt: Decimal | None = None
    documented: bool = False
    income_year: int | None = None
    stadie: str = ""
    fetched_at: datetime.date | None = None
    reason: str = ""
    documents: str = ""


@dataclass(frozen=True)
class ChildPlace:
    """A child's place; ``child_id`` is the id in the outcome (``Child.pk`` as a string)."""

    child_id: str
    name: str
    birth_date: datetime.date | None
    institution: str
    weekly_hours: Decimal | None
    price: Decimal | None
    trinn: int | None = None


@dataclass(frozen=True)
class PriceChange:
    """One child's price before and from the change date (``None``: no place then — new, or left)."""

    name: str
    old_fee: int | None
    new_fee: int | None


@dataclass(frozen=True)
class ChangeLetter:
    """What an endringsvedtak (or opphør, or new vedtak after klage) replaces, and from when.

    ``kind`` is the ``ChangeKind`` value (empty when the vedtak names no change); ``decision_kind`` the
    ``DecisionKind`` value; ``replaced_date`` the date of the replaced vedtak's letter."""

    decision_kind: str
    kind: str
    change_date: datetime.date
    replaced_date: datetime.date | None
    rows: tuple[PriceChange, ...]


@dataclass(frozen=True)
class LetterData:
    service: str
    period: str
    valid_from: datetime.date
    valid_to: datetime.date
    letter_date: datetime.date
    saksnummer: str
    received: datetime.date | None
    is_renewal: bool
    kommune: Kommune
    applicant: str
    partner: str
    partner_relation: str
    address: str
    household_income: Decimal | None
    adults: tuple[Adult, ...]
    children: tuple[ChildPlace, ...]
    outcome: DecisionOutcome
    zone: str = ""
    full_time_hours: Decimal | None = None
    saksbehandler: str = ""
    approver: str = ""
    approved: bool = False
    warnings: tuple[str, ...] = field(default=())
    change: ChangeLetter | None = None


def logo_url(municipality) -> str:
    """A file: URL (or data: URL for non-local storage) for the letterhead logo; empty when none."""
    if not municipality.logo:
        return ""
    try:
        return Path(municipality.logo.path).resolve().as_uri()
    except NotImplementedError:
        with municipality.logo.open("rb") as handle:
            data = base64.b64encode(handle.read()).decode()
        kind = mimetypes.guess_type(municipality.logo.name)[0] or "image/png"
        return f"data:{kind};base64,{data}"


def kommune_of(municipality) -> Kommune:
    return Kommune(
        name=municipality.name, unit=municipality.unit_name, klageinstans=municipality.klageinstans,
        malform=municipality.malform, address=municipality.address, phone=municipality.phone,
        email=municipality.email, website=municipality.website, orgnr=municipality.organisasjonsnummer,
        logo_url=logo_url(municipality), kommunenummer=municipality.kommunenummer,
    )


def user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _adults(inputs: dict, household) -> tuple[Adult, ...]:
    """The adults of ``Decision.inputs["income"]`` (as cases.services.assessment writes them)."""
    applicant_id = household.applicant.masked_id
    adults = []
    for person in (inputs.get("income") or {}).get("persons") or ():
        is_applicant = person.get("person_id_masked") == applicant_id or person.get("role") == "søker"
        year = person.get("income_year")
        adults.append(Adult(
            name=person.get("name") or "",
            role=APPLICANT if is_applicant else (household.partner_relation or "samboer"),
            counted=to_decimal(person.get("counted")),
            personinntekt=to_decimal(person.get("personinntekt")),
            kapitalinntekt=to_decimal(person.get("kapitalinntekt")),
            documented=person.get("source") == "documented" or bool(person.get("documented")),
            income_year=int(year) if str(year or "").isdigit() else None,
            stadie=person.get("stadie") or "",
            fetched_at=parse_date(person.get("fetched_at")),
            reason=(person.get("reason") or "").strip(),
            documents=(person.get("documents") or "").strip(),
        ))
    return tuple(adults)


def change_of(decision) -> ChangeLetter | None:
    """The change part of a vedtak that replaces another from its ``valid_from`` (None otherwise): per child
    the old vedtak's price on the change date and the new one's (structure; words come from the tables)."""
    old = decision.supersedes
    if old is None:
        return None
    day = decision.valid_from
    old_outcome, new_outcome = decision_outcome(old), decision_outcome(decision)
    names = {}
    for fee in (*old.child_fees.select_related("child"), *decision.child_fees.select_related("child")):
        names.setdefault(str(fee.child_id), (fee.child_id, fee.child.full_name))
    rows = []
    for child_id, (_pk, name) in sorted(names.items(), key=lambda item: item[1][0]):
        old_child, new_child = old_outcome.child(child_id), new_outcome.child(child_id)
        rows.append(PriceChange(name=name, old_fee=old_child.fee_on(day) if old_child else None,
                                new_fee=new_child.fee_on(day) if new_child else None))
    change = decision.change
    return ChangeLetter(
        decision_kind=decision.kind, kind=change.kind if change else "", change_date=day,
        replaced_date=timezone.localdate(old.approved_at) if old.approved_at else None, rows=tuple(rows))


def from_decision(decision) -> LetterData:
    """The letter of one stored Decision (proposed or approved)."""
    case = decision.case
    application = case.application
    household = application.household
    inputs = decision.inputs or {}
    places = []
    for fee in decision.child_fees.select_related("child__person").order_by("child_id"):
        child = fee.child
        places.append(ChildPlace(
            child_id=str(child.pk), name=child.full_name, birth_date=child.person.birth_date,
            institution=child.institution, weekly_hours=child.weekly_hours, price=child.monthly_price,
            trinn=child.sfo_trinn,
        ))
    income = (inputs.get("income") or {}).get("total", decision.household_income)
    return LetterData(
        service=application.service,
        period=application.period,
        valid_from=decision.valid_from,
        valid_to=decision.valid_to,
        letter_date=timezone.localdate(decision.approved_at) if decision.approved_at else timezone.localdate(),
        saksnummer=case.saksnummer,
        received=application.received_date,
        is_renewal=bool(case.is_renewal),
        kommune=kommune_of(case.municipality),
        applicant=household.applicant_name,
        partner=household.partner_name,
        partner_relation=household.partner_relation if household.partner else "",
        address=household.address,
        household_income=to_decimal(income),
        adults=_adults(inputs, household),
        children=tuple(places),
        outcome=decision_outcome(decision),
        zone=inputs.get("zone") or "",
        full_time_hours=to_decimal(inputs.get("full_time_hours")),
        saksbehandler=user_name(decision.proposed_by),
        approver=user_name(decision.approved_by),
        approved=decision.approved_by_id is not None,
        warnings=tuple(decision.warnings or (decision.calculation or {}).get("warnings") or ()),
        change=change_of(decision),
    )
