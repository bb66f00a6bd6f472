"""Household income: personinntekt + skattepliktig kapitalinntekt (gross) of søker and ektefelle/samboer.

Input is income items already classified by the caller (the integration's tekniskNavn table): each
item is ``personinntekt``, ``kapitalinntekt``, ``not_counted`` (tax-free transfers such as barnetrygd,
kontantstøtte, barnebidrag, or deductions) or ``unknown``. Unknown items are reported and never
counted. Manually documented income ("vesentlig og varig endring", docs/reference/rules.md § 6) REPLACES the fetched
income of that person; it exists for decreases, so a documented increase is warned about.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .errors import InputProblem, InvalidInput
from .kroner import kroner_exact
from .money import ZERO
from .types import to_decimal

PERSONINNTEKT = "personinntekt"
KAPITALINNTEKT = "kapitalinntekt"
NOT_COUNTED = "not_counted"
UNKNOWN = "unknown"
INCOME_CLASSES = (PERSONINNTEKT, KAPITALINNTEKT, NOT_COUNTED, UNKNOWN)

SOKER = "soker"
EKTEFELLE_SAMBOER = "ektefelle_samboer"
OWNERS = (SOKER, EKTEFELLE_SAMBOER)
_OWNER_LABEL = {SOKER: "søker", EKTEFELLE_SAMBOER: "ektefelle/samboer"}


def _check_owner(owner: str) -> None:
    if owner not in OWNERS:
        raise InvalidInput(f"income owner must be one of {', '.join(OWNERS)}, got {owner!r}",
                           code=InputProblem.UNKNOWN_INCOME_OWNER)


@dataclass(frozen=True, slots=True)
class ClassifiedIncomeItem:
    """One income post for one adult; ``name`` is the tekniskNavn (never a personal identifier)."""

    amount: Decimal
    income_class: str
    owner: str
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", to_decimal(self.amount, f"income item {self.name or '?'}"))
        if self.income_class not in INCOME_CLASSES:
            raise InvalidInput(
                f"income item {self.name or '?'}: class must be one of {', '.join(INCOME_CLASSES)}, "
                f"got {self.income_class!r}", code=InputProblem.UNKNOWN_INCOME_CLASS)
        _check_owner(self.owner)
        if self.income_class in (PERSONINNTEKT, KAPITALINNTEKT) and self.amount < 0:
            raise InvalidInput(f"income item {self.name or '?'}: a counted amount must not be negative",
                               code=InputProblem.NEGATIVE_INCOME_ITEM)


@dataclass(frozen=True, slots=True)
class DocumentedIncome:
    """Yearly income documented by the caseworker for one adult, with the reason (replaces fetched)."""

    owner: str
    amount: Decimal
    reason: str

    def __post_init__(self) -> None:
        _check_owner(self.owner)
        amount = to_decimal(self.amount, "documented income")
        if amount < 0:
            raise InvalidInput("documented income must not be negative", code=InputProblem.DOCUMENTED_INCOME_NEGATIVE)
        if not isinstance(self.reason, str) or not self.reason.strip():
            raise InvalidInput("documented income needs a reason (vesentlig og varig endring)",
                               code=InputProblem.DOCUMENTED_INCOME_WITHOUT_REASON)
        object.__setattr__(self, "amount", amount)


@dataclass(frozen=True, slots=True)
class PersonIncome:
    owner: str
    personinntekt: Decimal
    kapitalinntekt: Decimal
    counted: Decimal
    documented: bool = False
    reason: str = ""


@dataclass(frozen=True, slots=True)
class HouseholdIncome:
    """Total counted income, the split per adult (for the vedtak's facts) and warnings."""

    total: Decimal
    persons: tuple[PersonIncome, ...]
    warnings: tuple[str, ...]


def household_income(
    items: Iterable[ClassifiedIncomeItem], documented: Iterable[DocumentedIncome] = ()
) -> HouseholdIncome:
    """Sum the counted items per adult, replacing an adult's sum by documented income if given."""
    items = tuple(items)
    documented_by_owner: dict[str, DocumentedIncome] = {}
    for entry in documented:
        if entry.owner in documented_by_owner:
            raise InvalidInput(f"documented income given twice for {entry.owner}",
                               code=InputProblem.DOCUMENTED_INCOME_TWICE)
        documented_by_owner[entry.owner] = entry
    warnings: list[str] = []
    sums = {owner: {PERSONINNTEKT: ZERO, KAPITALINNTEKT: ZERO} for owner in OWNERS}
    present = set()
    for item in items:
        present.add(item.owner)
        if item.income_class in (PERSONINNTEKT, KAPITALINNTEKT):
            sums[item.owner][item.income_class] += item.amount
        elif item.income_class == UNKNOWN:
            warnings.append(
                f"Ukjent inntektspost {item.name or '(uten navn)'} ({kroner_exact(item.amount)}, "
                f"{_OWNER_LABEL[item.owner]}) er ikke tatt med i inntekten; saksbehandler må vurdere den."
            )
    persons = []
    total = ZERO
    for owner in OWNERS:
        if owner not in present and owner not in documented_by_owner:
            continue
        fetched = sums[owner][PERSONINNTEKT] + sums[owner][KAPITALINNTEKT]
        entry = documented_by_owner.get(owner)
        if entry is None:
            persons.append(
                PersonIncome(owner, sums[owner][PERSONINNTEKT], sums[owner][KAPITALINNTEKT], fetched)
            )
            total += fetched
            continue
        label = _OWNER_LABEL[owner]
        warnings.append(
            f"Inntekten til {label} er fastsatt etter annen dokumentasjon ({entry.reason.strip()}): "
            f"{kroner_exact(entry.amount)} erstatter innhentet inntekt {kroner_exact(fetched)}."
        )
        if owner in present and entry.amount > fetched:
            warnings.append(
                f"Dokumentert inntekt for {label} er høyere enn innhentet inntekt; vesentlig og varig "
                "endring gjelder bare nedgang i inntekt."
            )
        persons.append(PersonIncome(
            owner, sums[owner][PERSONINNTEKT], sums[owner][KAPITALINNTEKT], entry.amount, True, entry.reason
        ))
        total += entry.amount
    return HouseholdIncome(total, tuple(persons), tuple(warnings))
