"""Signatures of the native module `_ssis` for type checkers; the `ssis` package wraps it."""
import decimal
import os
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

import numpy as np

Column = Union[np.ndarray, Tuple[np.ndarray, Optional[np.ndarray], Optional[np.ndarray]]]
"""A column: values (1-D bool, int64, float64, datetime64[D] or object), or (values, codes,
given): cell r is values[codes[r]] (missing for a negative code) and missing where given[r]
is False; codes and given may be None."""

__version__: str
"""The version of the CMake project ssis was built from."""

def decimals(raw: np.ndarray) -> List[decimal.Decimal]:
    """Raw millionths (int64) as decimal.Decimal, as single evaluations give them."""

class RuleError(Exception):
    diagnostics: List[Diagnostic]

class InputError(ValueError):
    path: Optional[str]
    reason: str
    table: Optional[str]
    column: Optional[str]
    row: Optional[int]

class Diagnostic:
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def length(self) -> int: ...
    @property
    def message(self) -> str: ...
    @property
    def source_line(self) -> str: ...

def next_questions(outcome: Outcome, language: str = "en") -> List[Dict[str, Any]]: ...

class Outcome:
    def data(self) -> Dict[str, Any]: ...
    def text(self, language: str = "en") -> str: ...
    def json(self) -> str: ...

class RuleSet:
    @staticmethod
    def load(directory: Union[str, os.PathLike], reform: Union[str, os.PathLike] = "") -> RuleSet: ...
    @property
    def id(self) -> str: ...
    @property
    def currency(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def fingerprint(self) -> str: ...
    @property
    def warnings(self) -> List[Diagnostic]: ...
    def programmes(self) -> List[Dict[str, Any]]: ...
    def parameters(self) -> List[Dict[str, Any]]: ...
    def variables(self) -> List[Dict[str, Any]]: ...
    def relations(self) -> List[Dict[str, Any]]: ...
    def schema(self) -> Dict[str, Any]: ...
    def evaluate(
        self, household: Mapping[str, Any], date: str, explain: bool = False, known_on: str = "", missing_facts: bool = True
    ) -> Outcome: ...
    def calculate(self, household: Mapping[str, Any], date: str, variable: str) -> Any: ...
    def sweep(
        self, household: Mapping[str, Any], axes: List[str], date: str, income_fields: List[str], threads: int = 0
    ) -> Dict[str, Any]:
        """"axes", "columns" (lists of str or None), "status" (uint8), "amount" (int64 millionths),
        "amount_known" (bool): points x programmes; "income_fields", "leaves_out"."""
    def impact(
        self,
        reform: RuleSet,
        households: str,
        csv: bool,
        date: str,
        income_fields: List[str],
        weight: str,
        take_up: Dict[str, str],
        threads: int,
        block_size: int,
        output_directory: str,
    ) -> Dict[str, Any]:
        """"summary", "deciles" (CSV text), "report" (markdown), "households_read", "evaluated", "input_errors"."""
    def evaluate_tables(
        self,
        households: Dict[str, Column],
        members: Dict[str, Column],
        id_column: str,
        date: str,
        threads: int = 0,
        decisions_only: bool = False,
        programme_major: bool = False,
        programmes: Optional[List[str]] = None,
    ) -> Dict[str, Any]:
        """"status" (uint8), "amount" (int64 millionths), "amount_known" (bool): household-major
        (programme-major with programme_major); without decisions_only also "missing",
        "excluded_by", "error" (lists of str or None); with it "evaluation_seconds", and with
        `programmes` "programmes", the indices of the programmes decided.

        For a rule set with programmes assessed per member: without decisions_only, a row per
        member assessed before each such programme's row, and "household" (int64), "programme"
        (int32) and "member" (int64, -1 for the programme's own row) per row; with it
        "member_programmes" (list of programme indices), "member_offsets" (uint32),
        "unit_assessed" (bool), "unit_status" (uint8), "unit_amount" (int64),
        "unit_amount_known" (bool), member-major (members x member programmes), and with
        programme_major also "members" (programme id -> per household the members' decisions
        as text, "0:eligible:248000;1:ineligible", or None)."""
    def reverify_tables(
        self,
        households: Dict[str, Column],
        members: Dict[str, Column],
        benefits: Dict[str, List[Optional[str]]],
        id_column: str,
        date: str,
        threads: int = 0,
        language: str = "en",
    ) -> Dict[str, Any]:
        """"detail" (columns of findings; "member" too, int or None, when the rule set has
        programmes assessed per member) and "summary". `benefits` may have a "member" column
        (the member's index in the household, for programmes assessed per member)."""
    def write_partition_csv(
        self,
        households: Dict[str, Column],
        members: Dict[str, Column],
        id_column: str,
        date: str,
        threads: int,
        wide: bool,
        path: str,
    ) -> Dict[str, Any]:
        """Writes eval-batch's CSV to `path`; returns "households", "evaluated", "input_errors",
        and per programme "eligible", "undetermined", "eligible_amounts" (raw millionths)."""
    def reverify_partition(
        self,
        households: Dict[str, Column],
        members: Dict[str, Column],
        id_column: str,
        date: str,
        benefits_path: str,
        households_name: str,
        detail_path: str,
        threads: int,
        language: str,
    ) -> Dict[str, Any]:
        """Writes detail.csv's rows to `detail_path`; returns "sections" (4 byte offsets) and "totals"."""
    def reverify_outputs(
        self, totals: ReverifyTotals, date: str, households_file: str, benefits_file: str, language: str
    ) -> Tuple[bytes, bytes]: ...

class ReverifyTotals:
    households_read: int
    households_evaluated: int
    benefits_read: int
    def __add__(self, other: ReverifyTotals) -> ReverifyTotals: ...
