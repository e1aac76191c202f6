#!/usr/bin/env bash
# postgres.sh — the PostgreSQL inventory end to end, against the SQLite one.
#   - the sample share, a generated share and a share of odd file names
#     (not UTF-8, a tab, a newline, a backslash) are scanned into an SQLite
#     file and into PostgreSQL; their JSON data maps (whole and --under a
#     folder) are equal once scan ids and times are left out, and so are
#     their HTML data maps (times left out);
#   - an incremental rescan after changes, diff (JSON and HTML), scans,
#     locate --all and prune give the same answers from both;
#   - the role of README.md's SQL (extracted from it) scans with its password
#     from PGPASSFILE or PGPASSWORD; a reader role reports and cannot scan;
#     a password in --db is refused; no output ever holds the password;
#   - no planted raw value is anywhere in the PostgreSQL tables;
#   - a PostgreSQL scan is not pathologically slower than an SQLite one.
# Needs PIIMAP_TEST_PG (a superuser's URI, as tests/pg_cluster.sh prints);
# without it the test is skipped (exit 77), saying so.
# usage: tests/postgres.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
PIIMAP="$(cd "$1" && pwd)/piimap"
SRC="$(cd "$(dirname "$0")/.." && pwd)"
. "$SRC/tests/pg_lib.sh"
pg_require postgres
T=$(mktemp -d /tmp/piimap-pg.XXXXXX)
chmod 0755 "$T"
DB=piimap_sh_$$
SCANNER=piimap_scanner_$$
READER=piimap_reader_$$
cleanup() {
  admin -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
  admin -c "DROP ROLE IF EXISTS $SCANNER" >/dev/null 2>&1
  admin -c "DROP ROLE IF EXISTS $READER" >/dev/null 2>&1
  rm -rf "$T"
}
trap cleanup EXIT
admin -c "CREATE DATABASE $DB" || { echo "postgres: cannot create a database"; exit 1; }
PG=$(uri "$DB")
export PIIMAP_KEY_FILE="$T/k.key"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $1"; }
check() { if eval "$2"; then ok; else no "$1"; fi; }
# same NAME A B: two JSON outputs equal but for ids and times
same() {
  if python3 "$SRC/tests/compare_maps.py" "$2" "$3" >"$T/cmp" 2>&1; then ok; else no "$1: $(head -c 1500 "$T/cmp")"; fi
}
# both NAME ARGS...: the same piimap command on SQLite and on PostgreSQL,
# outputs in $T/s.* and $T/p.* ({} in ARGS is s or p); same exit code.
both() {
  local name=$1; shift
  local a=() b=()
  for x in "$@"; do a+=("${x//\{\}/s}"); b+=("${x//\{\}/p}"); done
  local cmd=${a[0]}
  "$PIIMAP" "$cmd" --db "$T/s.db" "${a[@]:1}" >"$T/s.out" 2>"$T/s.err"
  local rs=$?
  "$PIIMAP" "$cmd" --db "$PG" "${b[@]:1}" >"$T/p.out" 2>"$T/p.err"
  local rp=$?
  if [ "$rs" = "$rp" ]; then ok; else no "$name: exit $rs on SQLite, $rp on PostgreSQL: $(head -c 600 "$T/p.err")"; fi
}
# An HTML data map with its times left out.
html_norm() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z//g' "$1"; }

python3 "$SRC/tests/gen_share.py" "$T/gen" --seed 11 --scale 0.2 >/dev/null ||
  { echo "postgres: gen_share.py failed"; exit 1; }
