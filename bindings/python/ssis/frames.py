"""One household's outcome as a DataFrame laid out as the long layout of evaluate_batch."""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Dict, List

import numpy as np
import pandas as pd

from .batch import AMOUNT_DIGITS, STATUSES, Amounts, _AmountConversion, _long_frame

if TYPE_CHECKING:
    from .outcome import Outcome


def outcome_frame(outcome: Outcome, currency: str, amounts: Amounts, id_column: str) -> pd.DataFrame:
    """The rows evaluate_batch(layout="long") gives the household: one per programme (with
    its ministry and period), and for a rule set with programmes assessed per member a row
    per member assessed before each such programme's own row."""
    with_members = any(p.unit == "member" for p in outcome.programmes)
    rows: Dict[str, List[Any]] = {name: [] for name in ("programme", "member", "status", "amount", "known", "missing",
                                                       "excluded_by", "error")}

    def add(programme: int, member: int, decision: Any) -> None:
        rows["programme"].append(programme)
        rows["member"].append(member)
        rows["status"].append(STATUSES.index(decision.status))
        rows["known"].append(decision.amount is not None)
        rows["amount"].append(_raw(decision.amount))
        # A member's missing facts are listed only while its decision is undetermined.
        listed = member < 0 or decision.status == "undetermined"
        rows["missing"].append(";".join(decision.missing) if listed and decision.missing else None)
        rows["excluded_by"].append(decision.excluded_by)
        rows["error"].append(decision.error)

    for p, programme in enumerate(outcome.programmes):
        for unit in programme.units if with_members else ():
            add(p, unit.member, unit)
        add(p, -1, programme)
    result: Dict[str, Any] = {
        "status": np.array(rows["status"], dtype=np.uint8),
        "amount": np.array(rows["amount"], dtype=np.int64),
        "amount_known": np.array(rows["known"], dtype=bool),
        "missing": rows["missing"],
        "excluded_by": rows["excluded_by"],
        "error": rows["error"],
    }
    if with_members:
        result.update(household=np.zeros(len(rows["programme"]), dtype=np.int64),
                      programme=np.array(rows["programme"], dtype=np.int64),
                      member=np.array(rows["member"], dtype=np.int64))
    ids = np.array([outcome.household], dtype=object)
    return _long_frame(id_column, ids, outcome.programmes, result, _AmountConversion(amounts, currency))


def _raw(amount: Any) -> int:
    """An exact Decimal amount as int64 millionths (0 for none)."""
    return 0 if amount is None else int(Decimal(amount).scaleb(AMOUNT_DIGITS))
