#!/usr/bin/env bash
# distributed.sh — scan --distributed: three scanner processes, one share,
# one PostgreSQL inventory.
#   - hosts alpha and beta start together; alpha is killed with kill -9
#     half-way (while it holds leases); gamma joins late (beta paused until
#     gamma holds work); beta and gamma finish one complete scan, taking
#     over alpha's directories when its leases expire; zeta, interrupted,
#     gives its leases back and what it wrote of them is dropped;
#   - its data map equals a single-process SQLite scan's, file by file (the
#     hosts left out), its counts too, and no row is there twice;
#   - the map lists the hosts and what each read;
#   - a host with another HMAC key is refused while the scan runs;
#   - an incremental rescan by two hosts carries unchanged files forward and
#     gives the SQLite rescan's map and diff.
# Needs PIIMAP_TEST_PG (tests/pg_cluster.sh); skipped (exit 77) without it.
# usage: tests/distributed.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
PIIMAP="$(cd "$1" && pwd)/piimap"
SRC="$(cd "$(dirname "$0")/.." && pwd)"
. "$SRC/tests/pg_lib.sh"
pg_require distributed
T=$(mktemp -d /tmp/piimap-dist.XXXXXX)
DB=piimap_dist_$$
PG=$(uri "$DB")
q() { psql "$PG" -qAtX -c "$1"; }
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  wait 2>/dev/null
  admin -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
  rm -rf "$T"
}
trap cleanup EXIT
admin -c "CREATE DATABASE $DB" || { echo "distributed: cannot create a database"; exit 1; }
export PIIMAP_KEY_FILE="$T/k.key"
export PIIMAP_LEASE_SECONDS=3
pass=0
fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $1"; }
check() { if eval "$2"; then ok; else no "$1"; fi; }
same() {
  if python3 "$SRC/tests/compare_maps.py" --ignore host --ignore hosts "$2" "$3" >"$T/cmp" 2>&1; then
    ok
  else
    no "$1: $(head -c 1500 "$T/cmp")"
  fi
}

# A share with work to spread: a generated share and 6,000 small files in
# 240 directories two levels deep.
python3 "$SRC/tests/gen_share.py" "$T/gen" --seed 3 --scale 0.2 >/dev/null ||
  { echo "distributed: gen_share.py failed"; exit 1; }
S="$T/share"
mv "$T/gen/share" "$S"
python3 - "$S/many" <<'EOF'
import os, sys
root = sys.argv[1]
for d in range(80):
    for s in range(3):
        p = os.path.join(root, f"d{d:02}", f"s{s}")
        os.makedirs(p)
        for i in range(25):
            with open(os.path.join(p, f"f{i:02}.txt"), "w") as f:
                f.write(f"contact u{d}x{s}x{i}@example.com or +1 415 555 {(d * 75 + s * 25 + i) % 10000:04d}\n")
EOF
S=$(realpath "$S")
"$PIIMAP" scan --quiet --threads 1 --db "$T/s.db" "$S" || { echo "distributed: the SQLite scan failed"; exit 1; }

# ---- three hosts, one killed half-way, one late ---------------------------------------
host() { # NAME: a scanner host in the background; its pid in $last
  PIIMAP_HOST=$1 "$PIIMAP" scan --distributed --quiet --threads 1 --db "$PG" "$S" \
    >"$T/$1.out" 2>"$T/$1.err" &
  last=$!
  pids+=("$last")
}
host alpha; A=$last
host beta; B=$last
# wait for the scan to run, then for a third of the rows
for _ in $(seq 600); do
  n=$(q "SELECT count(*) FROM piimap.files" 2>/dev/null || echo 0)
  [ "${n:-0}" -ge 2000 ] && break
  sleep 0.05
done
# Both paused at once: on a loaded machine they could otherwise read most of
# the share before alpha is caught holding leases, and beta and gamma end
# the scan before zeta joins it. Beta stays paused until gamma holds work.
kill -STOP "$A" "$B"
check "the hosts wrote rows (${n:-0})" '[ "${n:-0}" -ge 2000 ]'
# Another key is refused while the scan runs.
PIIMAP_KEY_FILE="$T/other.key" PIIMAP_HOST=mallory "$PIIMAP" scan --distributed --quiet \
  --threads 1 --db "$PG" "$S" >"$T/m.out" 2>"$T/m.err"; rc=$?
