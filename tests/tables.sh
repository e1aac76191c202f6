#!/usr/bin/env bash
# tables.sh — tables read as tables, end to end: a column's header labels
# every value in its column (extract/table.c). First CSV/TSV/PSV
# (extract/ex_csv.c):
#   - bare values under a header that names them are found, each at its
#     file line: a BSN under "BSN" (semicolons, Latin-1), an SSN under "ssn",
#     a national phone under "Telefon", birth dates under "Geburtsdatum" and
#     "Birthday" (tabs), a phone under a quoted "Mobile Phone" after a
#     quoted cell with a newline inside, a SIN under "SIN" (pipes);
#   - the same digits and dates under "order_id", "amount", "invoice_no",
#     "signup_date", "created" are not, nor in the cell next to a naming one;
#   - in a key/value table ("field,value") the key labels its value;
#   - the given names under "naam", "name", "Name" are names (person_name);
#   - a scan's data map counts them per file.
# Then spreadsheets, document tables, databases and data files
# (tests/make_doctables.py writes them):
#   - XLSX: shared strings after the sheets (read first), a header in row 2,
#     sparse rows, a BSN as a number cell and as "123456782.0", an SSN as
#     "5.36228734E8", a phone as an inline string, a second sheet with its own
#     header (Geburtsdatum, Mobile Phone) and birth dates stored as day
#     counts in date styles (built-in 14, custom dd.mm.yyyy; not in a
#     duration style); shared strings before the sheets;
#   - ODS: a leading empty row, repeated columns (one BSN found twice);
#   - a Word table; SQLite (column names); XML (element and attribute names);
#     JSON (object keys); camelCase names (socialSecurityNumber, dateOfBirth);
#   - the same digits and dates under order_id, amount, created, createdAt,
#     invoice_no, invoiceNumber, Kundennummer are not found, nor the number
#     in a blob;
#   - a workbook inside a zip is read in one pass: its shared strings come
#     after its sheets, so only what plain text finds (the labels of its
#     number cells are shared strings it cannot look up yet);
#   - a scan's data map counts them per file.
# usage: tests/tables.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
. "$(dirname "$0")/lib.sh" tables "$1"
fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $1"; }

mkdir -p "$T/share"
cd "$T/share" || exit 1
printf 'naam;BSN;order_id\nJan;111222333;111222333\nJ\xe9r\xf4me;123456782;123456782\n' >klanten.csv
printf 'name,ssn,amount\r\nAnn,536228734,536228734\r\nBob,,219099998\r\n' >us.csv
printf 'Name\tTelefon\tGeburtsdatum\tBirthday\tsignup_date\tamount\n' >de.tsv
printf 'Hans\t06891718906\t05.03.1980\t1981-04-06\t2020-01-01\t06891718906\n' >>de.tsv
printf 'Name,Note,"Mobile Phone"\nAda,"first line,\nsecond ""line""",4155552671\nBo,x,\n' >contacts.csv
printf 'id|SIN|customer_id\n1|130692544|130692544\n' >sin.psv
printf 'order_id,amount,invoice_no,created,signup_date\n111222333,536228734,4155552671,05.03.1980,1980-03-05\n' >orders.csv
# a key/value table: the key labels the value beside it, not the header "value"
printf 'field,value\nphone,4155552671\nBSN,123456782\norder_id,536228734\n' >settings.csv

expect_reveal klanten.csv "2 nl_bsn 111222333
2 person_name Jan
3 nl_bsn 123456782
3 person_name Jérôme"
expect_reveal us.csv "2 person_name Ann
2 us_ssn 536228734
3 person_name Bob"
expect_reveal de.tsv "2 date_of_birth 05.03.1980
2 date_of_birth 1981-04-06
2 person_name Hans
2 phone 06891718906"
expect_reveal contacts.csv "2 person_name Ada
3 phone 4155552671
4 person_name Bo"
expect_reveal sin.psv "2 ca_sin 130692544"
expect_reveal orders.csv ""
expect_reveal settings.csv "2 phone 4155552671
3 nl_bsn 123456782"

# The data map of a scan counts them per file.
"$PIIMAP" scan --quiet --db "$T/inv.db" "$T/share" || no "scan"
"$PIIMAP" report --db "$T/inv.db" --json "$T/map.json" 2>/dev/null || no "report"
python3 - "$T/map.json" <<'PY' && ok || no "data map counts"
import json, sys
m = json.load(open(sys.argv[1]))
got = {f["path"].rsplit("/", 1)[1]: {d: v["occurrences"] for d, v in f.get("findings", {}).items()}
       for f in m["files"]}
