"""The December 2026 legal review (docs/reference/rules.md § 11), defect by defect, from the law.

Each test states the legal fact it checks; the engine's structured outcome (``cases.rules.outcome``)
is read, never its prose.
"""
from decimal import Decimal

import pytest

from cases.rules import HouseholdInput, Municipality, calculate, calculate_period
from cases.rules.kommune import SFO_FREE_HOURS_FIRST, KommuneChoice, ModerationBand, ModerationRuleSet
from cases.rules.legal import statute_on
from cases.rules.outcome import Act, LegalBasis, Outcome, ReasonCode, RuleId

from .helpers import D, barnehage, child, fees, pupil, step


def test_barnehageloven_section_15_before_2026_08_01_and_section_20_from():
    # LOV-2025-06-20-100 (new § 20 «Foreldrebetaling og kostpenger»), in force 2026-08-01 (FOR-2025-06-20-1100).
    assert statute_on("barnehage", D("2026-07-31")) == LegalBasis(Act.BARNEHAGELOVEN, "§ 15")
    assert statute_on("barnehage", D("2026-08-01")) == LegalBasis(Act.BARNEHAGELOVEN, "§ 20")
    before = barnehage("2024-09-01", 300000, child("2021-04-10"))
    assert before.statute == (LegalBasis(Act.BARNEHAGELOVEN, "§ 15"),)
    price = step(before, "price_of_place")
    assert LegalBasis(Act.BARNEHAGELOVEN, "§ 15") in price.basis and "barnehageloven § 15" in price.legal_basis


def test_section_20_is_used_by_the_steps_from_2026_08_01():
    from cases.rules import ParameterRow, ParameterTable
    from cases.rules.seed import SEED_ROWS

    extra = ParameterRow("makspris", "standard", D("2026-08-01"), None, Decimal(1200), "test source", True)
    table = ParameterTable([*SEED_ROWS, extra])
    household = HouseholdInput("barnehage", Municipality(), Decimal(900000), (child("2026-03-01", price=1200),))
    result = calculate(household, on=D("2026-09-01"), params=table)
    assert result.statute == (LegalBasis(Act.BARNEHAGELOVEN, "§ 20"),)
    assert "barnehageloven § 20" in result.children[0].steps[0].legal_basis


def test_tiltakssonen_free_place_is_innvilget_never_avslag():
    # Makspris is 0 in tiltakssonen from 2023-08-01: a fee of 0 is a granted outcome, whatever the income.
    result = barnehage("2024-09-01", 1_500_000, child("2021-04-10", price=0), zone="tiltakssone")
    [outcome] = result.children
    assert fees(result) == [0]
    assert outcome.outcome == Outcome.INNVILGET and result.outcome == Outcome.INNVILGET
    assert RuleId.FREE_PLACE_TILTAKSSONE in {g.rule for g in outcome.granted}
    assert outcome.price_rule == RuleId.FREE_PLACE_TILTAKSSONE
    assert not any(r.refuses for r in outcome.refused)


def test_high_income_is_avslag_with_reason_codes():
    result = barnehage("2024-09-01", 900000, child("2021-04-10"))
    [outcome] = result.children
    assert outcome.outcome == Outcome.AVSLAG
    reasons = {(r.rule, r.reason) for r in outcome.refused}
    assert (RuleId.INCOME_CAP_6_PERCENT, ReasonCode.INCOME_NOT_BELOW_CAP) in reasons
    assert (RuleId.FREE_CORE_HOURS, ReasonCode.INCOME_NOT_BELOW_LIMIT) in reasons
    limit = next(r.limit for r in outcome.refused if r.rule == RuleId.FREE_CORE_HOURS)
    assert limit == 642700


def test_kjernetid_only_is_delvis():
    # 500 000: above the 6 % threshold (366 667) but below the kjernetid limit (642 700).
    [outcome] = barnehage("2024-09-01", 500000, child("2021-04-10")).children
    assert outcome.outcome == Outcome.DELVIS
    assert [g.rule for g in outcome.granted] == [RuleId.FREE_CORE_HOURS]
    assert outcome.granted[0].free_hours == 20 and outcome.granted[0].of_hours == 41