GEN=$(realpath "$T/gen/share")
ODD="$T/odd"
mkdir -p "$ODD/sub"
printf 'mail jane.roe@example.com\n' >"$ODD/caf"$'\xe9'" latin1.txt"
printf 'card 4111 1111 1111 1111\n' >"$ODD/tab"$'\t'"and"$'\n'"newline.txt"
printf 'phone +1 415 555 0132\n' >"$ODD/sub/back\\slash.txt"
printf 'nothing here\n' >"$ODD/sub/clean.txt"
# An ACL that lets another user in (files.acl), where the file system has them.
ACL=0
if command -v setfacl >/dev/null && setfacl -m u:nobody:r "$ODD/caf"$'\xe9'" latin1.txt" 2>/dev/null; then ACL=1
else echo "postgres: the file system of $T has no POSIX ACLs (or setfacl is missing): the ACL check is skipped"; fi
SAMPLE="$SRC/fixtures/sample-share"

# ---- scans 1-3: three shares, the same data maps from both ---------------------
ts=$(date +%s.%N)
"$PIIMAP" scan --quiet --db "$T/s.db" "$GEN"; rs=$?
tm=$(date +%s.%N)
"$PIIMAP" scan --quiet --db "$PG" "$GEN" 2>"$T/scan.err"; rp=$?
te=$(date +%s.%N)
check "generated share scanned into both (exit $rs, $rp): $(head -c 300 "$T/scan.err")" '[ "$rs" = 0 ] && [ "$rp" = 0 ]'
sq=$(awk "BEGIN{printf \"%.2f\", $tm - $ts}"); pq=$(awk "BEGIN{printf \"%.2f\", $te - $tm}")
echo "postgres: generated share ($(find "$GEN" -type f | wc -l) files): SQLite ${sq}s, PostgreSQL ${pq}s"
# Not pathological: rows go in batches, not one round trip each.
check "PostgreSQL scan time ${pq}s within 4 x SQLite's ${sq}s + 5 s" "awk 'BEGIN{exit !($pq <= 4 * $sq + 5)}'"
both "scan sample" scan --quiet "$SAMPLE"
both "scan odd names" scan --quiet "$ODD"
for id in 1 2 3; do
  both "report $id" report --scan "$id" --json "$T/{}.$id.json" --html "$T/{}.$id.html"
  same "data map of scan $id" "$T/s.$id.json" "$T/p.$id.json"
  check "HTML data map of scan $id" 'grep -qi "<html" "$T/p.$id.html" && cmp -s <(html_norm "$T/s.$id.html") <(html_norm "$T/p.$id.html")'
done
# The maps compared hold what the newer columns give: identifiers in many
# files (sprawl, with their masked forms), known test numbers, ACL grants.
check "the generated map has sprawl and test values" 'python3 -c "import json,sys; m=json.load(open(\"$T/p.1.json\")); sys.exit(not (len(m[\"sprawl\"]) > 5 and all(s[\"sample\"] for s in m[\"sprawl\"]) and any(t.get(\"test_value\") for t in m[\"totals\"].values())))"'
check "the ACL grant is in the map" '[ $ACL = 0 ] || grep -q "user:nobody:r" "$T/p.3.json"'
check "the odd names are in the map" 'grep -q "path_escaped" "$T/p.3.json" && grep -q "newline.txt" "$T/p.3.json"'
check "the generated map has files" 'python3 -c "import json,sys; sys.exit(len(json.load(open(\"$T/p.1.json\"))[\"files\"]) < 50)"'
sub=$(find "$GEN" -mindepth 1 -maxdepth 1 -type d | sort | head -1)
both "report --under" report --scan 1 --under "$sub" --json "$T/{}.under.json"
same "data map under $sub" "$T/s.under.json" "$T/p.under.json"
both "report --under odd" report --scan 3 --under "$ODD/sub" --json "$T/{}.undero.json"
same "data map under the odd share's sub" "$T/s.undero.json" "$T/p.undero.json"

