"""Ratios of a Google Benchmark run (benchmarks.json): each engine case of the shared subset
against the hand-written loop on native structs, and compiled against interpreted cases, all
from the same run. Usage: ratios.py build/benchmarks.json"""
import json
import sys


def medians(path):
    with open(path, encoding="utf-8") as f:
        runs = json.load(f)["benchmarks"]
    out = {}
    for run in runs:
        if run.get("aggregate_name", "median") != "median":
            continue
        name = run["run_name"] if "run_name" in run else run["name"]
        out[name] = run["real_time"]  # the engine's own threads included; run on a quiet machine
    return out


def main():
    times = medians(sys.argv[1])
    native = times.get("BM_SubsetBaselineNative")
    print("ratios (medians of the same run, elapsed time)")
    if native:
        for name, time in sorted(times.items()):
            if name.startswith(("BM_SubsetColumns", "BM_SubsetEngine", "BM_SubsetBaselineFromRecords")):
                print(f"  {name}: {time / native:.1f}x the hand-written loop on native structs")
    for name, time in sorted(times.items()):
        if "/compiled:1" in name:
            interpreted = times.get(name.replace("/compiled:1", "/compiled:0"))
            if interpreted:
                print(f"  {name}: {interpreted / time:.2f}x as fast as interpreted")


if __name__ == "__main__":
    main()
