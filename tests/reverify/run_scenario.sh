#!/usr/bin/env bash
# Generates a seeded re-verification scenario with planted cases, runs `ssis reverify` on it
# and checks that the summary's total row equals the planted numbers exactly, that
# detail.csv has one row per finding, and that the report was written.
#   run_scenario.sh SSIS SSIS_KR_BENEFICIARIES RULES WORK_DIR FORMAT
set -euo pipefail
ssis=$1 generator=$2 rules=$3 work=$4 format=$5
rm -rf "$work" && mkdir -p "$work"
"$generator" --rules "$rules" --households 3000 --seed 42 --format "$format" --bad-rows 31 --totals --since-from 2016-01-01 \
  --out-households "$work/households.$format" --out-benefits "$work/benefits.csv" --expected "$work/expected.csv"
"$ssis" reverify "$rules" --households "$work/households.$format" --benefits "$work/benefits.csv" \
  --date 2025-09-24 --threads 2 --out "$work/out"

# The generator plants the counts, the monthly sums and the sums since each benefit started
# (each household evaluated on each of its months there, with the full evaluator).
expected=$(cat "$work/expected.csv")
actual=$(tail -n 1 "$work/out/summary.csv")
if [[ "$expected" != "$actual" ]]; then
  echo "summary total differs from the planted numbers"; echo "  expected: $expected"; echo "  actual:   $actual"; exit 1
fi
# received + overlap + blind_spot + input_error rows (columns 4, 10, 11, 12) = detail rows
findings=$(echo "$actual" | awk -F, '{print $4 + $10 + $11 + $12}')
rows=$(($(wc -l < "$work/out/detail.csv") - 1))
if [[ "$findings" != "$rows" ]]; then echo "detail.csv has $rows rows for $findings findings"; exit 1; fi
# The summary's totals since each benefit started are the exact sums of detail.csv's, with
# owed = paid_total - due_total on every row that has them.
/usr/bin/python3 - "$work/out/detail.csv" "$work/out/summary.csv" <<'PY'
import csv, sys
from decimal import Decimal
sums, unknown = [Decimal(0)] * 3, 0
for row in csv.DictReader(open(sys.argv[1], newline="")):
    if row["owed"]:
        paid, due, owed = (Decimal(row[c]) for c in ("paid_total", "due_total", "owed"))
        assert owed == paid - due and Decimal(row["paid_monthly"]) * int(row["months"]) == paid, row
        sums = [s + v for s, v in zip(sums, (paid, due, owed))]
    elif row["months"]:
        assert "totals_unknown: " in row["reasons"], row
        unknown += 1
total = list(csv.DictReader(open(sys.argv[2], newline="")))[-1]
assert [Decimal(total[c]) for c in ("paid_total", "due_total", "owed")] == sums, (total, sums)
assert int(total["totals_unknown"]) == unknown, (total, unknown)
assert unknown < int(total["received"]) and sums[1] > 0, "no benefit has its totals"
PY
for heading in "## Totals" "## Programmes with the largest improper payments" "## Money owed since each benefit started" "## Overlaps across ministries" "## Blind spots"; do
  grep -q "^$heading" "$work/out/report.md" || { echo "report.md lacks '$heading'"; exit 1; }
done
# A missing input is a clear error, not a crash.
if "$ssis" reverify "$rules" --households "$work/households.$format" --benefits "$work/none.csv" --date 2025-09-24 --out "$work/x" 2> "$work/err.txt"; then
  echo "a missing benefits file was accepted"; exit 1
fi
grep -q "none.csv: cannot be read" "$work/err.txt"
echo "ok: $actual"
