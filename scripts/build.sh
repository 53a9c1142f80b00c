#!/usr/bin/env bash
# Configures and builds ssis (library, command, Python package, tests) into ./build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSSIS_BUILD_TESTS=ON \
  -DSSIS_BUILD_PYTHON=ON -DPython_EXECUTABLE=/usr/bin/python3 "$@" >/dev/null
cmake --build build --parallel "$(nproc)"
