"""Batch evaluation: tables of households and members in, a pandas DataFrame out."""
from __future__ import annotations

from typing import AbstractSet, Any, Dict, List, Literal, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _ssis
from .catalogue import Programme

Table = Union[pd.DataFrame, Mapping[str, Any]]
"""A DataFrame, or a dict of equally long columns (numpy arrays, lists, Series)."""

Layout = Literal["long", "wide", "arrays"]
Amounts = Literal["decimal", "raw", "minor", "float"]
"""How amounts come: "decimal" exact decimal.Decimal (None where there is none); "raw" int64
millionths of the currency unit; "minor" int64 minor units of the currency (won, dong: see
MINOR_UNIT_DIGITS), exact or an error; "float" float64 (NaN where there is none), rounded
to the nearest double."""

MINOR_UNIT_DIGITS = {"KRW": 0, "VND": 0, "JPY": 0, "USD": 2, "EUR": 2, "GBP": 2}
"""The digits of each currency's minor unit (ISO 4217), for amounts="minor"."""

AMOUNT_DIGITS = 6
"""Amounts are fixed-point with 6 fractional digits: raw 1,000,000 is one currency unit."""

STATUSES = ("eligible", "ineligible", "undetermined", "error")
"""The status categories, in the order of the native status codes."""

_STATUS_DTYPE = pd.CategoricalDtype(STATUSES)

NativeColumn = Tuple[np.ndarray, Optional[np.ndarray], Optional[np.ndarray]]
"""A column as the native module reads it: (values, codes, given); see _native_column."""


class BatchArrays(NamedTuple):
    """The decisions of `evaluate_batch(layout="arrays")` as numpy arrays of shape
    (households, programmes): households in input order, programmes in rule-set order."""

    ids: np.ndarray
    """The household ids, as in the households table."""
    programmes: Tuple[str, ...]
    """The programme ids, in the order of the second axis."""
    status: np.ndarray
    """uint8 codes: the index of the status in STATUSES (0 eligible, 1 ineligible, 2 undetermined, 3 error)."""
    amount: np.ndarray
    """amounts="raw": int64 millionths of the currency unit, 0 where there is no amount;
    "minor": int64 minor units, 0 where there is none; "float": float64, NaN where there is
    none; "decimal": decimal.Decimal, or None where there is no amount."""
    amount_known: np.ndarray
    """bool: the programme has an amount."""
    member_programmes: Tuple[str, ...] = ()
    """The programmes assessed per member (their ids, in rule-set order): the second axis of
    the unit arrays. Empty when the rule set has none, and the unit arrays are then empty."""
    member_offsets: Optional[np.ndarray] = None
    """uint32, households + 1 entries: household h's members are rows member_offsets[h] to
    member_offsets[h + 1] - 1 of the unit arrays (the members table's rows, grouped by household)."""
    unit_assessed: Optional[np.ndarray] = None
    """bool, (members, member programmes): the programme assesses the member (its `unit.where`
    holds or is not known)."""
    unit_status: Optional[np.ndarray] = None
    """uint8 codes as `status`, (members, member programmes): the member's decision
    (ineligible where not assessed)."""
    unit_amount: Optional[np.ndarray] = None
    """As `amount`, (members, member programmes): the member's amount."""
    unit_amount_known: Optional[np.ndarray] = None
    """bool, (members, member programmes): the member's amount is known."""
    ministries: Tuple[str, ...] = ()
    """Each programme's ministry, in the order of `programmes`."""
    periods: Tuple[Optional[str], ...] = ()
    """The period of each programme's amount ("month", "year", ...; None where it states
    none), in the order of `programmes`."""


