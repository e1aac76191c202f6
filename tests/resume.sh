#!/usr/bin/env bash
# resume.sh — interrupt and resume, and kill -9 at any moment.
#   1. SIGINT and SIGTERM commit what was scanned, record the scan as
#      interrupted and exit 130; `scan --resume` goes on with the same roots
#      and options, and its data map equals an uninterrupted scan's.
#      The same for a scan of a --from-file list read from stdin.
#   2. 50 rounds of kill -9 at random moments (fresh scans and resumes alike):
#      after each, PRAGMA integrity_check says ok; at the end --resume
#      finishes the scan, and its data map again equals the uninterrupted one.
#   3. --resume with nothing to resume, or with a PATH, is a usage error.
# usage: tests/resume.sh BUILD_DIR [ROUNDS]   (prints "N passed, M failed")
set -uo pipefail
. "$(dirname "$0")/lib.sh" resume "$1"
ROUNDS=${2:-50}
python3 "$SRC/tests/gen_share.py" "$T/gen" --seed 11 --scale 2 >/dev/null
S="$T/gen/share"
# Options that must survive a resume: an exclude and a detector selection.
OPTS=(--exclude '*.eml' --disable ipv4)

"$PIIMAP" scan --quiet --full --threads 2 --db "$T/ref.db" "${OPTS[@]}" "$S" || no "reference scan"
"$PIIMAP" report --db "$T/ref.db" --json "$T/ref.json"

same_map() { # DB NAME: the data map of DB's newest scan equals the reference
  "$PIIMAP" report --db "$1" --json "$T/got.json" 2>/dev/null &&
  python3 - "$T/ref.json" "$T/got.json" <<'PY' && ok || no "$2: data map differs from an uninterrupted scan"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for m in (a, b):
    for k in ("id", "started_at", "finished_at"):
        m["scan"].pop(k, None)
if a != b:
    for k in a:
        if a[k] != b.get(k):
            print("  %s: %.300s\n  vs %.300s" % (k, a[k], b.get(k)))
    sys.exit(1)
PY
}

# 1. SIGINT and SIGTERM, then --resume.
for sig in INT TERM; do
  db="$T/$sig.db"
  "$PIIMAP" scan --quiet --full --threads 1 --db "$db" "${OPTS[@]}" "$S" & pid=$!
  sleep 0.4; kill -$sig $pid; wait $pid; rc=$?
  [ $rc = 130 ] && ok || no "SIG$sig exits 130 (got $rc)"
  "$PIIMAP" scans --db "$db" | grep -q interrupted && ok || no "SIG$sig: recorded as interrupted"
  "$PIIMAP" scan --quiet --resume --db "$db" && ok || no "SIG$sig: --resume exits 0"
  [ "$("$PIIMAP" scans --db "$db" | grep -c complete)" = 1 ] && ok || no "SIG$sig: one complete scan"
  same_map "$db" "SIG$sig then --resume"
done

# 1b. A scan of a list of paths (scan --from-file) resumes with the same
# list: the inventory holds it, so neither the list file nor stdin is read
# again.
find "$S" -type f | sort -r >"$T/list.txt"
"$PIIMAP" scan --quiet --full --threads 1 --db "$T/listref.db" --from-file "$T/list.txt" || no "list: reference scan"
"$PIIMAP" report --db "$T/listref.db" --json "$T/listref.json"
db="$T/list.db"
"$PIIMAP" scan --quiet --full --threads 1 --db "$db" --from-file - <"$T/list.txt" & pid=$!
sleep 0.4; kill -INT $pid; wait $pid; rc=$?
[ $rc = 130 ] && ok || no "list: SIGINT exits 130 (got $rc)"
rm "$T/list.txt"
"$PIIMAP" scan --quiet --resume --db "$db" && ok || no "list: --resume exits 0 without the list"
cp "$T/ref.json" "$T/ref.dir.json" && cp "$T/listref.json" "$T/ref.json"
same_map "$db" "list: SIGINT then --resume"
cp "$T/ref.dir.json" "$T/ref.json"

# 2. kill -9 at random moments.
db="$T/k9.db"
bad=0
for round in $(seq 1 "$ROUNDS"); do
  # A new scan when there is nothing to resume: the first round, a round after
  # one that finished, or a kill before the scan's row was written.
  if ! "$PIIMAP" scans --db "$db" 2>/dev/null | tail -1 | grep -Eq 'running|interrupted'; then
    "$PIIMAP" scan --quiet --full --threads 2 --db "$db" "${OPTS[@]}" "$S" 2>/dev/null & pid=$!
  else
    "$PIIMAP" scan --quiet --resume --threads 2 --db "$db" 2>/dev/null & pid=$!
  fi
  sleep "0.$(printf '%02d' $((RANDOM % 45 + 3)))"
  kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  if [ -f "$db" ] && [ "$(sqlite3 "$db" 'PRAGMA integrity_check' 2>&1)" != ok ]; then
    bad=$((bad + 1)); echo "round $round: integrity_check failed"
  fi
done
[ $bad = 0 ] && ok || no "kill -9: $bad of $ROUNDS rounds left a damaged inventory"
for i in 1 2 3 4 5; do # finish what the last kill left
  "$PIIMAP" scans --db "$db" | tail -1 | grep -q complete && break
  "$PIIMAP" scan --quiet --resume --threads 2 --db "$db" || no "final --resume (try $i)"
done
"$PIIMAP" scans --db "$db" | tail -1 | grep -q complete && ok || no "kill -9: the scan was finished"
same_map "$db" "after $ROUNDS kill -9 rounds"

# 3. Usage errors.
"$PIIMAP" scan --quiet --resume --db "$T/ref.db" 2>"$T/err"; rc=$?
[ $rc = 2 ] && grep -q "nothing to resume" "$T/err" && ok || no "--resume with nothing to resume exits 2 (got $rc)"
"$PIIMAP" scan --quiet --resume --db "$T/ref.db" "$S" 2>/dev/null; rc=$?
[ $rc = 2 ] && ok || no "--resume with a PATH exits 2 (got $rc)"
pm_done
