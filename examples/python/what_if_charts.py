"""What-if on rules/kr: a family's earnings swept for benefit cliffs, and a reform costed
over a synthetic population; the charts written as PNG and SVG.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/what_if_charts.py --out what_if_charts
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

import ssis
import ssis.plot
from population import synthetic_population

ROOT = Path(__file__).resolve().parents[2]


def population_csv(households: int, seed: int, path: Path) -> Path:
    """The synthetic population as `ssis eval-batch` reads CSV: one row per member with the
    household's fields beside it."""
    household_table, member_table = synthetic_population(households, seed=seed)
    rows = member_table.merge(household_table.drop(columns=["sido"]), on="household_id")
    rows["birth_date"] = rows["birth_date"].dt.strftime("%Y-%m-%d")
    for column in rows.columns:
        if rows[column].dtype == bool or rows[column].map(lambda v: isinstance(v, bool)).any():
            rows[column] = rows[column].map(lambda v: "" if v is None or v != v else str(bool(v)).lower())
        elif rows[column].dtype.kind == "f":
            rows[column] = rows[column].map(lambda v: "" if v != v else f"{v:.0f}")
    rows.to_csv(path, index=False)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=Path, default=ROOT / "rules/kr")
    parser.add_argument("--reform", type=Path, default=ROOT / "examples/reforms/kr_livelihood_ratio_35.yaml")
    parser.add_argument("--household", type=Path, default=ROOT / "examples/households/gyeonggi_family_of_four.json")
    parser.add_argument("--vary", default="members[0].earned_income=0:5000000:50000")
    parser.add_argument("--households", type=int, default=20_000, help="size of the synthetic population")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--date", default="2025-09-24")
    parser.add_argument("--out", type=Path, default=Path("what_if_charts"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    rules = ssis.load(args.rules)
    reform = rules.with_reform(args.reform)
    household = json.loads(args.household.read_text())
    path, spec = args.vary.split("=", 1)
    for name, rule_set in (("baseline", rules), ("reform", reform)):
        sweep = rule_set.sweep(household, {path: spec}, date=args.date, programmes=False)
        sweep.to_csv(args.out / f"sweep_{name}.csv", index=False)
        figure = ssis.plot.cliff_chart(sweep, title=f"{household.get('id', 'household')}: benefits and net income ({name})")
        print(*ssis.plot.save(figure, args.out / f"cliff_{name}"))
        for _, row in sweep[sweep["cliff"]].iterrows():
            print(f"  {name} cliff at {path} = {row[path]}: net income falls, rate {row['marginal_effective_tax_rate']}, "
                  f"{row['cliff_programmes']}")

    csv = population_csv(args.households, args.seed, args.out / "population.csv")
    result = rules.impact(reform, csv, date=args.date, income=["earned_income"], out=args.out / "impact")
    print(f"impact: {result['households_read']} households read, {result['evaluated']} evaluated, "
          f"{result['input_errors']} input errors; tables in {args.out / 'impact'}")
    print(*ssis.plot.save(ssis.plot.cost_by_ministry_chart(result["summary"]), args.out / "cost_by_ministry"))
    print(*ssis.plot.save(ssis.plot.deciles_chart(result["deciles"]), args.out / "deciles"))
    total = result["summary"][result["summary"]["level"] == "total"].iloc[0]
    print(f"total: monthly cost change {total['monthly_cost_change']}, yearly {total['yearly_cost_change']}")


if __name__ == "__main__":
    main()
