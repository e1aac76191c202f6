#!/usr/bin/env bash
# legacy_office.sh — Excel 97-2003 (.xls, BIFF8) and Word 97-2003 (.doc)
# files end to end, from LibreOffice-made fixtures in tests/data/legacy/
# (CI has no LibreOffice; tests/data/legacy/README.md says how they were
# made):
#   - ids.xls (numbers as number cells, a phone as a text cell, a birth date
#     as a date cell) and ids.doc (the same table in a Word document): the
#     bare SSN, BSNs, phone and birth date under the headers that name them
#     are found, each once; the same digits under amount and order_id are not;
#   - crm_text.xls (every cell text: shared strings), crm_num.xls (numbers and
#     dates as numbers), table.doc (a Word table) and letter.doc (a letter)
#     count what their CSV source counts: 60 of each in the workbooks (but 55
#     cards in crm_num.xls: five 19-digit card numbers are more than the
#     doubles LibreOffice stored hold), 7 in the table, 1 in the letter;
#   - an .xls inside a zip is read the same way (a member, buffered).
# usage: tests/legacy_office.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
. "$(dirname "$0")/lib.sh" legacy_office "$1"

mkdir -p "$T/share"
cp "$HERE"/data/legacy/*.xls "$HERE"/data/legacy/*.doc "$T/share/"
(cd "$HERE/data/legacy" && python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.write("ids.xls", "in/ids.xls")' "$T/share/nested.zip")

expect_reveal ids.xls "3 date_of_birth 1980-03-05
3 nl_bsn 111222333
3 person_name Ann Smith
3 phone 06891718906
3 us_ssn 536228734
4 nl_bsn 123456782
4 person_name Bob Jones"
expect_reveal ids.doc "3 date_of_birth 05.03.1980
3 nl_bsn 111222333
3 person_name Ann Smith
3 phone 06891718906
3 us_ssn 536228734
4 nl_bsn 123456782
4 person_name Bob Jones
5 email jane.roe@example.org"

# The data map of a scan counts them per file and names the reader.
"$PIIMAP" scan --quiet --db "$T/scan.db" "$T/share" || no "scan"
"$PIIMAP" report --db "$T/scan.db" --json "$T/map.json" 2>/dev/null || no "report"
python3 - "$T/map.json" <<'PY' && ok || no "data map counts"
import json, sys
m = json.load(open(sys.argv[1]))
six = {"credit_card": 60, "date_of_birth": 60, "email": 60, "phone": 60,
       "postal_address": 60, "us_ssn": 60, "person_name": 59}
ids = {"us_ssn": 1, "nl_bsn": 2, "phone": 1, "date_of_birth": 1, "person_name": 2}
want = {"crm_text.xls": (six, "biff"), "crm_num.xls": (dict(six, credit_card=55), "biff"),
        "ids.xls": (ids, "biff"), "ids.doc": (dict(ids, email=1), "word97"),
        "table.doc": ({k: 7 for k in six}, "word97"),
        "letter.doc": (dict({k: 1 for k in six}, person_name=2), "word97"),
        "nested.zip > in/ids.xls": (ids, "biff")}
got = {}
for f in m["files"]:
    name = " > ".join([f["path"].rsplit("/", 1)[1]] + f["members"])
    got[name] = ({k: v["occurrences"] for k, v in f["findings"].items()}, f.get("encoding"))
bad = 0
for name, w in want.items():
    if got.get(name) != w:
        print(f"{name}: got {got.get(name)} want {w}")
        bad += 1
sys.exit(1 if bad else 0)
PY
pm_done
