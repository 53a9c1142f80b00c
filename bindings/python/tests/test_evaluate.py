"""One household at a time: statuses, exact amounts, missing facts, explanations, input errors."""
import datetime
import json
import os
import subprocess
from decimal import Decimal

import pytest

import ssis
from conftest import DATE, ROOT

MINI_HOUSEHOLD = {
    "id": "h1",
    "region": "capital",
    "members": [{"birth_date": "1950-01-01", "earned_income": 500000}, {"birth_date": datetime.date(1955, 3, 2)}],
}


def test_statuses_and_exact_amounts(mini):
    outcome = mini.evaluate(MINI_HOUSEHOLD, date=DATE)
    assert outcome.household == "h1"
    assert outcome.rule_set == "mini" and outcome.fingerprint == mini.fingerprint
    assert outcome.date == datetime.date(2025, 9, 24)
    support = outcome.programme("income_support")
    # threshold = round(3,932,658 x 0.32, 1, half_up) = 1,258,451; minus 500,000, rounded down to 10.
    assert support.status == "eligible"
    assert support.amount == Decimal("758450") and isinstance(support.amount, Decimal)
    assert support.period == "month"
    assert support.names == {"en": "Income support", "ko": "생계지원"}
    assert [(c.id, c.value, c.decided_by) for c in support.criteria] == [("income", True, "data")]
    elder = outcome.programme("elder_care")
    assert elder.status == "undetermined"
    assert elder.missing == ("members[0].needs_assessment", "members[1].needs_assessment")
    assert [(c.id, c.value, c.knowledge) for c in elder.criteria] == [("elder", True, "known"), ("assessed", None, "unknown")]


def test_inputs_accept_python_types(mini):
    household = {
        "region": "city",
        "monthly_rent": Decimal("350000.5"),
        "members": [{"birth_date": datetime.date(1950, 5, 1), "needs_assessment": True, "earned_income": 0}],
    }
    outcome = mini.evaluate(household, date=datetime.date(2025, 3, 1))
    assert outcome.programme("elder_care").status == "eligible"
    assert outcome.programme("elder_care").amount == Decimal("281000")  # rent_cap[city, bracket 1]
    # threshold for one person: round(2,392,013 x 0.32) = 765,444, rounded down to 10.
    assert outcome.programme("income_support").amount == Decimal("765440")


def test_date_decides_what_is_in_force(mini):
    household = {"region": "city", "members": [{"birth_date": "1950-05-01", "needs_assessment": True}]}
    before = mini.evaluate(household, date="2024-06-30").programme("elder_care")
    assert (before.status, before.in_force) == ("ineligible", False)


def test_explanation_and_json(mini):
    outcome = mini.evaluate(MINI_HOUSEHOLD, date=DATE, explain=True)
    assert outcome.explained
    text = outcome.explain()
    assert "income <= threshold  ->  500,000 <= 1,258,451  (margin 758,451)" in text
    assert "(members[0].needs_assessment)" in text and "(members[1].needs_assessment)" in text
    assert "      settled by questions 1, 2\n" in text
    assert "생계지원" in outcome.explain("ko")
    data = outcome.to_dict()
    assert data == json.loads(outcome.to_json())
    support = next(p for p in data["programmes"] if p["id"] == "income_support")
    assert support["amount"] == "758450"
    assert support["criteria"][0]["comparisons"][0]["margin"] == "758451"
    assert "margin" not in mini.evaluate(MINI_HOUSEHOLD, date=DATE).explain()


@pytest.mark.skipif("SSIS_COMMAND" not in os.environ, reason="the ssis command is not built")
def test_kr_examples_match_the_command(kr, example_households):
    for name, household in example_households.items():
        command = subprocess.run(
            [os.environ["SSIS_COMMAND"], "eval", "rules/kr", f"examples/households/{name}.json", "--date", DATE, "--format", "json"],
            cwd=ROOT, capture_output=True, text=True, check=True)
        assert kr.evaluate(household, date=DATE).to_dict() == json.loads(command.stdout), name


def test_kr_family_of_four(kr, example_households):
    outcome = kr.evaluate(example_households["gyeonggi_family_of_four"], date=DATE)
    expected = {
        "nbls_education": ("eligible", Decimal("1166000")),
        "nbls_livelihood": ("eligible", Decimal("341287")),
        "nbls_medical": ("undetermined", None),
        "nbls_housing_rent": ("eligible", Decimal("433000")),
    }
    assert {id: (outcome.programme(id).status, outcome.programme(id).amount) for id in expected} == expected
    assert outcome.programme("nbls_medical").missing == ("support_obligor_criterion_met",)


