"""Fixtures: the repository's rule sets and example households."""
import json
from pathlib import Path

import pandas as pd
import pytest

import ssis

ROOT = Path(__file__).resolve().parents[3]
DATE = "2025-09-24"


@pytest.fixture(scope="session")
def mini() -> ssis.RuleSet:
    return ssis.load(ROOT / "tests/data/mini")


@pytest.fixture(scope="session")
def kr() -> ssis.RuleSet:
    return ssis.load(ROOT / "rules/kr")


@pytest.fixture(scope="session")
def example_households() -> dict:
    """The example households of examples/households, by file name."""
    return {path.stem: json.loads(path.read_text()) for path in sorted((ROOT / "examples/households").glob("*.json"))}


def to_tables(households: list) -> tuple:
    """JSON-shaped household dicts as (households, members) DataFrames linked by household_id."""
    household_rows, member_rows = [], []
    for household in households:
        fields = {k: v for k, v in household.items() if k not in ("id", "members")}
        household_rows.append({"household_id": household["id"], **fields})
        member_rows += [{"household_id": household["id"], **member} for member in household["members"]]
    return pd.DataFrame(household_rows), pd.DataFrame(member_rows)


def as_in_tables(households: list) -> list:
    """The households as to_tables lays them out: a fact that one household (or member) leaves
    out while another gives it is a missing cell of its column, a fact not known (None)."""
    household_fields = {k for h in households for k in h if k not in ("id", "members")}
    member_fields = {k for h in households for m in h["members"] for k in m}
    return [
        {**dict.fromkeys(household_fields), **h, "members": [{**dict.fromkeys(member_fields), **m} for m in h["members"]]}
        for h in households
    ]
