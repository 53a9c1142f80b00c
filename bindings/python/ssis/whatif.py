"""Sweeps of one household and the population impact of a reform, as pandas DataFrames.

Net income counts the household's own income (the income fields) and the cash benefits the
rule set states per month (or per quarter, half year, semester, year, as a monthly amount).
It leaves out taxes and social contributions (not encoded), benefits in kind such as medical
aid (no amount stated), one-off amounts, amounts per day or per hour, and amounts not
known; the column "uncounted" names them at each point and ``frame.attrs["net_income_leaves_out"]``
says so in words.
"""
from __future__ import annotations

import decimal
import io
import os
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _ssis
from .batch import _STATUS_DTYPE, _decimals

Number = Union[int, str, decimal.Decimal]
Range = Union[str, Tuple[Number, Number, Number]]

_DECIMAL_COLUMNS = ("own_income", "benefits", "net_income", "marginal_effective_tax_rate")


def axis_texts(vary: Mapping[str, Range]) -> list:
    """{"members[0].earned_income": (0, 5000000, 50000)} -> ["members[0].earned_income=0:5000000:50000"]."""
    if not vary:
        raise ValueError("vary names no input: give {path: (from, to, step)}")
    texts = []
    for path, spec in vary.items():
        if isinstance(spec, str):
            texts.append(f"{path}={spec}")
            continue
        if len(spec) != 3:
            raise ValueError(f"{path}: give (from, to, step), not {spec!r}")
        texts.append(f"{path}=" + ":".join(_number_text(n) for n in spec))
    return texts


def _number_text(number: Number) -> str:
    if isinstance(number, float):
        raise TypeError("give ranges as int, str or decimal.Decimal, not float (money is exact)")
    return str(number)


def _decimal_or_none(values: Sequence[Optional[str]]) -> list:
    return [None if v is None else decimal.Decimal(v) for v in values]


def sweep_frame(native: _ssis.RuleSet, programme_ids: Sequence[str], household: Mapping[str, Any], vary: Mapping[str, Range],
                date: str, income: Sequence[str], threads: int, programmes: bool) -> pd.DataFrame:
    data = native.sweep(household, axis_texts(vary), date, list(income), threads)
    columns = data["columns"]
    frame = pd.DataFrame({
        **{path: _decimal_or_none(columns[path]) for path in data["axes"]},
        **{name: _decimal_or_none(columns[name]) for name in _DECIMAL_COLUMNS},
        "cliff": np.array(columns["cliff"], dtype=bool),
        "cliff_programmes": [v or "" for v in columns["cliff_programmes"]],
        "eligible": np.array(columns["eligible"], dtype=np.int64),
        "undetermined": np.array(columns["undetermined"], dtype=np.int64),
        "uncounted": [v or "" for v in columns["uncounted"]],
    })
    if programmes:
        status = data["status"].view(np.int8)
        amounts = _decimals(data["amount"], data["amount_known"])
        per_programme: Dict[str, Any] = {}
        for p, programme in enumerate(programme_ids):
            per_programme[f"{programme}.status"] = pd.Categorical.from_codes(status[:, p], dtype=_STATUS_DTYPE)
            per_programme[f"{programme}.amount"] = amounts[:, p]
        frame = pd.concat([frame, pd.DataFrame(per_programme)], axis=1)
    frame.attrs["axes"] = list(data["axes"])
    frame.attrs["income_fields"] = list(data["income_fields"])
    frame.attrs["net_income_leaves_out"] = data["leaves_out"]
    return frame


def _table(text: str, text_columns: Sequence[str]) -> pd.DataFrame:
    """A CSV table of ssis with its numbers as decimal.Decimal (None where empty)."""
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    for column in frame.columns:
        if column not in text_columns:
            frame[column] = [decimal.Decimal(v) if v != "" else None for v in frame[column]]
    return frame


def impact_tables(native: _ssis.RuleSet, reform: _ssis.RuleSet, households: Union[str, os.PathLike], date: str,
                  income: Sequence[str], weight: str, take_up: Mapping[str, Number], threads: int, block_size: int,
                  out: Optional[Union[str, os.PathLike]], input_format: Optional[str]) -> Dict[str, Any]:
    path = os.fspath(households)
    fmt = input_format or ("csv" if path.endswith(".csv") else "jsonl")
    if fmt not in ("csv", "jsonl"):
        raise ValueError(f"input_format must be csv or jsonl, not {fmt!r}")
    if not income:
        raise ValueError("income names no field: give the money fields that rank households into deciles")
    rates = {programme: _number_text(rate) for programme, rate in take_up.items()}
    data = native.impact(reform, path, fmt == "csv", date, list(income), weight, rates, threads, block_size,
                         "" if out is None else os.fspath(out))
    return {
        "summary": _table(data["summary"], ("level", "id", "ministry", "period")),
        "deciles": _table(data["deciles"], ("decile",)),
        "report": data["report"],
        "households_read": data["households_read"],
        "evaluated": data["evaluated"],
        "input_errors": data["input_errors"],
    }
