#!/usr/bin/env bash
# `--audit-log FILE` on eval-batch and reverify: each run appends its start and its end (rule
# set, inputs' SHA-256, options, counts, exit code) as JSON lines; a log that cannot be
# written stops the run before it starts.
#   audit_log.sh SSIS MINI_RULES WORK_DIR
set -uo pipefail
ssis=$1 mini=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/checks.sh"

printf 'household_id,region,birth_date,earned_income\nh1,capital,1950-01-01,500000\nh1,capital,1955-03-02,0\nh2,nowhere,1990-01-01,0\n' \
  > "$work/households.csv"
printf 'household_id,programme,monthly_amount,since\nh1,income_support,758450,2025-01-01\n' > "$work/benefits.csv"
log="$work/audit.jsonl"
expect 0 "2 households read: 1 evaluated, 1 input errors" eval-batch "$mini" "$work/households.csv" --date 2025-06-01 \
  --out "$work/out.csv" --audit-log "$log"
expect 0 "1 confirmed" reverify "$mini" --households "$work/households.csv" --benefits "$work/benefits.csv" --date 2025-06-01 \
  --out "$work/reverify" --audit-log "$log"
expect 2 "cannot be read" eval-batch "$mini" "$work/missing.csv" --date 2025-06-01 --audit-log "$log"
/usr/bin/python3 - "$log" "$work" "$mini" <<'PY' || fail "the audit log is not what the runs did"
import hashlib, json, sys
log, work, mini = sys.argv[1:]
lines = [json.loads(line) for line in open(log)]
assert [(l["command"], l["event"]) for l in lines] == [("eval-batch", "start"), ("eval-batch", "end"), ("reverify", "start"),
                                                        ("reverify", "end"), ("eval-batch", "start"), ("eval-batch", "end")], lines
assert all(a["run"] == b["run"] for a, b in zip(lines[0::2], lines[1::2])) and len({l["run"] for l in lines}) == 3
sha = lambda path: "sha256:" + hashlib.sha256(open(path, "rb").read()).hexdigest()
batch, recheck, failed = lines[1], lines[3], lines[5]
assert batch["rule_set"]["id"] == "mini" and batch["rule_set"]["fingerprint"].startswith("sha256:")
assert batch["inputs"] == [{"path": work + "/households.csv", "sha256": sha(work + "/households.csv")}]
assert batch["counts"] == {"read": 2, "resumed": 0, "evaluated": 1, "input_errors": 1} and batch["exit"] == 0
assert batch["options"]["date"] == "2025-06-01" and batch["options"]["out"] == work + "/out.csv"
assert [i["sha256"] for i in recheck["inputs"]] == [sha(work + "/households.csv"), sha(work + "/benefits.csv")]
assert recheck["counts"]["households_read"] == 2 and recheck["counts"]["confirmed"] == 1 and recheck["counts"]["input_error"] == 1
assert failed["exit"] == 2 and failed["inputs"] == [] and failed["counts"] == {}
assert all(l["user"] and l["time"].endswith("Z") for l in lines)
PY

# A log that cannot be written: the run does not start.
expect 2 "$work/no/such/dir/audit.jsonl: the audit log cannot be written" eval-batch "$mini" "$work/households.csv" \
  --date 2025-06-01 --out "$work/not_written.csv" --audit-log "$work/no/such/dir/audit.jsonl"
[[ -e "$work/not_written.csv" ]] && fail "eval-batch ran although its audit log could not be written"
expect 2 "the audit log cannot be written" reverify "$mini" --households "$work/households.csv" --benefits "$work/benefits.csv" \
  --out "$work/reverify2" --audit-log /dev/full
[[ -e "$work/reverify2" ]] && fail "reverify ran although its audit log could not be written"

finish "audit log"
