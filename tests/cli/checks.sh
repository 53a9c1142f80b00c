# Sourced by the command-line test scripts once `ssis` (the program) and `work` (an empty
# directory) are set: counts failures and checks what a command prints.

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect STATUS TEXT ARGS...: `ssis ARGS` exits with STATUS and TEXT is in what it printed
# (kept in $work/out.txt).
expect() {
  local status=$1 text=$2; shift 2
  "$ssis" "$@" > "$work/out.txt" 2>&1
  local actual=$?
  [[ $actual == "$status" ]] || fail "ssis $* exited $actual, not $status: $(head -c 400 "$work/out.txt")"
  grep -qF -- "$text" "$work/out.txt" || fail "ssis $* did not print '$text': $(head -c 400 "$work/out.txt")"
}

# finish NAME: reports the checks' result and exits 1 when one failed.
finish() {
  if ((failures)); then echo "$1: $failures failure(s)"; exit 1; fi
  echo "$1: all checks passed"
}
