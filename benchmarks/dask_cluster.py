"""ssis.dask on a LocalCluster of 1 and 2 workers against `ssis eval-batch` on one machine,
over a synthetic population written as many CSV files: households/s per worker, the scaling
from 1 to 2 workers, each worker's peak memory, the overhead against eval-batch, and the
projected time for 22 million households on 10 and 50 workers.

    PYTHONPATH=build/python /usr/bin/python3 benchmarks/dask_cluster.py \\
        [--households 2000000] [--partitions 200] [--data /tmp/ssis-dask-benchmark] [--unpinned]

Each worker is pinned to a core of its own (all its threads, and those it starts later), so
that one worker is one core's work and two workers are not moved between the cores with
their writing threads, the client's scheduler and the kernel's (benchmarks/README.md,
2026-12-07). `--unpinned` measures without.

Every run writes the wide layout to files (the cluster: one file per partition; eval-batch:
one file), removed after it is timed. The population is generated once (on the cluster) and
kept in --data for the next call.
"""
import argparse
import contextlib
import json
import logging
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

from distributed import Client, LocalCluster

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples/python"))

import ssis  # noqa: E402
import ssis.dask  # noqa: E402
from population import synthetic_population  # noqa: E402

KOREA = 22_000_000
DATE = "2025-09-24"


def generate_partition(directory: str, i: int, households: int, seed: int) -> None:
    """Partition i: households-i.csv, members-i.csv, and the same households as eval-batch reads them."""
    table, members = synthetic_population(households, seed=seed + i)
    for frame in (table, members):
        frame["household_id"] = frame["household_id"] + i * households
    ssis.dask.write_partitioned_csv(table, members, directory, 1, first_partition=i)
    ssis.dask.write_eval_batch_csv(table, members, Path(directory, f"eval-batch-{i:05d}.csv"))


def population(args: argparse.Namespace) -> Path:
    directory = args.data / f"{args.households}-{args.partitions}"
    if (directory / "complete").exists():
        return directory
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    each = args.households // args.partitions
    start = time.perf_counter()
    with cluster(2) as client:
        client.gather([client.submit(generate_partition, str(directory), i, each, args.seed, pure=False)
                       for i in range(args.partitions)])
    with open(directory / "eval-batch.csv", "wb") as combined:
        for i in range(args.partitions):
            part = directory / f"eval-batch-{i:05d}.csv"
            with open(part, "rb") as source:
                header = source.readline()
                if i == 0:
                    combined.write(header)
                shutil.copyfileobj(source, combined, 1 << 20)
            part.unlink()
    (directory / "complete").touch()
    print(f"generated {each * args.partitions:,} households in {args.partitions} partitions in "
          f"{time.perf_counter() - start:.0f} s: {directory}")
    return directory


@contextlib.contextmanager
def cluster(workers: int, pinned: bool = False) -> Iterator[Client]:
    """A LocalCluster of `workers` processes of one thread each, without a memory limit;
    `pinned`: worker i on core i (modulo the cores)."""
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR, memory_limit=0) as local, Client(local) as client:
        if pinned:
            for i, pid in enumerate(sorted(client.run(os.getpid).values())):
                pin(pid, i % os.cpu_count())
        yield client


def pin(pid: int, core: int) -> None:
    """Every thread of process `pid` on `core`; threads they start inherit it."""
    for thread in os.listdir(f"/proc/{pid}/task"):
        os.sched_setaffinity(int(thread), {core})


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_cluster(directory: Path, rules: ssis.RuleSet, workers: int, out: Path, pinned: bool) -> dict:
    with cluster(workers, pinned) as client:
        population = ssis.dask.read_csv(str(directory / "households-*.csv"), str(directory / "members-*.csv"), rules)
        run = ssis.dask.evaluate(population, rules, DATE, out, layout="wide")
        peaks = sorted(client.run(peak_mib).values())
    shutil.rmtree(out)
    return {"workers": workers, "households": run.households, "seconds": run.seconds,
            "households_per_second": run.households / run.seconds, "per_worker": run.households / run.seconds / workers,
            "peak_mib_per_worker": peaks}


