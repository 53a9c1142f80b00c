"""Ratios of a Google Benchmark run (benchmarks.json): each engine case of the shared subset
against the hand-written loop on native structs, compiled against interpreted cases, and
rules/kr against rules/kr before programmes were assessed per member, and some programmes
decided alone against all of them, all from the same run. Usage: ratios.py build/benchmarks.json"""
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
    households_only = times.get("BM_ColumnsKrHouseholdsOnly/households:100000/threads:1/reuse:1/compiled:0/real_time")
    per_member = times.get("BM_Columns/households:100000/threads:1/reuse:1/compiled:0/real_time")
    if households_only and per_member:
        print(f"  rules/kr with programmes assessed per member: {per_member / households_only:.2f}x the time of rules/kr "
              "deciding every programme per household")
    for name, time in sorted(times.items()):
        if name.startswith("BM_ColumnsSelected") and per_member:
            print(f"  {name}: {time / per_member:.3f}x the time of deciding every programme (BM_Columns, one thread)")
    for name, time in sorted(times.items()):
        if "/compiled:1" in name:
            interpreted = times.get(name.replace("/compiled:1", "/compiled:0"))
            if interpreted:
                print(f"  {name}: {interpreted / time:.2f}x as fast as interpreted")


if __name__ == "__main__":
    main()
