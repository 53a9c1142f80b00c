"""Re-verification of current beneficiaries: households, members and the benefits they
receive in; the findings (detail) and their counts by programme and ministry (summary) out."""
from __future__ import annotations

import datetime
import decimal
import math
from typing import Any, Dict, List, Optional

import pandas as pd

from . import _ssis
from .batch import Table, _columns

BENEFIT_COLUMNS = ("household_id", "programme", "monthly_amount", "since", "member")
"""The columns of the benefits table; member is needed only for programmes assessed per member."""

FINDINGS = ("confirmed", "no_longer_eligible", "undetermined", "overpaid", "underpaid", "overlap", "blind_spot", "input_error")
"""The finding categories."""

_MONEY_COLUMNS = (
    "paid_to_no_longer_eligible_monthly",
    "overpaid_monthly",
    "underpaid_monthly",
    "blind_spot_computed_monthly",
    "paid_total",
    "due_total",
    "owed",
)


def reverify_tables(
    native: _ssis.RuleSet,
    households: Table,
    members: Table,
    benefits: Table,
    *,
    date: str,
    id_column: str,
    threads: int,
    language: str,
) -> Dict[str, pd.DataFrame]:
    """Runs the native re-verification and lays the result out as DataFrames."""
    if threads < 0:
        raise ValueError("threads must be 0 (every core) or more")
    benefit_columns = {name: [_text(cell) for cell in values] for name, values in _table_items(benefits)}
    result = native.reverify_tables(
        _columns(households, "households"), _columns(members, "members"), benefit_columns, id_column, date, threads, language
    )
    detail = pd.DataFrame(result["detail"])
    detail["finding"] = pd.Categorical(detail["finding"], categories=FINDINGS)
    if "member" in detail:
        detail["member"] = pd.array(list(detail["member"]), dtype="Int64")
    detail["months"] = pd.array(list(detail["months"]), dtype="Int64")
    summary = pd.DataFrame(result["summary"]["rows"], columns=result["summary"]["header"])
    for column in ("received",) + FINDINGS + ("totals_unknown",):
        summary[column] = summary[column].astype("int64")
    for column in _MONEY_COLUMNS:
        summary[column] = [decimal.Decimal(value) for value in summary[column]]
    return {"detail": detail, "summary": summary}


def _table_items(table: Table) -> List[tuple]:
    if isinstance(table, pd.DataFrame):
        return [(str(column), list(table[column])) for column in table.columns]
    if isinstance(table, dict):
        return [(str(column), list(values)) for column, values in table.items()]
    raise TypeError(f"benefits must be a pandas DataFrame or a dict of columns, not {type(table).__name__}")


def _text(cell: Any) -> Optional[str]:
    """A benefits cell as the text the native reader parses; None for a missing cell."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)) or cell is pd.NaT:
        return None
    if isinstance(cell, (datetime.datetime, pd.Timestamp)):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float):
        # An exact decimal only when the float is one (1234.5); else its repr, which the reader rejects
        # unless it has at most 6 decimal places.
        return str(int(cell)) if cell.is_integer() else repr(cell)
    return str(cell)
