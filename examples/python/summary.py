"""Summaries of batch results (the long layout of RuleSet.evaluate_batch)."""
import pandas as pd

import ssis


def by_programme(results: pd.DataFrame, rules: ssis.RuleSet) -> pd.DataFrame:
    """Per programme: its ministry, households eligible and undetermined, the eligible share
    and the exact sum of the eligible amounts (per the programme's period)."""
    households = results.iloc[:, 0].nunique()
    rows = []
    for programme in rules.programmes:
        outcomes = results[results["programme"] == programme.id]
        eligible = outcomes[outcomes["status"] == "eligible"]
        rows.append({
            "programme": programme.id,
            "ministry": programme.ministry,
            "eligible": len(eligible),
            "undetermined": int((outcomes["status"] == "undetermined").sum()),
            "eligible_share": len(eligible) / households if households else 0.0,
            "total_amount": sum(a for a in eligible["amount"] if a is not None),
            "period": programme.period,
        })
    return pd.DataFrame(rows)


def by_ministry(programmes: pd.DataFrame) -> pd.DataFrame:
    """Per ministry: programmes, eligible household-programme pairs, undetermined pairs."""
    return programmes.groupby("ministry").agg(
        programmes=("programme", "count"), eligible=("eligible", "sum"), undetermined=("undetermined", "sum"))


def print_summary(results: pd.DataFrame, rules: ssis.RuleSet) -> None:
    programmes = by_programme(results, rules)
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(programmes.to_string(index=False, formatters={"eligible_share": "{:.1%}".format, "total_amount": "{:,.0f}".format}))
        print()
        print(by_ministry(programmes).to_string())
