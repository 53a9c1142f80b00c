#!/usr/bin/env bash
# Configures and builds ssis (library, command, tests) into ./build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSSIS_BUILD_TESTS=ON "$@" >/dev/null
cmake --build build --parallel "$(nproc)"