check "a host with another key is refused (exit $rc): $(head -c 300 "$T/m.err")" \
  '[ $rc = 3 ] && grep -q "another HMAC key" "$T/m.err"'
# So is a host with other options (an exclude): one scan, one set of rules.
PIIMAP_HOST=oscar "$PIIMAP" scan --distributed --quiet --threads 1 --exclude '*.csv' \
  --db "$PG" "$S" >"$T/o.out" 2>"$T/o.err"; rc=$?
check "a host with other options is refused (exit $rc): $(head -c 300 "$T/o.err")" \
  '[ $rc = 2 ] && grep -q "runs with other options" "$T/o.err"'
# kill -9 alpha while it holds leases: paused first, so that what it holds
# is known when it dies
for _ in $(seq 400); do
  held=$(q "SELECT count(*) FROM piimap.work WHERE state=1 AND owner LIKE 'alpha/%'")
  [ "$held" -gt 0 ] && break
  kill -CONT "$A"
  sleep 0.02
  kill -STOP "$A"
done
kill -9 "$A"
wait "$A" 2>/dev/null
orphaned=$(q "SELECT count(*) FROM piimap.work WHERE state=1 AND owner LIKE 'alpha/%'")
echo "distributed: alpha killed with $orphaned leased directories, $(q "SELECT count(*) FROM piimap.files") rows written"
# gamma joins late; beta is paused until gamma holds work, so that gamma
# surely gets some (beta's own leases may expire meanwhile: it then finds
# them lost, gives them back and goes on)
host gamma; C=$last
for _ in $(seq 1200); do
  [ "$(q "SELECT count(*) FROM piimap.work WHERE owner LIKE 'gamma/%'")" -gt 0 ] && break
  sleep 0.05
done
kill -CONT "$B"
# zeta is interrupted (SIGINT) while it holds leases: it commits what it
# read, gives its leases back and exits 130; its rows of those directories
# must not stay beside the rows of the host that does them again
# beta and gamma wait until zeta holds work, or (in a slow build) they could
# end the scan before zeta joins it
kill -STOP "$B" "$C"
host zeta; Z=$last
for _ in $(seq 1200); do
  kill -STOP "$Z"
  [ "$(q "SELECT count(*) FROM piimap.work WHERE state=1 AND owner LIKE 'zeta/%'")" -gt 0 ] && break
  kill -CONT "$Z"
  sleep 0.05
