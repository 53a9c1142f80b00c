#!/usr/bin/env bash
# The benchmarks (benchmarks/README.md): Google Benchmark suite on rules/kr with medians of
# repeated runs and their ratios to the hand-written loop (benchmarks/ratios.py), then 10 million synthetic households streamed through `ssis eval-batch`
# (SSIS_STREAM_HOUSEHOLDS to change the count) with its throughput and peak memory, then the
# Python batch path against evaluate_columns (benchmarks/python_batch.py) and Python's
# one-household evaluation against the native call (benchmarks/python_one_household.py), then ssis.dask on 1
# and 2 LocalCluster workers (benchmarks/dask_cluster.py). The what-if benchmarks (a 100 x 100
# sweep, the impact of a reform on 1,000,000 households) sit between.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh -DSSIS_BUILD_BENCHMARKS=ON
# rules/kr before its programmes paid to persons were assessed per member, for
# BM_ColumnsKrHouseholdsOnly.
households_only="$(mktemp -d)"
trap 'rm -rf "${households_only}"' EXIT
git archive eee0323 rules/kr | tar -x -C "${households_only}"
export SSIS_RULES_KR_HOUSEHOLDS_ONLY="${households_only}/rules/kr"
./build/ssis_benchmarks --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_out=build/benchmarks.json --benchmark_out_format=json
/usr/bin/python3 benchmarks/ratios.py build/benchmarks.json
./build/ssis_batch_benchmark --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_out=build/batch_benchmarks.json --benchmark_out_format=json
./build/ssis_whatif_benchmark --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_out=build/whatif_benchmarks.json --benchmark_out_format=json
if [[ -x build/ssis_analysis_benchmark ]]; then  # built where z3 is found
  ./build/ssis_analysis_benchmark --benchmark_out=build/analysis_benchmarks.json --benchmark_out_format=json
fi
# `ssis serve` under load: 50 connections on loopback for 10 s each, closed and at fixed rates, four
# kinds of answer and the floor (GET /healthz), without and with reloads.
./build/ssis_serve_benchmark --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_out=build/serve_benchmarks.json --benchmark_out_format=json
households="${SSIS_STREAM_HOUSEHOLDS:-10000000}"
echo "streaming ${households} households through eval-batch (CSV in, ids in order, wide CSV out, every core)"
./build/ssis-kr-population --households "${households}" --seed 1 \
  | ./build/ssis eval-batch rules/kr /dev/stdin --input-format csv --date 2025-09-24 --wide --out /dev/null --ids-in-order
echo "Python evaluate_batch against evaluate_columns, 20,000 households, 1 thread"
PYTHONPATH=build/python /usr/bin/python3 benchmarks/python_batch.py --households 20000 --threads 1
echo "Python RuleSet.evaluate against the native call, one household of four"
PYTHONPATH=build/python /usr/bin/python3 benchmarks/python_one_household.py
echo "ssis.dask on a LocalCluster of 1 and 2 workers against eval-batch, 2,000,000 households in 200 files"
PYTHONPATH=build/python /usr/bin/python3 benchmarks/dask_cluster.py --households 2000000 --partitions 200
