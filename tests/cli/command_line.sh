#!/usr/bin/env bash
# The `ssis` command line, one aspect per CHECK:
#   own_options        each command takes its own options and rejects the others with its usage
#   numeric_bounds     --threads and --block-size take whole numbers within their bounds only
#   accepted_forms     every option of each command works in the forms scripts use
#   version_and_help   --version names the project version; --help states the default date
#   unwritable_output  output that cannot be written (/dev/full) is a failure, reverify's detail.csv included
#   compile_output     `ssis compile` writes a whole file or nothing, to a file, a device or -
#   command_line.sh CHECK SSIS VERSION RULES HOUSEHOLD.json WORK_DIR
set -uo pipefail
check=$1 ssis=$2 version=$3 rules=$4 household=$5 work=$6
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/checks.sh"

printf 'household_id,region,birth_date,earned_income\nh1,capital,1950-01-01,500000\nh2,city,1990-05-05,0\n' > "$work/households.csv"
printf 'household_id,programme,monthly_amount,since\n' > "$work/benefits.csv"

own_options() {
  expect 2 "ssis eval: not accepted by this command: --wide" eval "$rules" "$household" --wide
  expect 2 "Usage: ssis eval [OPTIONS] RULES HOUSEHOLD" eval "$rules" "$household" --wide
  expect 2 "ssis check: not accepted by this command: --explain" check "$rules" --explain
  expect 2 "Usage: ssis check [OPTIONS] RULES" check "$rules" --explain
  expect 2 "ssis check: not accepted by this command: --filter x" check "$rules" --filter x
  expect 2 "ssis eval: not accepted by this command: --date 2025-01-01 --wide" --date 2025-01-01 eval "$rules" "$household" --wide
  expect 2 "ssis test: not accepted by this command: --date" test "$rules" --date 2025-01-01
  expect 2 "ssis schema: not accepted by this command: --lang" schema "$rules" --lang ko
  expect 2 "ssis stats: not accepted by this command: --threads" stats "$rules" --threads 2
  expect 2 "ssis eval-batch: not accepted by this command: --explain" eval-batch "$rules" "$work/households.csv" --explain
  expect 2 "ssis eval-batch: not accepted by this command: --format" eval-batch "$rules" "$work/households.csv" --format json
  expect 2 "ssis reverify: not accepted by this command: --wide" reverify "$rules" --households "$work/households.csv" \
    --benefits "$work/benefits.csv" --out "$work/reverify" --wide
  expect 2 "ssis eval: not accepted by this command: extra" eval "$rules" "$household" extra
  expect 2 "ssis eval: HOUSEHOLD is required" eval "$rules"
  expect 2 "ssis reverify: --households is required" reverify "$rules"
  expect 2 "ssis: 'frobnicate' is not a command" frobnicate "$rules"
  expect 2 "ssis: A subcommand is required" --
  expect 2 "Usage: ssis [OPTIONS] SUBCOMMAND"
  expect 2 "ssis eval: --format: xml not in {text,json}" eval "$rules" "$household" --format xml
  expect 2 "ssis eval-batch: --input-format: CSV not in {csv,jsonl}" eval-batch "$rules" "$work/households.csv" --input-format CSV
  expect 2 "ssis eval: --date: At Most 1 required but received 2" eval "$rules" "$household" --date 2025-01-01 --date 2025-02-01
}

numeric_bounds() {
  for value in -1 abc 1.5 +4 " 4" "" 0x10 1025 99999999999999999999999; do
    expect 2 "ssis eval-batch: --threads: '$value' is not a whole number from 0 to 1024" \
      eval-batch "$rules" "$work/households.csv" --threads "$value"
    expect 2 "ssis reverify: --threads: '$value' is not a whole number from 0 to 1024" reverify "$rules" \
      --households "$work/households.csv" --benefits "$work/benefits.csv" --out "$work/reverify" --threads "$value"
  done
  for value in -1 abc 2.0 4097 18446744073709551616; do
    expect 2 "ssis eval-batch: --block-size: '$value' is not a whole number from 0 to 4096" \
      eval-batch "$rules" "$work/households.csv" --block-size "$value"
    expect 2 "ssis reverify: --block-size: '$value' is not a whole number from 0 to 4096" reverify "$rules" \
      --households "$work/households.csv" --benefits "$work/benefits.csv" --out "$work/reverify" --block-size="$value"
  done
}

