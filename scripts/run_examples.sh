#!/usr/bin/env bash
# The main job on the bundled default: every example household evaluated against the
# Korean rule set, outcomes printed for a caseworker. Extra arguments go to `ssis eval`
# (for example --explain, --format json, --lang ko).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
date="${SSIS_DATE:-2025-09-24}"
for household in examples/households/*.json; do
  echo "=== ${household}"
  ./build/ssis eval rules/kr "${household}" --date "${date}" "$@"
  echo
done
