"""Programmes assessed per member (tests/data/units): the members' decisions in an Outcome,
in every evaluate_batch layout and in re-verification."""
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import ssis
from conftest import ROOT, as_in_tables, to_tables

DATE = "2025-06-01"

COUPLE = {
    "id": "couple",
    "members": [
        {"birth_date": "1950-01-01", "relation": "head", "income": 1500000, "occupational_pension": False, "disabled": False},
        {"birth_date": "1955-01-01", "relation": "spouse", "income": 0, "occupational_pension": False, "disabled": False},
    ],
}
MOTHER = {
    "id": "mother",
    "members": [
        {"birth_date": "1980-01-01", "relation": "head", "income": 3000000, "disabled": False},
        {"birth_date": "1945-01-01", "relation": "parent", "income": 0, "disabled": False},
    ],
}
YOUNG = {
    "id": "young",
    "members": [
        {"birth_date": "1980-01-01", "relation": "head", "income": 3000000, "disabled": True},
        {"birth_date": "2012-01-01", "relation": "child", "income": 0, "disabled": True},
    ],
}


@pytest.fixture(scope="module")
def units() -> ssis.RuleSet:
    return ssis.load(ROOT / "tests/data/units")


def varied(n: int) -> list:
    """Households of one to three members of many ages, some facts left out."""
    relations = ["head", "spouse", "parent", "child", "other"]
    households = []
    for i in range(n):
        members = []
        for m in range(1 + i % 3):
            k = i * 7 + m * 13
            member = {"birth_date": f"{1935 + k % 85}-03-01", "relation": "head" if m == 0 else relations[k % 5]}
            if k % 3:
                member["income"] = (k * 104729) % 2500000
            if k % 4 != 1:
                member["occupational_pension"] = k % 9 == 0
            if k % 5 != 2:
                member["disabled"] = k % 6 == 0
            members.append(member)
        households.append({"id": f"h{i}", "members": members})
    return households


def test_outcome_lists_each_members_decision(units):
    pension = units.evaluate(COUPLE, date=DATE).programme("old_age_pension")
    assert pension.unit == "member"
    assert pension.status == "eligible" and pension.amount == Decimal(496000)
    assert [(u.member, u.status, u.amount) for u in pension.units] == [(0, "eligible", Decimal(248000)), (1, "eligible", Decimal(248000))]
    assert [c.id for c in pension.units[0].criteria] == ["couple_income", "no_occupational_pension"]
    assert pension.criteria == ()
    waiting = units.evaluate(MOTHER, date=DATE).programme("old_age_pension")
    assert [(u.member, u.status, u.missing) for u in waiting.units] == [(1, "undetermined", ("members[1].occupational_pension",))]
    grant = units.evaluate(COUPLE, date=DATE).programme("household_grant")
    assert grant.unit == "household" and grant.units == ()


def test_long_layout_has_a_row_per_member_before_the_programmes_row(units):
    households, members = to_tables([COUPLE, MOTHER])
    frame = units.evaluate_batch(households, members, date=DATE)
    assert list(frame.columns) == ["household_id", "programme", "ministry", "period", "member", "status", "amount", "missing",
                                   "excluded_by", "error"]
    pension = frame[frame["programme"] == "old_age_pension"]
    rows = [(r.household_id, None if pd.isna(r.member) else int(r.member), r.status, r.amount) for r in pension.itertuples()]
    assert rows == [
        ("couple", 0, "eligible", Decimal(248000)),
        ("couple", 1, "eligible", Decimal(248000)),
        ("couple", None, "eligible", Decimal(496000)),
        ("mother", 1, "undetermined", Decimal(310000)),
        ("mother", None, "undetermined", None),
    ]
    assert list(pension["missing"])[3] == "members[1].occupational_pension"
    assert str(frame["member"].dtype) == "Int64"


def test_long_layout_equals_single_evaluations(units):
    population = varied(90)
    households, members = to_tables(population)
    frame = units.evaluate_batch(households, members, date=DATE, amounts="raw")
    expected = []
    for household in as_in_tables(population):
        for p in units.evaluate(household, date=DATE).programmes:
            for u in p.units:
                expected.append((household["id"], p.id, u.member, u.status))
            expected.append((household["id"], p.id, None, p.status))
    got = [(r.household_id, r.programme, None if pd.isna(r.member) else int(r.member), r.status) for r in frame.itertuples()]
    assert got == expected
    assert any(m is not None for _, _, m, _ in got)


def test_wide_layout_lists_the_members_after_the_amount(units):
    households, members = to_tables([COUPLE, MOTHER, YOUNG])
    for amounts in ("decimal", "raw"):
        frame = units.evaluate_batch(households, members, date=DATE, layout="wide", amounts=amounts)
        assert list(frame.columns) == [
            "household_id",
            "disability_allowance", "disability_allowance_amount", "disability_allowance_members",
            "household_grant", "household_grant_amount",
            "old_age_pension", "old_age_pension_amount", "old_age_pension_members",
        ]
        assert list(frame["old_age_pension_members"]) == ["0:eligible:248000;1:eligible:248000", "1:undetermined:310000", None]
        assert list(frame["disability_allowance_members"]) == [None, None, "0:eligible:100000;1:ineligible"]