def evaluate_tables(
    native: _ssis.RuleSet,
    programmes: Sequence[Programme],
    households: Table,
    members: Table,
    *,
    date: str,
    id_column: str,
    layout: Layout,
    amounts: Amounts,
    threads: int,
    currency: str,
    fields: Optional[AbstractSet[str]] = None,
    selected: Optional[Sequence[str]] = None,
) -> Union[pd.DataFrame, BatchArrays]:
    """Evaluates the tables with the native rule set and lays the result out as asked.
    `fields`: the schema's field names, when columns that are none of them (nor the id) are
    to be left out; None: every column is read. `selected`: programme ids to decide alone
    (with those their relations tie them to); None: every programme."""
    if layout not in ("long", "wide", "arrays"):
        raise ValueError(f"layout must be 'long', 'wide' or 'arrays', not {layout!r}")
    if amounts not in ("decimal", "raw", "minor", "float"):
        raise ValueError(f"amounts must be 'decimal', 'raw', 'minor' or 'float', not {amounts!r}")
    if threads < 0:
        raise ValueError("threads must be 0 (every core) or more")
    if selected is not None:
        if isinstance(selected, str):
            raise TypeError("programmes must be a list of programme ids")
        selected = list(selected)
        if not all(isinstance(p, str) for p in selected):
            raise TypeError("programmes must be a list of programme ids")
        if layout == "long":
            raise ValueError("programmes= decides some programmes on the columnar engine: use layout='wide' or 'arrays'")
    convert = _AmountConversion(amounts, currency)
    household_columns = _columns(_with_id_column(households, id_column), "households", id_column, fields)
    result = native.evaluate_tables(
        household_columns,
        _columns(_with_id_column(members, id_column), "members", id_column, fields),
        id_column,
        date,
        threads,
        decisions_only=layout != "long",
        programme_major=layout == "wide",
        programmes=selected,
    )
    ids = _ids(household_columns[id_column])
    every_id = [p.id for p in programmes]
    if "programmes" in result:
        programmes = [programmes[p] for p in result["programmes"]]
    ids_list = [p.id for p in programmes]
    if layout == "long":
        return _long_frame(id_column, ids, programmes, result, convert)
    shape = (len(programmes), len(ids)) if layout == "wide" else (len(ids), len(programmes))
    status = result["status"].reshape(shape)
    amount = result["amount"].reshape(shape)
    known = result["amount_known"].reshape(shape)
    if layout == "arrays":
        return BatchArrays(ids, tuple(ids_list), status, convert.array(amount, known), known,
                           **_unit_arrays(every_id, result, convert), ministries=tuple(p.ministry for p in programmes),
                           periods=tuple(p.period for p in programmes))
    frame = _wide_frame(id_column, ids, ids_list, status, amount, known, convert, result.get("members", {}))
    frame.attrs["ministry"] = {p.id: p.ministry for p in programmes}
    frame.attrs["period"] = {p.id: p.period for p in programmes}
    return frame


class _AmountConversion:
    """Raw amounts (int64 millionths, with a mask of the known ones) as `amounts` asks."""

    def __init__(self, amounts: Amounts, currency: str) -> None:
        self.amounts = amounts
        self.currency = currency
        if amounts == "minor":
            if currency not in MINOR_UNIT_DIGITS:
                raise ValueError(f"amounts='minor': the minor unit of {currency} is not known "
                                 f"(known: {', '.join(sorted(MINOR_UNIT_DIGITS))}); use amounts='raw' or 'decimal'")
            self.divisor = 10 ** (AMOUNT_DIGITS - MINOR_UNIT_DIGITS[currency])

    def array(self, amount: np.ndarray, known: np.ndarray) -> np.ndarray:
        """A plain numpy array: Decimal objects (None where not known), int64 (0 where not
        known) or float64 (NaN where not known)."""
        if self.amounts == "decimal":
            return _decimals(amount, known)
        if self.amounts == "float":
            return np.where(known, amount / 10.0 ** AMOUNT_DIGITS, np.nan)
        if self.amounts == "raw":
            return amount
        minor, remainder = np.divmod(amount, self.divisor)
        inexact = known & (remainder != 0)
        if inexact.any():
            value = _ssis.decimals(amount[inexact][:1])[0]
            raise ValueError(f"amounts='minor': an amount of {value} {self.currency} is not a whole number of minor units; "
                             "use amounts='decimal' or 'raw'")
        return np.where(known, minor, 0)

    def column(self, amount: np.ndarray, known: np.ndarray) -> Any:
        """A DataFrame column: as `array`, integers as a nullable Int64 array (<NA> where not known)."""
        values = self.array(amount, known)
        if self.amounts in ("raw", "minor"):
            return pd.arrays.IntegerArray(values, ~known)
        return values


