#!/usr/bin/env bash
# The command's answer to malformed input: what it reports and its exit code.
#   malformed_input.sh SSIS RULES WORKDIR      (RULES: tests/data/mini)
set -euo pipefail
ssis="$1" rules="$2" work="$3"
mkdir -p "${work}"
cd "${work}"

expect() {  # expect STATUS TEXT COMMAND...: the command exits with STATUS and prints TEXT on stderr
  local status="$1" text="$2"
  shift 2
  local got=0
  "$@" >stdout.txt 2>stderr.txt || got=$?
  if (( got != status )) || ! grep -qF -- "${text}" stderr.txt; then
    echo "FAILED: $* exited ${got} (expected ${status}) and printed:" >&2
    cat stderr.txt >&2
    echo "(expected to contain: ${text})" >&2
    exit 1
  fi
}

header="household_id,region,birth_date,earned_income"
{
  echo "${header}"
  for i in $(seq 1 1000); do
    if (( i == 4 )); then echo "h${i},city,\"1950-01-01,100"; else echo "h${i},city,1950-01-01,${i}"; fi
  done
} >quote.csv
expect 0 "1000 households read: 999 evaluated, 1 input errors" "${ssis}" eval-batch "${rules}" quote.csv --date 2025-03-01 --out quote.out.csv
contains() {  # contains FILE TEXT
  grep -qF -- "$2" "$1" || { echo "FAILED: $1 has no line with: $2" >&2; exit 1; }
}
contains quote.out.csv "h4,5,,input_error,,,,line 5: a quoted field opened on this line is not closed before the end of the input"

printf '%s\nh1,city,1950-01-01,1\nh2,city,1950-01-01,2\nh1,city,1960-01-01,3\n' "${header}" >split.csv
expect 1 "1 households have rows apart from each other in split.csv" \
  "${ssis}" eval-batch "${rules}" split.csv --date 2025-03-01 --out split.out.csv
contains split.out.csv "line 4: the rows of household 'h1' are not together: it was first seen at line 2"

printf '%s\n\nh1,city,1950-01-01,1\n  \nh1,city,1951-01-01,1\n\n' "${header}" >blank.csv
expect 0 "1 households read: 1 evaluated, 0 input errors" "${ssis}" eval-batch "${rules}" blank.csv --date 2025-03-01 --out blank.out.csv --strict

printf '\xEF\xBB\xBF%s,region\n' "${header}" >repeated.csv
expect 2 "column 'region' appears twice: columns 2 and 5" "${ssis}" eval-batch "${rules}" repeated.csv --date 2025-03-01 --out r.csv
printf 'household_id,region\xE2\x80\x8B\n' >invisible.csv
expect 2 "column 2 'region\\u200B' is not a field" "${ssis}" eval-batch "${rules}" invisible.csv --date 2025-03-01 --out r.csv

expect 2 "--block-size: '18446744073709551615' is not a whole number from 0 to 4096" \
  "${ssis}" eval-batch "${rules}" blank.csv --date 2025-03-01 --out b.csv --block-size 18446744073709551615
expect 2 "--threads: '4294967295' is not a whole number from 0 to 1024" \
  "${ssis}" eval-batch "${rules}" blank.csv --date 2025-03-01 --out b.csv --threads 4294967295

# reverify: a benefits header with a byte order mark is read; a bad one stops the run.
printf '\xEF\xBB\xBFhousehold_id,programme,monthly_amount,since\r\nh1,income_support,1,2024-01-01\r\n' >benefits.csv
expect 0 "1 benefits:" "${ssis}" reverify "${rules}" --households blank.csv --benefits benefits.csv --date 2025-03-01 --out reverify
printf 'household_id,programme,monthly_amount\nh1,income_support,1\n' >no_since.csv
expect 2 "no_since.csv:1:4: the header has no since column" \
  "${ssis}" reverify "${rules}" --households blank.csv --benefits no_since.csv --date 2025-03-01 --out reverify
printf 'household_id,programme,monthly_amount,since,since\n' >twice.csv
expect 2 "twice.csv:1:5: column 'since' appears twice: columns 4 and 5" \
  "${ssis}" reverify "${rules}" --households blank.csv --benefits twice.csv --date 2025-03-01 --out reverify
expect 1 "1 households have rows apart from each other in split.csv" \
  "${ssis}" reverify "${rules}" --households split.csv --benefits benefits.csv --date 2025-03-01 --out reverify
echo "malformed input is reported with the expected exit codes"
