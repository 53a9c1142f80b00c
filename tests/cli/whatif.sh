#!/usr/bin/env bash
# Reforms, sweeps and population impact through the `ssis` command line.
#   whatif.sh SSIS MINI_RULES REFORMS_DIR KR_RULES KR_HOUSEHOLD.json WORK_DIR
set -uo pipefail
ssis=$1 mini=$2 reforms=$3 kr=$4 kr_household=$5 work=$6
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/expectations.sh"

household='{"id": "h1", "region": "capital", "members": [{"birth_date": "1980-01-01", "earned_income": 800000}]}'
echo "$household" > "$work/household.json"
echo "$household" > "$work/households.jsonl"
printf '[%s, %s]\n' "$household" "$household" > "$work/two.json"
printf 'household_id,region,birth_date,earned_income\nh1,capital,1980-01-01,800000\n' > "$work/households.csv"
printf 'household_id,programme,monthly_amount,since\nh1,income_support,156800,2025-01-01\n' > "$work/benefits.csv"
couple="$(dirname "$mini")/mini_household.json"
raise="$reforms/mini_raise_ratio.yaml" bonus="$reforms/mini_flat_bonus.yaml" bad="$reforms/mini_bad.yaml"

# Reforms everywhere a rule set is used.
expect 0 "with reform $raise: ok" check "$mini" --reform "$raise"
expect 1 "mini_bad.yaml:4:3: error E021 unknown-name" check "$mini" --reform "$bad"
expect 1 "mini_bad.yaml:17:32" check "$mini" --reform "$bad"
expect 0 '"status":"ineligible"' eval "$mini" "$work/household.json" --date 2025-03-01 --format json
expect 0 '"amount":"156800"' eval "$mini" "$work/household.json" --date 2025-03-01 --format json --reform "$raise"
expect 0 "h1,2,income_support,eligible,156800" eval-batch "$mini" "$work/households.csv" --date 2025-03-01 --reform "$raise"
expect 1 "mini_bad.yaml" eval-batch "$mini" "$work/households.csv" --reform "$bad"
expect 0 "" reverify "$mini" --households "$work/households.csv" --benefits "$work/benefits.csv" --date 2025-03-01 \
  --out "$work/reverify" --reform "$raise"
grep -q "h1,income_support,.*,confirmed" "$work/reverify/detail.csv" || fail "reverify with the reform did not confirm the benefit"

# Sweeps: CSV, JSON, a file, a grid, and bad axes.
expect 0 "750000,750000,509450,1259450,2.2,true,flat_bonus -300000;income_support -250000" \
  whatif "$mini" "$couple" --vary 'members[0].earned_income=0:1000000:250000' --date 2025-03-01 --reform "$bonus"
expect 0 '"cliff":true' whatif "$mini" "$couple" --vary 'members[0].earned_income=0:1000000:250000' \
  --date 2025-03-01 --reform "$bonus" --format json
"$ssis" whatif "$mini" "$work/household.json" --vary 'members[0].earned_income=0:1000000:250000' --vary 'monthly_rent=0:200000:100000' \
  --date 2025-03-01 --out "$work/grid.csv" || fail "the grid sweep failed"
[[ $(wc -l < "$work/grid.csv") == 16 ]] || fail "the 5 x 3 grid did not give a header and 15 rows"
expect 2 "members[0].earned_incme: 'earned_incme' is not a member field" \
  whatif "$mini" "$work/household.json" --vary 'members[0].earned_incme=0:10:1'
expect 2 "'0:10' is not FROM:TO:STEP" whatif "$mini" "$work/household.json" --vary 'members[0].earned_income=0:10'
expect 2 "the step -1 is not positive" whatif "$mini" "$work/household.json" --vary 'members[0].earned_income=0:10:-1'
expect 2 "holds 2 households; a sweep varies one" whatif "$mini" "$work/two.json" --vary 'members[0].earned_income=0:10:1'
expect 2 "--income: 'region' is of type region" whatif "$mini" "$work/household.json" --vary 'members[0].earned_income=0:10:1' --income region
expect 2 "--vary is required" whatif "$mini" "$work/household.json"
expect 2 "cannot be written" whatif "$mini" "$work/household.json" --vary 'members[0].earned_income=0:10:1' --out /nonexistent/x.csv
# On rules/kr, programmes without a stated amount are named as not counted in net income.
expect 0 "(in kind)" whatif "$kr" "$kr_household" --vary 'members[0].earned_income=0:3000000:1000000' --date 2025-09-24

# Population impact.
printf 'programme,take_up\nincome_support,0.5\n' > "$work/take_up.csv"
expect 0 "1 households read, 1 evaluated, 0 input errors" impact "$mini" --reform "$raise" --households "$work/households.jsonl" \
  --out "$work/impact" --income earned_income --date 2025-03-01 --take-up "$work/take_up.csv"
for file in summary.csv deciles.csv detail.csv report.md; do [[ -s "$work/impact/$file" ]] || fail "impact wrote no $file"; done
grep -q "^programme,income_support,Ministry of Tests,month,0.5,0,1,1,0,0,78400,78400,0,78400,78400,0,940800,940800$" \
  "$work/impact/summary.csv" || fail "summary.csv: $(grep income_support "$work/impact/summary.csv")"
grep -q "^h1,1,1,800000,0,156800,156800,income_support,," "$work/impact/detail.csv" || fail "detail.csv: $(cat "$work/impact/detail.csv")"
{ cat "$work/households.jsonl"; echo '{"id": "h2", "region": "nowhere", "members": [{"birth_date": "1980-01-01"}]}'; } > "$work/with_error.jsonl"
expect 0 "2 households read, 1 evaluated, 1 input errors" impact "$mini" --reform "$raise" --households "$work/with_error.jsonl" \
  --out "$work/impact_errors" --income earned_income --date 2025-03-01
grep -q '^h2,2,,,,,,,,.*nowhere' "$work/impact_errors/detail.csv" || fail "detail.csv does not list the input error: $(cat "$work/impact_errors/detail.csv")"
grep -q "Input errors (1;" "$work/impact_errors/report.md" || fail "report.md does not count the input error"
expect 2 "--income is required" impact "$mini" --reform "$raise" --households "$work/households.jsonl" --out "$work/impact"
expect 1 "mini_bad.yaml:4:3" impact "$mini" --reform "$bad" --households "$work/households.jsonl" --out "$work/impact" --income earned_income
printf 'programme,take_up\nincome_support,2\n' > "$work/bad_take_up.csv"
expect 2 "--take-up: income_support: the rate 2 is not from 0 to 1" impact "$mini" --reform "$raise" \
  --households "$work/households.jsonl" --out "$work/impact" --income earned_income --take-up "$work/bad_take_up.csv"
printf 'programme,take_up\nincome_support,x\n' > "$work/bad_take_up.csv"
expect 2 "bad_take_up.csv:2: \"x\" is not a number" impact "$mini" --reform "$raise" \
  --households "$work/households.jsonl" --out "$work/impact" --income earned_income --take-up "$work/bad_take_up.csv"
printf 'household_id,region,birth_date,salary\nh1,capital,1980-01-01,1\n' > "$work/bad_header.csv"
expect 2 "salary" impact "$mini" --reform "$raise" --households "$work/bad_header.csv" --out "$work/stopped" --income earned_income
# A run that stops half-way leaves no output that looks finished.
for file in summary.csv deciles.csv detail.csv report.md; do [[ ! -e "$work/stopped/$file" ]] || fail "a stopped impact left $file"; done

[[ $failures == 0 ]] || { echo "$failures failure(s)"; exit 1; }
echo "all whatif command-line checks passed"
