#!/usr/bin/env bash
# doctables.sh — spreadsheets, document tables, databases and data files read
# as tables, end to end (tests/make_doctables.py writes them):
#   - XLSX: shared strings after the sheets (read first), a header in row 2,
#     sparse rows, a BSN as a number cell and as "123456782.0", an SSN as
#     "5.36228734E8", a phone as an inline string, a second sheet with its own
#     header (Geburtsdatum, Mobile Phone); shared strings before the sheets;
#   - ODS: a leading empty row, repeated columns (one BSN found twice);
#   - a Word table; SQLite (column names); XML (element and attribute names);
#     JSON (object keys);
#   - the same digits and dates under order_id, amount, created, invoice_no,
#     Kundennummer are not found, nor the number in a blob;
#   - a workbook inside a zip is read in one pass: its shared strings come
#     after its sheets, so only what plain text finds (the labels of its
#     number cells are shared strings it cannot look up yet);
#   - a scan's data map counts them per file.
# usage: tests/doctables.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
PIIMAP="$(cd "$1" && pwd)/piimap"
HERE="$(cd "$(dirname "$0")" && pwd)"
T=$(mktemp -d /tmp/piimap-doctables.XXXXXX)
trap 'rm -rf "$T"' EXIT
export PIIMAP_KEY_FILE="$T/k.key"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $1"; }

python3 "$HERE/make_doctables.py" "$T/share" || { echo "FAIL: make_doctables.py"; exit 1; }

# reveal FILE: "member detector value" per match, sorted (member "-" for the file)
reveal() {
  "$PIIMAP" reveal --file "$T/share/$1" 2>/dev/null | awk '
    /^\/.*\(([0-9]+) match/ { m = index($0, " :: "); member = "-";
                              if (m) { member = substr($0, m + 4); sub(/  \(.*/, "", member) } next }
    /^  line / { print member, $5, $7 }' | sort
}
# expect FILE WANT: exactly these matches
expect() {
  local got
  got=$(reveal "$1")
  if [ "$got" = "$2" ]; then ok; else no "$1: got [$got] want [$2]"; fi
}
expect staff.xlsx "- date_of_birth 05.03.1980
- nl_bsn 111222333
- nl_bsn 123456782
- phone 0612345678
- phone 06891718906
- us_ssn 536228734"
expect early.xlsx "- us_ssn 536228734"
expect staff.ods "- nl_bsn 111222333
- nl_bsn 111222333"
expect letter.docx "- phone 06891718906"
expect crm.db "- date_of_birth 05.03.1980
- nl_bsn 111222333
- nl_bsn 123456782
- phone 0612345678
- us_ssn 536228734"
expect people.xml "- date_of_birth 05.03.1980
- nl_bsn 111222333
- phone 0612345678
- phone 06891718906"
expect records.json "- nl_bsn 111222333
- phone 06891718906
- us_ssn 536228734"
# One pass inside a zip: early.xlsx fully; staff.xlsx only the birth date
# its shared strings show as plain text ("Geburtsdatum" then the date).
expect nested.zip "in/early.xlsx us_ssn 536228734
in/staff.xlsx date_of_birth 05.03.1980"

# The data map of a scan counts them per file.
"$PIIMAP" scan --quiet --db "$T/inv.db" "$T/share" || no "scan"
"$PIIMAP" report --db "$T/inv.db" --json "$T/map.json" 2>/dev/null || no "report"
python3 - "$T/map.json" <<'PY' && ok || no "data map counts"
import json, sys
m = json.load(open(sys.argv[1]))
got = {}
for f in m["files"]:
    name = f["path"].rsplit("/", 1)[1] + "".join(" > " + x for x in f.get("members", []))
    if f.get("findings"):
        got[name] = {d: v["occurrences"] for d, v in f["findings"].items()}
want = {"staff.xlsx": {"nl_bsn": 2, "us_ssn": 1, "phone": 2, "date_of_birth": 1},
        "early.xlsx": {"us_ssn": 1}, "staff.ods": {"nl_bsn": 2}, "letter.docx": {"phone": 1},
        "crm.db": {"nl_bsn": 2, "phone": 1, "date_of_birth": 1, "us_ssn": 1},
        "people.xml": {"nl_bsn": 1, "phone": 2, "date_of_birth": 1},
        "records.json": {"nl_bsn": 1, "us_ssn": 1, "phone": 1},
        "nested.zip > in/early.xlsx": {"us_ssn": 1},
        "nested.zip > in/staff.xlsx": {"date_of_birth": 1}}
if got != want:
    sys.exit("got %r\nwant %r" % (got, want))
PY

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
