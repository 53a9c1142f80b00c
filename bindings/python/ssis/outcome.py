"""What the engine decides for one household."""
from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, Literal, Mapping, Optional, Tuple

import pandas as pd

from . import _ssis
from .batch import Amounts
from .frames import outcome_frame
from .questions import Question

Status = Literal["eligible", "ineligible", "undetermined", "error"]


@dataclass(frozen=True)
class CriterionOutcome:
    """One criterion of a programme for this household."""

    id: str
    description: str
    decided_by: str
    """data | official | document | medical"""
    value: Optional[bool]
    """True or False; None when the input does not settle it (or it could not be computed)."""
    knowledge: Literal["known", "unknown", "error"]


def _made(cls: Any, fields: Dict[str, Any]) -> Any:
    """An instance of a frozen dataclass from the native data, which gives every one of its
    fields (tests/test_evaluate.py checks the names): set at once, without the per-field
    __setattr__ a frozen dataclass's __init__ goes through, hundreds of times per outcome."""
    made = object.__new__(cls)
    made.__dict__.update(fields)
    return made


def _decision_fields(data: Dict[str, Any]) -> Dict[str, Any]:
    """A decision's native data with its criteria and missing facts as tuples."""
    data["criteria"] = tuple(_made(CriterionOutcome, c) for c in data["criteria"])
    data["missing"] = tuple(data["missing"])
    return data


@dataclass(frozen=True)
class UnitOutcome:
    """A programme's decision for one member, for programmes assessed per member."""

    member: int
    """The member's index in the household's members (0-based)."""
    status: Status
    amount: Optional[Decimal]
    """Exact amount per the programme's period; None unless eligible with a known amount."""
    criteria: Tuple[CriterionOutcome, ...]
    missing: Tuple[str, ...]
    """Input paths that would settle this member's decision."""
    excluded_by: Optional[str]
    """A relation per member that kept another programme (`kept_instead`) for this member."""
    kept_instead: Optional[str]
    requires: Optional[str]
    """A programme a relation per member requires that the member lacks."""
    error: Optional[str]

    @classmethod
    def from_data(cls, data: Dict[str, Any]) -> UnitOutcome:
        return _made(cls, _decision_fields(data))


@dataclass(frozen=True)
class ProgrammeOutcome:
    """One programme's decision: status, exact amount, criteria and what is missing."""

    id: str
    name: str
    names: Mapping[str, str]
    ministry: str
    status: Status
    in_force: bool
    """False when the evaluation date is outside the programme's active period."""
    amount: Optional[Decimal]
    """Exact amount per `period`; None when unknown or the programme states none."""
    period: Optional[str]
    criteria: Tuple[CriterionOutcome, ...]
    missing: Tuple[str, ...]
    """Input paths that would settle an undetermined programme ("members[0].disability_grade")."""
    excluded_by: Optional[str]
    """The exclusive relation that kept another programme (`kept_instead`)."""
    kept_instead: Optional[str]
    requires: Optional[str]
    """A required programme that is not eligible."""
    error: Optional[str]
    unit: Literal["household", "member"]
    """Whom the programme is assessed for: the household, or each member (see `units`)."""
    units: Tuple[UnitOutcome, ...]
    """unit="member": one decision per member assessed, in member order; the programme is
    then eligible when a member is, its amount the sum of theirs, and `criteria` is empty.
    Empty for programmes assessed per household."""
    left_to: Tuple[Tuple[str, str], ...]
    """(criterion id, decided_by) for each criterion left to people: decided_by is
    "official", "document" or "medical"."""
    not_encoded: Tuple[str, ...]
    """What the programme's text says that its rules do not decide."""
    stale_parameters: Tuple[Tuple[str, datetime.date], ...]
    """(parameter, valid_until) for each parameter used past the date its values are known
    to hold until (docs/audit.md)."""
    stale_facts: Tuple[Tuple[str, datetime.date, str], ...]
    """(path, as_of, max_age) for each dated fact it read that is older than its field's
    max_age on the evaluation date ("income", 2024-01-01, "P12M"; docs/audit.md)."""

    @classmethod
    def from_data(cls, data: Dict[str, Any]) -> ProgrammeOutcome:
        data = _decision_fields(data)
        data["units"] = tuple(UnitOutcome.from_data(u) for u in data["units"])
        return _made(cls, data)


@dataclass(frozen=True)
class Outcome:
    """Every programme's outcome for one household, in rule-set order, with the receipt
    (rule set, its version and fingerprint, evaluation date, hash of the input; docs/audit.md)."""

    household: str
    """The household's id as the input gave it (the JSON's `household`)."""
    rule_set: str
    version: str
    """The rule set's `version:` ("" when it states none)."""
    fingerprint: str
    """"sha256:" and the SHA-256 of the rule set's canonical content."""
    date: datetime.date
    input: str
    """"sha256:" and the SHA-256 of the household's canonical input."""
    explained: bool
    """Whether the values behind each criterion were computed (explain=True)."""
    missing_named: bool
    """Whether each decision's missing facts were worked out (missing_facts=True); when they
    were not, every `missing` is empty, the JSON's are null and there are no questions."""
    programmes: Tuple[ProgrammeOutcome, ...]
    _native: _ssis.Outcome = field(repr=False, compare=False)
    currency: str = ""
    """The rule set's currency (ISO 4217), the unit of the amounts."""

    @classmethod
    def from_native(cls, native: _ssis.Outcome, currency: str = "") -> Outcome:
        data = native.data()
        programmes = tuple(ProgrammeOutcome.from_data(p) for p in data.pop("programmes"))
        return cls(**data, programmes=programmes, _native=native, currency=currency)

    def programme(self, programme_id: str) -> ProgrammeOutcome:
        """The outcome of one programme; KeyError if the rule set has no such programme."""
        for programme in self.programmes:
            if programme.id == programme_id:
                return programme
        raise KeyError(programme_id)

    def explain(self, language: str = "en", width: int = 80, all: bool = False) -> str:
        """A caseworker's text, as `ssis eval` writes it: eligible programmes with amounts,
        then undetermined ones under the next questions that settle them, then a count of
        the rest (each of them with all=True); lines fit `width` columns; with each
        criterion's values and margins when evaluated with explain=True. Every word in
        `language` (the rule set's names and labels, English where it has none)."""
        return self._native.text(language, width, all)

    def questions(self, language: str = "en") -> Tuple[Question, ...]:
        """The facts that would settle the undetermined programmes, best first, as
        Evaluator::questions and the JSON's "questions" rank them; texts in `language`."""
        return tuple(Question(**q) for q in _ssis.next_questions(self._native, language))

    def to_json(self, language: str = "en") -> str:
        """The outcome as a JSON object, as `ssis eval --format json --lang LANGUAGE` writes
        it (exact amounts as strings; docs/output.md)."""
        return self._native.json(language)

    def to_frame(self, amounts: Amounts = "decimal", id_column: str = "household_id") -> pd.DataFrame:
        """The outcome as a DataFrame: the rows `RuleSet.evaluate_batch(layout="long")`
        gives this household (programme, ministry, period, status, amount, missing,
        excluded_by, error, and the members' rows of programmes assessed per member), with
        `amounts` as there ("decimal", "minor", "float" or "raw")."""
        return outcome_frame(self, self.currency, amounts, id_column)

    def to_dict(self, language: str = "en") -> Dict[str, Any]:
        """The JSON object as Python data (exact amounts as strings, dates as text)."""
        return json.loads(self.to_json(language))
