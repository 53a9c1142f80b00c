#!/usr/bin/env bash
# A batch killed (SIGKILL) mid-run and started again with --resume completes its output with
# no duplicated and no missing row: the result equals an uninterrupted run byte for byte.
#   kill_and_resume.sh SSIS POPULATION RULES WORKDIR
set -euo pipefail
ssis="$1" population="$2" rules="$3" work="$4"
mkdir -p "${work}"
"${population}" --households 15000 --seed 5 --out "${work}/population.csv"
"${ssis}" eval-batch "${rules}" "${work}/population.csv" --date 2025-09-24 --out "${work}/reference.csv" --wide 2>/dev/null

rm -f "${work}/interrupted.csv"
"${ssis}" eval-batch "${rules}" "${work}/population.csv" --date 2025-09-24 --out "${work}/interrupted.csv" --wide --threads 1 2>/dev/null &
pid=$!
reference_size=$(stat -c %s "${work}/reference.csv")
while kill -0 "${pid}" 2>/dev/null; do
  size=$(stat -c %s "${work}/interrupted.csv" 2>/dev/null || echo 0)
  if (( size > reference_size / 3 )); then kill -9 "${pid}"; break; fi
  sleep 0.01
done
wait "${pid}" 2>/dev/null || true
killed_size=$(stat -c %s "${work}/interrupted.csv")
if (( killed_size >= reference_size )); then
  echo "the run finished before it could be killed; nothing was tested" >&2
  exit 1
fi
"${ssis}" eval-batch "${rules}" "${work}/population.csv" --date 2025-09-24 --out "${work}/interrupted.csv" --wide --resume
cmp "${work}/reference.csv" "${work}/interrupted.csv"
echo "killed at ${killed_size} of ${reference_size} bytes; the resumed output equals the uninterrupted one"
