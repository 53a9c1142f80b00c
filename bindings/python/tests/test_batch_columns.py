"""Columns read whole: every dtype of the same population gives the decisions of the record
path (layout="long", one household record at a time), cell by cell, and the same errors."""
import sys
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import ssis
from conftest import DATE, ROOT

sys.path.insert(0, str(ROOT / "examples/python"))
from population import synthetic_population  # noqa: E402

MONEY = ["monthly_rent", "rent_deposit", "support_obligor_annual_income"]
MEMBER_MONEY = ["earned_income", "general_property", "financial_property", "vehicle_value", "debt"]
ENUMS = ["sido", "housing_rent_tier", "housing_tenure"]
MEMBER_ENUMS = ["sex", "relation_to_head", "school_level"]


@pytest.fixture(scope="module")
def population():
    """300 synthetic households with an int and a rate field added, about a tenth of the
    cells of most columns missing (NaN or None), and a few amounts with cents."""
    households, members = synthetic_population(300, seed=7)
    rng = np.random.default_rng(11)
    households["income_pct_of_median"] = rng.integers(0, 200, len(households)) / 100
    members["government_job_programmes"] = rng.integers(0, 4, len(members))
    members["earned_income"] = members["earned_income"].astype(float)
    members.loc[members.index[::17], "earned_income"] += 0.25
    for table, columns in ((households, MONEY + ["income_pct_of_median", "has_support_obligor"] + ENUMS),
                           (members, MEMBER_MONEY + MEMBER_ENUMS + ["disability_registered"])):
        for column in columns:
            blank = rng.random(len(table)) < 0.1
            if table[column].dtype.kind in "bi":
                table[column] = table[column].astype(object)
            table.loc[blank, column] = None
    return households, members


@pytest.fixture(scope="module")
def expected(kr, population):
    """The decisions of the record path: (status codes, amounts in millionths, amount known)."""
    households, members = population
    long = kr.evaluate_batch(households, members, date=DATE, layout="long")
    long = long[long["member"].isna()]  # the households' rows, without those of members
    shape = (len(households), len(kr.programmes))
    status = long["status"].cat.codes.to_numpy().reshape(shape)
    known = long["amount"].notna().to_numpy().reshape(shape)
    amount = np.array([int(a * 1_000_000) if a is not None else 0 for a in long["amount"]], dtype=np.int64).reshape(shape)
    return status, amount, known


def as_categories(households, members):
    households = households.copy()
    members = members.copy()
    for column in ENUMS:
        households[column] = households[column].astype("category")
    for column in MEMBER_ENUMS:
        members[column] = pd.Categorical(members[column], categories=sorted(members[column].dropna().unique()) + ["unused"])
    return households, members


def as_nullable(households, members):
    households = households.copy()
    members = members.copy()
    households["has_support_obligor"] = households["has_support_obligor"].astype("boolean")
    households["monthly_rent"] = households["monthly_rent"].astype("Int64")
    households["income_pct_of_median"] = households["income_pct_of_median"].astype("Float64")
    members["government_job_programmes"] = members["government_job_programmes"].astype("Int32")
    members["debt"] = members["debt"].astype("Int64")
    members["disability_registered"] = members["disability_registered"].astype("boolean")
    members["sex"] = members["sex"].astype("string")
    return households, members


def as_masked_arrays(households, members):
    def masked(series, dtype):
        missing = series.isna().to_numpy()
        return np.ma.masked_array(series.fillna(0).to_numpy(dtype=dtype), mask=missing)

    households = {column: households[column].to_numpy() for column in households}
    members = {column: members[column].to_numpy() for column in members}
    households["rent_deposit"] = masked(pd.Series(households["rent_deposit"]), np.int64)
    members["financial_property"] = masked(pd.Series(members["financial_property"]), np.int64)
    members["disability_registered"] = masked(pd.Series(members["disability_registered"]), bool)
    return households, members


