#!/usr/bin/env bash
# html.sh — the HTML data map and diff, rendered in a real browser.
#
# Builds a share whose files trip every risk flag and whose names are hostile,
# scans it twice (with a change between), writes the HTML data map and diff,
# and renders both in headless Chromium: the DOM must show the right totals,
# a row for a known file, risk flags, hostile names as text (no injected
# element), and the console no errors. Screenshots are kept as artifacts in
# BUILD_DIR/artifacts/. The JSON outputs are validated against the schemas.
# For a DPO: friendly type names and rwx modes, masked samples per file, a
# file's detail with why each flag is set (#file=PATH), the CSV export
# (#csv; formula cells defused), roll-ups by owner and top-level folder,
# sprawl, the meaning of distinct, units on the chart, the print
# stylesheet (a PDF printed by Chromium), a banner on an incomplete scan, a
# 0600 file opened by an ACL flagged exposed (skipped, with a message, where
# the file system has no ACLs), and diff rows that list only the detectors
# that changed.
# usage: tests/html.sh BUILD_DIR
set -uo pipefail
. "$(dirname "$0")/lib.sh" html "$1"
ART="$BUILD/artifacts"
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
mkdir -p "$ART"
CHROME=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$CHROME" ]; then
  echo "html: chromium is not installed (run .ci/setup)"
  echo "html: 0 passed, 1 failed"
  exit 1
fi
render() { # render URL OUT_DOM OUT_LOG [SCREENSHOT]
  local profile
  profile=$(mktemp -d "$T/profile.XXXXXX")
  local flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
               --disable-background-networking --disable-component-update --disable-sync
               --user-data-dir="$profile" --enable-logging=stderr --v=0
               --virtual-time-budget=10000 --window-size=1400,2000)
  timeout 120 "$CHROME" "${flags[@]}" --dump-dom "$1" >"$2" 2>"$3"
  if [ -n "${4:-}" ]; then
    timeout 120 "$CHROME" "${flags[@]}" --screenshot="$4" "$1" >/dev/null 2>>"$3"
  fi
}

S="$T/share"
mkdir -p "$S/hr" "$S/finance" "$S/public"
printf 'name,email,ssn\nAnn,ann.lee@example.com,536-22-8734\n' >"$S/hr/staff.csv"
chmod 0640 "$S/hr/staff.csv"
python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    for i in range(150):
        f.write(f'user{i}@example.com\n')" "$S/finance/export.csv"
chmod 0600 "$S/finance/export.csv"
printf 'old contact: (415) 555-2671\n' >"$S/finance/old.txt"
chmod 0600 "$S/finance/old.txt"
touch -d '2019-01-01' "$S/finance/old.txt"
printf 'card 4111 1111 1111 1111\n' >"$S/public/open.txt"
chmod 0666 "$S/public/open.txt"
HOSTILE='<img src=x onerror=alert(1)>.txt'
printf 'mail eve@example.com\n' >"$S/public/$HOSTILE"
chmod 0600 "$S/public/$HOSTILE"
# one IBAN in four files (sprawl), one named like a spreadsheet formula
mkdir -p "$S/payroll"
for f in a.txt b.txt =SUM\(1\).txt; do printf 'IBAN DE89 3704 0044 0532 0130 00\n' >"$S/payroll/$f"; chmod 0600 "$S/payroll/$f"; done
printf 'IBAN DE89 3704 0044 0532 0130 00\n' >"$S/payroll/acl.txt"
chmod 0600 "$S/payroll/acl.txt"
ACL=0
if command -v setfacl >/dev/null && setfacl -m u:nobody:r "$S/payroll/acl.txt" 2>/dev/null; then ACL=1
else echo "html: the file system of $T has no POSIX ACLs (or setfacl is missing): the ACL check is skipped"; fi

"$PIIMAP" scan --quiet --db "$T/i.db" "$S"
"$PIIMAP" report --db "$T/i.db" --html "$T/map.html" --json "$T/map.json"
check "html report written, mode 0600" bash -c "[ \$(stat -c %a '$T/map.html') = 600 ]"
check "html is self-contained (no external URL)" bash -c "! grep -Eq '(src|href)=\"(https?:)?//' '$T/map.html'"

render "file://$T/map.html" "$T/dom.html" "$T/console.log" "$ART/datamap.png"
check "page rendered (data-ready)" grep -q 'data-ready="1"' "$T/dom.html"
check "totals row for email with 152 occurrences" python3 - "$T/dom.html" <<'PY'
import re, sys
dom = open(sys.argv[1]).read()
row = re.search(r'<tr data-detector="email">(.*?)</tr>', dom, re.S)
assert row and re.findall(r'<td[^>]*>([^<]*)</td>', row.group(1))[1] == "152", row
PY
check "row for a known file" grep -q 'hr/staff.csv' "$T/dom.html"
check "hostile name shown as text" grep -q '&lt;img src=x onerror=alert(1)&gt;.txt' "$T/dom.html"
check "no injected element" bash -c "! grep -q '<img' '$T/dom.html'"
for flag in exposed stale bulk sensitive-combination; do
  check "risk flag $flag shown" grep -q "class=\"flag f-$flag\">$flag<" "$T/dom.html"
