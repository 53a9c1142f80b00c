#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a bounded time
# (SSIS_FUZZ_SECONDS, default 60) from its seed corpus. A crash fails the run and leaves the
# input in build-fuzz/artifacts/ to be added as a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
seconds="${SSIS_FUZZ_SECONDS:-60}"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DSSIS_BUILD_FUZZERS=ON -DSSIS_BUILD_TESTS=OFF -DSSIS_BUILD_CLI=OFF -DSSIS_BUILD_EXAMPLES=OFF -DSSIS_BUILD_PYTHON=OFF -DSSIS_INSTALL=OFF >/dev/null
cmake --build build-fuzz --parallel "$(nproc)"
mkdir -p build-fuzz/artifacts
for target in expression household_json household_csv rule_loader; do
  work="build-fuzz/corpus/${target}"
  mkdir -p "${work}"
  echo "fuzzing ${target} for ${seconds}s"
  ./build-fuzz/tests/fuzz/fuzz_${target} -max_total_time="${seconds}" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=build-fuzz/artifacts/${target}- "${work}" "tests/fuzz/corpus/${target}" 2>&1 | tail -n 3
done
