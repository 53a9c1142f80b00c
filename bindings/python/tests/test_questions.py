"""The next questions from Python: the same ranking, texts and sources as the C++ API and the JSON."""
import json
from decimal import Decimal

import pytest

import ssis
from conftest import DATE, ROOT


@pytest.fixture(scope="module")
def questions_rules() -> ssis.RuleSet:
    return ssis.load(ROOT / "tests/data/questions")


def test_ranked_as_in_the_json(questions_rules):
    outcome = questions_rules.evaluate({"members": [{}, {}]}, date=DATE)
    questions = outcome.questions()
    assert [q.path for q in questions] == ["income", "car", "rent", "owns_home", "members[0].disabled", "members[1].disabled"]
    income = questions[0]
    assert (income.programmes, income.settles, income.expected) == (3, 1, pytest.approx(2.0))
    assert income.amount_at_stake == Decimal("100000")
    assert income.source == {"agency": "Test Revenue Office", "data": "income records"}
    assert questions[2].source is None and questions[2].amount_at_stake is None
    assert questions[5].member == 1 and questions[0].member is None
    from_json = json.loads(outcome.to_json())["questions"]
    assert [q["path"] for q in from_json] == [q.path for q in questions]
    assert from_json[0]["source"] == income.source and from_json[0]["amount_at_stake"] == "100000"
    relied_on = json.loads(outcome.to_json())["relied_on"]
    assert relied_on["disability_aid"] == [] and set(relied_on) == {p.id for p in outcome.programmes}


def test_texts_in_both_languages(questions_rules):
    outcome = questions_rules.evaluate({"members": [{}, {}]}, date=DATE)
    assert outcome.questions("ko")[5].question == "가구원 2: 장애인으로 등록되어 있습니까?"
    assert outcome.questions("en")[5].question == "member 2: Is this person registered as disabled?"


def test_none_once_everything_is_settled(questions_rules):
    household = {"income": 3000, "rent": 0, "owns_home": True, "car": False,
                 "members": [{"disabled": False}, {"disabled": False}]}
    assert questions_rules.evaluate(household, date=DATE).questions() == ()


def test_text_and_json_in_the_chosen_language(questions_rules):
    outcome = questions_rules.evaluate({"id": "walk-in", "income": 300, "members": [{}, {}]}, date=DATE)
    assert outcome.household == "walk-in" and outcome.to_dict()["household"] == "walk-in"
    korean = outcome.explain("ko", width=60)
    assert "받을 수 있음 (1)" in korean and "100,000 원 매월" in korean and "다음 질문 (먼저 물을 것부터)" in korean
    assert max(len(line) for line in outcome.explain("en", width=40).splitlines()) <= 40
    support = next(p for p in outcome.to_dict("ko")["programmes"] if p["id"] == "income_support")
    assert (support["name"], support["ministry"], support["amount_text"]) == ("소득 지원", "시험부", "100,000 원 매월")
    assert outcome.to_dict("ko")["language"] == "ko"
