#!/usr/bin/env bash
# A batch killed (SIGKILL) mid-run and started again with --resume completes its output with
# no duplicated and no missing row: the result equals an uninterrupted run byte for byte.
# Resuming a different run (another date, input, layout or rule set, or an output whose
# record of its run is missing) is refused with exit 2 and leaves the output as it was.
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

# Not the same run: refused, naming what differs, and the output is left alone.
refused() {  # refused EXPECTED-TEXT ARGUMENTS...
  local expected="$1"
  shift
  local status=0
  "${ssis}" eval-batch "$@" --out "${work}/interrupted.csv" --resume 2>"${work}/refusal.txt" || status=$?
  if (( status != 2 )) || ! grep -q -- "${expected}" "${work}/refusal.txt"; then
    echo "resuming with $* gave exit ${status}, expected 2 and '${expected}':" >&2
    cat "${work}/refusal.txt" >&2
    exit 1
  fi
  cmp "${work}/reference.csv" "${work}/interrupted.csv"
}
"${population}" --households 100 --seed 6 --out "${work}/other.csv"
refused "date: 2025-09-24 then, 2026-01-01 now" "${rules}" "${work}/population.csv" --date 2026-01-01 --wide
refused "input: " "${rules}" "${work}/other.csv" --date 2025-09-24 --wide
cp "${work}/population.csv" "${work}/copy.csv"
refused "input: " "${rules}" "${work}/copy.csv" --date 2025-09-24 --wide
rm -rf "${work}/changed_rules"
cp -r "${rules}" "${work}/changed_rules"
echo "# changed" >>"${work}/changed_rules/ruleset.yaml"
refused "rules: " "${work}/changed_rules" "${work}/population.csv" --date 2025-09-24 --wide
refused "rules: " "$(dirname "$0")/../data/mini" "${work}/population.csv" --date 2025-09-24 --wide
refused "layout: wide then, long now" "${rules}" "${work}/population.csv" --date 2025-09-24
mv "${work}/interrupted.csv.run" "${work}/record.run"
refused "interrupted.csv.run is missing" "${rules}" "${work}/population.csv" --date 2025-09-24 --wide
mv "${work}/record.run" "${work}/interrupted.csv.run"
# The same run again: nothing left to evaluate, and the output stays the same.
"${ssis}" eval-batch "${rules}" "${work}/population.csv" --date 2025-09-24 --out "${work}/interrupted.csv" --wide --resume 2>/dev/null
cmp "${work}/reference.csv" "${work}/interrupted.csv"
echo "resuming another date, input, copy of the input, rule set, or without the run record was refused"
