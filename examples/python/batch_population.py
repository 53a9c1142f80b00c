"""Evaluates a seeded synthetic population of Korean households with
RuleSet.evaluate_batch (every core, without the GIL) and summarises the results by
programme and by ministry.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/batch_population.py [--households 100000]
"""
import argparse
import time
from pathlib import Path

import ssis
from population import synthetic_population
from summary import print_summary

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--date", default="2025-09-24", help="evaluation date (YYYY-MM-DD)")
    parser.add_argument("--threads", type=int, default=0, help="0: every core")
    parser.add_argument("--rules", type=Path, default=ROOT / "rules/kr")
    args = parser.parse_args()

    rules = ssis.load(args.rules)
    households, members = synthetic_population(args.households, seed=args.seed)
    start = time.perf_counter()
    results = rules.evaluate_batch(households, members, date=args.date, threads=args.threads)
    seconds = time.perf_counter() - start
    print(f"{len(households):,} households ({len(members):,} members) evaluated against {len(rules.programmes)} "
          f"programmes in {seconds:.2f} s ({len(households) / seconds:,.0f} households/s)\n")
    print_summary(results, rules)


if __name__ == "__main__":
    main()