def as_narrow_and_text(households, members):
    households = households.copy()
    members = members.copy()
    households["household_id"] = households["household_id"].astype(np.int32)
    members["household_id"] = members["household_id"].astype(np.uint16)
    members["government_job_programmes"] = members["government_job_programmes"].astype(np.int8)
    members["birth_date"] = members["birth_date"].dt.strftime("%Y-%m-%d").where(members["birth_date"].notna(), None)
    members["vehicle_value"] = [None if pd.isna(v) else Decimal(int(v)) for v in members["vehicle_value"]]
    return households, members


def as_dates_and_shuffled(households, members):
    households = households.copy()
    households["household_id"] = "h" + households["household_id"].astype(str)
    members = members.copy()
    members["household_id"] = "h" + members["household_id"].astype(str)
    members["birth_date"] = members["birth_date"].to_numpy().astype("datetime64[D]")
    # Rows of a household apart and out of order; a household's members keep their order.
    order = np.random.default_rng(3).permutation(len(members))
    order = sorted(order, key=lambda row: (order[row] % 5, row))
    return households, members.iloc[order].reset_index(drop=True)


@pytest.mark.parametrize("variant", [None, as_categories, as_nullable, as_masked_arrays, as_narrow_and_text, as_dates_and_shuffled])
def test_every_dtype_gives_the_decisions_of_the_record_path(kr, population, expected, variant):
    households, members = variant(*population) if variant else population
    status, amount, known = expected
    arrays = kr.evaluate_batch(households, members, date=DATE, layout="arrays", amounts="raw")
    assert arrays.status.shape == status.shape
    assert (arrays.status == status).all()
    assert (arrays.amount_known == known).all()
    assert (arrays.amount == amount).all()
    assert (arrays.status == 2).any() and (arrays.status == 0).any() and known.any()


def test_layouts_and_amounts_agree_cell_by_cell(kr, population, expected):
    households, members = population
    status, amount, known = expected
    ids = households["household_id"].to_numpy()
    programmes = [p.id for p in kr.programmes]
    wide = kr.evaluate_batch(households, members, date=DATE, layout="wide")
    raw = kr.evaluate_batch(households, members, date=DATE, layout="wide", amounts="raw", threads=1)
    decimals = kr.evaluate_batch(households, members, date=DATE, layout="arrays")
    long_raw = kr.evaluate_batch(households, members, date=DATE, amounts="raw")
    # After the amount of a programme assessed per member, its members' decisions.
    per_member = {p.id for p in kr.programmes if p.unit == "member"}
    assert per_member
    assert list(wide.columns) == ["household_id"] + [
        c for p in programmes for c in (p, f"{p}_amount") + ((f"{p}_members",) if p in per_member else ())
    ]
    assert list(wide.columns) == list(raw.columns)
    assert (wide["household_id"].to_numpy() == ids).all() and (decimals.ids == ids).all()
    assert decimals.programmes == tuple(programmes)
    for p, programme in enumerate(programmes):
        assert wide[programme].dtype == "category" and list(wide[programme].cat.categories) == list(ssis.batch.STATUSES)
        assert (wide[programme].cat.codes.to_numpy() == status[:, p]).all()
        assert (raw[programme].cat.codes.to_numpy() == status[:, p]).all()
        assert raw[f"{programme}_amount"].dtype == "Int64"
        assert (raw[f"{programme}_amount"].isna().to_numpy() == ~known[:, p]).all()
        assert (raw[f"{programme}_amount"].fillna(0).to_numpy() == amount[:, p]).all()
        expected_decimals = [Decimal(int(a)) / 1_000_000 if k else None for a, k in zip(amount[:, p], known[:, p])]
        assert list(wide[f"{programme}_amount"]) == expected_decimals
        assert list(decimals.amount[:, p]) == expected_decimals
    assert {type(a) for a in wide[[f"{p}_amount" for p in programmes]].to_numpy().ravel() if a is not None} == {Decimal}
    assert str(Decimal(1) / 4) == str(ssis._ssis.decimals(np.array([250_000]))[0])  # the text single evaluations give
    long_raw = long_raw[long_raw["member"].isna()]
    assert (long_raw["amount"].isna().to_numpy() == ~known.ravel()).all()
    assert (long_raw["amount"].fillna(0).to_numpy() == amount.ravel()).all()


