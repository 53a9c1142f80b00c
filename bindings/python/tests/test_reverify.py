"""RuleSet.reverify: current beneficiaries compared with what the rules decide."""
from decimal import Decimal

import pandas as pd
import pytest

import ssis
from conftest import to_tables

DATE = "2025-03-01"


def person(household_id: str, income: int, region: str = "capital") -> dict:
    return {"id": household_id, "region": region, "members": [{"birth_date": "1980-01-01", "earned_income": income}]}


@pytest.fixture()
def findings(mini: ssis.RuleSet) -> dict:
    households, members = to_tables([person("exact", 500000), person("over", 500000), person("gone", 900000), person("missed", 500000)])
    benefits = pd.DataFrame({
        "household_id": ["exact", "over", "gone", "ghost", "exact"],
        "programme": ["income_support", "income_support", "income_support", "income_support", "elder_care"],
        "monthly_amount": [265440, Decimal("300000.5"), "100000", 1, "abc"],
        "since": pd.Series(["2024-01-01", pd.Timestamp("2024-01-01"), "2024-01-01", "2024-01-01", "2024-01-01"], dtype=object),
    })
    return mini.reverify(households, members, benefits, date=DATE)


def row(detail: pd.DataFrame, household_id: str, finding: str) -> pd.Series:
    rows = detail[(detail.household_id == household_id) & (detail.finding == finding)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_each_benefit_gets_its_finding_with_exact_amounts(findings: dict) -> None:
    detail = findings["detail"]
    assert row(detail, "exact", "confirmed").computed_monthly == Decimal("265440")
    over = row(detail, "over", "overpaid")
    assert over.difference == Decimal("34560.5") and isinstance(over.difference, Decimal)
    gone = row(detail, "gone", "no_longer_eligible")
    assert gone.reasons == "failing: income" and gone.ministry == "Ministry of Tests"
    assert row(detail, "missed", "blind_spot").computed_monthly == Decimal("265440")


def test_bad_rows_and_absent_households_are_errors_naming_row_and_column(findings: dict) -> None:
    errors = findings["detail"][findings["detail"].finding == "input_error"].reasons.tolist()
    assert errors == [
        "benefits row 4, column monthly_amount: 'abc' is not an amount",
        "benefits row 3, column household_id: household ghost is not in the household input",
    ]


def test_summary_counts_by_programme_ministry_and_total(findings: dict) -> None:
    summary = findings["summary"]
    total = summary[summary.level == "total"].iloc[0]
    assert (total.confirmed, total.overpaid, total.no_longer_eligible, total.blind_spot, total.input_error) == (1, 1, 1, 1, 2)
    assert total.overpaid_monthly == Decimal("34560.5")
    assert total.paid_to_no_longer_eligible_monthly == Decimal("100000")
    income = summary[(summary.level == "programme") & (summary.programme == "income_support")].iloc[0]
    assert income.received == 3 and income.blind_spot_computed_monthly == Decimal("265440")
    ministry = summary[summary.level == "ministry"]
    assert ministry.ministry.tolist() == ["Ministry of Tests"]


def test_a_benefits_table_with_other_columns_is_rejected(mini: ssis.RuleSet) -> None:
    households, members = to_tables([person("a", 1)])
    with pytest.raises(ssis.InputError, match="amount"):
        mini.reverify(households, members, {"household_id": ["a"], "programme": ["income_support"], "amount": [1], "since": ["2024-01-01"]},
                      date=DATE)


def test_totals_since_each_benefit_started_are_exact_decimals(findings: dict) -> None:
    detail = findings["detail"]
    exact = row(detail, "exact", "confirmed")
    # 2024-01-01 to 2025-03-01: 15 months, paid 15 x 265,440. Due: 12 months of 2024 at 213,100
    # (median income 2,228,445 x 0.32 = 713,102 - 500,000, down to 10) and 3 of 2025 at 265,440.
    assert exact.months == 15 and str(detail.months.dtype) == "Int64"
    assert (exact.paid_total, exact.due_total, exact.owed) == (Decimal("3981600"), Decimal("3353520"), Decimal("628080"))
    assert isinstance(exact.owed, Decimal)
    total = findings["summary"][findings["summary"].level == "total"].iloc[0]
    assert total.owed == Decimal("3274567.5")  # 628,080 + 15 x 300,000.5 - 3,353,520 (over) + 15 x 100,000 (gone)
    assert total.owed == sum(detail.owed.dropna()) and total.totals_unknown == 0
