#!/usr/bin/env bash
# `ssis replay`: every example household's saved outcome replays byte for byte; another
# input, another rule set, a changed decision and broken receipts are each said exactly.
#   replay.sh SSIS RULES_KR EXAMPLES_DIR MINI_RULES MINI_HOUSEHOLD WORK_DIR
set -uo pipefail
ssis=$1 kr=$2 examples=$3 mini=$4 mini_household=$5 work=$6
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/checks.sh"

# Every example household, plain and explained, on two dates; then all of them as one array.
for household in "$examples"/*.json; do
  name=$(basename "$household" .json)
  for options in "--date 2025-09-24" "--date 2026-03-01 --explain --lang ko"; do
    # shellcheck disable=SC2086
    "$ssis" eval "$kr" "$household" --format json $options > "$work/$name.json" || fail "eval $name $options failed"
    expect 0 "household \"" replay "$work/$name.json" "$household" "$kr"
    grep -q ": identical (367 programmes" "$work/out.txt" || fail "$name $options did not replay identically: $(cat "$work/out.txt")"
  done
done
/usr/bin/python3 - "$examples" "$work/all_households.json" <<'PY'
import glob, json, sys
json.dump([json.load(open(f)) for f in sorted(glob.glob(sys.argv[1] + "/*.json"))], open(sys.argv[2], "w"), indent=1)
PY
"$ssis" eval "$kr" "$work/all_households.json" --format json --date 2025-09-24 > "$work/all.json" || fail "eval of the array failed"
expect 0 "identical" replay "$work/all.json" "$work/all_households.json" "$kr"
[[ $(grep -c ": identical (367 programmes, 2025-09-24)" "$work/out.txt") == $(ls "$examples"/*.json | wc -l) ]] ||
  fail "not every household of the array replayed: $(cat "$work/out.txt")"

# The same household with its keys in another order and other spacing is the same input.
"$ssis" eval "$mini" "$mini_household" --format json --date 2025-06-01 > "$work/mini.json" || fail "eval mini failed"
/usr/bin/python3 - "$mini_household" "$work/reordered.json" <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))
json.dump(dict(reversed(list(h.items()))), open(sys.argv[2], "w"), indent=4)
PY
expect 0 "household \"h1\": identical" replay "$work/mini.json" "$work/reordered.json" "$mini"

# reverify's detail.csv names each household's input by the same hash, from CSV rows or JSON lines.
receipt_input=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["receipt"]["input"])' "$work/mini.json")
printf 'household_id,region,birth_date,earned_income\nh1,capital,1950-01-01,500000\nh1,capital,1955-03-02,0\n' > "$work/mini.csv"
tr -d '\n' < "$mini_household" > "$work/mini.jsonl" && echo >> "$work/mini.jsonl"
printf 'household_id,programme,monthly_amount,since\nh1,income_support,758450,2025-01-01\n' > "$work/benefits.csv"
for households in "$work/mini.csv" "$work/mini.jsonl"; do
  "$ssis" reverify "$mini" --households "$households" --benefits "$work/benefits.csv" --date 2025-06-01 --out "$work/reverify" \
    > /dev/null 2>&1 || fail "reverify $households failed"
  # Six months since 2025-01-01, each due 758,450 (the 2025 parameters): 4,550,700 paid and due, none owed.
  grep -q "^h1,income_support,Ministry of Tests,confirmed,758450,758450,0,6,4550700,4550700,0,,$receipt_input\$" "$work/reverify/detail.csv" ||
    fail "detail.csv from $households does not carry the receipt's input $receipt_input: $(cat "$work/reverify/detail.csv")"
done

# Another input: one fact changed.
sed 's/500000/500001/' "$mini_household" > "$work/changed.json"
expect 1 "another input: input 'sha256:" replay "$work/mini.json" "$work/changed.json" "$mini"
expect 1 "household \"h1\": differs" replay "$work/mini.json" "$work/changed.json" "$mini"
# A household the input does not have.
sed 's/"h1"/"h9"/' "$mini_household" > "$work/other_id.json"
expect 1 "another input: $work/other_id.json has no household \"h1\"" replay "$work/mini.json" "$work/other_id.json" "$mini"

# Another rule set: one byte of a rule file changed, then another version.
cp -r "$mini" "$work/mini_changed"
printf '\n' >> "$work/mini_changed/parameters/thresholds.yaml"
expect 1 "another rule set: fingerprint 'sha256:" replay "$work/mini.json" "$mini_household" "$work/mini_changed"
printf '  version: "2"\n' >> "$work/mini_changed/ruleset.yaml"
expect 1 "another rule set: version '' in the receipt, '2' in RULES" replay "$work/mini.json" "$mini_household" "$work/mini_changed"
# A parameter value changed: the decisions that differ are named by programme.
cp -r "$mini" "$work/mini_ratio"
sed -i 's/2024-01-01: 0.32/2024-01-01: 0.33/' "$work/mini_ratio/parameters/thresholds.yaml"
expect 1 "programmes[income_support].amount: " replay "$work/mini.json" "$mini_household" "$work/mini_ratio"

# A decision changed in the saved outcome: the path, the saved and the replayed values.
/usr/bin/python3 - "$work/mini.json" "$work/tampered.json" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))
p = next(p for p in o["programmes"] if p["id"] == "income_support")
p["status"] = "eligible" if p["status"] != "eligible" else "ineligible"
json.dump(o, open(sys.argv[2], "w"), ensure_ascii=False, separators=(",", ":"))
PY
expect 1 "programmes[income_support].status: " replay "$work/tampered.json" "$mini_household" "$mini"

# Broken receipts are refused with where and what.
printf '{"household": "h1", "receipt": {"rule_set": "mini"' > "$work/truncated.json"
expect 2 "$work/truncated.json: " replay "$work/truncated.json" "$mini_household" "$mini"
printf '{"household": "h1", "receipt": {"rule_set": "mini", "version": "", "fingerprint": "x", "date": "2025-02-30", "input": "y"}}' \
  > "$work/bad_date.json"
expect 2 "$work/bad_date.json:1:1: receipt.date: '2025-02-30' is not a date" replay "$work/bad_date.json" "$mini_household" "$mini"
printf '[{"household": "h1"}]' > "$work/no_receipt.json"
expect 2 "$work/no_receipt.json:1:2: [0].receipt: missing or not an object" replay "$work/no_receipt.json" "$mini_household" "$mini"
printf '[]' > "$work/empty.json"
expect 2 "$work/empty.json: holds no outcome" replay "$work/empty.json" "$mini_household" "$mini"
expect 2 "$work/missing.json: cannot be read" replay "$work/missing.json" "$mini_household" "$mini"
expect 2 "ssis replay: RULES is required" replay "$work/mini.json" "$mini_household"

finish "replay"