def test_some_programmes_alone_are_decided_as_with_every_programme(kr, population, expected):
    households, members = population
    status, amount, known = expected
    every = [p.id for p in kr.programmes]
    whole = kr.evaluate_batch(households, members, date=DATE, layout="arrays", amounts="raw")
    for chosen in (["nbls_housing_rent"], ["basic_pension", "sports_lesson_voucher"]):
        wide = kr.evaluate_batch(households, members, date=DATE, layout="wide", amounts="raw", programmes=chosen)
        arrays = kr.evaluate_batch(households, members, date=DATE, layout="arrays", amounts="raw", programmes=chosen)
        decided = list(arrays.programmes)
        assert set(chosen) <= set(decided) and decided == [p for p in every if p in decided]
        assert len(decided) < len(every)
        for c, programme in enumerate(decided):
            p = every.index(programme)
            assert (wide[programme].cat.codes.to_numpy() == status[:, p]).all()
            assert (wide[f"{programme}_amount"].fillna(0).to_numpy() == amount[:, p]).all()
            assert (arrays.status[:, c] == status[:, p]).all()
            assert (arrays.amount_known[:, c] == known[:, p]).all()
        assert [c for c in wide.columns if not c.endswith(("_amount", "_members"))] == ["household_id"] + decided
        for k, programme in enumerate(arrays.member_programmes):
            w = whole.member_programmes.index(programme)
            assert (arrays.unit_status[:, k] == whole.unit_status[:, w]).all()
            assert (arrays.unit_amount[:, k] == whole.unit_amount[:, w]).all()
    assert "basic_pension" in arrays.member_programmes


def test_a_selection_of_programmes_refuses_what_it_cannot_decide(kr, population):
    households, members = population
    with pytest.raises(ValueError, match="'no_such_programme' is not a programme of rule set 'kr'"):
        kr.evaluate_batch(households, members, date=DATE, layout="wide", programmes=["no_such_programme"])
    with pytest.raises(ValueError, match="at least one programme"):
        kr.evaluate_batch(households, members, date=DATE, layout="arrays", programmes=[])
    with pytest.raises(ValueError, match="layout='wide' or 'arrays'"):
        kr.evaluate_batch(households, members, date=DATE, programmes=["basic_pension"])
    with pytest.raises(TypeError, match="list of programme ids"):
        kr.evaluate_batch(households, members, date=DATE, layout="wide", programmes="basic_pension")
    with pytest.raises(TypeError, match="list of programme ids"):
        kr.evaluate_batch(households, members, date=DATE, layout="wide", programmes=["basic_pension", 3])
    from_generator = kr.evaluate_batch(households, members, date=DATE, layout="arrays", programmes=(p for p in ["basic_pension"]))
    assert from_generator.programmes == ("basic_pension",)


BAD_CELLS = [
    # (table, column, row, value, dtype to give the column, message)
    ("members", "debt", 40, -5, "Int64", "-5 is below the minimum 0"),
    ("members", "government_job_programmes", 3, -1, np.int32, "-1 is below the minimum 0"),
    ("members", "sex", 7, "other", "category", "'other' is not a value of sex (values: female, male)"),
    ("households", "housing_tenure", 5, "castle", "category", None),
    ("members", "birth_date", 9, "2023-02-30", object, "'2023-02-30' is not a date (YYYY-MM-DD)"),
    ("members", "birth_date", 11, np.datetime64("2030-01-01"), "datetime64[D]", None),
    ("households", "monthly_rent", 2, 0.1234567, float, None),
    ("households", "has_support_obligor", 4, 1, object, "expected bool, got 1"),
    ("members", "debt", 12, 2**62, "Int64", "4611686018427387904 is outside the range of exact decimals"),
]


