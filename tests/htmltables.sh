#!/usr/bin/env bash
# htmltables.sh — tables in HTML pages and in PDFs read as tables (issue 10
# items 2 and 6), end to end: a column's header labels every value in its
# column, so bare national ids under a header that names them are found and
# the same kind of digits under order_id or amount are not.
#   - tests/data/pdftables/ids.html: 30 rows of a BSN, an SSN without dashes
#     and a Steuer-ID under BSN, SSN and Steuer-ID, and valid BSNs/SSNs under
#     order_id and Steuer-IDs under amount (extract/ex_html.c); the same
#     table printed by LibreOffice and by Chromium (ids-*.pdf, made by
#     make.sh; extract/tablines.c): the table runs over two pages, and
#     Chromium joins the header's narrow cells with spaces;
#   - generated pages: a header row of <td> cells in Latin-1 with character
#     references (T&eacute;l&eacute;phone), a header over two columns
#     (colspan), a key/value table (<th> then <td> in each row), a table
#     without a header (its bare BSNs count nowhere), a table the file does
#     not close; the text around tables is read as before;
#   - a scan's data map counts them per file (record ends per row: tests/test_extract.c).
# usage: tests/htmltables.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
. "$(dirname "$0")/lib.sh" htmltables "$1"
DATA="$HERE/data/pdftables"

mkdir -p "$T/share"
cp "$DATA/ids.html" "$DATA/ids-libreoffice.pdf" "$DATA/ids-chromium.pdf" "$T/share/"

# ---- ids.html and its PDFs: every labelled id once, nothing under order_id/amount
python3 - "$DATA/ids.html" >"$T/want.txt" <<'PY'
import re, sys
rows = re.findall(r"<tr><td>(.*?)</td></tr>", open(sys.argv[1], encoding="utf-8").read())
rows = [r.split("</td><td>") for r in rows]
assert len(rows) == 30 and all(len(r) == 6 for r in rows)
for r in rows:
    print("nl_bsn", r[1]); print("us_ssn", r[2]); print("de_tax_id", r[3])
PY
sort -o "$T/want.txt" "$T/want.txt"
for f in ids.html ids-libreoffice.pdf ids-chromium.pdf; do
  reveal_file "$f" | cut -d' ' -f2- | sort | grep -v '^person_name ' >"$T/got.txt"
  if diff "$T/want.txt" "$T/got.txt" >"$T/diff.txt"; then ok; else no "$f: $(head -5 "$T/diff.txt")"; fi
done

# ---- generated pages
cd "$T/share" || exit 1
# a header row of <td> cells, Latin-1, character references; a header over two columns
printf '<html><body><p>Kontakt</p>\n<table>\n<tr><td>Nom</td><td>T&eacute;l&eacute;phone</td><td>amount</td></tr>\n' >fr.html
for i in $(seq 1 12); do printf '<tr><td>Cl\xe9ment</td><td>06 24 78 98 80</td><td>0624789880</td></tr>\n' >>fr.html; done
printf '<tr><td>Ren\xe9e</td><td>01&nbsp;42&nbsp;68&nbsp;53&nbsp;00</td><td>0142685300</td></tr>\n</table></body></html>\n' >>fr.html
printf '<table><tr><th>Naam</th><th colspan="2">Telefon</th><th>order_id</th></tr>\n' >span.html
printf '<tr><td>Hans</td><td>06891718906</td><td>(09075) 793834</td><td>06891718906</td></tr>\n</table>\n' >>span.html
# a key/value table: each key labels the value beside it
printf '<table>\n<tr><th>BSN</th><td>111222333</td></tr>\n<tr><th>order_id</th><td>123456782</td></tr>\n' >kv.html
printf '<tr><th>Steuer-ID</th><td>65929970489</td></tr>\n</table>\n' >>kv.html
# no header: bare BSNs count nowhere; a table the file does not close
printf '<table><tr><td>Jan</td><td>111222333</td></tr>\n<tr><td>Piet</td><td>123456782</td></tr></table>\n' >nohead.html
printf '<p>BSN 111222333</p><table><tr><th>SSN</th></tr><tr><td>536228734' >open.html

want=""
for i in $(seq 4 15); do want="$want$i person_name Clément
$i phone 06 24 78 98 80
"; done
expect_reveal fr.html "$(printf '%s16 person_name Renée\n16 phone 01 42 68 53 00' "$want" | sort)"
expect_reveal span.html "2 person_name Hans
2 phone (09075) 793834
2 phone 06891718906"
expect_reveal kv.html "2 nl_bsn 111222333
4 de_tax_id 65929970489"
expect_reveal nohead.html ""
expect_reveal open.html "1 nl_bsn 111222333
1 us_ssn 536228734"
# the page around a table reads as before: the same text outside it
printf '<p>Call +1 415 555 2671 or mail ann@example.com</p>\n<div>BSN: 111222333</div>\n' >plain.html
cp plain.html plain.txt
if [ "$(reveal_file plain.html)" = "$(reveal_file plain.txt)" ] && [ -n "$(reveal_file plain.html)" ]; then ok; else no "plain.html differs from plain.txt"; fi

# ---- the data map of a scan
"$PIIMAP" scan --quiet --db "$T/inv.db" "$T/share" || no "scan"
"$PIIMAP" report --db "$T/inv.db" --json "$T/map.json" 2>/dev/null || no "report"
python3 - "$T/map.json" <<'PY' && ok || no "data map counts"
import json, sys
m = json.load(open(sys.argv[1]))
got = {f["path"].rsplit("/", 1)[1]: {d: v["occurrences"] for d, v in f.get("findings", {}).items()}
       for f in m["files"]}
ids = {"nl_bsn": 30, "us_ssn": 30, "de_tax_id": 30}
for f in ("ids.html", "ids-libreoffice.pdf", "ids-chromium.pdf"):
    g = dict(got.get(f, {}))
    g.pop("person_name", None)
    assert g == ids, (f, got.get(f))
assert got["fr.html"] == {"phone": 13, "person_name": 13}, got["fr.html"]
assert got["kv.html"] == {"nl_bsn": 1, "de_tax_id": 1}, got["kv.html"]
assert "nohead.html" not in got, got["nohead.html"]
PY

pm_done
