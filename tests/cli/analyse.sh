#!/usr/bin/env bash
# `ssis analyse` on the rule set with planted faults (tests/data/analysis): the report names
# each fault at its file and line, witnesses written as tests pass `ssis test`, cliffs agree
# with the sweep, coverage questions are answered, and bad arguments exit 2.
#   analyse.sh SSIS RULES WORK_DIR
set -uo pipefail
ssis=$1 rules=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/expectations.sh"

# A time per question long enough for a loaded machine.
day=(--date 2025-06-01 --timeout 60000)
# The whole analysis once; each finding is looked for in its output.
expect 0 "witnesses checked by the engine: 0 disagreements" analyse "$rules" "${day[@]}"
cp "$work/out.txt" "$work/report.txt"
printed() { grep -qF -- "$1" "$work/report.txt" || fail "the report does not say '$1'"; }
printed "$rules/programmes/contradiction.yaml:1: programme contradiction: no household is eligible (the criteria contradict each other)"
printed "$rules/programmes/elder_allowance.yaml:9: criterion elder_allowance.over_sixty: implied by criterion elder"
printed "$rules/relations/overlaps.yaml:2: relation child_or_childless: never binds"
printed "$rules/relations/overlaps.yaml:12: relation grant_requires_child_benefit: can never be met"
printed "$rules/programmes/winter_fuel.yaml:1: programme winter_fuel: no household is eligible (criterion winter depends on the date only and is false on 2025-06-01)"
printed "programmes: 5 with an eligible household, 2 never eligible, 0 unknown, 0 not in force"
printed "criteria: 7 fail alone in some household, 2 dead, 0 unknown, 4 of programmes not shown eligible"
expect 0 "programmes: 6 with an eligible household, 1 never eligible" analyse "$rules" --date 2025-11-01 --timeout 60000
expect 0 "programmes: 1 with an eligible household, 0 never eligible" analyse "$rules" "${day[@]}" --programme income_support
expect 2 "no programme 'nothing' in the rule set" analyse "$rules" "${day[@]}" --programme nothing

# Witnesses as tests: a copy of the rule set with them passes its tests.
cp -r "$rules" "$work/rules"
expect 0 "15 witness tests written under $work/rules/tests/witnesses" analyse "$work/rules" "${day[@]}" --emit-tests "$work/rules/tests/witnesses"
expect 0 "15 passed, 0 failed" test "$work/rules"
expect 2 "cannot be created" analyse "$rules" "${day[@]}" --emit-tests /dev/null/witnesses

# Cliffs along a member's income, checked by the sweep.
printf '{"region": "city", "members": [{"birth_date": "1955-03-01", "earned_income": 1200000}, {"birth_date": "2015-01-01"}]}' > "$work/household.json"
expect 0 "income_support: at 1258451: eligible -> ineligible" analyse "$rules" "${day[@]}" --cliffs "$work/household.json" --vary 'members[0].earned_income' --up-to 1300000
expect 0 "the sweep finds the same 1 change(s)" analyse "$rules" "${day[@]}" --cliffs "$work/household.json" --vary 'members[0].earned_income' --up-to 1300000
expect 2 "members[5].earned_income: the household has 2 member(s)" analyse "$rules" "${day[@]}" --cliffs "$work/household.json" --vary 'members[5].earned_income' --up-to 1300000
expect 2 "--up-to: 'x' is not a value" analyse "$rules" "${day[@]}" --cliffs "$work/household.json" --vary 'members[0].earned_income' --up-to x
expect 2 "--up-to: the engine's sweep is limited to 10000000 values" analyse "$rules" "${day[@]}" --cliffs "$work/household.json" --vary 'members[0].earned_income' --up-to 100000000000
expect 2 "cannot be read" analyse "$rules" "${day[@]}" --cliffs "$work/none.json" --vary 'members[0].earned_income' --up-to 1
printf '{"region": "city", "members": [' > "$work/truncated.json"
expect 2 "$work/truncated.json" analyse "$rules" "${day[@]}" --cliffs "$work/truncated.json" --vary 'members[0].earned_income' --up-to 1
expect 2 "requires" analyse "$rules" "${day[@]}" --cliffs "$work/household.json" --up-to 1

# Coverage questions.
expect 0 "a household meets it" analyse "$rules" "${day[@]}" --query 'has_child and eligible_count == 1'
expect 0 "eligible by the engine, with these fields only: child_benefit" analyse "$rules" "${day[@]}" --query 'has_child and eligible_count == 1'
expect 0 "no household of 1 to 3 members meets it" analyse "$rules" "${day[@]}" --query 'has_child and eligible_count == 0'
expect 2 "--query:1:10: unknown name 'thresold'" analyse "$rules" "${day[@]}" --query 'income < thresold'
expect 2 "--query:1:" analyse "$rules" "${day[@]}" --query 'income <'
expect 2 "excludes" analyse "$rules" "${day[@]}" --query 'has_child' --cliffs "$work/household.json" --vary 'members[0].earned_income' --up-to 1

expect 2 "--query is empty" analyse "$rules" "${day[@]}" --query ' '
expect 2 "--query: 'coverage_question' is declared bool but its formula gives money" analyse "$rules" "${day[@]}" --query 'income'
expect 2 "--query:1:" analyse "$rules" "${day[@]}" --query 'age > 3'
expect 2 "--query:1:" analyse "$rules" "${day[@]}" --query 'income < 5 # "quoted" : {x}'
expect 2 "--query:1:" analyse "$rules" "${day[@]}" --query "$(printf 'income < %.0s1 + ' {1..1200})1"
expect 2 "cannot be read" analyse "$rules" "${day[@]}" --cliffs '' --vary 'members[0].earned_income' --up-to 1

# The temporary copy is removed after the question, and a copy a killed run left behind (its
# process gone) is removed by the next question.
mkdir -p "$work/tmp/ssis-analyse-999999999-abandoned"
TMPDIR="$work/tmp" "$ssis" analyse "$rules" "${day[@]}" --query 'has_child' > /dev/null 2>&1 || fail "a question with TMPDIR set failed"
[[ -z $(ls "$work/tmp") ]] || fail "temporary copies left behind: $(ls "$work/tmp")"

# Arguments.
expect 2 "--members" analyse "$rules" "${day[@]}" --members 0
expect 2 "--timeout" analyse "$rules" --date 2025-06-01 --timeout 0
expect 2 "not a date" analyse "$rules" --date 2025-02-30
expect 1 "" analyse "$work/none" "${day[@]}"

((failures == 0)) && echo "analyse: all checks passed"
exit $((failures > 0))
