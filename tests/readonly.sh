#!/usr/bin/env bash
# readonly.sh — read-only evidence: an auditor with a 0444 copy of an
# inventory, or a copy in a read-only directory, produces every report
# (report, scans, diff, locate) and changes nothing; a file that is not an inventory
# (empty, text, another SQLite database) is refused by name by every command
# and left as it was; an existing read-only inventory is reported as
# read-only, not as "cannot create".
# Permission checks run as nobody when the test runs as root (root ignores
# file modes), else as the user running it.
# usage: tests/readonly.sh BUILD_DIR
set -uo pipefail
. "$(dirname "$0")/lib.sh" readonly "$1"
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
chmod 755 "$T"

# The auditor: nobody when we are root, else ourselves.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  AUDITOR=nobody
  as_auditor() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
  give() { chown -R 65534:65534 "$@"; } # give PATH...: the auditor owns it
else
  AUDITOR=$(id -un)
  as_auditor() { "$@"; }
  give() { :; }
fi
echo "readonly: running the read-only checks as $AUDITOR"

# --- an inventory with two scans of a share ---------------------------------
export PIIMAP_KEY_FILE="$T/key/hmac.key"
S="$T/share"
mkdir -p "$S/hr"
printf 'name,email,card\nAnn,ann.lee@example.com,4111 1111 1111 1111\n' >"$S/hr/staff.csv"
"$PIIMAP" scan --quiet --db "$T/inv.db" "$S"
printf 'Bob,bob.ray@example.org,123-45-6789\n' >>"$S/hr/staff.csv"
"$PIIMAP" scan --quiet --db "$T/inv.db" "$S"
"$PIIMAP" report --db "$T/inv.db" --json "$T/want.json"
"$PIIMAP" scans --db "$T/inv.db" >"$T/want.scans"
"$PIIMAP" diff --db "$T/inv.db" --json "$T/want.diff.json" >/dev/null
"$PIIMAP" locate --db "$T/inv.db" --all ann.lee@example.com "4111-1111-1111-1111" >"$T/want.locate"
chmod 644 "$T/want.json" "$T/want.scans" "$T/want.diff.json" "$T/want.locate"
# Readers leave SQLite's -wal (empty) and -shm behind; the file alone is whole.
[ ! -s "$T/inv.db-wal" ] || { echo "readonly: transactions left in the -wal"; exit 1; }

OUT="$T/out" # where the auditor writes reports
mkdir -p "$OUT" && cp "$PIIMAP_KEY_FILE" "$OUT/auditor.key" && give "$OUT"

# reports DB NAME: every read-only command works on DB as the auditor and
# gives what the owner got.
reports() {
  local db=$1 name=$2
  check "$name: report exits 0" as_auditor "$PIIMAP" report --db "$db" --json "$OUT/$name.json" --html "$OUT/$name.html"
  check "$name: the same data map" cmp -s "$T/want.json" "$OUT/$name.json"
  check "$name: HTML written" test -s "$OUT/$name.html"
  check "$name: scans" bash -c "$(declare -f as_auditor); as_auditor '$PIIMAP' scans --db '$db' | cmp -s - '$T/want.scans'"
  check "$name: diff exits 0" as_auditor "$PIIMAP" diff --db "$db" --json "$OUT/$name.diff.json"
  check "$name: the same diff" cmp -s "$T/want.diff.json" "$OUT/$name.diff.json"
  check "$name: report to stdout" bash -c "$(declare -f as_auditor); as_auditor '$PIIMAP' report --db '$db' | cmp -s - '$T/want.json'"
  check "$name: locate" bash -c "$(declare -f as_auditor); as_auditor '$PIIMAP' locate --db '$db' --key '$OUT/auditor.key' --all ann.lee@example.com 4111-1111-1111-1111 | cmp -s - '$T/want.locate'"
}

# --- a 0444 copy in a directory the auditor may write ---------------------------
mkdir -p "$T/copy" && cp "$T/inv.db" "$T/copy/inv.db" && chmod 444 "$T/copy/inv.db"
give "$T/copy" && chmod 755 "$T/copy"
reports "$T/copy/inv.db" copy0444
check "copy0444: the file is unchanged" cmp -s "$T/inv.db" "$T/copy/inv.db"
check "copy0444: still 0444" test "$(stat -c %a "$T/copy/inv.db")" = 444
check "copy0444: scan refuses a read-only inventory" bash -c "$(declare -f as_auditor)
  as_auditor '$PIIMAP' scan --quiet --key '$OUT/k' --db '$T/copy/inv.db' '$S' 2>'$OUT/e1'; [ \$? -eq 3 ]"
check "copy0444: says read-only, names it" grep -q "$T/copy/inv.db: the inventory is read-only" "$OUT/e1"
check "copy0444: never 'cannot create'" bash -c "! grep -q 'cannot create' '$OUT/e1'"
check "copy0444: prune refuses it too" bash -c "$(declare -f as_auditor)
  as_auditor '$PIIMAP' prune --keep 1 --db '$T/copy/inv.db' 2>&1 | grep -q 'is read-only'"
check "copy0444: unchanged after scan and prune" cmp -s "$T/inv.db" "$T/copy/inv.db"

