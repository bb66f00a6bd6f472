"""The calculate_fee contract (shared/contracts/fee-calculation.md): input parsing and output shape."""
import copy
import json

import pytest

from cases.rules import (
    InvalidInput,
    MissingParameter,
    RulesError,
    calculate,
    parse_contract_input,
    parse_contract_text,
    result_to_contract_json,
)

EXAMPLE = {
    "service": "barnehage",
    "date": "2024-09-01",
    "municipality": {"zone": "standard", "full_time_hours": 41, "sibling_order": "oldest_first"},
    "household": {"income": 300000},
    "children": [
        {"id": "A", "birth_date": "2021-04-10", "weekly_hours": 41, "monthly_price": 2000,
         "deferred_school_start": False}
    ],
}


def run(data, classify=None):
    household, on = parse_contract_input(data, classify=classify)
    return result_to_contract_json(calculate(household, on=on))


def test_contract_example_is_reproduced_exactly():
    output = run(EXAMPLE)
    assert output["household_income"] == 300000
    assert output["total_monthly_fee"] == 838
    [child] = output["children"]
    assert child["id"] == "A" and child["monthly_fee"] == 838
    assert [(s["rule"], s["amount"]) for s in child["steps"]] == [
        ("price_of_place", "2000"), ("income_cap_6_percent", "1636.3636"), ("free_core_hours", "838.1374"),
    ]
    assert child["steps"][1]["legal_basis"] == "forskrift om foreldrebetaling i barnehager § 3b"
    assert child["steps"][2]["legal_basis"] == "forskrift om foreldrebetaling i barnehager § 3c"
    # The contract's fields are all there; the outcome fields are additions the contract allows.
    assert set(output) == {"household_income", "total_monthly_fee", "children", "warnings", "outcome"}
    assert set(child) == {"id", "monthly_fee", "steps", "outcome", "price_rule", "granted", "refused"}
    assert output["outcome"] == child["outcome"] == "innvilget"
    assert child["granted"] == ["income_cap_6_percent", "free_core_hours"] and child["refused"] == []
    assert all(set(s) == {"rule", "legal_basis", "amount"} for s in child["steps"])
    # The 2024/25 kjernetid limit (642 700) is [B-muni] in rules.md, so it is flagged for the caseworker.
    assert len(output["warnings"]) == 1 and "kjernetid_income_limit" in output["warnings"][0]
    json.dumps(output)  # serialisable as is


def test_optional_municipality_fields_default_to_41_hours_and_oldest_first():
    data = copy.deepcopy(EXAMPLE)
    data["municipality"] = {"zone": "standard"}
    del data["children"][0]["deferred_school_start"]
    assert run(data)["total_monthly_fee"] == 838


def test_sfo_input():
    data = {"service": "sfo", "date": "2024-09-01", "municipality": {"zone": "standard"},
            "household": {"income": 300000},
            "children": [{"id": "P", "grade": 1, "weekly_hours": 24, "monthly_price": 3000}]}
    output = run(data)
    assert output["children"][0]["monthly_fee"] == 818
    assert [s["rule"] for s in output["children"][0]["steps"]] == ["price_of_place", "income_cap_6_percent",
                                                                    "free_sfo_hours"]


def test_to_dict_keeps_the_unrounded_value_and_the_rows_used():
    household, on = parse_contract_input(EXAMPLE)
    full = calculate(household, on=on).to_dict()
    assert full["children"][0]["unrounded_fee"].startswith("838.137472283813")
    assert any(r["key"] == "makspris" and r["value"] == "2000" and r["verified"] for r in full["parameters_used"])
    json.dumps(full)


def _broken(path, value):
    data = copy.deepcopy(EXAMPLE)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(("data", "fragment"), [
    ([1, 2], "JSON object"),
    (_broken(["service"], "hytte"), "unknown service"),
    (_broken(["service"], KeyError), "missing field: service"),
    (_broken(["date"], KeyError), "missing field: date"),
    (_broken(["date"], "01.09.2024"), "ISO date"),
    (_broken(["municipality", "zone"], "oslo"), "unknown zone"),
    (_broken(["municipality", "zone"], KeyError), "municipality.zone"),
    (_broken(["municipality", "sibling_order"], "random"), "sibling_order"),
    (_broken(["municipality", "full_time_hours"], 19), "full_time_hours"),
    (_broken(["municipality", "full_time_hours"], 61), "full_time_hours"),
    (_broken(["household", "income"], -1), "must not be negative"),
    (_broken(["household", "income"], "300000"), "must be a number"),
    (_broken(["household", "income"], KeyError), "income or tax_bases"),
    (_broken(["household"], KeyError), "missing field: household"),
    (_broken(["children"], []), "no children"),
    (_broken(["children"], KeyError), "no children"),
    (_broken(["children", 0, "birth_date"], KeyError), "children[0].birth_date"),
    (_broken(["children", 0, "weekly_hours"], KeyError), "children[0].weekly_hours"),
    (_broken(["children", 0, "monthly_price"], KeyError), "children[0].monthly_price"),
    (_broken(["children", 0, "id"], KeyError), "children[0].id"),
    (_broken(["children", 0, "weekly_hours"], 0), "weekly_hours must be above 0"),
    (_broken(["children", 0, "weekly_hours"], True), "must be a number"),
    (_broken(["children", 0, "monthly_price"], -5), "must not be negative"),
    (_broken(["children", 0, "birth_date"], "2025-01-01"), "after date"),
    (_broken(["children", 0, "deferred_school_start"], "yes"), "deferred_school_start"),
    (_broken(["children"], [EXAMPLE["children"][0], EXAMPLE["children"][0]]), "distinct id"),
    (_broken(["service"], "sfo"), "children[0].grade"),
])
def test_invalid_input_gives_one_clear_line(data, fragment):
    with pytest.raises(InvalidInput) as error:
        parse_contract_input(data)
    message = str(error.value)
    assert fragment in message
    assert "\n" not in message


