"""What makes the package work as pandas users expect: calculate, amounts as Decimal, minor
units or float, ministry and period in every layout, extra columns, the id from the index,
dates of every kind, Outcome.to_frame and the path of every InputError."""
import datetime
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import ssis
from conftest import DATE, ROOT, as_in_tables, to_tables


@pytest.fixture(scope="module")
def tables(example_households):
    return to_tables(list(example_households.values()))


def test_calculate_gives_a_household_variable(mini) -> None:
    household = {"region": "capital", "members": [{"birth_date": "1980-01-01", "earned_income": 765444}]}
    # The threshold tests/data/mini's own test expects on this date.
    assert mini.calculate(household, "threshold", "2025-03-01") == Decimal(765444)
    assert mini.calculate(household, "household_size", "2025-03-01") == 1
    assert mini.calculate(household, "has_elder", datetime.date(2025, 3, 1)) is False
    unknown = {"region": "capital", "members": [{"birth_date": "1980-01-01", "earned_income": None}]}
    assert mini.calculate(unknown, "income", "2025-03-01") is None


def test_calculate_rejects_unknown_and_member_variables_and_bad_input(mini) -> None:
    household = {"region": "capital", "members": [{"birth_date": "1980-01-01"}]}
    with pytest.raises(KeyError, match="no variable 'nope'"):
        mini.calculate(household, "nope", DATE)
    with pytest.raises(KeyError, match="member variable"):
        mini.calculate(household, "age", DATE)
    with pytest.raises(ssis.InputError) as error:
        mini.calculate({"region": "capital", "members": [{"birth_date": "yesterday"}]}, "income", DATE)
    assert error.value.path == "members[0].birth_date"


def test_calculate_defaults_to_today(mini) -> None:
    household = {"region": "capital", "members": [{"birth_date": "1950-01-01"}]}
    today = datetime.datetime.now(datetime.timezone.utc).date()
    assert mini.calculate(household, "has_elder") == mini.calculate(household, "has_elder", today)


@pytest.mark.parametrize("layout", ["long", "wide", "arrays"])
def test_amounts_as_minor_units_and_floats_are_the_exact_decimals(kr, tables, layout) -> None:
    households, members = tables
    results = {amounts: kr.evaluate_batch(households, members, DATE, layout=layout, amounts=amounts)
               for amounts in ("decimal", "minor", "float", "raw")}
    if layout == "arrays":
        decimal, minor, floats = (results[a].amount for a in ("decimal", "minor", "float"))
        known = results["decimal"].amount_known
        assert minor.dtype == np.int64 and floats.dtype == np.float64
    else:
        column = "amount" if layout == "long" else f"{kr.programmes[0].id}_amount"
        amount_columns = [c for c in results["decimal"].columns if c == "amount" or c.endswith("_amount")]
        decimal = np.concatenate([results["decimal"][c].to_numpy(dtype=object) for c in amount_columns])
        minor = np.concatenate([results["minor"][c].to_numpy(dtype="float64", na_value=np.nan) for c in amount_columns])
        floats = np.concatenate([results["float"][c].to_numpy() for c in amount_columns])
        known = np.array([d is not None for d in decimal])
        assert str(results["minor"][column].dtype) == "Int64" and results["float"][column].dtype == np.float64
    assert known.any()
    for d, m, f, k in zip(decimal.ravel(), minor.ravel(), floats.ravel(), known.ravel()):
        if k:
            assert Decimal(int(m)) == d and f == float(d)
        else:
            assert np.isnan(f)


def test_a_mean_of_float_amounts_is_a_number(kr, tables) -> None:
    households, members = tables
    result = kr.evaluate_batch(households, members, DATE, amounts="float")
    mean = result.loc[result["status"] == "eligible", "amount"].mean()
    decimals = kr.evaluate_batch(households, members, DATE)
    eligible = [a for a, s in zip(decimals["amount"], decimals["status"]) if s == "eligible" and a is not None]
    assert isinstance(mean, float) and mean == pytest.approx(float(sum(eligible) / len(eligible)))


def test_minor_units_of_an_amount_with_a_fraction_are_an_error(tmp_path) -> None:
    rules = ssis.load(ROOT / "tests/data/mini")
    assert rules.currency == "KRW"
    from ssis.batch import _AmountConversion
    conversion = _AmountConversion("minor", "KRW")
    with pytest.raises(ValueError, match="0.5 KRW is not a whole number of minor units"):
        conversion.array(np.array([500000, 1000000]), np.array([True, True]))
    assert list(conversion.array(np.array([2000000, 7]), np.array([True, False]))) == [2, 0]
    with pytest.raises(ValueError, match="minor unit of XTS is not known"):
        _AmountConversion("minor", "XTS")
    with pytest.raises(ValueError, match="amounts must be"):
        rules.evaluate_batch(pd.DataFrame({"household_id": []}), pd.DataFrame({"household_id": []}), DATE, amounts="cents")


