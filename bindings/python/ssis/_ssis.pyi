"""Signatures of the native module `_ssis` for type checkers; the `ssis` package wraps it."""
import decimal
import os
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

import numpy as np

Column = Union[np.ndarray, Tuple[np.ndarray, Optional[np.ndarray], Optional[np.ndarray]]]
"""A column: values (1-D bool, int64, float64, datetime64[D] or object), or (values, codes,
given): cell r is values[codes[r]] (missing for a negative code) and missing where given[r]
is False; codes and given may be None."""

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
    def load(directory: Union[str, os.PathLike]) -> RuleSet: ...
    @property
    def id(self) -> str: ...
    @property
    def currency(self) -> str: ...
    @property
    def fingerprint(self) -> str: ...
    @property
    def warnings(self) -> List[Diagnostic]: ...
    def programmes(self) -> List[Dict[str, Any]]: ...
    def parameters(self) -> List[Dict[str, Any]]: ...
    def variables(self) -> List[Dict[str, Any]]: ...
    def relations(self) -> List[Dict[str, Any]]: ...
    def schema(self) -> Dict[str, Any]: ...
    def evaluate(self, household: Mapping[str, Any], date: str, explain: bool = False) -> Outcome: ...
    def evaluate_tables(
        self,
        households: Dict[str, Column],
        members: Dict[str, Column],
        id_column: str,
        date: str,
        threads: int = 0,
        decisions_only: bool = False,
        programme_major: bool = False,
    ) -> Dict[str, Any]:
        """"status" (uint8), "amount" (int64 millionths), "amount_known" (bool): household-major
        (programme-major with programme_major); without decisions_only also "missing",
        "excluded_by", "error" (lists of str or None); with it "evaluation_seconds"."""
    def reverify_tables(
        self,
        households: Dict[str, Column],
        members: Dict[str, Column],
        benefits: Dict[str, List[Optional[str]]],
        id_column: str,
        date: str,
        threads: int = 0,
        language: str = "en",
    ) -> Dict[str, Any]: ...
