"""Populations (pandas tables of households and members) as CSV files: read with the types
of the rule set's schema, and written as the CSV readers parse them (true/false,
YYYY-MM-DD, whole numbers without a decimal point, an empty cell for a fact not known), as
partitions for ssis.dask or as the one file of `ssis eval-batch`."""
from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np
import pandas as pd

from . import _ssis
from .schema import Field, Schema

_DTYPES = {"bool": "boolean", "int": "Int64", "money": "float64", "decimal": "float64", "rate": "float64"}
"""The pandas dtype of each field type; dates, enumerations and the id are text."""


def schema_dtypes(schema: Schema, id_column: str) -> Dict[str, str]:
    """The dtype to read each column of a table of `schema` fields with."""
    return {id_column: "object", **{f.name: _dtype(f) for f in schema.household + schema.member}}


def read_table(path: str, dtypes: Dict[str, str], usecols: Optional[List[str]] = None) -> pd.DataFrame:
    """The CSV file at `path` (UTF-8, a byte order mark skipped), each column with its
    dtype: only an empty cell is a missing fact, as for `ssis eval-batch`. Raises InputError
    naming the file for a file that does not end with a line break (cut short), is not UTF-8
    or has a row of too many fields, and the data row and column of the first cell that is
    not of its column's type."""
    options = dict(keep_default_na=False, na_values=[""], encoding="utf-8-sig", index_col=False)
    _check_complete(path)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            # Booleans are read as text and converted a column at a time (pandas converts
            # each cell of a "boolean" column in Python).
            text_booleans = {name: "object" if dtype == "boolean" else dtype for name, dtype in dtypes.items()}
            table = pd.read_csv(path, dtype=text_booleans, usecols=usecols, **options)
        if any(issubclass(warning.category, pd.errors.ParserWarning) for warning in caught):
            raise _ssis.InputError(f"{path}: a row of the first ones has more fields than the header")
        for name in table.columns:
            if dtypes.get(name) == "boolean":
                table[name] = _booleans(table[name])
        return table
    except UnicodeDecodeError as error:
        raise _ssis.InputError(f"{path}: not UTF-8: byte {error.start} of a block of the file ({error.reason})") from error
    except pd.errors.ParserError as error:
        raise _ssis.InputError(f"{path}: {error}") from error
    except (ValueError, TypeError) as error:
        text = pd.read_csv(path, dtype=str, **options)
        for column in text.columns:
            dtype = dtypes.get(column, "object")
            bad = text[column].notna() & ~_fits(text[column], dtype)
            if bad.any():
                row = int(bad.to_numpy().nonzero()[0][0])
                raise _ssis.InputError(f"{path}: data row {row + 1}, column '{column}': '{text[column].iloc[row]}' is not "
                                       f"{_TYPE_NAMES[dtype]}") from error
        raise _ssis.InputError(f"{path}: {error}") from error


def read_column(path: str, column: str) -> pd.Series:
    """Column `column` of the CSV file at `path`, as text; InputError as read_table."""
    return read_table(path, {column: "object"}, usecols=[column])[column]


def read_header(path: str) -> List[str]:
    """The column names of the CSV file at `path`; InputError as read_table."""
    _check_complete(path)
    with open(path, encoding="utf-8-sig", errors="strict", newline="") as file:
        try:
            return list(pd.read_csv(file, nrows=0).columns)
        except UnicodeDecodeError as error:
            raise _ssis.InputError(f"{path}: not UTF-8: byte {error.start} of a block of the file ({error.reason})") from error


def _check_complete(path: str) -> None:
    with open(path, "rb") as file:
        size = file.seek(0, os.SEEK_END)
        if size == 0:
            raise _ssis.InputError(f"{path}: empty (not even a header)")
        file.seek(size - 1)
        if file.read(1) != b"\n":
            raise _ssis.InputError(f"{path}: the last line has no line break: the file was cut short")


_TYPE_NAMES = {"boolean": "true or false", "Int64": "a whole number", "float64": "a number"}
_BOOLEAN_TEXT = ("true", "false", "True", "False", "TRUE", "FALSE")
_TRUE_TEXT = ("true", "True", "TRUE", "1", "1.0")
_FALSE_TEXT = ("false", "False", "FALSE", "0", "0.0")


