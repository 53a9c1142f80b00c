"""Screens one household (a JSON file of examples/households) against the Korean rules:
every programme's status and amount, then the caseworker's explanation.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/screen_household.py \\
        examples/households/gyeonggi_family_of_four.json [--date 2025-09-24] [--lang ko]
"""
import argparse
import json
from pathlib import Path

import ssis

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("household", type=Path, help="a household JSON file")
    parser.add_argument("--rules", type=Path, default=ROOT / "rules/kr")
    parser.add_argument("--date", default="2025-09-24", help="evaluation date (YYYY-MM-DD)")
    parser.add_argument("--lang", default="en", help="language of the names in the explanation (en, ko)")
    args = parser.parse_args()

    rules = ssis.load(args.rules)
    household = json.loads(args.household.read_text(encoding="utf-8"))
    outcome = rules.evaluate(household, date=args.date, explain=True)

    print(f"{outcome.household}: {rules.id} ({outcome.fingerprint}) on {outcome.date}")
    for programme in outcome.programmes:
        amount = f"{programme.amount:,} KRW / {programme.period}" if programme.amount is not None and programme.status == "eligible" else ""
        print(f"  {programme.name:<40} {programme.status:<13} {amount}")
        if programme.missing:
            print(f"  {'':<40} ask for: {', '.join(programme.missing)}")
    print()
    print(outcome.explain(args.lang))


if __name__ == "__main__":
    main()
