"""The input record a rule set expects: household fields, member fields, enumerations."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, Mapping, Optional, Tuple, Union

Scalar = Union[bool, int, Decimal, datetime.date, str]


@dataclass(frozen=True)
class Field:
    """One input field: its level, type (as written in the schema) and constraints."""

    name: str
    level: Literal["household", "member"]
    type: str
    description: str
    required: bool
    minimum: Optional[Scalar]
    maximum: Optional[Scalar]
    default: Optional[Scalar]
    values: Optional[Tuple[str, ...]]
    """The allowed values of an enumeration field, else None."""

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Field:
        values = data["values"]
        return cls(**{**data, "values": tuple(values) if values is not None else None})


@dataclass(frozen=True)
class Enum:
    """An enumeration type and its values."""

    name: str
    description: str
    values: Tuple[str, ...]


@dataclass(frozen=True)
class Schema:
    """Household fields (one value per household) and member fields (one per member)."""

    household: Tuple[Field, ...]
    member: Tuple[Field, ...]
    enums: Tuple[Enum, ...]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Schema:
        return cls(
            household=tuple(Field.from_data(f) for f in data["household"]),
            member=tuple(Field.from_data(f) for f in data["member"]),
            enums=tuple(Enum(e["name"], e["description"], tuple(e["values"])) for e in data["enums"]),
        )

    def field(self, name: str) -> Field:
        """The household or member field called `name`; KeyError if there is none."""
        for field in self.household + self.member:
            if field.name == name:
                return field
        raise KeyError(name)