@pytest.mark.parametrize("table, column, row, value, dtype, message", BAD_CELLS)
def test_bad_cells_are_named_alike_on_both_paths(kr, population, table, column, row, value, dtype, message):
    households, members = (t.copy() for t in population)
    frame = households if table == "households" else members
    cells = frame[column].astype(object)
    cells.iloc[row] = value
    frame[column] = cells.astype(dtype) if dtype is not object else cells
    errors = []
    for layout in ("long", "wide", "arrays"):
        with pytest.raises(ssis.InputError) as caught:
            kr.evaluate_batch(households, members, date=DATE, layout=layout)
        error = caught.value
        errors.append((str(error), error.table, error.column, error.row, error.path, error.reason))
    assert errors[0] == errors[1] == errors[2]
    assert errors[0][1:4] == (table, column, row)
    if message is not None:
        assert errors[0][5] == message
    if table == "members":
        assert errors[0][4].startswith("members[") and errors[0][4].endswith(f"].{column}")


def frames():
    households = pd.DataFrame({"household_id": [1, 2, 3], "region": ["capital", "city", "rural"], "monthly_rent": [0, 300000, 0]})
    members = pd.DataFrame({
        "household_id": [1, 1, 2, 3],
        "birth_date": pd.to_datetime(["1950-01-01", "1955-03-02", "1980-01-01", "1990-01-01"]),
        "earned_income": [0, 100, 200, 300],
    })
    return households, members


@pytest.mark.parametrize("table, column, values, message", [
    ("members", "earned_income", np.array([1 + 2j] * 4),
     "members row 0, column 'earned_income': a value of type complex cannot be an input; use bool, int, str, decimal.Decimal or datetime.date"),
    ("members", "earned_income", np.array([1, 2, 3, 4], dtype="timedelta64[D]"),
     "members row 0, column 'earned_income': a value of type Timedelta cannot be an input; use bool, int, str, decimal.Decimal or datetime.date"),
    ("members", "earned_income", ["1", "x", 3, 4], 'members row 0, column \'earned_income\': expected money, got "1"'),
    ("members", "earned_income", [0, 2**70, 0, 0], "members row 1, column 'earned_income': 1180591620717411303424 is too large"),
    ("members", "earned_income", np.array([0, 2**63 + 5, 0, 0], dtype=np.uint64),
     "members row 1, column 'earned_income': 9223372036854775813 is too large"),
    ("members", "earned_income", np.array([0, 2**63 - 1, 0, 0]),
     "members row 1, column 'earned_income': 9223372036854775807 is outside the range of exact decimals"),
    ("members", "earned_income", np.array([0.0, np.inf, 0.0, 0.0]), "members row 1, column 'earned_income': inf is not a finite number"),
    ("members", "is_disabled", np.array([1.0, np.nan, 0.0, 1.0]), "members row 0, column 'is_disabled': expected bool, got 1"),
    ("members", "birth_date", np.array(["1950-01-01T12:00", "NaT", "NaT", "NaT"], dtype="datetime64[m]"),
     "members row 0, column 'birth_date': 1950-01-01 12:00:00 has a time of day; give a date"),
    ("members", "earned_income", np.zeros((4, 2)), "members column 'earned_income': must be one-dimensional"),
    ("members", "earned_income", [0, 1, 2], "members column 'earned_income': has 3 rows where 'household_id' has 4"),
    ("households", "monthly_rent", np.ma.masked_array([0, 5, 0, 0], mask=[0, 1, 0, 0]),
     "households column 'monthly_rent': has 4 rows where 'household_id' has 3"),
])
def test_hostile_columns_get_clear_errors(mini, table, column, values, message):
    households, members = frames()
    tables = {"households": {c: households[c] for c in households}, "members": {c: members[c] for c in members}}
    tables[table][column] = values
    with pytest.raises(ssis.InputError) as caught:
        mini.evaluate_batch(tables["households"], tables["members"], date=DATE, layout="wide")
    assert str(caught.value) == message


