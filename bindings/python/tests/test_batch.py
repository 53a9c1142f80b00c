"""Tables of households: results equal single evaluations, errors name the cell, the GIL is released."""
import copy
import datetime
import threading
import time
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import ssis
from conftest import DATE, as_in_tables, to_tables


@pytest.fixture(scope="module")
def varied_households(example_households) -> list:
    """The example households, each repeated with other earnings and without some facts."""
    households = []
    for i in range(60):
        name, base = list(example_households.items())[i % len(example_households)]
        household = copy.deepcopy(base)
        household["id"] = f"{name}-{i}"
        for member in household["members"]:
            if "earned_income" in member:
                member["earned_income"] = member["earned_income"] * (i % 7) // 3
        if i % 5 == 0:
            household.pop("has_support_obligor", None)
        households.append(household)
    return households


def test_batch_equals_single_evaluations(kr, varied_households):
    households, members = to_tables(varied_households)
    result = kr.evaluate_batch(households, members, date=DATE)
    # rules/kr has programmes assessed per member: a row per member assessed before the programme's.
    assert list(result.columns) == ["household_id", "programme", "ministry", "period", "member", "status", "amount", "missing",
                                    "excluded_by", "error"]
    result = result.drop(columns=["ministry", "period"])  # test_pandas.py checks them
    expected = []
    for household in as_in_tables(varied_households):
        for p in kr.evaluate(household, date=DATE).programmes:
            for u in p.units:
                missing = ";".join(u.missing) if u.status == "undetermined" else ""
                expected.append((household["id"], p.id, u.member, u.status, u.amount, missing or None, u.excluded_by, u.error))
            expected.append((household["id"], p.id, None, p.status, p.amount, ";".join(p.missing) or None, p.excluded_by, p.error))
    got = [(h, p, None if pd.isna(m) else int(m), *rest) for h, p, m, *rest in result.itertuples(index=False, name=None)]
    assert got == expected
    assert (result["member"].isna()).sum() == len(varied_households) * len(kr.programmes)
    assert {type(a) for a in result["amount"] if a is not None} == {Decimal}
    assert (result["status"] == "eligible").sum() > 0 and (result["status"] == "undetermined").sum() > 0


def test_wide_layout_and_threads_agree_with_long(kr, varied_households):
    households, members = to_tables(varied_households)
    long = kr.evaluate_batch(households, members, date=DATE, threads=1)
    wide = kr.evaluate_batch(households, members, date=datetime.date(2025, 9, 24), layout="wide", threads=0)
    assert len(wide) == len(varied_households)
    assert list(wide["household_id"]) == list(households["household_id"])
    for programme in kr.programmes:
        rows = long[(long["programme"] == programme.id) & long["member"].isna()]
        assert list(wide[programme.id].astype(str)) == list(rows["status"].astype(str))
        assert list(wide[f"{programme.id}_amount"]) == list(rows["amount"])


def test_dicts_of_lists_and_missing_cells(mini):
    households = {"household_id": [10, 20, 30], "region": ["capital", "city", "rural"]}
    members = {
        "household_id": [10, 10, 20, 30],
        "birth_date": [datetime.date(1950, 1, 1), "1955-03-02", np.datetime64("1950-05-01"), pd.Timestamp("1990-01-01")],
        "earned_income": [500000, None, Decimal("0.5"), 765444.0],
        "needs_assessment": [None, np.nan, True, False],
    }
    result = mini.evaluate_batch(households, members, date=DATE).set_index(["household_id", "programme"])
    # A None income is not known, whatever the field's default: nothing is paid on it.
    assert result.loc[(10, "income_support"), ["status", "amount", "missing"]].tolist() == [
        "undetermined", None, "members[1].earned_income"]
    assert result.loc[(10, "elder_care"), "missing"] == "members[0].needs_assessment;members[1].needs_assessment"
    assert result.loc[(20, "elder_care"), ["status", "amount"]].tolist() == ["eligible", Decimal("281000")]
    assert result.loc[(20, "income_support"), "amount"] == Decimal("765440")  # 765,444 - 0.5 rounded down to 10
    assert result.loc[(30, "income_support"), ["status", "amount"]].tolist() == ["eligible", Decimal("0")]
    assert result.loc[(30, "elder_care"), "status"] == "ineligible"
    wide = mini.evaluate_batch(households, members, date=DATE, layout="wide").set_index("household_id")
    assert wide.loc[10, "income_support"] == "undetermined"


def test_nan_and_none_cells_are_unknown_and_an_absent_column_takes_the_default(mini):
    households = {"household_id": [1, 2, 3], "region": ["city"] * 3}
    members = {"household_id": [1, 2, 3], "birth_date": ["1980-01-01"] * 3}
    for layout, column in (("long", "status"), ("wide", "income_support")):
        def statuses(members_table):
            result = mini.evaluate_batch(households, members_table, date=DATE, layout=layout)
            if layout == "long":
                result = result[result["programme"] == "income_support"]
            return result[column].tolist()

        assert statuses(members) == ["eligible"] * 3
        assert statuses({**members, "earned_income": [np.nan, None, 100.0]}) == ["undetermined", "undetermined", "eligible"]
        assert statuses({**members, "earned_income": np.array([100.0, np.nan, 0.0])}) == ["eligible", "undetermined", "eligible"]


