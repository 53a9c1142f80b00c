#!/usr/bin/env bash
# `ssis eval` lists the next questions in text and JSON, and `ssis needs` lists the fields
# each programme can read, on the rule set built for the next questions; an unknown --lang
# is an error.
#   questions.sh SSIS RULES WORK_DIR
set -uo pipefail
ssis=$1 rules=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/expectations.sh"

printf '{"id": "h", "members": [{}, {}]}' > "$work/household.json"
expect 0 "  1. What is the household's monthly income? [fetch from Test Revenue Office: income records] (income)" \
  eval "$rules" "$work/household.json" --date 2025-06-01
expect 0 "  6. member 2: Is this person registered as disabled? (members[1].disabled)" \
  eval "$rules" "$work/household.json" --date 2025-06-01 --questions 6
expect 0 "  5. 가구원 1: 장애인으로 등록되어 있습니까? (members[0].disabled)" eval "$rules" "$work/household.json" --date 2025-06-01 --lang ko
"$ssis" eval "$rules" "$work/household.json" --date 2025-06-01 --questions 0 > "$work/none.txt"
grep -q "Next questions" "$work/none.txt" && fail "--questions 0 still printed questions"
"$ssis" eval "$rules" "$work/household.json" --date 2025-06-01 --format json > "$work/out.json" || fail "eval --format json failed"
/usr/bin/python3 - "$work/out.json" <<'PY' || fail "the JSON questions are not the text's"
import json, sys
questions = json.load(open(sys.argv[1]))["questions"]
assert [q["path"] for q in questions] == ["income", "car", "rent", "owns_home", "members[0].disabled", "members[1].disabled"], questions
assert questions[0]["source"] == {"agency": "Test Revenue Office", "data": "income records"} and questions[1]["source"] is None
PY

# An unknown language is an error that lists the rule set's languages.
expect 2 "--lang fr: $rules has no text in that language (available: en, ko)" eval "$rules" "$work/household.json" --lang fr
expect 2 "(available: en, ko)" needs "$rules" --lang fr

expect 0 "housing_a — Housing A (2 fields)" needs "$rules" housing_a
expect 0 "  income                                       Test Revenue Office: income records" needs "$rules" housing_a
expect 0 "  members[].disabled                           source unknown" needs "$rules"
expect 2 "no programme 'nope'" needs "$rules" housing_a nope

[[ $failures == 0 ]] && echo "questions: ok"
exit $((failures > 0))