want = {"klanten.csv": {"nl_bsn": 2, "person_name": 2}, "us.csv": {"us_ssn": 1, "person_name": 2},
        "de.tsv": {"phone": 1, "date_of_birth": 2, "person_name": 1},
        "contacts.csv": {"phone": 1, "person_name": 2},
        "sin.psv": {"ca_sin": 1}, "settings.csv": {"phone": 1, "nl_bsn": 1}}  # orders.csv: nothing found, not listed
if got != want:
    sys.exit("got %r\nwant %r" % (got, want))
PY

# ---- spreadsheets, document tables, databases, data files ----
python3 "$HERE/make_doctables.py" "$T/docs" || no "make_doctables.py"

# reveal_members FILE: "member detector value" per match, sorted (member "-" for the file)
reveal_members() {
  "$PIIMAP" reveal --file "$T/docs/$1" 2>/dev/null | awk '
    /^\/.*\(([0-9]+) match/ { m = index($0, " :: "); member = "-";
                              if (m) { member = substr($0, m + 4); sub(/  \(.*/, "", member) } next }
    /^  line / { print member, $5, $7 }' | sort
}
REVEAL=reveal_members
expect_reveal staff.xlsx "- date_of_birth 05.03.1980
- date_of_birth 1980-03-05
- nl_bsn 111222333
- nl_bsn 123456782
- person_name Jan
- person_name Kees
- person_name Piet
- phone 0612345678
- phone 06891718906
- us_ssn 536228734"
expect_reveal early.xlsx "- us_ssn 536228734"
expect_reveal staff.ods "- nl_bsn 111222333
- nl_bsn 111222333
- person_name Jan
- person_name Piet"
expect_reveal letter.docx "- person_name Hans
- phone 06891718906"
expect_reveal crm.db "- date_of_birth 05.03.1980
- nl_bsn 111222333
- nl_bsn 123456782
- person_name Jan
- person_name Piet
- phone 0612345678
- us_ssn 536228734"
expect_reveal people.xml "- date_of_birth 05.03.1980
- nl_bsn 111222333
- phone 0612345678
- phone 06891718906
- us_ssn 536228734"
expect_reveal records.json "- date_of_birth 05.03.1980
- nl_bsn 111222333
- phone 06891718906
- us_ssn 536228734"
# One pass inside a zip: early.xlsx fully; staff.xlsx only the birth date
# its shared strings show as plain text ("Geburtsdatum" then the date).
expect_reveal nested.zip "in/early.xlsx us_ssn 536228734
in/staff.xlsx date_of_birth 05.03.1980"

# The data map of a scan counts them per file.
"$PIIMAP" scan --quiet --db "$T/docs.db" "$T/docs" || no "scan"
"$PIIMAP" report --db "$T/docs.db" --json "$T/docs.json" 2>/dev/null || no "report"
python3 - "$T/docs.json" <<'PY' && ok || no "data map counts"
import json, sys
m = json.load(open(sys.argv[1]))
got = {}
for f in m["files"]:
    name = f["path"].rsplit("/", 1)[1] + "".join(" > " + x for x in f.get("members", []))
    if f.get("findings"):
        got[name] = {d: v["occurrences"] for d, v in f["findings"].items()}
# (a name alone under a Name column is a person's name: person_name)
want = {"staff.xlsx": {"nl_bsn": 2, "us_ssn": 1, "phone": 2, "date_of_birth": 2, "person_name": 3},
        "early.xlsx": {"us_ssn": 1}, "staff.ods": {"nl_bsn": 2, "person_name": 2},
        "letter.docx": {"phone": 1, "person_name": 1},
        "crm.db": {"nl_bsn": 2, "phone": 1, "date_of_birth": 1, "us_ssn": 1, "person_name": 2},
        "people.xml": {"nl_bsn": 1, "phone": 2, "date_of_birth": 1, "us_ssn": 1},
        "records.json": {"nl_bsn": 1, "us_ssn": 1, "phone": 1, "date_of_birth": 1},
        "nested.zip > in/early.xlsx": {"us_ssn": 1},
        "nested.zip > in/staff.xlsx": {"date_of_birth": 1}}
if got != want:
    sys.exit("got %r\nwant %r" % (got, want))
PY

pm_done