def _long_frame(id_column: str, ids: np.ndarray, programmes: Sequence[Programme], result: Dict[str, Any],
                convert: _AmountConversion) -> pd.DataFrame:
    """One row per household and programme, with the programme's ministry and the period of
    its amount; for a rule set with programmes assessed per member, a `member` column
    (nullable Int64) and, before each such programme's row, a row per member it assesses
    (the programme's own row has no member)."""
    status = result["status"]
    amount = result["amount"]
    known = result["amount_known"]
    if "member" in result:
        programme_codes = result["programme"]
        households = ids[result["household"]]
    else:
        programme_codes = np.tile(np.arange(len(programmes)), len(ids))
        households = np.repeat(ids, len(programmes))
    columns: Dict[str, Any] = {
        id_column: households,
        "programme": pd.Categorical.from_codes(programme_codes, categories=[p.id for p in programmes]),
        "ministry": _programme_attribute(programme_codes, [p.ministry for p in programmes]),
        "period": _programme_attribute(programme_codes, [p.period for p in programmes]),
    }
    if "member" in result:
        columns["member"] = pd.arrays.IntegerArray(result["member"], result["member"] < 0)
    columns.update({
        "status": pd.Categorical.from_codes(status.view(np.int8), dtype=_STATUS_DTYPE),
        "amount": convert.column(amount, known),
        "missing": result["missing"],
        "excluded_by": result["excluded_by"],
        "error": result["error"],
    })
    return pd.DataFrame(columns)


def _programme_attribute(codes: np.ndarray, values: Sequence[Optional[str]]) -> pd.Categorical:
    """Each row's programme's attribute (ministry, period) as a Categorical of its values."""
    categories = sorted({v for v in values if v is not None})
    index = {v: i for i, v in enumerate(categories)}
    value_codes = np.array([index.get(v, -1) if v is not None else -1 for v in values], dtype=np.int64)
    return pd.Categorical.from_codes(value_codes[codes] if len(codes) else codes, categories=categories)


def _unit_arrays(programmes: Sequence[str], result: Dict[str, Any], convert: _AmountConversion) -> Dict[str, Any]:
    """The BatchArrays fields of the members' decisions, shaped (members, member programmes);
    `programmes`: every programme's id, in rule-set order."""
    if "member_programmes" not in result:
        return {}
    member_programmes = tuple(programmes[p] for p in result["member_programmes"])
    shape = (-1, len(member_programmes))
    amount = result["unit_amount"].reshape(shape)
    known = result["unit_amount_known"].reshape(shape)
    return {
        "member_programmes": member_programmes,
        "member_offsets": result["member_offsets"],
        "unit_assessed": result["unit_assessed"].reshape(shape),
        "unit_status": result["unit_status"].reshape(shape),
        "unit_amount": convert.array(amount, known),
        "unit_amount_known": known,
    }


def _wide_frame(
    id_column: str,
    ids: np.ndarray,
    programmes: Sequence[str],
    status: np.ndarray,
    amount: np.ndarray,
    known: np.ndarray,
    convert: _AmountConversion,
    members: Mapping[str, List[Optional[str]]],
) -> pd.DataFrame:
    """One row per household: a status column and an amount column per programme, in that
    order, from programme-major arrays (one row each); after the amount of a programme
    assessed per member, a "<id>_members" column listing its members' decisions as
    "MEMBER:STATUS[:AMOUNT]" separated by ';' (None where it assesses no member)."""
    status_codes = status.view(np.int8)
    statuses = {programme: pd.Categorical.from_codes(status_codes[p], dtype=_STATUS_DTYPE) for p, programme in enumerate(programmes)}
    amount_names = [f"{programme}_amount" for programme in programmes]
    member_columns = {f"{programme}_members": pd.Series(texts, dtype=object) for programme, texts in members.items()}
    order = [id_column]
    for programme, amount_name in zip(programmes, amount_names):
        order += [programme, amount_name] + ([f"{programme}_members"] if programme in members else [])
    if convert.amounts != "decimal":
        columns: Dict[str, Any] = {id_column: ids}
        for p, programme in enumerate(programmes):
            columns[programme] = statuses[programme]
            columns[amount_names[p]] = convert.column(amount[p], known[p])
        columns.update(member_columns)
        frame = pd.DataFrame(columns, copy=False)
        return frame[order] if member_columns else frame
    # The Decimal amounts as one block of objects: built column by column, pandas would
    # inspect and then copy every one of them.
    decimals = pd.DataFrame(_decimals(amount, known).T, columns=amount_names, dtype=object, copy=False)
    parts = [pd.DataFrame({id_column: ids}), pd.DataFrame(statuses, copy=False), decimals]
    if member_columns:
        parts.append(pd.DataFrame(member_columns, copy=False))
    frame = pd.concat(parts, axis=1, copy=False)
    return frame[order]


