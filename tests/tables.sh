#!/usr/bin/env bash
# tables.sh — CSV/TSV/PSV read as tables, end to end: a column's header
# labels every value in its column (extract/ex_csv.c).
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
# usage: tests/tables.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
PIIMAP="$(cd "$1" && pwd)/piimap"
T=$(mktemp -d /tmp/piimap-tables.XXXXXX)
trap 'rm -rf "$T"' EXIT
export PIIMAP_KEY_FILE="$T/k.key"
pass=0
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

# reveal FILE: "line detector value" per match, sorted
reveal() {
  "$PIIMAP" reveal --file "$T/share/$1" 2>/dev/null |
    sed -n 's/^  line \([0-9]*\), byte [0-9]*  \([a-z_]*\)  [a-z]*  \(.*\)$/\1 \2 \3/p' | sort
}
# expect FILE WANT: exactly these matches
expect() {
  local got
  got=$(reveal "$1")
  if [ "$got" = "$2" ]; then ok; else no "$1: got [$got] want [$2]"; fi
}
expect klanten.csv "2 nl_bsn 111222333
2 person_name Jan
3 nl_bsn 123456782
3 person_name Jérôme"
expect us.csv "2 person_name Ann
2 us_ssn 536228734
3 person_name Bob"
expect de.tsv "2 date_of_birth 05.03.1980
2 date_of_birth 1981-04-06
2 person_name Hans
2 phone 06891718906"
expect contacts.csv "2 person_name Ada
3 phone 4155552671
4 person_name Bo"
expect sin.psv "2 ca_sin 130692544"
expect orders.csv ""
expect settings.csv "2 phone 4155552671
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

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
