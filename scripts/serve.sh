#!/usr/bin/env bash
# Builds, then serves the bundled rule sets (rules/kr as /v1/kr, rules/vn as /v1/vn) and the
# screening page on http://127.0.0.1:8080/ until Ctrl-C. Extra arguments go to `ssis serve`
# (for example --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec ./build/ssis serve rules/kr rules/vn "$@"