done
kill -INT "$Z"
kill -CONT "$Z" "$B" "$C"
wait "$Z"; rz=$?
check "zeta, interrupted, exits 130 ($rz): $(head -c 300 "$T/zeta.err")" '[ $rz = 130 ]'
zrows=$(q "SELECT count(*) FROM piimap.files WHERE lease_owner LIKE 'zeta/%'")
echo "distributed: zeta interrupted after committing $zrows rows"
check "zeta gave its leases back" '[ "$(q "SELECT count(*) FROM piimap.work WHERE state=1 AND owner LIKE '"'"'zeta/%'"'"'")" = 0 ]'
wait "$B"; rb=$?
wait "$C"; rc=$?
check "beta finished (exit $rb): $(head -c 300 "$T/beta.err")" '[ $rb = 0 ]'
check "gamma finished (exit $rc): $(head -c 300 "$T/gamma.err")" '[ $rc = 0 ]'
check "one scan, complete" '[ "$(q "SELECT count(*) FROM piimap.scans WHERE status=1")" = 1 ] && [ "$(q "SELECT count(*) FROM piimap.scans")" = 1 ]'
check "every directory done" '[ "$(q "SELECT count(*) FROM piimap.work WHERE state<>2")" = 0 ]'
check "alpha held leases when it was killed" '[ "$orphaned" -gt 0 ]'
check "alpha's directories were taken over" '[ "$(q "SELECT count(*) FROM piimap.work WHERE attempts>1")" -ge "$orphaned" ]'
"$PIIMAP" report --db "$T/s.db" --json "$T/s.json"
"$PIIMAP" report --db "$PG" --json "$T/p.json" 2>"$T/r.err"; rr=$?
check "report from PostgreSQL (exit $rr)" '[ $rr = 0 ]'
same "the distributed map equals the single-process SQLite map" "$T/s.json" "$T/p.json"
check "the distributed map fits the data map schema" 'python3 "$SRC/tests/validate_schema.py" "$SRC/doc/schema/datamap.schema.json" "$T/p.json" >"$T/v.out" 2>&1'
check "no row of an abandoned lease is left" '[ "$(q "SELECT count(*) FROM piimap.files f WHERE NOT EXISTS (SELECT 1 FROM piimap.work w WHERE w.owner=f.lease_owner)")" = 0 ]'
srows=$(sqlite3 "$T/s.db" "SELECT count(*) FROM files")
prows=$(q "SELECT count(*) FROM piimap.files")
check "as many rows as SQLite ($prows, $srows): none twice, none lost" '[ "$prows" = "$srows" ]'
"$PIIMAP" scans --db "$T/s.db" --json >"$T/s.scans.json"
"$PIIMAP" scans --db "$PG" --json >"$T/p.scans.json"
same "the scan's counts" "$T/s.scans.json" "$T/p.scans.json"
check "the map lists beta and gamma with what they read" 'python3 - "$T/p.json" <<EOF
import json, sys
m = json.load(open(sys.argv[1]))
h = {x["host"]: x for x in m["hosts"]}
assert "beta" in h and "gamma" in h, h
assert sum(x["files"] for x in h.values()) == m["scan"]["files_seen"], (h, m["scan"])
assert all(f.get("host") in h for f in m["files"])
assert "mallory" not in h
EOF'

# ---- an incremental rescan by two hosts ---------------------------------------------------
rm -f "$S/many/d00/s0/f00.txt"
printf 'new: zed.new@example.org\n' >"$S/many/d01/new.txt"
printf 'more: more.person@example.net\n' >>"$S/many/d02/s1/f03.txt"
"$PIIMAP" scan --quiet --threads 1 --db "$T/s.db" "$S" || no "the SQLite rescan"
host delta; D=$last
host epsilon; E=$last
wait "$D"; rd=$?
wait "$E"; re=$?
check "the rescan's hosts finished ($rd, $re)" '[ $rd = 0 ] && [ $re = 0 ]'
check "the rescan carried files forward" '[ "$(q "SELECT files_unchanged FROM piimap.scans WHERE id=2")" -gt 5000 ] && [ "$(q "SELECT incremental_from FROM piimap.scans WHERE id=2")" = 1 ]'
"$PIIMAP" report --db "$T/s.db" --json "$T/s2.json"
"$PIIMAP" report --db "$PG" --json "$T/p2.json"
same "the rescan's map" "$T/s2.json" "$T/p2.json"
"$PIIMAP" diff --db "$T/s.db" --json "$T/s.diff.json"
"$PIIMAP" diff --db "$PG" --json "$T/p.diff.json"
same "the diff of the two distributed scans" "$T/s.diff.json" "$T/p.diff.json"
check "the diff names the new file" 'grep -q "d01/new.txt" "$T/p.diff.json"'
"$PIIMAP" locate --db "$PG" --all zed.new@example.org >"$T/loc.out" 2>&1; rl=$?
check "locate finds the new value (exit $rl)" '[ $rl = 0 ] && grep -q "d01/new.txt" "$T/loc.out"'

# ---- refused ---------------------------------------------------------------------------------
"$PIIMAP" scan --distributed --quiet --db "$T/x.db" "$S" 2>"$T/x.err"; rx=$?
check "--distributed on SQLite is refused (exit $rx)" '[ $rx = 2 ] && grep -q "needs a PostgreSQL inventory" "$T/x.err"'

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
