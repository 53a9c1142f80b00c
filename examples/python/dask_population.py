"""Evaluates a synthetic population on a local dask.distributed cluster the way a data team
would run a real one: the population is written as partition files (households-NNNNN.csv
and members-NNNNN.csv, each household with its members in the files of one partition),
the workers read them, evaluate them (each loads the rule set once) and write their results
beside them, one file per partition with a manifest; the summary by programme and ministry
is added up on the cluster.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/dask_population.py \\
        [--households 200000] [--partitions 8] [--workers 2] [--out DIR]
"""
import argparse
import logging
import tempfile
from pathlib import Path

from distributed import Client, LocalCluster

import ssis
import ssis.dask
from population import synthetic_population

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--date", default="2025-09-24", help="evaluation date (YYYY-MM-DD)")
    parser.add_argument("--rules", type=Path, default=ROOT / "rules/kr")
    parser.add_argument("--out", type=Path, help="where the input and results are written (default: a temporary directory)")
    args = parser.parse_args()

    rules = ssis.load(args.rules)
    with tempfile.TemporaryDirectory() as temporary:
        directory = args.out or Path(temporary)
        households, members = synthetic_population(args.households, seed=args.seed)
        ssis.dask.write_partitioned_csv(households, members, directory / "input", args.partitions)
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster):
            population = ssis.dask.read_csv(str(directory / "input/households-*.csv"), str(directory / "input/members-*.csv"),
                                            rules)
            run = ssis.dask.evaluate(population, rules, args.date, directory / "results", layout="wide")
        print(f"{run.households:,} households in {run.partitions} partitions on {args.workers} workers: {run.seconds:.2f} s, "
              f"written to {run.directory} (a temporary directory unless --out)\n")
        ministries = run.summary[run.summary["level"] == "ministry"]
        print(ministries[["ministry", "eligible", "undetermined", "eligible_amount_sum"]].to_string(index=False))


if __name__ == "__main__":
    main()
