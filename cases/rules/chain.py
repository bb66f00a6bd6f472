"""One child's chain of steps, and the steps both services share: the 6 % cap and kommunal moderasjon.

``ChildChain`` carries the fee through the rules and records, for each rule, a ``Step`` (the contract's
arithmetic trail), a ``Granted`` when the rule lowered the fee, or a ``Refused`` with its reason code
when it was checked and not applied — structure first; the bokmål ``note`` is only the caseworker's
trail. ``apply_income_cap`` is the one 6 % cap step of barnehage (§ 3b) and SFO (the SFO 6 % rule).
"""
from datetime import date
from decimal import Decimal

from .kroner import kroner_exact
from .money import format_number
from .outcome import Granted, LegalBasis, ReasonCode, Refused, RuleId
from .parameters import INCOME_CAP_PERCENT, PAYMENT_MONTHS, ParameterUse
from .types import ModerationRuleSet, Step

HUNDRED = Decimal(100)


class ChildChain:
    """The fee of one child as it passes the rules, with everything recorded on the way."""

    __slots__ = ("fee", "steps", "granted", "refused", "notes", "price_rule")

    def __init__(self, price: Decimal) -> None:
        self.fee = price
        self.steps: list[Step] = []
        self.granted: list[Granted] = []
        self.refused: list[Refused] = []
        self.notes: list[str] = []
        self.price_rule = RuleId.PRICE_OF_PLACE

    def step(self, rule: RuleId, legal_basis: str, basis: tuple[LegalBasis, ...], new_fee: Decimal, note: str,
             **facts) -> None:
        """Record a step; when it lowers the fee it is a granted reduction and sets the price."""
        before = self.fee
        self.steps.append(Step(rule, legal_basis, before, new_fee, note, basis))
        if new_fee < before:
            self.granted.append(Granted(rule, basis, before, new_fee, **facts))
            self.price_rule = rule
        self.fee = new_fee

    def refuse(self, rule: RuleId, reason: ReasonCode, basis: tuple[LegalBasis, ...], note: str,
               limit: Decimal | None = None, applies_from: date | None = None) -> None:
        self.refused.append(Refused(rule, reason, basis, limit, applies_from))
        if note:
            self.notes.append(note)


def apply_income_cap(chain: ChildChain, use: ParameterUse, income: Decimal, qualifier: str, legal_basis: str,
                     basis: tuple[LegalBasis, ...], eligibility_price: Decimal | None = None) -> None:
    """The 6 % cap per child: ``income × percent / 100 / payment months`` when that lowers the fee.

    ``qualifier`` "" reads the barnehage rows (§ 3b), "sfo" the SFO rows. ``eligibility_price``: the
    price the right is measured against — makspris for barnehage (§ 3b: makspris for a year above 6 % of
    income). A household below that threshold whose (part-time) price is already under the cap is
    granted the rule without a lower amount (never «refused»); above it the rule is refused.
    """
    percent = use.value(INCOME_CAP_PERCENT, qualifier)
    months = use.value(PAYMENT_MONTHS, qualifier)
    cap = income * percent / (HUNDRED * months)
    pct, mon = format_number(percent), format_number(months)
    if cap < chain.fee:
        chain.step(RuleId.INCOME_CAP_6_PERCENT, legal_basis, basis, cap,
                   f"{pct} % av inntekt {kroner_exact(income)} / {mon} betalingsmåneder = "
                   f"{kroner_exact(cap)} per måned, lavere enn {kroner_exact(chain.fee)}.", limit=cap)
    elif eligibility_price is not None and cap < eligibility_price:
        chain.granted.append(Granted(RuleId.INCOME_CAP_6_PERCENT, basis, chain.fee, chain.fee, limit=cap))
        chain.notes.append(f"6 %-regelen: husholdningen har rett til redusert pris; prisen for plassen "
                           f"({kroner_exact(chain.fee)}) er allerede ikke høyere enn {pct} % av inntekten / {mon} "
                           f"= {kroner_exact(cap)} per måned.")
    else:
        chain.refuse(RuleId.INCOME_CAP_6_PERCENT, ReasonCode.INCOME_NOT_BELOW_CAP, basis,
                     f"6 %-regelen gir ikke lavere pris: {pct} % av {kroner_exact(income)} / {mon} "
                     f"= {kroner_exact(cap)} per måned.", limit=cap)


def apply_moderation(chain: ChildChain, rules: ModerationRuleSet | None, income: Decimal,
                     basis: tuple[LegalBasis, ...]) -> None:
    """Kommunal moderasjon: the kommune's band price replaces the national result when it is lower."""
    if rules is None or chain.fee <= 0:
        return
    band = rules.band_for(income)
    if band is None:
        chain.refuse(RuleId.KOMMUNAL_MODERATION, ReasonCode.INCOME_ABOVE_KOMMUNAL_BANDS, basis,
                     "Kommunens moderasjon: inntekten er ikke i noen av kommunens inntektsgrupper.")
        return
    if band.monthly_price < chain.fee:
        chain.step(RuleId.KOMMUNAL_MODERATION, f"kommunens forskrift ({rules.source})".strip(), basis,
                   band.monthly_price,
                   f"Kommunens inntektsgruppe {kroner_exact(band.income_from)}–"
                   f"{kroner_exact(band.income_to) if band.income_to is not None else ''}: "
                   f"{kroner_exact(band.monthly_price)} per måned, lavere enn etter de nasjonale reglene.",
                   limit=band.monthly_price)
    else:
        chain.refuse(RuleId.KOMMUNAL_MODERATION, ReasonCode.NATIONAL_RULES_MORE_FAVOURABLE, basis,
                     f"Kommunens moderasjon gir {kroner_exact(band.monthly_price)} per måned; de nasjonale "
                     "reglene gir lavere pris.", limit=band.monthly_price)
