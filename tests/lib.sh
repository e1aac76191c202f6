# tests/lib.sh — the preamble the shell tests share. Sourced first thing:
#
#     . "$(dirname "$0")/lib.sh" NAME BUILD_DIR
#
# It sets BUILD (the build directory), PIIMAP (the binary under test), SRC
# (the source tree), HERE (tests/), PYTHON (Debian's python3 where there is
# one), T (a fresh temporary directory /tmp/piimap-NAME.XXXXXX, removed at
# exit: a test that needs more at exit sets its own trap after this),
# PIIMAP_KEY_FILE (exported: a key in T, made by the first scan), and the
# counters pass and fail, with
#
#     ok                 a check passed
#     no WHY             a check failed: prints "FAIL: WHY"
#     check NAME CMD...  runs CMD, its output dropped: ok if it succeeds, else no NAME
#     expect_rc NAME WANT CMD...
#                        runs CMD, its output in $T/out and $T/err: ok if it exits WANT
#     reveal_file FILE   "line detector value" per match reveal finds in $T/share/FILE, sorted
#     expect_reveal FILE WANT
#                        ok if reveal_file (or $REVEAL, a lister a test sets) lists exactly WANT
#     pm_done            prints "NAME: P passed, F failed"; true when none failed
#
# It sets no shell options (each test chooses -e or not) and must never
# touch anything outside T.
TEST_NAME=$1
BUILD=$(cd "$2" && pwd)
PIIMAP="$BUILD/piimap"
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE="$SRC/tests"
PYTHON=${PYTHON:-/usr/bin/python3}
[ -x "$PYTHON" ] || PYTHON=python3
T=$(mktemp -d "/tmp/piimap-$TEST_NAME.XXXXXX")
trap 'rm -rf "$T"' EXIT
export PIIMAP_KEY_FILE="$T/k.key"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $1"; }
check() {
  local name=$1; shift
  if "$@" >/dev/null 2>&1; then ok; else no "$name"; fi
}
expect_rc() {
  local name=$1 want=$2; shift 2
  "$@" >"$T/out" 2>"$T/err"; local rc=$?
  if [ "$rc" = "$want" ]; then ok; else no "$name (exit $rc, want $want): $(head -c 300 "$T/err")"; fi
}
reveal_file() {
  "$PIIMAP" reveal --file "$T/share/$1" 2>/dev/null |
    sed -n 's/^  line \([0-9]*\), byte [0-9]*  \([a-z_]*\)  [a-z]*  \(.*\)$/\1 \2 \3/p' | sort
}
expect_reveal() {
  local got
  got=$(${REVEAL:-reveal_file} "$1")
  if [ "$got" = "$2" ]; then ok; else no "$1: got [$got] want [$2]"; fi
}
pm_done() {
  echo "$TEST_NAME: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