def _decimals(amount: np.ndarray, known: np.ndarray) -> np.ndarray:
    """The raw amounts as decimal.Decimal objects (None where not known); each distinct
    amount is one object."""
    out = np.full(amount.shape, None, dtype=object)
    distinct, index = np.unique(amount[known], return_inverse=True)
    out[known] = np.array(_ssis.decimals(distinct), dtype=object)[index]
    return out


def _with_id_column(table: Table, id_column: str) -> Table:
    """A DataFrame whose index is named `id_column` and that has no such column, with the
    index as that column; any other table as it is."""
    if isinstance(table, pd.DataFrame) and id_column not in table.columns and id_column in (table.index.names or ()):
        return table.reset_index(level=id_column)
    return table


def _columns(table: Table, name: str, id_column: Optional[str] = None,
             fields: Optional[AbstractSet[str]] = None) -> Dict[str, NativeColumn]:
    """The table's columns as the native module reads them; with `fields`, only the id
    column and those fields."""
    if isinstance(table, pd.DataFrame):
        items = list(table.items())
    elif isinstance(table, Mapping):
        items = list(table.items())
    else:
        raise TypeError(f"{name} must be a pandas DataFrame or a dict of columns, not {type(table).__name__}")
    columns: Dict[str, NativeColumn] = {}
    for column, values in items:
        key = str(column)
        if fields is not None and key != id_column and key not in fields:
            continue
        if key in columns:
            raise _input_error(name, key, "appears more than once")
        if np.ndim(values) != 1:
            raise _input_error(name, key, "must be one-dimensional")
        columns[key] = _native_column(values)
    return columns


def _input_error(table: str, column: str, reason: str) -> _ssis.InputError:
    """An InputError about a whole column, as the native module raises them."""
    error = _ssis.InputError(f"{table} column '{column}': {reason}")
    error.path, error.reason, error.table, error.column, error.row = column, reason, table, column, None
    return error


def _native_column(values: Any) -> NativeColumn:
    """The column as (values, codes, given), converted with numpy, never cell by cell:
    values a 1-D bool, int64, float64, datetime64[D] or object array (None for missing
    cells); codes, for a pandas Categorical, the index of each cell's category in values
    (-1: missing); given, for a masked column, False where a cell is missing."""
    if isinstance(values, np.ma.MaskedArray):
        data, codes, given = _native_column(np.ma.getdata(values))
        mask = ~np.ma.getmaskarray(values)
        return data, codes, mask if given is None else given & mask
    series = _series(values)
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        categories, _, _ = _native_column(series.cat.categories.to_series(index=None))
        return categories, series.cat.codes.to_numpy(dtype=np.int64), None
    if isinstance(series.array, (pd.arrays.IntegerArray, pd.arrays.FloatingArray, pd.arrays.BooleanArray)):
        data, _, _ = _native_column(series.array.to_numpy(dtype=dtype.numpy_dtype, na_value=dtype.numpy_dtype.type(0)))
        return data, None, series.notna().to_numpy()
    if isinstance(dtype, np.dtype):
        if dtype.kind == "b":
            return series.to_numpy(), None, None
        if dtype.kind == "i" or (dtype.kind == "u" and dtype.itemsize < 8):
            return series.to_numpy(dtype=np.int64), None, None
        if dtype.kind == "f":
            return series.to_numpy(dtype=np.float64), None, None
        if dtype.kind == "M":
            exact = series.to_numpy()
            days = exact.astype("datetime64[D]")
            if ((days == exact) | np.isnat(exact)).all():
                return days, None, None
    return _objects(series), None, None


def _series(values: Any) -> pd.Series:
    if isinstance(values, pd.Series):
        return values
    if isinstance(values, (np.ndarray, pd.Index)):
        return pd.Series(values)
    return pd.Series(list(values), dtype=object)


def _objects(series: pd.Series) -> np.ndarray:
    """The cells as Python objects, None where missing."""
    return series.astype(object).where(series.notna(), None).to_numpy(dtype=object)


def _ids(column: NativeColumn) -> np.ndarray:
    """The id column as the caller gave it (objects where it was categorical or masked)."""
    values, codes, given = column
    if codes is None and given is None:
        return values
    cells = values[np.maximum(codes, 0)] if codes is not None else values.astype(object)
    return _objects(pd.Series(cells).where(codes >= 0 if codes is not None else given, None))
