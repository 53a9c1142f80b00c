# Helpers of the command-line tests, sourced by them once `ssis` and `work` are set.
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect STATUS TEXT ARGS...: `ssis ARGS` exits with STATUS and TEXT is in what it printed.
expect() {
  local status=$1 text=$2; shift 2
  "$ssis" "$@" > "$work/out.txt" 2>&1
  local actual=$?
  [[ $actual == "$status" ]] || fail "ssis $* exited $actual, not $status: $(head -c 300 "$work/out.txt")"
  grep -qF -- "$text" "$work/out.txt" || fail "ssis $* did not print '$text': $(head -c 300 "$work/out.txt")"
}