accepted_forms() {
  expect 0 "passed, 0 failed" test "$rules" --filter threshold
  expect 0 "\"household\"" eval "$rules" "$household" --date 2025-03-01 --format json --explain --lang ko
  expect 0 "2 households read: 2 evaluated, 0 input errors" eval-batch "$rules" "$work/households.csv" --out "$work/wide.csv" \
    --date 2025-03-01 --input-format csv --wide --threads 1024 --block-size 4096 --strict --no-missing
  [[ $(head -n 1 "$work/wide.csv") == household_id,line,error,elder_care,* ]] || fail "--wide did not give the wide layout: $(head -n 1 "$work/wide.csv")"
  expect 0 "2 households read" eval-batch "$rules" "$work/households.csv" --out "$work/wide.csv" --wide --threads=0 --block-size=0 \
    --date=2025-03-01 --input-format=csv --no-missing --resume
  expect 0 "wrote $work/reverify/detail.csv" reverify "$rules" --households "$work/households.csv" --benefits "$work/benefits.csv" \
    --out "$work/reverify" --date 2025-03-01 --threads 2 --block-size 1 --input-format csv --lang ko
}

version_and_help() {
  expect 0 "ssis $version" --version
  [[ $("$ssis" --version) == "ssis $version" ]] || fail "--version printed '$("$ssis" --version)'"
  before=$(date -u +%F)
  "$ssis" eval --help > "$work/help.txt" 2>&1 || fail "eval --help failed"
  after=$(date -u +%F)
  grep -qE -- "--date YYYY-MM-DD +evaluation date \(default: today by the system clock, UTC: ($before|$after)\)" "$work/help.txt" ||
    fail "eval --help does not state today's date as the default: $(cat "$work/help.txt")"
  expect 0 "Run 'ssis COMMAND --help' for the options of a command." --help
}

unwritable_output() {
  for command in "check $rules" "test $rules" "schema $rules" "stats $rules" "eval $rules $household" \
    "eval $rules $household --format json" "eval-batch $rules $work/households.csv" --help --version; do
    # shellcheck disable=SC2086  # the words of $command are the arguments
    "$ssis" $command > /dev/full 2> "$work/err.txt"
    status=$?
    [[ $status == 2 ]] || fail "ssis $command > /dev/full exited $status, not 2"
    grep -qE "standard output could not be written|-: write failed" "$work/err.txt" ||
      fail "ssis $command > /dev/full did not say so: $(cat "$work/err.txt")"
  done
  # reverify's detail.csv on a full disk
  mkdir -p "$work/full" && ln -sf /dev/full "$work/full/detail.csv"
  expect 2 "$work/full: write failed: detail.csv: No space left on device" reverify "$rules" --households "$work/households.csv" \
    --benefits "$work/benefits.csv" --out "$work/full" --date 2025-03-01
}

compile_output() {
  expect 0 "compiled to $work/rules.cpp (my_rules)" compile "$rules" --out "$work/rules.cpp" --name my_rules
  grep -qF "ssis::register_compiled_rules(my_rules)" "$work/rules.cpp" || fail "the compiled file does not register my_rules"
  [[ ! -e "$work/rules.cpp.partial" ]] || fail "ssis compile left its partial file behind"
  expect 0 "ssis::register_compiled_rules(" compile "$rules" --out -
  expect 2 "ssis compile: --name: '1bad' is not a C++ identifier" compile "$rules" --out "$work/bad.cpp" --name 1bad
  [[ ! -e "$work/bad.cpp" ]] || fail "ssis compile wrote a file for a bad name"
  expect 2 "ssis compile: $work/missing/rules.cpp could not be written" compile "$rules" --out "$work/missing/rules.cpp"
  # A device is written, never replaced by a file.
  expect 2 "ssis compile: /dev/full could not be written" compile "$rules" --out /dev/full
  [[ -c /dev/full ]] || fail "/dev/full is no longer a device"
  mkdir -p "$work/broken"
  printf 'id: broken\n' > "$work/broken/ruleset.yaml"
  "$ssis" compile "$work/broken" --out "$work/broken.cpp" > /dev/null 2>&1
  [[ $? == 1 && ! -e "$work/broken.cpp" ]] || fail "a rule set with errors was compiled or did not exit 1"
}

case $check in
  own_options | numeric_bounds | accepted_forms | version_and_help | unwritable_output | compile_output) "$check" ;;
  *) echo "unknown check '$check'"; exit 2 ;;
esac
finish "command line"