# ---- scan 4: incremental, after changes; diffs -----------------------------------
victim=$(grep -rl '@' "$GEN" | sort | head -1)
rm -f "$victim"
printf 'new joiner: zoe.quinn@example.org, +1 212 555 0188\n' >"$GEN/new_joiner.txt"
touched=$(find "$GEN" -type f -name '*.csv' | sort | head -1)
printf 'extra.person@example.net\n' >>"$touched"
both "incremental rescan" scan --quiet "$GEN"
both "report 4" report --scan 4 --json "$T/{}.4.json"
same "data map of the incremental scan" "$T/s.4.json" "$T/p.4.json"
both "scans --json" scans --json
cp "$T/s.out" "$T/s.scans.json"; cp "$T/p.out" "$T/p.scans.json"
same "scans --json" "$T/s.scans.json" "$T/p.scans.json"
check "scan 4 carried unchanged files forward" 'python3 -c "import json,sys; s=json.load(open(\"$T/p.scans.json\"))[\"scans\"][3]; sys.exit(not (s[\"files_unchanged\"] > 50 and s[\"incremental_from\"] == 1))"'
both "scans (text)" scans
check "scans lists four on PostgreSQL" '[ "$(grep -c complete "$T/p.out")" = 4 ]'
both "diff" diff --json "$T/{}.diff.json" --html "$T/{}.diff.html"
same "diff of scans 1 and 4" "$T/s.diff.json" "$T/p.diff.json"
check "the diff names the new file" 'grep -q new_joiner "$T/p.diff.json"'
check "diff HTML" 'cmp -s <(html_norm "$T/s.diff.html") <(html_norm "$T/p.diff.html")'
both "diff --fail-on-new" diff --from 1 --to 4 --fail-on-new

# ---- locate ------------------------------------------------------------------------
head -4 "$T/gen/raw.txt" >"$T/values.txt"
echo "zoe.quinn@example.org" >>"$T/values.txt"
echo "jane.roe@example.com" >>"$T/values.txt"
both "locate --all" locate --all --json --from-file "$T/values.txt"
cp "$T/s.out" "$T/s.loc.json"; cp "$T/p.out" "$T/p.loc.json"
same "locate --all" "$T/s.loc.json" "$T/p.loc.json"
check "locate found the odd-named file" 'grep -q "latin1.txt" "$T/p.loc.json"'
both "locate --scan 4" locate --scan 4 zoe.quinn@example.org
check "locate --scan 4 output" 'cmp -s "$T/s.out" "$T/p.out" && grep -q new_joiner "$T/p.out"'

# ---- no raw value stored -------------------------------------------------------------
for t in scans files findings hashes; do
  admin_in "$DB" -c "COPY piimap.$t TO STDOUT" >>"$T/dump.txt"
done
check "the tables were dumped" '[ -s "$T/dump.txt" ]'
check "no planted raw value in PostgreSQL" '! grep -qF -f "$T/gen/raw.txt" "$T/dump.txt"'
check "no odd share raw value in PostgreSQL" '! grep -qE "jane\.roe@example\.com|4111 1111 1111 1111" "$T/dump.txt"'

# ---- prune --------------------------------------------------------------------------------
both "prune --keep 2" prune --keep 2
both "scans after prune" scans --json
cp "$T/s.out" "$T/s.pruned.json"; cp "$T/p.out" "$T/p.pruned.json"
same "scans after prune" "$T/s.pruned.json" "$T/p.pruned.json"
check "two scans left" 'python3 -c "import json,sys; sys.exit(len(json.load(open(\"$T/p.pruned.json\"))[\"scans\"]) != 2)"'
check "files of pruned scans deleted" '[ "$(psql "$PG" -qAtX -c "SELECT count(DISTINCT scan_id) FROM piimap.files")" = 2 ]'
both "report after prune" report --json "$T/{}.last.json"
same "newest data map after prune" "$T/s.last.json" "$T/p.last.json"

# ---- the least-privileged roles of README.md -------------------------------------------
DB2=${DB}_roles
admin -c "CREATE DATABASE $DB2" >/dev/null
trap 'admin -c "DROP DATABASE IF EXISTS $DB2" >/dev/null 2>&1; cleanup' EXIT
sed -n '/<!-- pg-role-sql -->/,/<!-- \/pg-role-sql -->/p' "$SRC/README.md" | sed '/^<!--/d; /^```/d' |
  sed "s/piimap_scanner/$SCANNER/g; s/piimap_reader/$READER/g; s/DATABASE piimap /DATABASE $DB2 /g" >"$T/roles.sql"
