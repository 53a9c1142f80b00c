#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a bounded time
# (SSIS_FUZZ_SECONDS, default 60) from its seed corpus. A crash fails the run and leaves the
# input in build-fuzz/artifacts/ to be added as a regression test.
#
# The working corpora are seeded with the repository's own inputs: every rule file of the
# bundled rule sets (rule_loader), whole rule sets cut into files at 0x1E bytes (rule_set),
# and the example households (household_json, json_line_binder); declarations_codec starts
# from nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
seconds="${SSIS_FUZZ_SECONDS:-60}"
targets="${SSIS_FUZZ_TARGETS:-expression household_json household_csv json_line_binder rule_loader rule_set declarations_codec}"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DSSIS_BUILD_FUZZERS=ON -DSSIS_BUILD_TESTS=OFF -DSSIS_BUILD_CLI=OFF -DSSIS_BUILD_EXAMPLES=OFF -DSSIS_BUILD_PYTHON=OFF -DSSIS_INSTALL=OFF >/dev/null
cmake --build build-fuzz --parallel "$(nproc)"
mkdir -p build-fuzz/artifacts

# Copies each file into the corpus under a name made of its path, so reruns do not duplicate it.
seed_files() {
  local corpus="$1"
  shift
  local file
  for file in "$@"; do cp "${file}" "${corpus}/seed_$(echo "${file}" | tr '/' '_')"; done
}

# Joins the rule files under a directory into one input, separated by 0x1E bytes.
seed_rule_set() {
  local corpus="$1" name="$2"
  shift 2
  local file first=1
  for file in $(find "$@" -name '*.yaml' | sort); do
    if [[ ${first} == 0 ]]; then printf '\x1e'; fi
    first=0
    cat "${file}"
  done >"${corpus}/seed_${name}"
}

for target in ${targets}; do
  work="build-fuzz/corpus/${target}"
  mkdir -p "${work}"
  case "${target}" in
    rule_loader) seed_files "${work}" $(find rules/kr rules/vn tests/data/mini -name '*.yaml' | sort) ;;
    rule_set)
      seed_rule_set "${work}" mini tests/data/mini
      seed_rule_set "${work}" vn rules/vn
      seed_rule_set "${work}" kr_core rules/kr/ruleset.yaml rules/kr/schema rules/kr/parameters rules/kr/variables
      ;;
    household_json) seed_files "${work}" examples/households/*.json tests/data/mini_household.json ;;
    json_line_binder) seed_files "${work}" examples/households/*.json ;;
  esac
  echo "fuzzing ${target} for ${seconds}s"
  corpora=("${work}")
  if [[ -d "tests/fuzz/corpus/${target}" ]]; then corpora+=("tests/fuzz/corpus/${target}"); fi
  ./build-fuzz/tests/fuzz/fuzz_${target} -max_total_time="${seconds}" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=build-fuzz/artifacts/${target}- "${corpora[@]}" 2>&1 | tail -n 3
done
