"""Evaluates a synthetic population on a local dask.distributed cluster: the population is
split into partitions by household, each partition is evaluated by evaluate_batch on a
worker (which loads the rule set once, when it starts), and the results are combined.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/dask_population.py \\
        [--households 200000] [--partitions 8] [--workers 2]
"""
import argparse
import logging
import time
from pathlib import Path

import numpy as np
import pandas as pd
from distributed import Client, LocalCluster, WorkerPlugin, get_worker

import ssis
from population import synthetic_population
from summary import print_summary

ROOT = Path(__file__).resolve().parents[2]


class LoadRules(WorkerPlugin):
    """Loads the rule set once on each worker, as `worker.ssis_rules`."""

    def __init__(self, path: str) -> None:
        self.path = path

    def setup(self, worker) -> None:
        worker.ssis_rules = ssis.load(self.path)


def evaluate_partition(households: pd.DataFrame, members: pd.DataFrame, date: str) -> pd.DataFrame:
    """Runs on a worker: one thread per worker, so the cluster does not oversubscribe cores."""
    return get_worker().ssis_rules.evaluate_batch(households, members, date=date, threads=1)


def partitions(households: pd.DataFrame, members: pd.DataFrame, count: int):
    """(households, members) pairs, each household with all of its members."""
    for part in np.array_split(households, count):
        yield part, members[members["household_id"].isin(part["household_id"])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--date", default="2025-09-24", help="evaluation date (YYYY-MM-DD)")
    parser.add_argument("--rules", type=Path, default=ROOT / "rules/kr")
    args = parser.parse_args()

    households, members = synthetic_population(args.households, seed=args.seed)
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        client.register_worker_plugin(LoadRules(str(args.rules)), name="ssis-rules")
        start = time.perf_counter()
        futures = [client.submit(evaluate_partition, h, m, args.date) for h, m in partitions(households, members, args.partitions)]
        results = pd.concat(client.gather(futures), ignore_index=True)
        seconds = time.perf_counter() - start
    print(f"{len(households):,} households in {args.partitions} partitions on {args.workers} workers: {seconds:.2f} s\n")
    print_summary(results, ssis.load(args.rules))


if __name__ == "__main__":
    main()
