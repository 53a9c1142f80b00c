"""Batch evaluation: tables of households and members in, a pandas DataFrame out."""
from __future__ import annotations

from typing import Any, Dict, Literal, Mapping, Sequence, Union

import numpy as np
import pandas as pd

from . import _ssis

Table = Union[pd.DataFrame, Mapping[str, Any]]
"""A DataFrame, or a dict of equally long columns (numpy arrays, lists, Series)."""

STATUSES = ("eligible", "ineligible", "undetermined", "error")
"""The status categories, in the order of the native status codes."""


def evaluate_tables(
    native: _ssis.RuleSet,
    programmes: Sequence[str],
    households: Table,
    members: Table,
    *,
    date: str,
    id_column: str,
    layout: Literal["long", "wide"],
    threads: int,
) -> pd.DataFrame:
    """Evaluates the tables with the native rule set and lays the result out as a DataFrame."""
    if layout not in ("long", "wide"):
        raise ValueError(f"layout must be 'long' or 'wide', not {layout!r}")
    if threads < 0:
        raise ValueError("threads must be 0 (every core) or more")
    household_columns = _columns(households, "households")
    result = native.evaluate_tables(
        household_columns, _columns(members, "members"), id_column, date, threads, decisions_only=layout == "wide"
    )
    ids = household_columns[id_column]
    status_codes = result["status"].reshape(len(ids), len(programmes))
    distinct = np.array(list(result["amount_values"]) + [None], dtype=object)  # index -1: no amount
    amount_column = distinct[result["amount_index"]]
    if layout == "wide":
        amounts = amount_column.reshape(len(ids), len(programmes))
        frame: Dict[str, Any] = {id_column: ids}
        for p, programme in enumerate(programmes):
            frame[programme] = pd.Categorical.from_codes(status_codes[:, p], categories=STATUSES)
            frame[f"{programme}_amount"] = amounts[:, p]
        return pd.DataFrame(frame)
    return pd.DataFrame({
        id_column: np.repeat(ids, len(programmes)),
        "programme": pd.Categorical.from_codes(np.tile(np.arange(len(programmes)), len(ids)), categories=list(programmes)),
        "status": pd.Categorical.from_codes(status_codes.ravel(), categories=STATUSES),
        "amount": amount_column,
        "missing": result["missing"],
        "excluded_by": result["excluded_by"],
        "error": result["error"],
    })


def _columns(table: Table, name: str) -> Dict[str, np.ndarray]:
    if isinstance(table, pd.DataFrame):
        items = table.items()
    elif isinstance(table, Mapping):
        items = table.items()
    else:
        raise TypeError(f"{name} must be a pandas DataFrame or a dict of columns, not {type(table).__name__}")
    return {str(column): _column_array(values) for column, values in items}


def _column_array(values: Any) -> np.ndarray:
    """The column as a 1-D array the native module reads: bool, int64, float64,
    datetime64[D] or object (with None for missing cells)."""
    if isinstance(values, pd.Series):
        series = values
    elif isinstance(values, np.ndarray):
        series = pd.Series(values)
    else:
        series = pd.Series(list(values), dtype=object)
    dtype = series.dtype
    if isinstance(dtype, np.dtype):
        if dtype.kind == "b":
            return series.to_numpy()
        if dtype.kind == "i" or (dtype.kind == "u" and dtype.itemsize < 8):
            return series.to_numpy(dtype=np.int64)
        if dtype.kind == "f":
            return series.to_numpy(dtype=np.float64)
        if dtype.kind == "M":
            exact = series.to_numpy()
            days = exact.astype("datetime64[D]")
            if ((days == exact) | np.isnat(exact)).all():
                return days
    return series.astype(object).where(series.notna(), None).to_numpy(dtype=object)

