#!/usr/bin/env bash
# The test suite under AddressSanitizer + UndefinedBehaviorSanitizer, and the parallel
# batch tests and the service's HTTP layer under ThreadSanitizer. The Python module is left out (an interpreter cannot load
# a sanitized extension), and so is the kill-and-resume test (it exercises process death,
# not memory, and is slow under ASan).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSSIS_SANITIZE=address,undefined -DSSIS_INSTALL=OFF -DSSIS_BUILD_PYTHON=OFF >/dev/null
cmake --build build-asan --parallel "$(nproc)"
ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)" --exclude-regex "^faults\\."
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSSIS_SANITIZE=thread -DSSIS_INSTALL=OFF \
  -DSSIS_BUILD_EXAMPLES=OFF -DSSIS_BUILD_PYTHON=OFF >/dev/null
cmake --build build-tsan --parallel "$(nproc)" --target ssis_unit_tests
./build-tsan/tests/ssis_unit_tests --test-case="*thread*,*batch*,*order*,serve:*" 