def test_outcomes_carry_every_field_of_their_classes(kr, example_households):
    # Outcomes are made from the native data without their dataclasses' __init__: the data
    # must give each field, and nothing else.
    import dataclasses
    outcome = kr.evaluate(example_households["gyeonggi_family_of_four"], date=DATE, explain=True)
    with_units = [p for p in outcome.programmes if p.units]
    assert with_units
    objects = [(ssis.ProgrammeOutcome, p) for p in outcome.programmes]
    objects += [(ssis.UnitOutcome, u) for p in with_units for u in p.units]
    objects += [(ssis.CriterionOutcome, c) for p in outcome.programmes for c in p.criteria]
    objects += [(ssis.CriterionOutcome, c) for p in with_units for u in p.units for c in u.criteria]
    for cls, made in objects:
        assert type(made) is cls and set(vars(made)) == {f.name for f in dataclasses.fields(cls)}, cls
    again = kr.evaluate(example_households["gyeonggi_family_of_four"], date=DATE, explain=True)
    assert again.programmes == outcome.programmes and hash(outcome.programmes[0].criteria[0])
    # Each outcome's programme names are its own.
    again.programmes[0].names["xx"] = "changed"
    assert "xx" not in outcome.programmes[0].names


def test_without_missing_facts_the_same_decisions_and_none_named(kr, example_households):
    household = example_households["gyeonggi_family_of_four"]
    named = kr.evaluate(household, date=DATE)
    unnamed = kr.evaluate(household, date=DATE, missing_facts=False)
    assert named.missing_named and not unnamed.missing_named
    assert [(p.id, p.status, p.amount) for p in unnamed.programmes] == [(p.id, p.status, p.amount) for p in named.programmes]
    assert any(p.missing for p in named.programmes) and not any(p.missing for p in unnamed.programmes)
    assert named.questions() and unnamed.questions() == ()
    assert all(p["missing"] is None for p in unnamed.to_dict()["programmes"]) and unnamed.to_dict()["questions"] == []
    # The same as the command's --no-missing, and as known on a day.
    command = subprocess.run(
        [os.environ["SSIS_COMMAND"], "eval", "rules/kr", "examples/households/gyeonggi_family_of_four.json", "--date", DATE,
         "--format", "json", "--no-missing"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert unnamed.to_dict() == json.loads(command.stdout)
    assert not kr.evaluate(household, date=DATE, known_on=DATE, missing_facts=False).missing_named


@pytest.mark.parametrize("household, path, reason", [
    ({"region": "nowhere", "members": []}, "region", "'nowhere' is not a value of region (values: capital, city, rural)"),
    ({"region": "city", "members": [{"birth_date": "1950-01-01"}, {"birth_date": "2023-02-30"}]},
     "members[1].birth_date", "'2023-02-30' is not a date (YYYY-MM-DD)"),
    ({"region": "city", "members": [{"birth_date": "1950-01-01", "earned_income": -1}]},
     "members[0].earned_income", "-1 is below the minimum 0"),
    ({"region": "city", "members": [{"birth_date": "1950-01-01", "earned_income": 0.1234567}]},
     "members[0].earned_income", "0.1234567 is not an exact decimal (at most 6 decimal places, |x| < 9.2e12)"),
    ({"region": "city", "members": [{"birth_date": "1950-01-01", "is_disabled": "yes"}]},
     "members[0].is_disabled", 'expected bool, got "yes"'),
    ({"region": "city", "members": [{"birth_date": [1950, 1, 1]}]},
     "members[0].birth_date", "a value of type list cannot be an input; use bool, int, str, decimal.Decimal or datetime.date"),
    ({"region": "city", "colour": "red", "members": []}, "colour", "unknown field (see `ssis schema`)"),
    ({"members": []}, "region", "is required but missing"),
    ({"region": "city", "members": []}, "members", "a household needs at least one member"),
    ({"region": "city"}, "members", "a household needs at least one member"),
    ({"region": "ci\ud800ty", "members": [{"birth_date": "1950-01-01"}]}, "region", "byte 0xED at offset 2 is not valid UTF-8"),
    ({"id": "\udfff", "region": "city", "members": [{"birth_date": "1950-01-01"}]}, "id", "byte 0xED at offset 0 is not valid UTF-8"),
    ({"region": "city", "members": [{"birth_date": "1950-01-01", "\ud800": 1}]},
     'members[0]."\\xED\\xA0\\x80"', "unknown field (see `ssis schema`)"),
])
def test_input_errors_name_the_field(mini, household, path, reason):
    with pytest.raises(ssis.InputError) as caught:
        mini.evaluate(household, date=DATE)
    assert (caught.value.path, caught.value.reason) == (path, reason)
    assert str(caught.value) == f"{path}: {reason}"
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("unknown", [None, float("nan"), Decimal("NaN")])
def test_none_and_nan_are_unknown_facts_not_the_default(mini, unknown):
    household = {"region": "city", "members": [{"birth_date": "1980-01-01"}]}
    assert mini.evaluate(household, date=DATE).programme("income_support").status == "eligible"
    household["members"][0]["earned_income"] = unknown
    outcome = mini.evaluate(household, date=DATE).programme("income_support")
    assert (outcome.status, outcome.missing) == ("undetermined", ("members[0].earned_income",))


def test_bad_date_is_an_input_error(mini):
    with pytest.raises(ssis.InputError, match="'2025-13-01' is not a date"):
        mini.evaluate(MINI_HOUSEHOLD, date="2025-13-01")
    with pytest.raises(TypeError):
        mini.evaluate(MINI_HOUSEHOLD, date=20250101)
