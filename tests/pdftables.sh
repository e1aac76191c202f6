#!/usr/bin/env bash
# pdftables.sh — tables inside PDFs (issue 10 item 6), end to end: a table
# of five customers (name, e-mail, phone, SSN, IBAN, and a header row)
# printed by LibreOffice and by Chromium (tests/data/pdftables/, made by its
# make.sh from table.html; committed, so no LibreOffice is needed here) and
# laid out as pdfTeX, cairo and Word write one (tests/make_pdfs.py: cells
# apart only by Td moves and TJ numbers). The raw matches of each
# (`piimap reveal`) must be every value of table.html exactly once, each
# whole: no e-mail glued to the surname before it, no phone run into the
# SSN after it. The data map of a scan counts 5 of each per file.
# usage: tests/pdftables.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
. "$(dirname "$0")/lib.sh" pdftables "$1"
DATA="$HERE/data/pdftables"
check() {
  local what=$1
  shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}

# the values of table.html's rows, as detector<TAB>value
python3 - "$DATA/table.html" >"$T/want.tsv" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
rows = [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in re.findall(r"<tr>(.*?)</tr>", html)]
rows = [r for r in rows if r]
assert len(rows) == 5 and all(len(r) == 5 for r in rows), rows
for r in rows:
    for det, v in zip(("person_name", "email", "phone", "us_ssn", "iban"), r):
        print(f"{det}\t{v}")
PY

mkdir -p "$T/share"
cp "$DATA/libreoffice.pdf" "$DATA/chromium.pdf" "$T/share/"
python3 "$HERE/make_pdfs.py" "$T/gen" >/dev/null
cp "$T/gen/finance/customer_table.pdf" "$T/share/generated.pdf"

for f in libreoffice chromium generated; do
  "$PIIMAP" reveal --file "$T/share/$f.pdf" 2>/dev/null |
    sed -n 's/^  line [0-9]*, byte [0-9]*  \([a-z_]*\)  [a-z]*  \(.*\)$/\1\t\2/p' >"$T/$f.tsv"
  check "$f.pdf: every value of the table exactly once, each whole" \
    diff <(sort "$T/want.tsv") <(sort "$T/$f.tsv")
done

"$PIIMAP" scan --quiet --db "$T/i.db" "$T/share"
"$PIIMAP" report --db "$T/i.db" --json "$T/map.json"
check "data map: 5 names, e-mails, phones, SSNs and IBANs in each table PDF" python3 - "$T/map.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert len(m["files"]) == 3, [f["path"] for f in m["files"]]
for f in m["files"]:
    got = {k: v["occurrences"] for k, v in f["findings"].items()}
    assert got == {"person_name": 5, "email": 5, "phone": 5, "us_ssn": 5, "iban": 5}, (f["path"], got)
PY

pm_done
