"""Small factories for domain objects (plain functions: readable, no extra dependency)."""
import datetime
import itertools
from decimal import Decimal

from cases.constants import Role, Service, Zone
from cases.models import Membership, Municipality, MunicipalityZone, User
from cases.services.intake import ApplicationInput, ChildInput, PersonInput, application_register
from tests.support.person_ids import make_person_id


def _valid_orgnos():
    """Endless checksum-valid organisation numbers (synthetic range starting with 3)."""
    from stdnum.no import orgnr

    for base in range(31000000, 39999999):
        for check in "0123456789":
            if orgnr.is_valid(f"{base}{check}"):
                yield f"{base}{check}"


_ORGNOS = _valid_orgnos()
_KOMMUNENUMMER = itertools.cycle(range(1000, 10000))


def municipality(name: str = "Testkommune", *, orgno: str | None = None, zone: str = Zone.STANDARD,
                 four_eyes: bool = True) -> Municipality:
    kommunenummer = str(next(_KOMMUNENUMMER))
    while Municipality.objects.filter(kommunenummer=kommunenummer).exists():
        kommunenummer = str(next(_KOMMUNENUMMER))
    kommune = Municipality.objects.create(
        name=name, kommunenummer=kommunenummer, organisasjonsnummer=orgno or next(_ORGNOS),
        requires_four_eyes=four_eyes,
    )
    MunicipalityZone.objects.create(municipality=kommune, zone=zone, valid_from=datetime.date(2019, 1, 1))
    test_rates()
    return kommune


TEST_RATE_SOURCE = "TESTSATS (tests/factories.py): ingen offentlig kilde – bare for tester av saksflyten"
# Rates the law review found no source for (docs/rules.md § 6): without them a 2026/27 case waits for
# rates. Flow tests that are not about rates get these clearly labelled test rows; tests of the waiting
# state remove them (``remove_test_rates``).
TEST_RATES = (("makspris", "standard", datetime.date(2026, 8, 1), 1200),
              ("makspris", "sentralitet_5_6", datetime.date(2026, 8, 1), 700),
              ("makspris", "tiltakssone", datetime.date(2026, 8, 1), 0),
              ("kjernetid_income_limit", "", datetime.date(2025, 8, 1), 700000))


def test_rates() -> None:
    from cases.models import LegalParameter

    for key, qualifier, start, value in TEST_RATES:
        if not LegalParameter.objects.filter(key=key, qualifier=qualifier, valid_from=start).exists():
            LegalParameter.objects.create(key=key, qualifier=qualifier, valid_from=start, value=value,
                                          valid_to=datetime.date(2027, 7, 31), source=TEST_RATE_SOURCE,
                                          verified=True, note="test")


def remove_test_rates() -> None:
    from cases.models import LegalParameter

    LegalParameter.objects.filter(source=TEST_RATE_SOURCE).delete()


def staff(username: str, kommune: Municipality, *roles: str, password: str = "passord-123") -> User:
    user = User.objects.create_user(username=username, password=password)
    for role in roles or (Role.SAKSBEHANDLER,):
        Membership.objects.create(user=user, municipality=kommune, role=role)
    return user


def person(born: datetime.date, given: str = "Kari", family: str = "Nordmann") -> PersonInput:
    return PersonInput(person_id=make_person_id(born), given_name=given, family_name=family)


def barnehage_application(*, children: int = 1, partner: bool = True, period: str = "2026/27",
                          applicant: PersonInput | None = None) -> ApplicationInput:
    kids = [
        ChildInput(person=person(datetime.date(2022 - i, 3, 1 + i), given=f"Barn{i}"), institution="Solsikken",
                   weekly_hours=Decimal("41"), monthly_price=Decimal("1200"))
        for i in range(children)
    ]
    return ApplicationInput(
        service=Service.BARNEHAGE, period=period,
        applicant=applicant or person(datetime.date(1990, 5, 17), "Kari", "Nordmann"),
        partner=person(datetime.date(1989, 2, 3), "Ola", "Nordmann") if partner else None,
        partner_relation="samboer" if partner else "", children=kids,
    )


def case(kommune: Municipality, *, user=None, start_fetch: bool = False, **kwargs):
    return application_register(municipality=kommune, data=barnehage_application(**kwargs), actor=user,
                                start_fetch=start_fetch)


def decimal(value) -> Decimal:
    return Decimal(str(value))


def as_of(day: datetime.date):
    """Register as on ``day`` (noon, Oslo): intake only accepts the previous, current and next period, so a
    law test about an earlier period registers its application on a date inside that period."""
    from zoneinfo import ZoneInfo

    import time_machine

    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo("Europe/Oslo")),
                               tick=False)
