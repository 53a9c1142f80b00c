"""The JSON of `ssis eval` against its schema (docs/outcome.schema.json): every example
household with and without explanations (and one without missing facts), and the rule sets of the tests for programmes
assessed per member and for the next questions; and a document the schema must reject.

    output_schema.py SSIS REPOSITORY WORK_DIR
"""
import json
import subprocess
import sys
from pathlib import Path

import jsonschema

ssis, root, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
work.mkdir(parents=True, exist_ok=True)
schema = json.loads((root / "docs/outcome.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)


def outcomes(*args: str) -> list:
    text = subprocess.run([ssis, "eval", *args, "--format", "json"], check=True, capture_output=True, text=True).stdout
    document = json.loads(text)
    return document if isinstance(document, list) else [document]


runs = []
for household in sorted((root / "examples/households").glob("*.json")):
    for explain in ([], ["--explain"]):
        runs.append(["rules/kr", str(household), "--date", "2025-09-24", *explain])
units_household = work / "units_household.json"
units_household.write_text(json.dumps({"id": "three generations", "members": [
    {"birth_date": "1975-01-01", "relation": "head", "income": 5000000, "occupational_pension": False},
    {"birth_date": "1948-01-01", "relation": "parent", "income": 1000000, "occupational_pension": False},
    {"birth_date": "1950-01-01", "relation": "parent", "income": 500000},
    {"birth_date": "2000-01-01", "relation": "child", "income": 0, "disabled": True}]}))
for options in ([], ["--explain"], ["--no-missing"]):
    runs.append(["tests/data/units", str(units_household), "--date", "2025-06-01", *options])
runs.append(["rules/kr", str(root / "examples/households/gyeonggi_family_of_four.json"), "--date", "2025-09-24", "--no-missing"])
runs.append(["tests/data/questions", "-", "--date", "2025-06-01"])
failures = 0
checked = 0
for run in runs:
    if run[1] == "-":
        run[1] = str(work / "questions_household.json")
        Path(run[1]).write_text('{"id": "h", "members": [{}, {}]}')
    for outcome in outcomes(*[str(root / run[0])] + run[1:]):
        assert outcome.get("questions") is not None and len(outcome["relied_on"]) == len(outcome["programmes"]), run
        if "--no-missing" in run:  # none worked out: every programme's and member's missing facts are null, no questions
            decisions = outcome["programmes"] + [u for p in outcome["programmes"] for u in p.get("units", [])]
            assert all(d["missing"] is None for d in decisions) and outcome["questions"] == [], run
        for error in validator.iter_errors(outcome):
            failures += 1
            print(f"FAIL {' '.join(run)}: {'/'.join(map(str, error.absolute_path))}: {error.message[:300]}")
        checked += 1

# The schema is not vacuous: a programme without its status, or with an unknown field, fails.
broken = outcomes(str(root / "tests/data/questions"), runs[-1][1], "--date", "2025-06-01")[0]
del broken["programmes"][0]["status"]
broken["programmes"][1]["surprise"] = 1
broken["questions"][0]["source"] = {"agency": ""}
broken["relied_on"]["housing_a"] = ["members[0].disabled"]
del broken["programmes"][2]["ministry"]   # always present
del broken["programmes"][3]["period"]     # always present, null when the programme states none
del broken["programmes"][4]["requires"]   # the relation fields too
assert len(list(validator.iter_errors(broken))) == 7, list(validator.iter_errors(broken))

# In Korean, in the CLI and in the schema's terms: the same field names for every language.
for outcome in outcomes(str(root / "rules/kr"), str(root / "examples/households/gyeonggi_family_of_four.json"),
                        "--date", "2025-09-24", "--lang", "ko"):
    assert outcome["language"] == "ko" and not list(validator.iter_errors(outcome))
    checked += 1

print(f"{checked} outcomes checked, {failures} failures")
sys.exit(1 if failures else 0)