def run_eval_batch(directory: Path, threads: int, out: Path) -> dict:
    start = time.perf_counter()
    done = subprocess.run([str(ROOT / "build/ssis"), "eval-batch", str(ROOT / "rules/kr"), str(directory / "eval-batch.csv"),
                           "--date", DATE, "--wide", "--threads", str(threads), "--out", str(out)],
                          check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    out.unlink()
    households = int(done.stderr.split()[0])
    peak = done.stderr.rsplit("peak memory ", 1)[1].split()[0]
    return {"threads": threads, "households": households, "seconds": seconds, "households_per_second": households / seconds,
            "peak_mib": int(peak)}


def median_run(runs: list) -> dict:
    """The run of median time, with the range of the times and the largest peak of all."""
    ordered = sorted(runs, key=lambda run: run["seconds"])
    run = dict(ordered[(len(ordered) - 1) // 2])
    run["seconds_range"] = [ordered[0]["seconds"], ordered[-1]["seconds"]]
    for key in ("peak_mib", "peak_mib_per_worker"):
        if key in run:
            run[key] = max(r[key] for r in runs)
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=2_000_000)
    parser.add_argument("--partitions", type=int, default=200)
    parser.add_argument("--repetitions", type=int, default=3, help="runs of each configuration, interleaved; medians reported")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--data", type=Path, default=Path("/tmp/ssis-dask-benchmark"))
    parser.add_argument("--unpinned", action="store_true", help="workers not pinned to cores of their own")
    args = parser.parse_args()

    directory = population(args)
    rules = ssis.load(ROOT / "rules/kr")
    runs: dict = {("eval_batch", 1): [], ("eval_batch", 2): [], ("cluster", 1): [], ("cluster", 2): []}
    for _ in range(args.repetitions):
        for threads in (1, 2):
            runs["eval_batch", threads].append(run_eval_batch(directory, threads, directory / "eval-batch-out.csv"))
        for workers in (1, 2):
            runs["cluster", workers].append(run_cluster(directory, rules, workers, directory / f"out-{workers}",
                                                        not args.unpinned))
    results = {
        "repetitions": args.repetitions,
        "pinned": not args.unpinned,
        "eval_batch": [median_run(runs["eval_batch", threads]) for threads in (1, 2)],
        "cluster": [median_run(runs["cluster", workers]) for workers in (1, 2)],
    }
    one, two = results["cluster"]
    print(f"medians of {args.repetitions} run(s), interleaved (range of the times in brackets); workers "
          f"{'unpinned' if args.unpinned else 'pinned to a core each'}")
    for run in results["eval_batch"]:
        print(f"eval-batch, {run['threads']} thread(s): {run['households']:,} households in {run['seconds']:.1f} s "
              f"[{run['seconds_range'][0]:.1f}-{run['seconds_range'][1]:.1f}], "
              f"{run['households_per_second']:,.0f} households/s, peak {run['peak_mib']} MiB")
    for run in results["cluster"]:
        print(f"ssis.dask, {run['workers']} worker(s): {run['households']:,} households in {run['seconds']:.1f} s "
              f"[{run['seconds_range'][0]:.1f}-{run['seconds_range'][1]:.1f}], "
              f"{run['households_per_second']:,.0f} households/s ({run['per_worker']:,.0f} per worker), "
              f"peak per worker {max(run['peak_mib_per_worker']):.0f} MiB")
    scaling = two["households_per_second"] / one["households_per_second"]
    print(f"scaling 1 -> 2 workers: {scaling:.2f}x")
    for cluster_run, batch_run in zip(results["cluster"], results["eval_batch"]):
        print(f"overhead, {cluster_run['workers']} worker(s) against eval-batch on {batch_run['threads']} thread(s): "
              f"{cluster_run['seconds'] / batch_run['seconds']:.2f}x the time")
    # The projection: workers on machines of their own, each at the per-worker rate measured
    # with 1 and with 2 workers, scaling linearly.
    for workers in (10, 50):
        print(f"projected: {KOREA:,} households on {workers} workers: "
              + ", ".join(f"{KOREA / (run['per_worker'] * workers) / 60:.1f} minutes at the per-worker rate of "
                          f"{run['workers']} worker(s)" for run in (one, two)))
    results["scaling"] = scaling
    print(json.dumps(results))


if __name__ == "__main__":
    main()
