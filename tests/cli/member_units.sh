#!/usr/bin/env bash
# Programmes assessed per member through the command line (tests/data/units): eval-batch's
# member rows and cells, a run killed half-way and resumed, and reverify's member column.
#   member_units.sh SSIS RULES WORK_DIR
set -uo pipefail
ssis=$1 rules=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/checks.sh"
same() { cmp -s "$1" "$2" || fail "$3: $(diff "$1" "$2" | head -20)"; }

cat > "$work/households.jsonl" <<'JSON'
{"id": "couple", "members": [{"birth_date": "1950-01-01", "relation": "head", "income": 1500000, "occupational_pension": false, "disabled": false}, {"birth_date": "1955-01-01", "relation": "spouse", "occupational_pension": false, "disabled": false}]}
{"id": "mother", "members": [{"birth_date": "1980-01-01", "relation": "head", "income": 3000000, "disabled": false}, {"birth_date": "1945-01-01", "relation": "parent", "occupational_pension": false, "disabled": false}]}
JSON

"$ssis" eval-batch "$rules" "$work/households.jsonl" --date 2025-06-01 --out "$work/long.csv" 2> /dev/null || fail "eval-batch exited $?"
cat > "$work/expected_long.csv" <<'CSV'
household_id,line,programme,member,status,amount,missing,excluded_by,error
couple,1,disability_allowance,,ineligible,,,,
couple,1,household_grant,,ineligible,,,,
couple,1,old_age_pension,0,eligible,248000,,,
couple,1,old_age_pension,1,eligible,248000,,,
couple,1,old_age_pension,,eligible,496000,,,
mother,2,disability_allowance,,ineligible,,,,
mother,2,household_grant,,ineligible,,,,
mother,2,old_age_pension,1,eligible,310000,,,
mother,2,old_age_pension,,eligible,310000,,,
CSV
same "$work/long.csv" "$work/expected_long.csv" "long layout"

"$ssis" eval-batch "$rules" "$work/households.jsonl" --date 2025-06-01 --wide --out "$work/wide.csv" 2> /dev/null || fail "eval-batch --wide exited $?"
cat > "$work/expected_wide.csv" <<'CSV'
household_id,line,error,disability_allowance,disability_allowance_amount,disability_allowance_members,household_grant,household_grant_amount,old_age_pension,old_age_pension_amount,old_age_pension_members
couple,1,,ineligible,,,ineligible,,eligible,496000,0:eligible:248000;1:eligible:248000
mother,2,,ineligible,,,ineligible,,eligible,310000,1:eligible:310000
CSV
same "$work/wide.csv" "$work/expected_wide.csv" "wide layout"

# Many households, the output cut inside a household's member rows, then resumed.
for i in $(seq 1 400); do sed "s/\"couple\"/\"c$i\"/; s/\"mother\"/\"m$i\"/" "$work/households.jsonl"; done > "$work/many.jsonl"
"$ssis" eval-batch "$rules" "$work/many.jsonl" --date 2025-06-01 --out "$work/many.csv" 2> /dev/null || fail "eval-batch many exited $?"
cp "$work/many.csv.run" "$work/cut.csv.run"
head -c 20003 "$work/many.csv" > "$work/cut.csv"
"$ssis" eval-batch "$rules" "$work/many.jsonl" --date 2025-06-01 --out "$work/cut.csv" --resume 2> "$work/resume.txt" || fail "resume exited $?"
grep -q "resuming after" "$work/resume.txt" || fail "resume did not resume: $(cat "$work/resume.txt")"
same "$work/cut.csv" "$work/many.csv" "resumed output"

# Benefits paid to members: two pensions of a couple, a parent who misses out. Each spouse
# since 2024-01-01 to 2025-06-01, 18 months, is paid 248,000 a month and was due 80% of the
# base: 240,000 in the 12 months of 2024 and 248,000 in the 6 of 2025, 4,368,000; 96,000 owed back.
printf 'household_id,programme,monthly_amount,since,member\ncouple,old_age_pension,248000,2024-01-01,0\ncouple,old_age_pension,248000,2024-01-01,1\nmother,old_age_pension,310000,2024-01-01,3\n' \
  > "$work/benefits.csv"
"$ssis" reverify "$rules" --households "$work/households.jsonl" --benefits "$work/benefits.csv" --date 2025-06-01 \
  --out "$work/reverify" 2> /dev/null || fail "reverify exited $?"
cat > "$work/expected_detail.csv" <<CSV
household_id,programme,member,ministry,finding,paid_monthly,computed_monthly,difference,months,paid_total,due_total,owed,reasons
couple,old_age_pension,0,Welfare,confirmed,248000,248000,0,18,4464000,4368000,96000,
couple,old_age_pension,1,Welfare,confirmed,248000,248000,0,18,4464000,4368000,96000,
mother,old_age_pension,,Welfare,input_error,310000,,,,,,,"$work/benefits.csv:4:5: member 3 is not in household mother, which has 2 members (0 to 1)"
mother,old_age_pension,1,Welfare,blind_spot,,310000,,,,,,
CSV
# Each finding about a household evaluated carries its input hash (tests/cli/replay.sh checks the hash).
[[ $(grep -cE ',sha256:[0-9a-f]{64}$' "$work/reverify/detail.csv") == 4 ]] || fail "detail.csv rows without their input hash"
sed -E 's/,(input|sha256:[0-9a-f]{64})?$//' "$work/reverify/detail.csv" > "$work/detail_without_input.csv"
same "$work/detail_without_input.csv" "$work/expected_detail.csv" "reverify detail"
grep -q "Programmes assessed per member (disability_allowance, old_age_pension) are re-verified per person" "$work/reverify/report.md" ||
  fail "report.md does not say that member programmes are re-verified per person"

"$ssis" reverify "$rules" --households "$work/households.jsonl" --benefits "$work/benefits.csv" --date 2025-06-01 \
  --out "$work/reverify" --person-id relation > "$work/person_id.txt" 2>&1
status=$?
[[ $status == 2 ]] || fail "--person-id relation exited $status, not 2"
grep -qF "person id field 'relation' is not a member field of type int" "$work/person_id.txt" || fail "--person-id relation: $(cat "$work/person_id.txt")"

finish "member units"