def _booleans(cells: pd.Series) -> pd.Series:
    """Text cells as a "boolean" column, accepting what pandas accepts for one; ValueError
    for a cell that is neither true nor false."""
    missing = cells.isna().to_numpy()
    true = cells.isin(_TRUE_TEXT).to_numpy()
    if not (missing | true | cells.isin(_FALSE_TEXT).to_numpy()).all():
        raise ValueError(f"column {cells.name!r}: a cell is not true or false")
    return pd.Series(pd.arrays.BooleanArray(true, missing), index=cells.index, name=cells.name)


def _dtype(field: Field) -> str:
    return "object" if field.values is not None else _DTYPES.get(field.type, "object")


def _fits(cells: pd.Series, dtype: str) -> pd.Series:
    """Whether each (present) cell can be read as `dtype`."""
    if dtype == "boolean":
        return cells.isin(_BOOLEAN_TEXT)
    if dtype in ("Int64", "float64"):
        numbers = pd.to_numeric(cells, errors="coerce")
        return numbers.notna() & ((numbers % 1 == 0) if dtype == "Int64" else True)
    return pd.Series(True, index=cells.index)


def write_partitioned_csv(households: pd.DataFrame, members: pd.DataFrame, directory: os.PathLike, partitions: int,
                          id_column: str = "household_id", first_partition: int = 0) -> Tuple[List[str], List[str]]:
    """Splits the households into `partitions` runs of consecutive rows and writes run i to
    households-NNNNN.csv and the members of exactly those households to members-NNNNN.csv
    (in their order), NNNNN = first_partition + i. Returns the two lists of paths."""
    if partitions < 1:
        raise ValueError("partitions must be 1 or more")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    bounds = np.linspace(0, len(households), partitions + 1).round().astype(int)
    partition_of = pd.Series(np.repeat(np.arange(partitions), np.diff(bounds)), index=households[id_column].to_numpy())
    member_partition = partition_of.reindex(members[id_column].to_numpy()).to_numpy()
    if np.isnan(member_partition.astype(float)).any():
        raise ValueError(f"members table: a {id_column} that is in no row of the households table")
    households_text, members_text = as_csv_cells(households), as_csv_cells(members)
    written: Tuple[List[str], List[str]] = ([], [])
    for i in range(partitions):
        number = first_partition + i
        paths = (directory / f"households-{number:05d}.csv", directory / f"members-{number:05d}.csv")
        households_text.iloc[bounds[i]:bounds[i + 1]].to_csv(paths[0], index=False, lineterminator="\n")
        members_text[member_partition == i].to_csv(paths[1], index=False, lineterminator="\n")
        written[0].append(str(paths[0]))
        written[1].append(str(paths[1]))
    return written


def write_eval_batch_csv(households: pd.DataFrame, members: pd.DataFrame, path: os.PathLike,
                         id_column: str = "household_id") -> None:
    """The population as the one CSV of `ssis eval-batch` and `ssis reverify`: one row per
    member (households in order, each with its members), the household's fields repeated."""
    order = pd.Series(np.arange(len(households)), index=households[id_column].to_numpy())
    rows = households.merge(members, on=id_column, how="left", sort=False)
    rows = rows.iloc[np.argsort(order.reindex(rows[id_column].to_numpy()).to_numpy(), kind="stable")]
    as_csv_cells(rows).to_csv(path, index=False, lineterminator="\n")


def as_csv_cells(table: pd.DataFrame) -> pd.DataFrame:
    """The table as text cells."""
    return pd.DataFrame({name: _text_column(column) for name, column in table.items()})


def _text_column(column: pd.Series) -> pd.Series:
    known = column.notna()
    if pd.api.types.is_datetime64_any_dtype(column):
        return column.dt.strftime("%Y-%m-%d").where(known, "")
    if pd.api.types.is_float_dtype(column) and (column[known] == column[known].round()).all():
        return column.astype("Int64").astype(str).where(known, "")
    cells = column.map(_text_cell, na_action="ignore")
    return cells.where(known, "").astype(str)


def _text_cell(cell) -> str:
    if isinstance(cell, (bool, np.bool_)):
        return "true" if cell else "false"
    if hasattr(cell, "isoformat"):
        return cell.isoformat()[:10]
    return str(cell)
