"""The letter a calculation would give, for a sample household: ``calculate_fee --letter``.

Caseworkers preview wording and acceptance checks read the text without a case in the database.
The people, places and kommune are made up (named in the målform's table: «Kari Eksempel», «Barn A»,
«Eksempel kommune»), unless ``--kommune`` names a real Municipality, whose letterhead, klageinstans
and målform are then used. The amounts, the outcome and the periods are the engine's: the fee from
the input's date to the end of that barnehageår (31 July) or school year (30 June), split wherever
a parameter, an age or a statute changes (``cases.rules.calculate_period``).
"""
import datetime
from dataclasses import replace
from decimal import Decimal

from django.utils import timezone

from .letter_data import ChildPlace, Kommune, LetterData, kommune_of
from .texts import texts_for


def period_end(service: str, on: datetime.date) -> datetime.date:
    """The last day of the barnehageår (31 July) or school year (30 June) that ``on`` falls in."""
    start_year = on.year if on.month >= 8 else on.year - 1
    return datetime.date(start_year + 1, 7, 31) if service == "barnehage" else datetime.date(start_year + 1, 6, 30)


def period_label(on: datetime.date) -> str:
    start_year = on.year if on.month >= 8 else on.year - 1
    return f"{start_year}/{str(start_year + 1)[2:]}"


def sample_kommune(malform: str, municipality=None) -> Kommune:
    if municipality is not None:
        kommune = kommune_of(municipality)
        return replace(kommune, malform=malform or kommune.malform)
    t = texts_for(malform)
    return Kommune(name=t["sample_kommune"], unit=t["sample_unit"], klageinstans=t["sample_klageinstans"],
                   malform=t.malform)


def sample_letter(household, outcome, *, malform: str = "", municipality=None, adults: int = 1) -> LetterData:
    """``LetterData`` for a ``rules.HouseholdInput`` and the ``DecisionOutcome`` of its period."""
    kommune = sample_kommune(malform, municipality)
    t = texts_for(kommune.malform)
    sfo = household.service == "sfo"
    places = tuple(ChildPlace(
        child_id=child.id, name=t.fill("sample_child", id=child.id),
        birth_date=None if sfo else child.birth_date,
        institution=t["sample_institution_sfo" if sfo else "sample_institution_barnehage"],
        weekly_hours=child.weekly_hours, price=child.monthly_price, trinn=getattr(child, "grade", None),
    ) for child in household.children)
    return LetterData(
        service=household.service, period=period_label(outcome.valid_from), valid_from=outcome.valid_from,
        valid_to=outcome.valid_to, letter_date=timezone.localdate(), saksnummer=t["sample_reference"],
        received=outcome.valid_from, is_renewal=False, kommune=kommune, applicant=t["sample_applicant"],
        partner=t["sample_partner"] if adults > 1 else "", partner_relation="samboer" if adults > 1 else "",
        address="", household_income=Decimal(household.income), adults=(), children=places, outcome=outcome,
        zone=household.municipality.zone, full_time_hours=household.municipality.full_time_hours,
    )