@pytest.mark.parametrize("grade", [0, 8, "1", 1.5])
def test_sfo_grade_must_be_1_to_7(grade):
    data = {"service": "sfo", "date": "2024-09-01", "household": {"income": 1},
            "children": [{"id": "P", "grade": grade, "weekly_hours": 10, "monthly_price": 100}]}
    with pytest.raises(InvalidInput, match="grade"):
        parse_contract_input(data)


@pytest.mark.parametrize("text", ["{", "", "not json", "{\"service\": }"])
def test_malformed_json_is_invalid_input(text):
    with pytest.raises(InvalidInput, match="malformed JSON"):
        parse_contract_text(text)


def test_price_above_makspris_and_missing_parameters_are_rules_errors():
    too_expensive = _broken(["children", 0, "monthly_price"], 2500)
    household, on = parse_contract_input(too_expensive)
    with pytest.raises(InvalidInput):
        calculate(household, on=on)
    household, on = parse_contract_input(_broken(["date"], "2018-06-01") | {
        "children": [dict(EXAMPLE["children"][0], birth_date="2016-01-01")]})
    with pytest.raises(MissingParameter) as error:
        calculate(household, on=on)
    assert isinstance(error.value, RulesError) and "\n" not in str(error.value)


# --- household.tax_bases with an injected classifier ----------------------------------------------

TABLE = {"samletLoennsinntektMedTrygdeavgiftspliktOgMedTrekkplikt": "personinntekt",
         "samledeOpptjenteRenterIInnenlandskeBanker": "kapitalinntekt",
         "barnetrygd": "not_counted"}


def classify(body):
    return [{"tekniskNavn": post["tekniskNavn"], "beloep": post["beloep"],
             "class": TABLE.get(post["tekniskNavn"], "unknown")} for post in body.get("grunnlag", [])]


def body(wages, interest=0, stadie="oppgjoer", extra=()):
    posts = [{"tekniskNavn": "samletLoennsinntektMedTrygdeavgiftspliktOgMedTrekkplikt", "beloep": wages,
              "kategori": "inntekt"},
             {"tekniskNavn": "samledeOpptjenteRenterIInnenlandskeBanker", "beloep": interest, "kategori": "inntekt"}]
    return {"inntektsaar": "2023", "skjermet": False, "grunnlag": posts + list(extra), "stadie": stadie}


def with_bases(*bases):
    data = copy.deepcopy(EXAMPLE)
    data["household"] = {"tax_bases": list(bases)}
    return data


def test_tax_bases_are_summed_over_both_adults():
    output = run(with_bases(body(200000, 5000), body(95000)), classify)
    assert output["household_income"] == 300000
    assert output["total_monthly_fee"] == 838


def test_unknown_tekniskNavn_is_warned_and_not_counted():
    extra = [{"tekniskNavn": "nyPostSomIkkeFinnes", "beloep": 99999, "kategori": "inntekt"}]
    output = run(with_bases(body(300000, extra=extra)), classify)
    assert output["household_income"] == 300000
    assert any("nyPostSomIkkeFinnes" in w for w in output["warnings"])


def test_utkast_is_warned():
    output = run(with_bases(body(300000, stadie="utkast")), classify)
    assert any("utkast" in w for w in output["warnings"])


def test_skjermet_without_posts_is_not_zero_income():
    with pytest.raises(InvalidInput, match="skjermet"):
        parse_contract_input(with_bases({"inntektsaar": "2023", "skjermet": True}), classify=classify)


def test_tax_bases_need_a_classifier_and_at_most_two_adults():
    with pytest.raises(InvalidInput, match="classifier"):
        parse_contract_input(with_bases(body(1)))
    with pytest.raises(InvalidInput, match="one or two"):
        parse_contract_input(with_bases(body(1), body(1), body(1)), classify=classify)
    both = with_bases(body(1))
    both["household"]["income"] = 5
    with pytest.raises(InvalidInput, match="exactly one"):
        parse_contract_input(both, classify=classify)


def test_kommune_choices_are_optional_contract_inputs():
    data = {"service": "sfo", "date": "2024-09-01",
            "municipality": {"zone": "standard", "sfo_order": "free_hours_first"},
            "household": {"income": 300000},
            "children": [{"id": "P", "grade": 1, "weekly_hours": 24, "monthly_price": 3000}]}
    assert run(data)["children"][0]["monthly_fee"] == 1500
    data["municipality"] = {"zone": "standard", "moderation": [{"income_from": 0, "income_to": 400000,
                                                                 "monthly_price": 500}]}
    child = run(data)["children"][0]
    assert child["monthly_fee"] == 500 and child["price_rule"] == "kommunal_moderation"
    data["municipality"] = {"zone": "standard", "sfo_order": "sideways"}
    with pytest.raises(InvalidInput, match="sfo_order"):
        run(data)