done
check "no console errors" bash -c "! grep -Eiq 'Uncaught|CONSOLE.*(error|exception)' '$T/console.log'"
check "screenshot saved" bash -c "[ -s '$ART/datamap.png' ] && [ \$(stat -c %s '$ART/datamap.png') -gt 20000 ]"

# For a DPO: the page's words, from the DOM Chromium built.
check "friendly type name, not a MIME type" grep -q '<td title="text/plain">Text file</td>' "$T/dom.html"
check "mode as rw-rw-rw-" grep -q '<td class="mode" title="0666">rw-rw-rw-</td>' "$T/dom.html"
# (the name under "name" is a person_name: "Ann" masked as A**)
check "masked samples shown per file" grep -q '<td class="samples">a\*\*\*@example.com, A\*\*, \*\*\*-\*\*-8734</td>' "$T/dom.html"
check "distinct explained: identifiers, not people" grep -q 'Distinct values are identifiers, not people' "$T/dom.html"
check "concentration chart in matches" grep -q '<td class="num">[0-9]* matches</td>' "$T/dom.html"
check "roll-up by owner" grep -q "id=\"by-owner-table\".*<td class=\"path\">$(id -un)</td>" "$T/dom.html"
check "roll-up by top-level folder" grep -q "id=\"by-folder-table\".*<td class=\"path\">$S/payroll</td><td class=\"num\">4</td>" "$T/dom.html"
check "sprawl: the IBAN in 4 files" grep -q '<tr class="sprawl-row"><td>iban</td><td>DE89 [^<]*</td><td class="path">[0-9a-f]\{16\}</td><td class="num">4</td>' "$T/dom.html"
check "known test numbers said apart (4111 1111 1111 1111 in public/open.txt)" grep -q '<p class="muted" id="test-values">Of these, known test numbers [^<]*credit_card [0-9]' "$T/dom.html"
check "no banner for a complete scan" bash -c "! grep -q 'class=\"banner\"' '$T/dom.html'"
check "print stylesheet" grep -q '@media print{' "$T/map.html"
render "file://$T/map.html#csv" "$T/csvdom.html" "$T/csv.log"
check "CSV export: header, a row per file, formula defused" python3 - "$T/csvdom.html" "$T/map.json" "$S" <<'PY'
import csv, html, io, json, re, sys
d, m, S = open(sys.argv[1]).read(), json.load(open(sys.argv[2])), sys.argv[3]
t = html.unescape(re.search(r'<pre id="csv-text">(.*?)</pre>', d, re.S).group(1))
rows = list(csv.reader(io.StringIO(t)))
assert rows[0][:3] == ["path", "members", "type"], rows[0]
assert len(rows) == 1 + len(m["files"]), (len(rows), len(m["files"]))
paths = {r[0] for r in rows[1:]}
assert S + "/payroll/=SUM(1).txt" in paths, paths   # a path is not a formula: it starts with /
ssn = [r for r in rows if r[0].endswith("hr/staff.csv")][0]
assert ssn[2] == "Text file" and ssn[3] == "text/plain" and ssn[7] == "rw-r-----" and "***-**-8734" in ssn[13], ssn
old = [r for r in rows if r[0].endswith("finance/old.txt")][0]
assert old[13] == "'+1 ***-***-2671", old   # a cell starting with + is not run as a formula
PY
render "file://$T/map.html#file=$S/payroll/acl.txt" "$T/acldom.html" "$T/acl.log"
check "a file's detail: detectors, samples, why each flag" python3 - "$T/acldom.html" <<'PY'
import re, sys
d = re.sub(r"<[^>]+>", "|", open(sys.argv[1]).read())
assert "|type||Text file (text/plain), read as utf-8|" in d, d[:2000]
assert "|iban||1||1||high||1 / 0 / 0||DE89 **** 3000|" in d, d
PY
if [ "$ACL" = 1 ]; then
  check "a 0600 file opened by an ACL is exposed" python3 - "$T/map.json" "$T/acldom.html" "$S" <<'PY'