def test_ministry_and_period_in_every_layout(kr, tables) -> None:
    households, members = tables
    ministry = {p.id: p.ministry for p in kr.programmes}
    period = {p.id: p.period for p in kr.programmes}
    long = kr.evaluate_batch(households, members, DATE)
    assert list(long.columns[:5]) == ["household_id", "programme", "ministry", "period", "member"]
    assert (long["ministry"].astype(str) == long["programme"].astype(str).map(ministry)).all()
    assert [None if pd.isna(v) else v for v in long["period"]] == [period[p] for p in long["programme"]]
    wide = kr.evaluate_batch(households, members, DATE, layout="wide")
    assert wide.attrs["ministry"] == ministry and wide.attrs["period"] == period
    arrays = kr.evaluate_batch(households, members, DATE, layout="arrays")
    assert arrays.ministries == tuple(ministry.values()) and arrays.periods == tuple(period.values())


def test_extra_columns_are_ignored_on_request(kr, tables) -> None:
    households, members = tables
    expected = kr.evaluate_batch(households, members, DATE)
    with pytest.raises(ssis.InputError) as error:
        kr.evaluate_batch(households.assign(note="x"), members, DATE)
    assert (error.value.table, error.value.column, error.value.path) == ("households", "note", "note")
    extra = kr.evaluate_batch(households.assign(note="x"), members.assign(surname="Kim", score=1.5), DATE,
                              extra_columns="ignore")
    pd.testing.assert_frame_equal(extra, expected)
    # A schema field in the wrong table is still an error.
    with pytest.raises(ssis.InputError):
        kr.evaluate_batch(households, members.assign(property_region="seoul"), DATE, extra_columns="ignore")
    with pytest.raises(ValueError, match="extra_columns"):
        kr.evaluate_batch(households, members, DATE, extra_columns="drop")


def test_the_household_id_may_be_the_index(kr, tables) -> None:
    households, members = tables
    expected = kr.evaluate_batch(households, members, DATE, layout="wide")
    indexed = kr.evaluate_batch(households.set_index("household_id"), members.set_index("household_id"), DATE,
                                layout="wide")
    pd.testing.assert_frame_equal(indexed, expected)
    renamed = households.rename(columns={"household_id": "hid"}).set_index("hid")
    by_name = kr.evaluate_batch(renamed, members.rename(columns={"household_id": "hid"}), DATE, id_column="hid")
    assert list(by_name["hid"].unique()) == list(households["household_id"])


def test_dates_of_every_kind(kr, tables) -> None:
    households, members = tables
    expected = kr.evaluate_batch(households, members, DATE, layout="wide")
    for date in (np.datetime64(DATE), pd.Timestamp(DATE), datetime.date.fromisoformat(DATE),
                 datetime.datetime.fromisoformat(DATE)):
        pd.testing.assert_frame_equal(kr.evaluate_batch(households, members, date, layout="wide"), expected)
    as_dates = members.assign(birth_date=[datetime.date.fromisoformat(d) for d in members["birth_date"]])
    as_datetime64 = members.assign(birth_date=pd.to_datetime(members["birth_date"]))
    for table in (as_dates, as_datetime64):
        pd.testing.assert_frame_equal(kr.evaluate_batch(households, table, DATE, layout="wide"), expected)
    with pytest.raises(ValueError, match="time of day"):
        kr.evaluate_batch(households, members, np.datetime64(DATE + "T12:00"))
    with pytest.raises(ValueError, match="NaT"):
        kr.evaluate_batch(households, members, np.datetime64("NaT"))


def test_an_outcome_as_a_frame_is_its_rows_of_the_long_layout(kr, example_households) -> None:
    for household in as_in_tables(list(example_households.values())):
        households, members = to_tables([household])
        for amounts in ("decimal", "minor", "float"):
            expected = kr.evaluate_batch(households, members, DATE, amounts=amounts)
            frame = kr.evaluate(household, DATE).to_frame(amounts=amounts)
            pd.testing.assert_frame_equal(frame, expected)


def test_an_outcome_frame_of_a_rule_set_without_member_programmes(mini) -> None:
    household = {"id": "h1", "region": "capital", "members": [{"birth_date": "1950-01-01", "earned_income": 500000}]}
    frame = mini.evaluate(household, "2025-03-01").to_frame()
    assert list(frame.columns) == ["household_id", "programme", "ministry", "period", "status", "amount", "missing",
                                   "excluded_by", "error"]
    households, members = to_tables([household])
    pd.testing.assert_frame_equal(frame, mini.evaluate_batch(households, members, "2025-03-01"))


def test_every_input_error_of_a_batch_has_a_path(kr, tables) -> None:
    households, members = tables
    cases = [
        (households.drop(columns="household_id"), members),                      # no id column
        (pd.concat([households, households.iloc[:1]]), members),                 # an id twice
        (households, members.assign(household_id="nobody")),                     # a member of no household
        (households.assign(nothing=np.zeros((len(households),), dtype="complex128")), members),  # unsupported dtype
        (households, members.assign(birth_date="someday")),                      # a bad cell
    ]
    for h, m in cases:
        with pytest.raises(ssis.InputError) as error:
            kr.evaluate_batch(h, m, DATE)
        assert error.value.path, str(error.value)
