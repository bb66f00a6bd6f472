"""Small builders for the rules tests: a household in one line, the fee of a child, its steps."""
from datetime import date
from decimal import Decimal

from cases.rules import BarnehageChild, HouseholdInput, Municipality, SfoPupil, calculate

D = date.fromisoformat


def child(born: str, hours=41, price=2000, deferred=False, id=None) -> BarnehageChild:
    return BarnehageChild(id or born, D(born), Decimal(hours), Decimal(price), deferred)


def pupil(grade: int, hours=20, price=3000, id=None) -> SfoPupil:
    return SfoPupil(id or f"trinn{grade}", grade, Decimal(hours), Decimal(price))


def barnehage(on: str, income, *children, zone="standard", full_time_hours=41, sibling_order="oldest_first"):
    municipality = Municipality(zone=zone, full_time_hours=Decimal(full_time_hours), sibling_order=sibling_order)
    household = HouseholdInput("barnehage", municipality, Decimal(income), children)
    return calculate(household, on=D(on))


def sfo(on: str, income, *pupils):
    return calculate(HouseholdInput("sfo", Municipality(), Decimal(income), pupils), on=D(on))


def fees(result) -> list[int]:
    return [int(c.monthly_fee) for c in result.children]


def rules(result, position=0) -> list[str]:
    return [s.rule for s in result.children[position].steps]


def step(result, rule, position=0):
    found = [s for s in result.children[position].steps if s.rule == rule]
    assert len(found) == 1, f"{rule} not applied once: {rules(result, position)}"
    return found[0]


def young(on: str) -> str:
    """A birth date making the child under 1 on ``on``: no gratis kjernetid before the next August."""
    day = D(on)
    return date(day.year if day.month > 6 else day.year - 1, 6, 1).isoformat()