def test_arrays_layout_carries_the_unit_arrays(units):
    population = varied(40)
    households, members = to_tables(population)
    arrays = units.evaluate_batch(households, members, date=DATE, layout="arrays", amounts="raw")
    assert arrays.member_programmes == ("disability_allowance", "old_age_pension")
    assert arrays.member_offsets[-1] == len(members)
    assert arrays.unit_status.shape == (len(members), 2)
    for h, household in enumerate(as_in_tables(population)):
        outcome = units.evaluate(household, date=DATE)
        first = arrays.member_offsets[h]
        for k, programme in enumerate(arrays.member_programmes):
            units_of = {u.member: u for u in outcome.programme(programme).units}
            for m in range(len(household["members"])):
                row = first + m
                assert bool(arrays.unit_assessed[row, k]) == (m in units_of)
                if m in units_of:
                    assert ssis.batch.STATUSES[arrays.unit_status[row, k]] == units_of[m].status
                    amount = units_of[m].amount
                    assert bool(arrays.unit_amount_known[row, k]) == (amount is not None)
                    if amount is not None:
                        assert arrays.unit_amount[row, k] == int(amount * 1000000)


def test_rule_sets_without_member_programmes_keep_their_layouts(mini):
    households = pd.DataFrame({"household_id": ["a"], "region": ["city"]})
    members = pd.DataFrame({"household_id": ["a"], "birth_date": ["1950-01-01"]})
    assert "member" not in mini.evaluate_batch(households, members, date=DATE).columns
    assert not any(c.endswith("_members") for c in mini.evaluate_batch(households, members, date=DATE, layout="wide").columns)
    assert mini.evaluate_batch(households, members, date=DATE, layout="arrays").member_programmes == ()


def test_reverify_per_member(units):
    households, members = to_tables([COUPLE, MOTHER, YOUNG])
    benefits = pd.DataFrame({
        "household_id": ["couple", "couple", "young", "young"],
        "programme": ["old_age_pension", "old_age_pension", "old_age_pension", "household_grant"],
        "monthly_amount": [248000, 248000, 310000, 500000],
        "since": ["2024-01-01"] * 4,
        "member": [0, 1, 1, None],
    })
    detail = units.reverify(households, members, benefits, date=DATE)["detail"]
    assert list(detail.columns[:3]) == ["household_id", "programme", "member"]
    rows = {(r.household_id, r.programme, None if pd.isna(r.member) else int(r.member), r.finding) for r in detail.itertuples()}
    assert ("couple", "old_age_pension", 0, "confirmed") in rows
    assert ("couple", "old_age_pension", 1, "confirmed") in rows
    assert ("mother", "old_age_pension", 1, "blind_spot") not in rows  # undetermined, not eligible
    assert ("young", "old_age_pension", 1, "no_longer_eligible") in rows
    assert ("young", "household_grant", None, "no_longer_eligible") in rows
    assert ("young", "disability_allowance", 0, "blind_spot") in rows


def test_reverify_member_errors(units, mini):
    households, members = to_tables([COUPLE])
    benefits = pd.DataFrame({
        "household_id": ["couple", "couple", "couple"],
        "programme": ["old_age_pension", "old_age_pension", "old_age_pension"],
        "monthly_amount": [248000, 248000, 248000],
        "since": ["2024-01-01"] * 3,
        "member": [None, "x", 4],
    })
    detail = units.reverify(households, members, benefits, date=DATE)["detail"]
    errors = sorted(detail[detail["finding"] == "input_error"]["reasons"])
    assert errors == [
        "benefits row 0, column programme: old_age_pension is paid to a member: the benefit needs a member (the member's index in the household, from 0)",
        "benefits row 1, column member: 'x' is not a member index (a number from 0)",
        "benefits row 2, column member: member 4 is not in household couple, which has 2 members (0 to 1)",
    ]
    # A rule set without programmes assessed per member has no member column.
    with pytest.raises(ssis.InputError) as error:
        mini.reverify(pd.DataFrame({"household_id": ["a"], "region": ["city"]}),
                      pd.DataFrame({"household_id": ["a"], "birth_date": ["1950-01-01"]}),
                      benefits.assign(household_id="a"), date=DATE)
    assert error.value.column == "member"


def test_a_relation_per_member_excludes_one_members_allowance(units):
    both = {
        "id": "both",
        "members": [
            {"birth_date": "1950-01-01", "relation": "head", "income": 1500000, "occupational_pension": False, "disabled": True},
            {"birth_date": "1990-01-01", "relation": "child", "income": 0, "occupational_pension": False, "disabled": True},
        ],
    }
    allowance = units.evaluate(both, date=DATE).programme("disability_allowance")
    assert [(u.member, u.status, u.excluded_by, u.kept_instead) for u in allowance.units] == [
        (0, "ineligible", "one_allowance_per_person", "old_age_pension"),
        (1, "eligible", None, None),
    ]
    households, members = to_tables([both])
    frame = units.evaluate_batch(households, members, date=DATE)
    rows = frame[frame["programme"] == "disability_allowance"]
    assert [(None if pd.isna(r.member) else int(r.member), r.status, r.excluded_by) for r in rows.itertuples()] == [
        (0, "ineligible", "one_allowance_per_person"),
        (1, "eligible", None),
        (None, "eligible", None),
    ]
