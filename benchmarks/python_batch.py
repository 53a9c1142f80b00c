"""Python batch evaluation against the columnar core, in one process: the time of
RuleSet.evaluate_batch (DataFrames in, results out) for each layout and amounts option,
and the time ssis::evaluate_columns itself took on the same households in the same call.

    PYTHONPATH=build/python /usr/bin/python3 benchmarks/python_batch.py [--households 20000] [--threads 1]

The ratio is evaluate_batch's time over evaluate_columns' time (1.0: no overhead at all);
its inverse is the share of the core's throughput that Python gets.
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples/python"))

import ssis  # noqa: E402
from population import synthetic_population  # noqa: E402
from ssis.batch import _columns  # noqa: E402

CASES = [("wide", "decimal"), ("wide", "raw"), ("arrays", "raw"), ("arrays", "decimal")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--threads", type=int, default=1, help="0: every core")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--date", default="2025-09-24")
    parser.add_argument("--rules", type=Path, default=ROOT / "rules/kr")
    args = parser.parse_args()

    rules = ssis.load(args.rules)
    households, members = synthetic_population(args.households, seed=2025)
    print(f"{len(households):,} households ({len(members):,} members), {len(rules.programmes)} programmes, "
          f"{args.threads or 'every'} thread(s), median of {args.repetitions}")
    for layout, amounts in CASES:
        total, engine = [], []
        for _ in range(args.repetitions):
            start = time.perf_counter()
            rules.evaluate_batch(households, members, date=args.date, layout=layout, amounts=amounts, threads=args.threads)
            total.append(time.perf_counter() - start)
            result = rules._native.evaluate_tables(_columns(households, "households"), _columns(members, "members"),
                                                   "household_id", args.date, args.threads, decisions_only=True)
            engine.append(result["evaluation_seconds"])
        seconds, core = statistics.median(total), statistics.median(engine)
        print(f"layout={layout:6} amounts={amounts:7}  evaluate_batch {seconds * 1000:8.1f} ms "
              f"({len(households) / seconds:9,.0f} households/s)  evaluate_columns {core * 1000:7.1f} ms  "
              f"ratio {seconds / core:5.2f}x  ({core / seconds:4.0%} of the core's throughput)")


if __name__ == "__main__":
    main()
