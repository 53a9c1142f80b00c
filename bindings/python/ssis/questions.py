"""The next questions to ask about a partial household (Outcome.questions)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping, Optional


@dataclass(frozen=True)
class Question:
    """A fact that undetermined programmes still miss, with what answering it settles."""

    path: str
    """The input path ("rent", "members[1].disabled")."""
    member: Optional[int]
    """Index of the member in the household; None for a household fact."""
    field: str
    question: str
    """The question in the chosen language ("member 2: ..." for a member's fact)."""
    source: Optional[Mapping[str, str]]
    """{"agency": ..., "data": ...} when an agency holds the fact: fetch it, do not ask."""
    programmes: int
    """Undetermined programmes whose decision needs the fact."""
    settles: int
    """Those for which it is the only fact still missing."""
    expected: float
    """Programmes expected to be settled (the ranking's first key)."""
    amount_at_stake: Optional[Decimal]
    """The largest amount already known among those programmes."""