import json, sys
m, d, S = json.load(open(sys.argv[1])), open(sys.argv[2]).read(), sys.argv[3]
f = [f for f in m["files"] if f["path"] == S + "/payroll/acl.txt"][0]
assert f["acl"] == "user:nobody:r--" and "exposed" in f["risk"], f
g = [f for f in m["files"] if f["path"] == S + "/payroll/a.txt"][0]
assert "acl" not in g and "exposed" not in g["risk"], g
assert "an access control list (ACL) lets others in: user:nobody:r--" in d
PY
fi
# an incomplete scan (a root that is not there) gets a banner
"$PIIMAP" scan --quiet --db "$T/inc.db" "$S/hr" "$S/not-there" 2>/dev/null
"$PIIMAP" report --db "$T/inc.db" --html "$T/inc.html" 2>/dev/null
render "file://$T/inc.html" "$T/incdom.html" "$T/inc.log"
check "banner on an incomplete scan" grep -q '<div id="banner" class="banner" role="alert"><b>Scan incomplete. </b>This scan is incomplete' "$T/incdom.html"
profile=$(mktemp -d "$T/profile.XXXXXX")
timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$profile" \
  --virtual-time-budget=10000 --no-pdf-header-footer --print-to-pdf="$ART/datamap.pdf" "file://$T/map.html" >/dev/null 2>&1
check "printed to PDF" bash -c "[ \$(stat -c %s '$ART/datamap.pdf') -gt 20000 ]"

# A change, a second scan, and the diff page.
sleep 1
rm "$S/finance/old.txt"
printf 'new hire: dan@example.com\n' >"$S/hr/new.txt"
printf 'Bo,bo.chan@example.com,\n' >>"$S/hr/staff.csv"   # email and person_name change, us_ssn does not
"$PIIMAP" scan --quiet --db "$T/i.db" "$S"
"$PIIMAP" diff --db "$T/i.db" --json "$T/diff.json" --html "$T/diff.html" >"$T/diff.txt"
check "diff text names the new file" grep -q '+ .*hr/new.txt' "$T/diff.txt"
check "diff text names the deleted file" grep -q -- '- .*finance/old.txt.*deleted' "$T/diff.txt"
render "file://$T/diff.html" "$T/ddom.html" "$T/dconsole.log" "$ART/diff.png"
check "diff page rendered" grep -q 'data-ready="1"' "$T/ddom.html"
check "diff page lists the new file" grep -q 'hr/new.txt' "$T/ddom.html"
check "diff page lists the deleted file" grep -q 'finance/old.txt' "$T/ddom.html"
check "diff: a changed item lists only the detectors that changed" python3 - "$T/diff.json" "$T/ddom.html" "$T/diff.txt" <<'PY'
import json, re, sys
d, dom, txt = json.load(open(sys.argv[1])), open(sys.argv[2]).read(), open(sys.argv[3]).read()
c = [x for x in d["changed"] if x["path"].endswith("hr/staff.csv")][0]
assert c["detectors_changed"] == ["email", "person_name"], c
assert set(c["findings"]) == {"email", "person_name", "us_ssn"}, c
row = [r for r in re.findall(r'<tr class="item-row">(.*?)</tr>', dom) if "hr/staff.csv" in r][0]
assert "email 1 \u2192 2" in row and "person_name 1 \u2192 2" in row and "us_ssn" not in row, row
line = [l for l in txt.splitlines() if "hr/staff.csv" in l][0]
assert "email 1 -> 2" in line and "person_name 1 -> 2" in line and "us_ssn" not in line, line
PY
check "diff page: no console errors" bash -c "! grep -Eiq 'Uncaught|CONSOLE.*(error|exception)' '$T/dconsole.log'"

# A real-world PDF: Chromium prints with subset CID fonts, so the text is
# glyph codes that only the ToUnicode CMaps turn back into characters, and
# Skia places the runs of one line with "x 0 Td".
mkdir -p "$T/print"
cat >"$T/letter.html" <<'HTML'
<html><body><h1>Offer letter</h1><p>Dear Ann Lee, please confirm to <b>hr.team@example.com</b>
or call (415) 555-2671.</p><p>Salary to IBAN DE89 3704 0044 0532 0130 00. Card on file:
4111 1111 1111 1111.</p><p>SSN: 536-22-8734</p></body></html>
HTML
profile=$(mktemp -d "$T/profile.XXXXXX")
timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --no-pdf-header-footer --print-to-pdf="$T/print/letter.pdf" \
  "file://$T/letter.html" >/dev/null 2>&1
"$PIIMAP" scan --quiet --db "$T/pdf.db" "$T/print"
check "Chromium-printed PDF: every planted value found" bash -c "'$PIIMAP' report --db '$T/pdf.db' | python3 -c '
import json,sys; m=json.load(sys.stdin); f=m[\"files\"][0][\"findings\"]
assert {k: v[\"occurrences\"] for k, v in f.items()} == {\"email\": 1, \"phone\": 1, \"iban\": 1, \"credit_card\": 1, \"us_ssn\": 1, \"person_name\": 1}, f'"

# The JSON outputs against their schemas.
check "data map valid against doc/schema/datamap.schema.json" python3 "$SRC/tests/validate_schema.py" "$SRC/doc/schema/datamap.schema.json" "$T/map.json"
check "diff valid against doc/schema/diff.schema.json" python3 "$SRC/tests/validate_schema.py" "$SRC/doc/schema/diff.schema.json" "$T/diff.json"

echo "html: $pass passed, $fail failed (screenshots in $ART)"
[ "$fail" -eq 0 ]