def test_missing_cells_of_every_kind_are_unknown(mini):
    households, members = frames()

    def status(needs_assessment):
        return mini.evaluate_batch(households, {**dict(members.items()), "needs_assessment": needs_assessment},
                                   date=DATE, layout="arrays").status

    unknown = status([None, None, True, True])
    assert (unknown != status([True, True, True, True])).any()  # the column decides something
    for needs_assessment in ([np.nan, pd.NA, True, True], pd.array([None, None, True, True], dtype="boolean"),
                             np.ma.masked_array([True, False, True, True], mask=[1, 1, 0, 0]),
                             pd.Categorical([None, None, True, True]), np.array([None, None, True, True], dtype=object)):
        assert (status(needs_assessment) == unknown).all()
    dates = members.copy()
    dates["birth_date"] = dates["birth_date"].astype(object)
    dates.loc[1, "birth_date"] = pd.NaT
    with pytest.raises(ssis.InputError, match=r"members row 1, column 'birth_date': is required and cannot be null"):
        mini.evaluate_batch(households, dates, date=DATE, layout="arrays")


def test_repeated_columns_are_rejected(mini):
    households, members = frames()
    repeated = pd.concat([households, households[["region"]]], axis=1)
    with pytest.raises(ssis.InputError) as caught:
        mini.evaluate_batch(repeated, members, date=DATE, layout="wide")
    assert str(caught.value) == "households column 'region': appears more than once"
    # An error about a whole column has the column as its path.
    assert (caught.value.table, caught.value.column, caught.value.row, caught.value.path) == ("households", "region", None, "region")
    numbered = pd.DataFrame({"household_id": [1, 2, 3], "region": ["city"] * 3, 7: [0, 0, 0], "7": [0, 0, 0]})
    with pytest.raises(ssis.InputError, match="households column '7': appears more than once"):
        mini.evaluate_batch(numbered, members, date=DATE)


def test_amounts_option_is_checked(mini):
    households, members = frames()
    with pytest.raises(ValueError, match="amounts must be 'decimal', 'raw', 'minor' or 'float', not 'cents'"):
        mini.evaluate_batch(households, members, date=DATE, amounts="cents")


def test_int64_ids_and_members_out_of_order(mini):
    households, members = frames()
    expected = mini.evaluate_batch(households, members, date=DATE, layout="arrays", amounts="raw")
    reordered = members.iloc[[3, 1, 2, 0]].reset_index(drop=True)  # household 1's members keep their order
    arrays = mini.evaluate_batch(households, reordered, date=DATE, layout="arrays", amounts="raw")
    assert (arrays.status == expected.status).all() and (arrays.amount == expected.amount).all()
    strays = members.copy()
    strays.loc[2, "household_id"] = 9
    with pytest.raises(ssis.InputError, match="members row 2, column 'household_id': no household has the id '9'"):
        mini.evaluate_batch(households, strays, date=DATE, layout="wide")
    twice = households.copy()
    twice.loc[2, "household_id"] = 1
    with pytest.raises(ssis.InputError, match="households row 2, column 'household_id': the household id '1' already appears in row 0"):
        mini.evaluate_batch(twice, members, date=DATE, layout="wide")


@pytest.mark.parametrize("column, message", [
    ((np.array(["capital"], dtype=object), np.array([0, 0, 5]), None), "households row 2, column 'region': the categorical code 5 has no category"),
    ((np.array(["capital"] * 3, dtype=object), None, np.array([True, False])), "households column 'region': has a mask of 2 rows for 3 values"),
    ((np.array(["capital"] * 3, dtype=object), None, np.array([1, 0, 1])), "households column 'region': the mask must be a 1-D bool array"),
    ((np.array(["capital"] * 3, dtype=object),), "households column 'region': must be an array or a (values, codes, given) tuple"),
    ((np.array(["capital"] * 3, dtype=object), "codes", None), "households column 'region': the categorical codes must be a 1-D integer array"),
])
def test_native_columns_are_checked(mini, column, message):
    members = {"household_id": np.array([1, 2, 3]), "birth_date": np.array(["1950-01-01"] * 3, dtype="datetime64[D]")}
    households = {"household_id": np.array([1, 2, 3]), "region": column}
    with pytest.raises(ssis.InputError) as caught:
        mini._native.evaluate_tables(households, members, "household_id", DATE, decisions_only=True)
    assert str(caught.value) == message