check "README.md holds the role SQL" 'grep -q "CREATE SCHEMA piimap AUTHORIZATION" "$T/roles.sql"'
admin_in "$DB2" -f "$T/roles.sql" >"$T/roles.out" 2>&1; rrc=$?
check "the role SQL runs: $(head -c 300 "$T/roles.out")" '[ $rrc = 0 ]'
PW="pw-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
admin_in "$DB2" -c "ALTER ROLE $SCANNER PASSWORD '$PW'; ALTER ROLE $READER PASSWORD '$PW'"
printf '*:*:*:%s:%s\n*:*:*:%s:%s\n' "$SCANNER" "$PW" "$READER" "$PW" >"$T/pgpass"
chmod 0600 "$T/pgpass"
SU=$(uri "$DB2" "$SCANNER")
RU=$(uri "$DB2" "$READER")
PGPASSFILE="$T/pgpass" "$PIIMAP" scan --db "$SU" "$SAMPLE" >"$T/r.out" 2>"$T/r.err"; rc=$?
check "scan as the scanner role, password from PGPASSFILE: $(head -c 300 "$T/r.err")" '[ $rc = 0 ]'
PGPASSFILE=/nonexistent PGPASSWORD="$PW" "$PIIMAP" scan --quiet --db "$SU" "$SAMPLE" 2>>"$T/r.err"; rc=$?
check "scan with the password from PGPASSWORD" '[ $rc = 0 ]'
PGPASSFILE=/nonexistent "$PIIMAP" scan --quiet --db "$SU" "$SAMPLE" 2>>"$T/r.err"; rc=$?
check "no password: refused" '[ $rc != 0 ] && grep -q "cannot connect" "$T/r.err"'
PGPASSFILE="$T/pgpass" "$PIIMAP" report --db "$RU" --json "$T/r.json" 2>>"$T/r.err"; rc=$?
check "the reader role reports" '[ $rc = 0 ] && [ -s "$T/r.json" ]'
PGPASSFILE="$T/pgpass" "$PIIMAP" locate --db "$RU" --all jane.doe@example.com >>"$T/r.out" 2>>"$T/r.err"; rc=$?
check "the reader role locates" '[ $rc -le 1 ]'
PGPASSFILE="$T/pgpass" "$PIIMAP" scan --quiet --db "$RU" "$SAMPLE" 2>"$T/rs.err"; rc=$?
check "the reader role cannot scan: $(head -c 300 "$T/rs.err")" '[ $rc != 0 ] && grep -q "permission denied" "$T/rs.err"'
cat "$T/rs.err" >>"$T/r.err"
PGPASSFILE="$T/pgpass" "$PIIMAP" prune --db "$RU" --keep 0 2>>"$T/r.err"; rc=$?
check "the reader role cannot prune" '[ $rc != 0 ]'
check "the scanner role made no table outside its schema" \
  '[ "$(admin_in "$DB2" -c "SELECT count(*) FROM pg_tables WHERE tableowner='"'"'$SCANNER'"'"' AND schemaname<>'"'"'piimap'"'"'")" = 0 ]'
withpw=$(echo "$SU" | sed "s|^postgresql://|postgresql://$SCANNER:$PW@|")
[ "$withpw" = "$SU" ] && withpw="$SU&password=$PW"
"$PIIMAP" scan --quiet --db "$withpw" "$SAMPLE" >>"$T/r.out" 2>"$T/pw.err"; rc=$?
check "a password in --db is refused" '[ $rc != 0 ] && grep -q "a password in --db is refused" "$T/pw.err"'
cat "$T/pw.err" >>"$T/r.err"
check "no output repeats the password" '! grep -qF "$PW" "$T/r.out" "$T/r.err"'

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