def test_a_2022_23_period_is_split_at_2023_01_01_when_makspris_falls_from_3050_to_3000():
    household = HouseholdInput("barnehage", Municipality(), Decimal(300000), (child("2021-04-10", price=3000),))
    # A full-time place at makspris: 3 050 kr until 31.12.2022; from 1 January 2023 makspris is 3 000 kr,
    # so the price of the place is at most 3 000 (§ 1) — the decision states both fees with their dates.
    at_makspris = HouseholdInput("barnehage", Municipality(), Decimal(900000),
                                 (child("2020-02-01", price=3050, id="B"),))
    period = calculate_period(at_makspris, D("2022-08-01"), D("2023-07-31"))
    [b] = period.outcome.children
    assert [(s.valid_from, s.valid_to, s.monthly_fee) for s in b.segments] == [
        (D("2022-08-01"), D("2022-12-31"), 3050), (D("2023-01-01"), D("2023-07-31"), 3000)]
    assert {p.value for p in b.parameters if p.key == "makspris"} == {3050, 3000}
    # A household whose fee is capped by income: the calculation is split at 2023-01-01 (makspris is a
    # parameter used), but the child's fee is the same on both sides, so the child has one segment.
    capped = calculate_period(household, D("2022-08-01"), D("2023-07-31"))
    assert [s.valid_from for s in capped.segments] == [D("2022-08-01"), D("2023-01-01")]
    assert [(s.valid_from, s.monthly_fee) for s in capped.outcome.children[0].segments] == [(D("2022-08-01"), 1636)]


def test_sfo_order_follows_the_kommunes_dated_choice():
    # 1. trinn, 24 h at 3 000 kr, income 300 000: cap 1 636.36…; free share 12/24.
    cap_first = calculate(HouseholdInput("sfo", Municipality(), Decimal(300000), (pupil(1, 24, 3000),)),
                          on=D("2024-09-01"))
    choice = KommuneChoice(D("2024-08-01"), None, SFO_FREE_HOURS_FIRST, source="kommunens SFO-vedtekter § 5")
    free_first = calculate(HouseholdInput("sfo", Municipality(choices=(choice,)), Decimal(300000),
                                          (pupil(1, 24, 3000),)), on=D("2024-09-01"))
    assert fees(cap_first) == [818]  # 1 636.36 × 12/24
    assert fees(free_first) == [1500]  # 3 000 × 12/24 = 1 500 < cap → cap not lower
    assert [s.rule for s in free_first.children[0].steps] == ["price_of_place", "free_sfo_hours"]
    before = calculate(HouseholdInput("sfo", Municipality(choices=(choice,)), Decimal(300000),
                                      (pupil(1, 24, 3000),)), on=D("2024-07-31"))
    assert [s.rule for s in before.children[0].steps][1] == "income_cap_6_percent"  # choice not yet in force


def test_kommunens_sfo_sibling_discount():
    choice = KommuneChoice(D("2020-01-01"), None, sfo_sibling_percent_2=Decimal(25), source="forskrift om SFO")
    result = calculate(HouseholdInput("sfo", Municipality(choices=(choice,)), Decimal(900000),
                                      (pupil(3, 20, 3000, id="A"), pupil(1, 20, 2000, id="B"))), on=D("2024-09-01"))
    # B (cheaper place, child no. 2): 2 000 × 8/20 = 800, then 25 % off = 600. A pays 3 000 × 8/20 = 1 200.
    assert fees(result) == [1200, 600]
    assert result.children[1].granted[-1].rule == RuleId.SFO_SIBLING_DISCOUNT


