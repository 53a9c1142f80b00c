"""Python's one-household evaluation against the native evaluation it wraps, in one process:
the time of RuleSet.evaluate (a dict in, an Outcome of dataclasses out) on
examples/households/gyeonggi_family_of_four.json against rules/kr, and the time of the
native call alone (the evaluation, no Python objects made from it), with and without
missing facts.

    PYTHONPATH=build/python /usr/bin/python3 benchmarks/python_one_household.py [--calls 200] [--repetitions 5]

Medians of the repetitions, each the mean of `calls` calls; the ratio is evaluate's time over
the native call's.
"""
import argparse
import json
import statistics
import time
from pathlib import Path

import ssis

ROOT = Path(__file__).resolve().parents[1]
DATE = "2025-09-24"


def per_call(function, calls: int, repetitions: int) -> float:
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        times.append((time.perf_counter() - start) / calls)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--repetitions", type=int, default=5)
    args = parser.parse_args()
    rules = ssis.load(str(ROOT / "rules/kr"))
    household = json.loads((ROOT / "examples/households/gyeonggi_family_of_four.json").read_text())
    for missing_facts in (True, False):
        native = per_call(lambda: rules._native.evaluate(household, DATE, False, "", missing_facts), args.calls, args.repetitions)
        whole = per_call(lambda: rules.evaluate(household, DATE, missing_facts=missing_facts), args.calls, args.repetitions)
        print(f"missing_facts={missing_facts}: RuleSet.evaluate {whole * 1e6:,.0f} µs, the native call alone "
              f"{native * 1e6:,.0f} µs, ratio {whole / native:.1f}")


if __name__ == "__main__":
    main()
