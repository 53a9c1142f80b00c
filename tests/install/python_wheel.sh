#!/usr/bin/env bash
# The Python install of README.md, as a user without a package index would do it: a wheel
# built offline from the repository, installed into a virtual environment that sees Debian's
# numpy and pandas, then used from outside the repository: the bundled rule sets load by name
# and by path, and the version is the CMake project's.
#   python_wheel.sh SOURCE WORK_DIR VERSION PYTHON
set -euo pipefail
source=$1 work=$2 version=$3 python=$4
rm -rf "$work" && mkdir -p "$work/wheels" "$work/elsewhere"

# setuptools' build directories go under WORK_DIR, not into the source tree.
printf '[build]\nbuild_base = %s\n[egg_info]\negg_base = %s\n' "$work/setuptools" "$work" > "$work/setup.cfg"
DIST_EXTRA_CONFIG="$work/setup.cfg" "$python" -m pip wheel --no-build-isolation --no-deps --no-index \
  --wheel-dir "$work/wheels" "$source/bindings/python" > "$work/wheel.log" 2>&1 \
  || { tail -n 40 "$work/wheel.log"; exit 1; }
wheel=$(echo "$work"/wheels/ssis-"$version"-*.whl)
[[ -f $wheel ]] || { echo "FAIL: no wheel ssis-$version-*.whl in $work/wheels: $(ls "$work/wheels")"; exit 1; }
"$python" - "$wheel" <<'PYTHON'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
for rule_set in ("kr", "vn"):
    if f"ssis/rules/{rule_set}/ruleset.yaml" not in names:
        sys.exit(f"FAIL: the wheel has no ssis/rules/{rule_set}")
PYTHON

"$python" -m venv --system-site-packages "$work/venv"
"$work/venv/bin/python" -m pip install --no-index "$wheel" > "$work/install.log" 2>&1 \
  || { cat "$work/install.log"; exit 1; }

cd "$work/elsewhere"
env -u PYTHONPATH "$work/venv/bin/python" - "$work/venv" "$version" "$source/rules/vn" <<'PYTHON'
import pathlib
import pickle
import sys

import ssis

venv, version, vn_path = sys.argv[1:]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


check(pathlib.Path(ssis.__file__).resolve().is_relative_to(pathlib.Path(venv).resolve()),
      f"ssis imported from {ssis.__file__}, not from the virtual environment")
check(ssis.__version__ == version, f"ssis.__version__ is {ssis.__version__}, the project's {version}")
check(ssis.bundled_rule_sets() == ("kr", "vn"), f"bundled rule sets: {ssis.bundled_rule_sets()}")
kr = ssis.load("kr")
check(kr.bundled == "kr" and len(kr.programmes) > 300, f"ssis.load('kr'): {kr!r}")
check(pathlib.Path(kr.path).resolve().is_relative_to(pathlib.Path(venv).resolve()), f"kr loaded from {kr.path}")
outcome = kr.evaluate({"property_region": "seoul", "members": [{"birth_date": "1950-01-01"}]}, date="2025-09-24")
check(len(outcome.programmes) == len(kr.programmes), "an evaluation with the bundled kr")
check(pickle.loads(pickle.dumps(kr)).bundled == "kr", "a bundled rule set pickles as its name")
by_path = ssis.load(vn_path)
check(by_path.bundled is None and by_path.fingerprint == ssis.load("vn").fingerprint,
      "rules/vn by path is the bundled vn")
try:
    ssis.load("xx")
    failures.append("ssis.load('xx') loaded something")
except ssis.RuleError as error:
    check("xx" in str(error), f"ssis.load('xx'): {error}")
for failure in failures:
    print("FAIL:", failure)
print(f"ssis {ssis.__version__} from the wheel: {len(kr.programmes)} programmes in bundled kr")
sys.exit(1 if failures else 0)
PYTHON
