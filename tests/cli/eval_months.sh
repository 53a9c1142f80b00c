#!/usr/bin/env bash
# `ssis eval --from --to`: a household month by month across a parameter change, with the
# exact total known beforehand; the options' mistakes are refused.
#   eval_months.sh SSIS MINI_RULES MINI_HOUSEHOLD WORK_DIR
set -uo pipefail
ssis=$1 mini=$2 household=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/checks.sh"

# tests/unit/audit_test.cpp works these out: 678,430 a month in 2024, 758,450 in 2025.
expect 0 "  Income support: eligible 4 of 4 months, total 2873760" eval "$mini" "$household" --from 2024-11-15 --to 2025-02-28
expect 0 "      2024-12-01  eligible  678430" eval "$mini" "$household" --from 2024-11-15 --to 2025-02-28
expect 0 "      2025-01-01  eligible  758450" eval "$mini" "$household" --from 2024-11-15 --to 2025-02-28
"$ssis" eval "$mini" "$household" --from 2024-11-15 --to 2025-02-28 --format json > "$work/months.json" || fail "--format json failed"
/usr/bin/python3 - "$work/months.json" <<'PY' || fail "the JSON months are not the text's"
import json, sys
o = json.load(open(sys.argv[1]))
assert o["months"] == ["2024-11-15", "2024-12-01", "2025-01-01", "2025-02-01"], o["months"]
p = next(p for p in o["programmes"] if p["id"] == "income_support")
assert p["amounts"] == ["678430", "678430", "758450", "758450"] and p["total"] == "2873760" and p["eligible_months"] == 4, p
assert o["receipt"]["input"].startswith("sha256:")
PY

expect 2 "--from and --to go together" eval "$mini" "$household" --from 2024-11-15
expect 2 "ssis eval: --to requires --from" eval "$mini" "$household" --to 2024-11-15
expect 2 "--to 2024-01-01 is before --from 2025-11-15" eval "$mini" "$household" --from 2025-11-15 --to 2024-01-01
expect 2 "--from '2025-02-30' is not a date (YYYY-MM-DD)" eval "$mini" "$household" --from 2025-02-30 --to 2025-03-01
expect 2 "--from and --to take the place of --date and do not take --explain" eval "$mini" "$household" --from 2025-01-01 --to 2025-03-01 --date 2025-01-01
expect 2 "do not take --explain" eval "$mini" "$household" --from 2025-01-01 --to 2025-03-01 --explain
expect 2 "spans 1201 months; at most 1200" eval "$mini" "$household" --from 2000-01-01 --to 2100-01-01
expect 2 "spans 96000 months; at most 1200" eval "$mini" "$household" --from 2000-01-01 --to 9999-12-31

finish "eval month by month"
