"""The price estimate a parent sees before sending: the rules engine (cases.rules) on the children as
typed and a household income the parent may type just for this (not stored, not used for the vedtak).
No tax data is fetched: purpose limitation (docs/portal.md)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from cases import rules
from cases.constants import Service
from cases.identity import birth_date
from cases.services.intake import ApplicationInput, period_dates
from cases.services.parameters import parameter_table


@dataclass(frozen=True)
class ChildEstimate:
    name: str
    full_price: Decimal
    monthly_fee: int


@dataclass(frozen=True)
class Estimate:
    on: datetime.date
    income: int
    children: tuple[ChildEstimate, ...]
    total: int


def first_month(service: str, period: str, today: datetime.date | None = None) -> datetime.date:
    """The first month the fee would apply: the period's start, or the first of next month if later."""
    today = today or timezone.localdate()
    start, _end = period_dates(service, period)
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return max(start, next_month)


def estimate(data: ApplicationInput, municipality, income: int) -> Estimate | None:
    """The monthly fee per child, or None when it cannot be computed (zone or parameter missing)."""
    on = first_month(data.service, data.period)
    try:
        zone = municipality.zone_on(on)
        if data.service == Service.BARNEHAGE:
            children = tuple(rules.BarnehageChild(id=str(i), birth_date=birth_date(c.person.person_id),
                                                  weekly_hours=c.weekly_hours, monthly_price=c.monthly_price)
                             for i, c in enumerate(data.children))
        else:
            children = tuple(rules.SfoPupil(id=str(i), grade=c.sfo_trinn, weekly_hours=c.weekly_hours,
                                            monthly_price=c.monthly_price) for i, c in enumerate(data.children))
        household = rules.HouseholdInput(
            service=data.service,
            municipality=rules.Municipality(zone=zone, full_time_hours=municipality.full_time_hours,
                                            sibling_order=municipality.sibling_order),
            income=Decimal(income), children=children)
        result = rules.calculate(household, on=on, params=parameter_table())
    except (LookupError, rules.RulesError, ValueError):
        return None
    by_id = {c.id: c for c in result.children}
    return Estimate(on=on, income=income, total=int(result.total_monthly_fee), children=tuple(
        ChildEstimate(name=f"{c.person.given_name} {c.person.family_name}".strip(), full_price=c.monthly_price,
                      monthly_fee=int(by_id[str(i)].monthly_fee)) for i, c in enumerate(data.children)))
