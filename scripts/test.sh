#!/usr/bin/env bash
# Every test: unit and golden tests, the rule sets' own tests, the examples.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
