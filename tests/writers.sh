#!/usr/bin/env bash
# writers.sh — two scans writing one inventory at once lose nothing.
# Two trees with planted e-mail addresses are scanned concurrently into one
# SQLite inventory (WAL, busy timeout, one writer transaction at a time),
# three rounds, fresh and incremental. Both scans must exit 0 and be complete,
# each data map must hold exactly its tree's files and values, and
# `PRAGMA integrity_check` must say ok.
# usage: tests/writers.sh BUILD_DIR   (prints "N passed, M failed")
set -uo pipefail
. "$(dirname "$0")/lib.sh" writers "$1"
N=800
for d in a b; do
  mkdir -p "$T/$d"
  for i in $(seq 1 $N); do printf 'row %d: user%d@%s.example.com\n' "$i" "$i" "$d" >"$T/$d/f$i.txt"; done
done
"$PIIMAP" scan --quiet --db "$T/i.db" "$T/a" # the inventory exists before the race, and not
for round in 1 2 3; do
  [ $round = 3 ] && rm -f "$T"/i.db*   # ... and it does not: both create it at once
  "$PIIMAP" scan --quiet --threads 1 --full --db "$T/i.db" "$T/a" 2>"$T/ea" & pa=$!
  "$PIIMAP" scan --quiet --threads 1 --db "$T/i.db" "$T/b" 2>"$T/eb" & pb=$!
  wait $pa; ra=$?
  wait $pb; rb=$?
  [ $ra = 0 ] && [ $rb = 0 ] && ok || no "round $round: exits $ra and $rb: $(cat "$T/ea" "$T/eb" | head -c 300)"
  for d in a b; do
    id=$("$PIIMAP" scans --db "$T/i.db" | awk -v r="[\"$T/$d\"]" '$NF == r {id = $1} END {print id}')
    "$PIIMAP" report --db "$T/i.db" --scan "$id" --json "$T/$d.json" 2>/dev/null
    python3 - "$T/$d.json" "$T/$d" $N <<'PY' && ok || no "round $round: scan of $d"
import json, sys
m = json.load(open(sys.argv[1])); root = sys.argv[2]; n = int(sys.argv[3])
assert m["scan"]["status"] == "complete", m["scan"]
assert m["scan"]["files_seen"] == n, m["scan"]
assert m["totals"]["email"]["distinct"] == n, m["totals"]
assert all(f["path"].startswith(root + "/") for f in m["files"]) and len(m["files"]) == n
PY
  done
  [ "$(sqlite3 "$T/i.db" 'PRAGMA integrity_check')" = ok ] && ok || no "round $round: integrity_check"
done
pm_done
