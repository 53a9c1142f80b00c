"""Facts dated by the input (`as_of`) and the facts older than their field's max_age
(docs/audit.md, "Facts with a date")."""
import datetime
import json
import re

import pytest

import ssis
from conftest import ROOT


@pytest.fixture(scope="module")
def rules() -> ssis.RuleSet:
    return ssis.load(ROOT / "tests/data/as_of")


@pytest.fixture(scope="module")
def household() -> dict:
    return json.loads((ROOT / "tests/data/as_of_household.json").read_text())


def test_stale_facts_at_and_past_the_limit(rules, household):
    at_limit = rules.evaluate(household, date="2025-06-01")
    assert all(p.stale_facts == () for p in at_limit.programmes)
    later = rules.evaluate(household, date="2025-06-02")
    support = later.programme("income_support")
    assert support.stale_facts == (("members[0].earned_income", datetime.date(2024, 6, 1), "P1Y"),)
    assert support.status == "eligible"
    assert later.programme("housing_support").stale_facts == (("monthly_rent", datetime.date(2024, 6, 1), "P12M"),)
    as_json = {p["id"]: p for p in later.to_dict()["programmes"]}
    assert as_json["income_support"]["stale_facts"] == [
        {"path": "members[0].earned_income", "as_of": "2024-06-01", "max_age": "P1Y"}]


def test_as_of_in_a_dict_takes_dates_and_strings(rules):
    dated = {"monthly_rent": 1, "as_of": {"monthly_rent": datetime.date(2024, 1, 1)},
             "members": [{"earned_income": 5, "as_of": "2024-01-01"}]}
    outcome = rules.evaluate(dated, date="2025-06-01")
    assert outcome.programme("income_support").stale_facts == (("members[0].earned_income", datetime.date(2024, 1, 1), "P1Y"),)
    assert outcome.input != rules.evaluate({"monthly_rent": 1, "members": [{"earned_income": 5}]}, date="2025-06-01").input


def test_known_on_leaves_later_facts_unknown(rules, household):
    assert rules.evaluate(household, date="2025-06-01").programme("income_support").status == "eligible"
    then = rules.evaluate(household, date="2025-06-01", known_on=datetime.date(2025, 5, 19)).programme("income_support")
    assert then.status == "undetermined" and then.missing == ("members[1].earned_income",)
    assert rules.evaluate(household, date="2025-06-01", known_on="2025-05-20").programme("income_support").status == "eligible"


@pytest.mark.parametrize("as_of, path, message", [
    ({"monthly_rent": "2024-02-30"}, "as_of.monthly_rent", "a date must be"),
    ({"members[0].earned_income": "2024-01-01"}, "as_of.members[0].earned_income", "members[].FIELD"),
    ({"rent": "2024-01-01"}, "as_of.rent", "names no household field"),
    ("2025-06-02", "as_of", "after the evaluation date 2025-06-01"),
])
def test_bad_as_of_names_its_path(rules, as_of, path, message):
    with pytest.raises(ssis.InputError, match=re.escape(message)) as caught:
        rules.evaluate({"as_of": as_of, "members": [{}]}, date="2025-06-01")
    assert caught.value.path == path
