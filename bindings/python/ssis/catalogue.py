"""What a rule set declares: programmes, parameters, variables and relations."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Dict, Literal, Mapping, Optional, Sequence, Tuple, Union

ParameterScalar = Union[bool, int, Decimal, datetime.date, str]
ParameterKey = Union[int, str, Tuple[Union[int, str], ...]]


@dataclass(frozen=True)
class Criterion:
    """One condition of a programme; all must hold."""

    id: str
    description: str
    decided_by: str
    """data | official | document | medical"""
    condition: str
    """The expression as written."""


@dataclass(frozen=True)
class ProgrammeSource:
    """Where a programme's rules come from."""

    catalogue: Optional[str]
    """The service's id in the national catalogue."""
    catalogue_date: Optional[str]
    url: Optional[str]
    file: str
    """The rule file that declares the programme."""


@dataclass(frozen=True)
class Programme:
    """A benefit programme: names, ministry, legal basis, criteria and amount formula."""

    id: str
    name: str
    """The English name, else any."""
    names: Mapping[str, str]
    """Language -> name ("ko", "en", ...)."""
    ministry: str
    ministries: Mapping[str, str]
    department: Optional[str]
    legal_basis: Optional[str]
    source: ProgrammeSource
    support_cycle: Optional[str]
    provision: Tuple[str, ...]
    active_from: Optional[datetime.date]
    active_to: Optional[datetime.date]
    criteria: Tuple[Criterion, ...]
    amount_formula: Optional[str]
    rounding_unit: Optional[Decimal]
    rounding_mode: Optional[str]
    period: Optional[str]
    not_encoded: Tuple[str, ...]
    """What the programme's text says that the rules do not decide."""
    notes: Tuple[str, ...]
    unit: str
    """Whom it is assessed for: "household", or "member" (each member, see unit_where)."""
    unit_where: Optional[str]
    """unit="member": the condition a member meets to be assessed (None: every member)."""

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Programme:
        return cls(**{
            **data,
            "source": ProgrammeSource(**data["source"]),
            "provision": tuple(data["provision"]),
            "criteria": tuple(Criterion(**c) for c in data["criteria"]),
            "not_encoded": tuple(data["not_encoded"]),
            "notes": tuple(data["notes"]),
        })


@dataclass(frozen=True)
class ParameterValue:
    """The value a parameter takes from `start` until the next value's start.

    `value` is a scalar, or for tables a dict from key (a tuple when there are several
    keys) to scalar; None when the parameter is not in force from `start`.
    """

    start: datetime.date
    in_force: bool
    value: Union[None, ParameterScalar, Dict[ParameterKey, ParameterScalar]]


@dataclass(frozen=True)
class Parameter:
    """A dated parameter or table (selection ratios, median incomes, ...)."""

    name: str
    description: str
    type: str
    source: Optional[str]
    confidence: Optional[str]
    keys: Tuple[str, ...]
    """Names of the table keys; empty for a scalar."""
    values: Tuple[ParameterValue, ...]
    """Sorted by start date."""
    until: Optional[datetime.date]
    """The end of the last value's period, if the rules close it."""

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Parameter:
        type_name = data["type"]
        keyed = bool(data["keys"])
        values = tuple(
            ParameterValue(v["start"], v["in_force"], _parameter_value(v["entries"], type_name, keyed) if v["in_force"] else None)
            for v in data["values"]
        )
        return cls(**{**data, "keys": tuple(data["keys"]), "values": values})


@dataclass(frozen=True)
class Variable:
    """A value derived from the input by a formula."""

    name: str
    description: str
    level: Literal["household", "member"]
    type: str
    formula: str
    source: Optional[str]


@dataclass(frozen=True)
class Relation:
    """How programmes constrain each other: an exclusive group, or requirements."""

    id: str
    kind: Literal["exclusive", "requires", "requires_any"]
    programmes: Tuple[str, ...]
    """The group, or the dependent programme first."""
    required: Tuple[str, ...]
    keep_highest_amount: bool
    description: str
    source: Optional[str]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Relation:
        return cls(**{**data, "programmes": tuple(data["programmes"]), "required": tuple(data["required"])})


def _scalar(text: str, type_name: str) -> ParameterScalar:
    if type_name in ("money", "decimal", "rate"):
        return Decimal(text)
    if type_name == "int":
        return int(text)
    if type_name == "bool":
        return text == "true"
    if type_name == "date":
        return datetime.date.fromisoformat(text)
    return text


def _key(text: str) -> Union[int, str]:
    return int(text) if text.lstrip("-").isdigit() else text


def _parameter_value(entries: Sequence[Tuple[Sequence[str], str]], type_name: str, keyed: bool) -> Any:
    if not keyed:
        return _scalar(entries[0][1], type_name)
    table: Dict[ParameterKey, ParameterScalar] = {}
    for keys, text in entries:
        key = tuple(_key(k) for k in keys)
        table[key[0] if len(key) == 1 else key] = _scalar(text, type_name)
    return table
