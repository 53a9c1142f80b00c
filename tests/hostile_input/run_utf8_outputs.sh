#!/usr/bin/env bash
# Hostile household input through the command line: control characters, a byte order mark,
# invalid UTF-8, lone surrogates, duplicated members, a household without members, an unborn
# member. `ssis eval --format json` and `ssis eval-batch` must answer each with valid UTF-8
# (output and messages), reject what is malformed with exit code 2, and evaluate the rest.
#   run_utf8_outputs.sh SSIS RULES WORK_DIR
set -euo pipefail
ssis=$1 rules=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
date=2025-09-24
member='"members": [{"birth_date": "1980-01-01"}]'

valid_utf8() { iconv -f UTF-8 -t UTF-8 "$1" > /dev/null || { echo "$1 is not valid UTF-8"; exit 1; }; }

# Accepted: escapes of control characters, a surrogate pair, a leading byte order mark.
printf '{"id": "a\\u0000b\\u2028\\ud83d\\ude00\\u001b[31m", "property_region": "seoul", %s}' "$member" > controls.json
printf '\xef\xbb\xbf{"id": "bom", "property_region": "seoul", %s}' "$member" > bom.json
for input in controls.json bom.json; do
  "$ssis" eval "$rules" "$input" --format json --date $date > "$input.out"
  valid_utf8 "$input.out"
  grep -q '"household":' "$input.out" || { echo "$input: no outcome"; exit 1; }
  "$ssis" eval "$rules" "$input" --date $date > "$input.txt"
  valid_utf8 "$input.txt"
  if grep -q $'\x1b' "$input.txt"; then echo "$input: the text output shows a raw escape character"; exit 1; fi
done

# Rejected with exit code 2 and a message in valid UTF-8 that names the place.
expect_rejected() {  # file, expected part of the message
  local status=0
  "$ssis" eval "$rules" "$1" --format json --date $date > "$1.out" 2> "$1.err" || status=$?
  [[ $status == 2 ]] || { echo "$1: exit code $status, expected 2"; exit 1; }
  [[ ! -s "$1.out" ]] || { echo "$1: output written for rejected input"; exit 1; }
  valid_utf8 "$1.err"
  grep -qF -- "$2" "$1.err" || { echo "$1: message lacks '$2':"; cat "$1.err"; exit 1; }
}
printf '{"id": "x\xff", "property_region": "seoul", %s}' "$member" > invalid.json
expect_rejected invalid.json "line 1, column 10: byte 0xFF in a string is not valid UTF-8"
printf '{"id": "\\ud800", "property_region": "seoul", %s}' "$member" > lone.json
expect_rejected lone.json "line 1, column 9: \\uD800 is a high surrogate without a low surrogate after it"
printf '{"id": "x", "property_region": \xef\xbb\xbf"seoul", %s}' "$member" > inner_bom.json
expect_rejected inner_bom.json "line 1, column 32: unexpected byte order mark U+FEFF (allowed only at the start)"
printf '{"id": "x", "property_region": "seoul", %s,\n "members": []}' "$member" > twice.json
expect_rejected twice.json "line 2, column 2: field name \"members\" appears twice in one object"
printf '{"id": "x", "property_region": "seoul", "monthly_rent": 0123, %s}' "$member" > zeros.json
expect_rejected zeros.json "line 1, column 58: invalid number: leading zeros are not allowed"
printf '{"id": "x", "property_region": "seoul", "members": []}' > empty.json
expect_rejected empty.json "members: a household needs at least one member"
printf '{"id": "x", "property_region": "seoul", "members": [{"birth_date": "1980-01-01"}, {"birth_date": "2025-10-01"}]}' > unborn.json
expect_rejected unborn.json "members[1].birth_date: 2025-10-01 is after the evaluation date 2025-09-24"
printf '{"id": "e\\u001b[31m", "property_region": "seoul", "members": [{"birth_date": "2030-01-01"}]}' > escape_id.json
expect_rejected escape_id.json 'household "e\u001B[31m": members[0].birth_date'

# Batches: every household gets its rows or one input_error row, and the output is valid UTF-8.
printf 'household_id,property_region,birth_date,earned_income\nok,seoul,1980-01-01,\nbad\xff,seoul,1980-01-01,100\nc,seo\xc0\xafl,1980-01-01,1\n"q\xe2\x82",seoul,1980-01-01,1\nunborn,seoul,2030-01-01,\n' > households.csv
printf '{"id":"j1","property_region":"seoul",%s}\n{"id":"j\xff","property_region":"seoul",%s}\n{"id":"\\udc00"}\n{"id":"j4","property_region":"seoul","members":[]}\n' "$member" "$member" > households.jsonl
for input in households.csv households.jsonl; do
  "$ssis" eval-batch "$rules" "$input" --out "$input.out.csv" --date $date --threads 1 2> "$input.err"
  valid_utf8 "$input.out.csv"
  valid_utf8 "$input.err"
done
[[ $(grep -c ',input_error,' households.csv.out.csv) == 4 ]] || { echo "households.csv: expected 4 input errors"; cat households.csv.out.csv | grep input_error; exit 1; }
[[ $(grep -c ',input_error,' households.jsonl.out.csv) == 3 ]] || { echo "households.jsonl: expected 3 input errors"; exit 1; }
grep -q '^ok,2,nbls_livelihood,' households.csv.out.csv || { echo "households.csv: the valid household was not evaluated"; exit 1; }
grep -q '^j1,1,nbls_livelihood,' households.jsonl.out.csv || { echo "households.jsonl: the valid household was not evaluated"; exit 1; }
# Re-verification: a benefit of a household that could not be read, or of one not in the input.
printf 'household_id,property_region,birth_date\nok,seoul,1980-01-01\nb\xff,seoul,1980-01-01\n' > reverify_households.csv
printf 'household_id,programme,monthly_amount,since\nok,nbls_livelihood,100,2024-01-01\nz\xfe,nbls_livelihood,100,2024-01-01\nb\xff,nbls_livelihood,100,2024-01-01\n' > benefits.csv
"$ssis" reverify "$rules" --households reverify_households.csv --benefits benefits.csv --date $date --threads 1 --out reverify 2> reverify.err
for output in reverify/detail.csv reverify/summary.csv reverify/report.md reverify.err; do valid_utf8 "$output"; done
[[ $(grep -c ',input_error,' reverify/detail.csv) == 2 ]] || { echo "reverify: expected 2 input errors"; exit 1; }
echo "hostile input: every output and message is valid UTF-8"