def test_a_kommunal_band_more_favourable_than_section_3b_gives_the_price_and_says_so():
    # § 3b at income 400 000 (2024/25): 400 000 × 6 % / 11 = 2 181.8 > 2 000, so no national reduction for a
    # one-year-old; the kommune's band 300 000–450 000 → 1 000 kr is more favourable.
    bands = ModerationRuleSet("barnehage", D("2024-08-01"), None,
                              (ModerationBand(Decimal(0), Decimal(300000), Decimal(0)),
                               ModerationBand(Decimal(300000), Decimal(450000), Decimal(1000))),
                              source="forskrift om moderasjon, Eksempel kommune")
    municipality = Municipality(moderation=(bands,))
    household = HouseholdInput("barnehage", municipality, Decimal(400000), (child("2024-01-10"),))
    result = calculate(household, on=D("2024-09-01"))
    [outcome] = result.children
    assert fees(result) == [1000]
    assert outcome.price_rule == RuleId.KOMMUNAL_MODERATION and outcome.outcome == Outcome.DELVIS
    # 350 000: § 3b gives 350 000 × 6 % / 11 = 1 909.09 — the band's 1 000 is still lower and wins.
    low = calculate(HouseholdInput("barnehage", municipality, Decimal(350000), (child("2024-01-10"),)),
                    on=D("2024-09-01"))
    assert fees(low) == [1000] and low.children[0].granted[0].rule == RuleId.INCOME_CAP_6_PERCENT
    above = calculate(HouseholdInput("barnehage", municipality, Decimal(600000), (child("2024-01-10"),)),
                      on=D("2024-09-01"))
    assert fees(above) == [2000]
    assert (RuleId.KOMMUNAL_MODERATION, ReasonCode.INCOME_ABOVE_KOMMUNAL_BANDS) in {
        (r.rule, r.reason) for r in above.children[0].refused}


def test_national_rules_win_when_more_favourable():
    bands = ModerationRuleSet("barnehage", D("2024-08-01"), None,
                              (ModerationBand(Decimal(0), None, Decimal(1900)),), source="lokal forskrift")
    result = calculate(HouseholdInput("barnehage", Municipality(moderation=(bands,)), Decimal(300000),
                                      (child("2024-01-10"),)), on=D("2024-09-01"))
    assert fees(result) == [1636]
    assert result.children[0].price_rule == RuleId.INCOME_CAP_6_PERCENT
    assert result.children[0].refused[-1].reason == ReasonCode.NATIONAL_RULES_MORE_FAVOURABLE


def test_a_kommune_choice_starting_inside_a_period_splits_it():
    choice = KommuneChoice(D("2025-01-01"), None, SFO_FREE_HOURS_FIRST, source="vedtekter")
    household = HouseholdInput("sfo", Municipality(choices=(choice,)), Decimal(300000), (pupil(1, 24, 3000),))
    period = calculate_period(household, D("2024-08-01"), D("2025-06-30"))
    [p] = period.outcome.children
    assert [(s.valid_from, s.monthly_fee) for s in p.segments] == [(D("2024-08-01"), 818), (D("2025-01-01"), 1500)]


@pytest.mark.parametrize("income", [0, 300000, 500000, 900000])
def test_outcome_round_trips_through_json(income):
    import json

    from cases.rules.outcome import DecisionOutcome

    period = calculate_period(HouseholdInput("barnehage", Municipality(), Decimal(income),
                                             (child("2021-04-10"), child("2022-04-10", id="B"))),
                              D("2024-08-01"), D("2025-07-31"))
    data = json.loads(json.dumps(period.outcome.to_dict()))
    assert DecisionOutcome.from_dict(data) == period.outcome


def test_a_part_time_price_already_under_the_cap_is_granted_not_refused():
    # § 3b: the right exists when makspris for a year is above 6 % of income (income below 366 667 in
    # 2024/25). A 25-hour place at 1 100 kr is already below the cap for income 250 000 (1 363.6 kr):
    # nothing to lower, but the family has the right — innvilget, not «inntekten er for høy».
    [outcome] = barnehage("2024-09-01", 250000, child("2024-01-10", hours=25, price=1100)).children
    assert outcome.monthly_fee == 1100 and outcome.outcome == Outcome.INNVILGET
    granted = outcome.granted[0]
    assert granted.rule == RuleId.INCOME_CAP_6_PERCENT and granted.amount_before == granted.amount_after == 1100
    assert not outcome.refused or all(r.rule != RuleId.INCOME_CAP_6_PERCENT for r in outcome.refused)