# --- a 0444 copy in a read-only directory -------------------------------------
# SQLite cannot create the -shm it shares a WAL database through: the copy is
# read as immutable (it has no -wal with transactions, so the file is whole).
mkdir -p "$T/rodir" && cp "$T/inv.db" "$T/rodir/inv.db" && chmod 444 "$T/rodir/inv.db"
give "$T/rodir" && chmod 555 "$T/rodir"
reports "$T/rodir/inv.db" rodir
check "rodir: nothing created beside it" test "$(ls -A "$T/rodir")" = inv.db
check "rodir: the file is unchanged" cmp -s "$T/inv.db" "$T/rodir/inv.db"
check "rodir: scan refuses it, never 'cannot create'" bash -c "$(declare -f as_auditor)
  as_auditor '$PIIMAP' scan --quiet --key '$OUT/k' --db '$T/rodir/inv.db' '$S' 2>&1 |
  grep -v 'cannot create' | grep -q 'is read-only'"

# A writable inventory in a read-only directory: reading works; writing is
# refused with the reason (SQLite's -wal and -shm need the directory).
mkdir -p "$T/rodir2" && cp "$T/inv.db" "$T/rodir2/inv.db"
give "$T/rodir2" && chmod 555 "$T/rodir2"
check "rodir2: report of a writable file in a read-only directory" bash -c "$(declare -f as_auditor)
  as_auditor '$PIIMAP' report --db '$T/rodir2/inv.db' | cmp -s - '$T/want.json'"
check "rodir2: scan says the directory must be writable" bash -c "$(declare -f as_auditor)
  as_auditor '$PIIMAP' scan --quiet --key '$OUT/k' --db '$T/rodir2/inv.db' '$S' 2>&1 | grep -q 'writable directory'"

# --- copies taken while a writer had transactions in its -wal -----------------
# With the -shm too, the transactions are read; without it, in a read-only
# directory, the inventory is refused rather than read without them.
python3 - "$T/inv.db" "$T/walshm" "$T/walonly" <<'PY'
import os, shutil, sqlite3, sys
src, both, only = sys.argv[1:]
work = os.path.join(os.path.dirname(src), "live.db")
shutil.copy(src, work)
c = sqlite3.connect(work)
c.execute("PRAGMA wal_autocheckpoint=0")
c.execute("UPDATE scans SET roots='[\"/only/in/the/wal\"]' WHERE id=1")
c.commit()
for d, files in ((both, ("", "-wal", "-shm")), (only, ("", "-wal"))):
    os.makedirs(d)
    for f in files:
        shutil.copy(work + f, os.path.join(d, "inv.db" + f))
assert os.path.getsize(os.path.join(only, "inv.db-wal")) > 0
c.close()
PY
chmod 444 "$T"/walshm/* "$T"/walonly/*
give "$T/walshm" "$T/walonly" && chmod 555 "$T/walshm" "$T/walonly"
check "walshm: transactions in the -wal are read" bash -c "$(declare -f as_auditor)
  as_auditor '$PIIMAP' scans --db '$T/walshm/inv.db' | grep -q '/only/in/the/wal'"
check "walonly: refused, exit 3" bash -c "$(declare -f as_auditor)
  as_auditor '$PIIMAP' report --db '$T/walonly/inv.db' 2>'$OUT/e2' >/dev/null; [ \$? -eq 3 ]"
check "walonly: the message names it and its -wal" grep -q "$T/walonly/inv.db: .*write-ahead log (-wal)" "$OUT/e2"

# --- files that are not inventories: refused by name, left as they were ----------
mkdir -p "$T/not" && : >"$T/not/empty.db" && printf 'name,email\n' >"$T/not/text.db"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.commit()" "$T/not/other.db"
chmod 644 "$T"/not/*
for f in empty text other; do
  db="$T/not/$f.db"
  cp -p "$db" "$T/not/$f.orig"
  for cmd in "scan --quiet $S" "report" "scans" "diff" "prune --keep 1" "locate ann@example.com"; do
    name="$f: ${cmd%% *}"
    check "$name exits 3" bash -c "'$PIIMAP' $cmd --db '$db' 2>'$T/not/err' >/dev/null; [ \$? -eq 3 ]"
    check "$name names it" grep -q "^piimap[a-z ]*: $db: not a piimap inventory" "$T/not/err"
  done
  check "$f: unchanged" cmp -s "$db" "$T/not/$f.orig"
  check "$f: mode unchanged" test "$(stat -c %a "$db")" = 644
  check "$f: nothing created beside it" test -z "$(ls "$T/not" | grep -F "$f.db-")"
done
check "empty: says empty" bash -c "'$PIIMAP' report --db '$T/not/empty.db' 2>&1 | grep -q 'an empty file'"
check "text: says not SQLite" bash -c "'$PIIMAP' report --db '$T/not/text.db' 2>&1 | grep -q 'not an SQLite database'"
check "other: says another database" bash -c "'$PIIMAP' scan --quiet --db '$T/not/other.db' '$S' 2>&1 | grep -q \"without piimap's tables\""

# --- a missing inventory ----------------------------------------------------------
check "report of a missing inventory: run a scan first" bash -c "'$PIIMAP' report --db '$T/none.db' 2>&1 | grep -q '$T/none.db: no inventory here'"
check "report creates nothing" test ! -e "$T/none.db"

pm_done
