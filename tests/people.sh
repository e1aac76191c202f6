#!/usr/bin/env bash
# people.sh — the people estimate, end to end (tests/make_people.py makes
# the share and counts the truth):
#   - every person's identifiers share a CSV row, a JSON object, a JSON
#     Lines line, a mail body paragraph, a letter paragraph, an SQLite row
#     or an ODS row, and some people recur in other files with other
#     identifiers: people.estimate is exactly the number of people,
#     linked_records exactly the records holding 2 to 8 keys, and the
#     distinct counts are the planted values;
#   - a distribution list of 10 known addresses in one paragraph links
#     nobody; the mail's sender and recipient are two people, not one;
#   - per directory and with report --under, only that part counts;
#   - the scan summary and the HTML page give the estimate;
#   - the links are keyed hashes only: no raw value in the inventory;
#   - an inventory made before links were kept (no links table) still
#     reports, counting distinct keys and saying so; a scan brings it up
#     to date;
#   - the same figures from the PostgreSQL inventory when PIIMAP_TEST_PG
#     names a server (tests/pg_cluster.sh).
# usage: tests/people.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
. "$(dirname "$0")/lib.sh" people "$1"
check() {
  local what="$1"
  shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}

python3 "$SRC/tests/make_people.py" "$T" >/dev/null || { echo "FAIL: make_people.py"; exit 1; }
SHARE="$T/share"

# figures DB [UNDER]: the data map's people, per directory and totals, as
# one JSON line, checked against truth.json by the caller.
figures() {
  "$PIIMAP" report --db "$1" ${2:+--under "$2"} --json "$T/map.json" 2>/dev/null &&
    python3 "$SRC/tests/validate_schema.py" "$SRC/doc/schema/datamap.schema.json" "$T/map.json" >/dev/null
}
# want EXPR: a Python expression over m (the map) and t (the truth) is true.
want() {
  python3 - "$T/map.json" "$T/truth.json" "$1" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); t = json.load(open(sys.argv[2]))
d = {x["path"].rsplit("/", 1)[-1]: x for x in m["directories"]}
ok = eval(sys.argv[3])
if not ok:
    print("  people:", m.get("people"), "truth:", t, file=sys.stderr)
sys.exit(0 if ok else 1)
PY
}
LINKED='m["people"]["method"].startswith("record links")'

maps() { # maps DB: the same checks on any backend
  local db="$1"
  check "$2: scan" "$PIIMAP" scan --db "$db" "$SHARE" 2>"$T/scan.err"
  check "$2: summary prints the estimate" grep -q "^piimap: people: about $(python3 -c "import json;print(json.load(open('$T/truth.json'))['people'])") " "$T/scan.err"
  check "$2: data map valid" figures "$db"
  check "$2: estimate exact" want 'm["people"]["estimate"] == t["people"] and '"$LINKED"
  check "$2: linked records exact" want 'm["people"]["linked_records"] == t["linked_records"]'
  check "$2: distinct counts are the planted values" \
    want 'all(m["totals"][k]["distinct"] == n for k, n in t["distinct"].items())'
  check "$2: per directory (crm, and the mail's 10 + 5 + 2)" \
    want 'd["crm"]["people"]["estimate"] == t["under"]["crm"]["people"] and d["mail"]["people"]["estimate"] == 17 and d["notes"]["people"] == {"estimate": 20, "linked_records": 0, "method": m["people"]["method"]}'
  check "$2: report --under" figures "$db" "$SHARE/crm"
  check "$2: --under counts the subtree only" \
    want '(m["people"]["estimate"], m["people"]["linked_records"]) == (t["under"]["crm"]["people"], t["under"]["crm"]["linked_records"])'
}

maps "$T/p.db" sqlite

# HTML: the estimate first among the cards, explained.
"$PIIMAP" report --db "$T/p.db" --html "$T/map.html" 2>/dev/null
check "html: people card and explanation" grep -q "card('people (estimate)'" "$T/map.html"
check "html: the estimate in its data" grep -q '"people": {"estimate":142,' "$T/map.html"

# Keyed hashes only: no planted value in the inventory, links are 32 bytes.
python3 - "$T/p.db" "$T/truth.json" "$SHARE" <<'PY' && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: links hold keyed hashes only"; }
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT pairs FROM links").fetchall()
assert rows and all(len(p) and len(p) % 64 == 0 for p, in rows), "not pairs of 32-byte hashes"
raw = open(sys.argv[1], "rb").read()
for v in (b"anna.meyer0@example.org", b"+1 415 555 1000", b"14155551000", b"200-10-1000"):
    assert v not in raw, v
PY

# An inventory from before links: no links table, no files.linked_records,
# no scans.people.
cp "$T/p.db" "$T/old.db"
python3 - "$T/old.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TABLE links")
db.execute("ALTER TABLE files DROP COLUMN linked_records")
db.execute("ALTER TABLE scans DROP COLUMN people")
db.commit()
PY
check "old inventory: data map" figures "$T/old.db"
check "old inventory: distinct keys, said so" \
  want 'm["people"]["estimate"] == sum(t["distinct"].values()) and m["people"]["linked_records"] == 0 and m["people"]["method"].startswith("distinct person keys")'
check "old inventory: per directory too" \
  want 'd["crm"]["people"]["estimate"] == sum(v["distinct"] for k, v in d["crm"]["findings"].items() if k not in ("date_of_birth", "person_name", "postal_address"))'
check "old inventory: a scan brings it up to date" "$PIIMAP" scan --quiet --db "$T/old.db" "$SHARE"
check "old inventory: read again, not carried from the scan without links" \
  python3 -c "import sqlite3,sys; sys.exit(sqlite3.connect('$T/old.db').execute('SELECT files_unchanged FROM scans WHERE id=2').fetchone()[0] != 0)"
check "old inventory: the new scan is linked" figures "$T/old.db"
check "old inventory: exact again" want 'm["people"]["estimate"] == t["people"] and '"$LINKED"

if [ -n "${PIIMAP_TEST_PG:-}" ]; then
  . "$SRC/tests/pg_lib.sh"
  admin -c "DROP DATABASE IF EXISTS piimap_people" -c "CREATE DATABASE piimap_people" 2>/dev/null
  maps "$(uri piimap_people)" postgresql
  admin -c "DROP DATABASE IF EXISTS piimap_people" 2>/dev/null
else
  echo "people: PostgreSQL part skipped (PIIMAP_TEST_PG is not set)"
fi

pm_done
