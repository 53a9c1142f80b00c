#!/usr/bin/env bash
# Facts dated by the input (`as_of`): the facts older than their field's max_age in the text
# and the JSON of `ssis eval`, `--known-on` for eval and reverify, and the input errors.
#   as_of.sh SSIS RULES HOUSEHOLD WORK_DIR
set -uo pipefail
ssis=$1 rules=$2 household=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/checks.sh"
export COLUMNS=200  # one line per warning

# The rent and members[0].earned_income are dated 2024-06-01 (P12M, P1Y): current on
# 2025-06-01, stale on 2025-06-02. The rest is dated 2025-05-20 by the household's "*".
expect 0 "Income support" eval "$rules" "$household" --date 2025-06-01
grep -q "older than its limit" "$work/out.txt" && fail "a fact at its limit is flagged: $(cat "$work/out.txt")"
expect 0 "      warning: a fact older than its limit, dated 2024-06-01: members[0].earned_income (P1Y)" \
  eval "$rules" "$household" --date 2025-06-02
expect 0 "      warning: a fact older than its limit, dated 2024-06-01: monthly_rent (P12M)" eval "$rules" "$household" --date 2025-06-02
"$ssis" eval "$rules" "$household" --date 2025-06-20 --format json > "$work/outcome.json" || fail "--format json failed"
/usr/bin/python3 - "$work/outcome.json" <<'PY' || fail "the JSON's stale_facts are wrong"
import json, sys
o = json.load(open(sys.argv[1]))
p = {p["id"]: p for p in o["programmes"]}
assert p["income_support"]["stale_facts"] == [{"path": "members[0].earned_income", "as_of": "2024-06-01", "max_age": "P1Y"}], p
# members[0].is_disabled, dated 2025-05-20 by "*", is 31 days old on 2025-06-20: more than P30D.
assert p["housing_support"]["stale_facts"] == [
    {"path": "monthly_rent", "as_of": "2024-06-01", "max_age": "P12M"},
    {"path": "members[0].is_disabled", "as_of": "2025-05-20", "max_age": "P30D"}], p
assert p["income_support"]["status"] == "eligible" and p["income_support"]["amount"] == "600000", p
PY

# As known on 2025-05-19, the facts dated 2025-05-20 are not known.
expect 0 "Eligible" eval "$rules" "$household" --date 2025-06-01
grep -q "Undetermined" "$work/out.txt" && fail "undetermined without --known-on: $(cat "$work/out.txt")"
"$ssis" eval "$rules" "$household" --date 2025-06-01 --known-on 2025-05-19 --format json > "$work/known.json" || fail "--known-on failed"
/usr/bin/python3 - "$work/known.json" "$work/outcome.json" <<'PY' || fail "--known-on did not leave the later facts unknown"
import json, sys
o = json.load(open(sys.argv[1]))
p = {p["id"]: p for p in o["programmes"]}
assert p["income_support"]["status"] == "undetermined" and p["income_support"]["missing"] == ["members[1].earned_income"], p
assert p["housing_support"]["status"] == "undetermined" and p["housing_support"]["missing"] == ["members[0].is_disabled", "members[1].is_disabled"], p
assert o["receipt"]["input"] != json.load(open(sys.argv[2]))["receipt"]["input"]
PY
expect 0 "Eligible" eval "$rules" "$household" --date 2025-06-01 --known-on 2025-05-20
grep -q "Undetermined" "$work/out.txt" && fail "undetermined as known on the facts' day: $(cat "$work/out.txt")"
expect 2 "'2025-02-30' is not a date (YYYY-MM-DD)" eval "$rules" "$household" --known-on 2025-02-30

# reverify: the household receives income support; as known on 2025-05-19 it is undetermined.
tr -d '\n' < "$household" > "$work/households.jsonl" && echo >> "$work/households.jsonl"
printf 'household_id,programme,monthly_amount,since\nh1,income_support,600000,2025-01-01\n' > "$work/benefits.csv"
"$ssis" reverify "$rules" --households "$work/households.jsonl" --benefits "$work/benefits.csv" --out "$work/now" \
  --date 2025-06-01 > /dev/null 2>&1 || fail "reverify failed"
"$ssis" reverify "$rules" --households "$work/households.jsonl" --benefits "$work/benefits.csv" --out "$work/then" \
  --date 2025-06-01 --known-on 2025-05-19 > /dev/null 2>&1 || fail "reverify --known-on failed"
grep -q "income_support.*,confirmed," "$work/now/detail.csv" || fail "not confirmed now: $(cat "$work/now/detail.csv")"
grep -q "income_support.*,undetermined," "$work/then/detail.csv" || fail "not undetermined as known on 2025-05-19: $(cat "$work/then/detail.csv")"

expect 0 "may be missing, min 0, max_age P1Y" schema "$rules"
"$ssis" schema "$rules" --format json-schema > "$work/input.schema.json" || fail "--format json-schema failed"
/usr/bin/python3 - "$work/input.schema.json" "$household" <<'PY' || fail "the input's JSON Schema does not describe as_of"
import json, sys, jsonschema
validator = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
household = json.load(open(sys.argv[2]))
assert validator.is_valid(household)
for bad in ({**household, "as_of": 20240601}, {**household, "as_of": {"monthly_rent": 1}},
            {**household, "members": [{"as_of": ["2024-01-01"]}]}):
    assert not validator.is_valid(bad), bad
PY

# Input errors name the place.
printf '{"as_of": {"monthly_rent": "2024-13-01"}, "members": [{}]}\n' > "$work/bad_date.json"
expect 2 "line 1, column 28: as_of.monthly_rent: '2024-13-01' is not a date (YYYY-MM-DD)" eval "$rules" "$work/bad_date.json"
printf '{"members": [{"as_of": {"monthly_rent": "2024-01-01"}}]}\n' > "$work/wrong_level.json"
expect 2 "members[0].as_of.monthly_rent: names no member field" eval "$rules" "$work/wrong_level.json"
printf '{"as_of": "2025-06-02", "members": [{"earned_income": 1}]}\n' > "$work/later.json"
expect 2 "as_of: 2025-06-02 is after the evaluation date 2025-06-01" eval "$rules" "$work/later.json" --date 2025-06-01

finish "dated facts"