def test_a_household_without_member_rows_names_its_id_cell(mini):
    households = {"household_id": ["a", "b"], "region": ["city", "city"]}
    members = {"household_id": ["a"], "birth_date": ["1980-01-01"]}
    for layout in ("long", "wide"):
        with pytest.raises(ssis.InputError) as caught:
            mini.evaluate_batch(households, members, date=DATE, layout=layout)
        assert (caught.value.table, caught.value.column, caught.value.row) == ("households", "household_id", 1)
        assert "a household needs at least one member" in str(caught.value)


def frames():
    households = pd.DataFrame({"household_id": ["a", "b", "c"], "region": ["capital", "city", "rural"], "monthly_rent": [0, 300000, 0]})
    members = pd.DataFrame({
        "household_id": ["a", "a", "b", "c"],
        "birth_date": ["1950-01-01", "1955-03-02", "1980-01-01", "1990-01-01"],
        "earned_income": [0, 100, 200, 300],
    })
    return households, members


def set_cell(frame, column, row, value):
    frame[column] = frame[column].astype(object)
    frame.loc[row, column] = value


@pytest.mark.parametrize("table, column, row, value, message", [
    ("members", "earned_income", 2, "abc", 'members row 2, column \'earned_income\': expected money, got "abc"'),
    ("members", "birth_date", 1, "2023-02-30", "members row 1, column 'birth_date': '2023-02-30' is not a date (YYYY-MM-DD)"),
    ("members", "earned_income", 3, Decimal("0.1234567"),
     "members row 3, column 'earned_income': 0.1234567 is not an exact decimal (at most 6 decimal places, |x| < 9.2e12)"),
    ("members", "birth_date", 0, None, "members row 0, column 'birth_date': is required and cannot be null"),
    ("households", "monthly_rent", 1, -5, "households row 1, column 'monthly_rent': -5 is below the minimum 0"),
    ("households", "region", 2, "mars",
     "households row 2, column 'region': 'mars' is not a value of region (values: capital, city, rural)"),
    ("members", "household_id", 3, "zzz", "members row 3, column 'household_id': no household has the id 'zzz'"),
    ("households", "household_id", 2, "a", "households row 2, column 'household_id': the household id 'a' already appears in row 0"),
])
@pytest.mark.parametrize("layout", ["long", "wide"])
def test_bad_cells_name_the_table_column_and_row(mini, table, column, row, value, message, layout):
    households, members = frames()
    set_cell(households if table == "households" else members, column, row, value)
    with pytest.raises(ssis.InputError) as caught:
        mini.evaluate_batch(households, members, date=DATE, layout=layout)
    assert str(caught.value) == message
    assert (caught.value.table, caught.value.column, caught.value.row) == (table, column, row)


@pytest.mark.parametrize("table, column, message", [
    ("households", "colour", "households column 'colour': is not a field of the schema (see RuleSet.schema)"),
    ("households", "earned_income", "households column 'earned_income': is a member field; it belongs in the members table"),
    ("members", "region", "members column 'region': is a household field; it belongs in the households table"),
])
def test_unknown_columns_are_named(mini, table, column, message):
    households, members = frames()
    (households if table == "households" else members)[column] = "x"
    with pytest.raises(ssis.InputError) as caught:
        mini.evaluate_batch(households, members, date=DATE)
    assert str(caught.value) == message
    assert (caught.value.table, caught.value.column, caught.value.row) == (table, column, None)


def test_missing_id_column_and_bad_layout(mini):
    households, members = frames()
    with pytest.raises(ssis.InputError, match="members column 'household_id': the id column is missing"):
        mini.evaluate_batch(households, members.drop(columns="household_id"), date=DATE)
    with pytest.raises(ValueError, match="layout must be 'long', 'wide' or 'arrays', not 'tall'"):
        mini.evaluate_batch(households, members, date=DATE, layout="tall")


def test_member_path_of_the_error(mini):
    households, members = frames()
    set_cell(members, "earned_income", 1, -3)
    with pytest.raises(ssis.InputError) as caught:
        mini.evaluate_batch(households, members, date=DATE)
    assert caught.value.path == "members[1].earned_income"  # the second member of household "a"
    assert caught.value.reason == "-3 is below the minimum 0"


def test_the_gil_is_released_during_evaluation(kr, varied_households):
    households, members = to_tables(varied_households * 50)
    households["household_id"] = np.arange(len(households))
    members["household_id"] = np.repeat(households["household_id"], [len(h["members"]) for h in varied_households * 50]).to_numpy()
    elapsed = []

    def run():
        start = time.perf_counter()
        kr.evaluate_batch(households, members, date=DATE, threads=1)
        elapsed.append(time.perf_counter() - start)

    batch = threading.Thread(target=run)
    batch.start()
    ticks = [time.perf_counter()]
    while batch.is_alive():
        ticks.append(time.perf_counter())
    batch.join()
    longest_pause = max(b - a for a, b in zip(ticks, ticks[1:]))
    # Holding the GIL through the evaluation would stop this thread for the whole batch.
    assert longest_pause < 0.6 * elapsed[0], (longest_pause, elapsed[0])
