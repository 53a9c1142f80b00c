#!/usr/bin/env bash
# Builds the API references into build/docs: the C++ headers with Doxygen (build/docs/cpp)
# and the Python package from its docstrings with Sphinx (build/docs/python). Any warning
# fails the build. Builds the Python package first when it is not built.
#   scripts/docs.sh [BUILD_DIR]    (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
if [[ ! -d $build/python/ssis ]]; then bash scripts/build.sh; fi
version=$(sed -n 's/^project(ssis VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
out=$build/docs
rm -rf "$out" && mkdir -p "$out"

{ cat docs/api/Doxyfile; echo "OUTPUT_DIRECTORY = $out"; echo "PROJECT_NUMBER = $version"; } | doxygen - > "$out/doxygen.log" 2>&1 \
  || { cat "$out/doxygen.log"; echo "docs: doxygen failed"; exit 1; }
PYTHONPATH=$build/python PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -m sphinx -b html -W --keep-going -q \
  -d "$out/python-doctrees" docs/api/python "$out/python"
echo "docs: $out/cpp/index.html and $out/python/index.html (ssis $version)"
