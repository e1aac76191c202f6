#!/usr/bin/env bash
# html.sh — the HTML data map and diff, rendered in a real browser.
#
# Builds a share whose files trip every risk flag and whose names are hostile,
# scans it twice (with a change between), writes the HTML data map and diff,
# and renders both in headless Chromium: the DOM must show the right totals,
# a row for a known file, risk flags, hostile names as text (no injected
# element), and the console no errors. Screenshots are kept as artifacts in
# BUILD_DIR/artifacts/. The JSON outputs are validated against the schemas.
# usage: tests/html.sh BUILD_DIR
set -uo pipefail
BUILD=$(cd "$1" && pwd)
PIIMAP="$BUILD/piimap"
SRC=$(cd "$(dirname "$0")/.." && pwd)
ART="$BUILD/artifacts"
T=$(mktemp -d /tmp/piimap-html.XXXXXX)
trap 'rm -rf "$T"' EXIT
export PIIMAP_KEY_FILE="$T/k.key"
mkdir -p "$ART"
pass=0
fail=0
check() {
  local name=$1; shift
  if "$@" >/dev/null 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}
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

# A change, a second scan, and the diff page.
sleep 1
rm "$S/finance/old.txt"
printf 'new hire: dan@example.com\n' >"$S/hr/new.txt"
"$PIIMAP" scan --quiet --db "$T/i.db" "$S"
"$PIIMAP" diff --db "$T/i.db" --json "$T/diff.json" --html "$T/diff.html" >"$T/diff.txt"
check "diff text names the new file" grep -q '+ .*hr/new.txt' "$T/diff.txt"
check "diff text names the deleted file" grep -q -- '- .*finance/old.txt.*deleted' "$T/diff.txt"
render "file://$T/diff.html" "$T/ddom.html" "$T/dconsole.log" "$ART/diff.png"
check "diff page rendered" grep -q 'data-ready="1"' "$T/ddom.html"
check "diff page lists the new file" grep -q 'hr/new.txt' "$T/ddom.html"
check "diff page lists the deleted file" grep -q 'finance/old.txt' "$T/ddom.html"
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
assert {k: v[\"occurrences\"] for k, v in f.items()} == {\"email\": 1, \"phone\": 1, \"iban\": 1, \"credit_card\": 1, \"us_ssn\": 1}, f'"

# The JSON outputs against their schemas.
check "data map valid against doc/schema/datamap.schema.json" python3 "$SRC/tests/validate_schema.py" "$SRC/doc/schema/datamap.schema.json" "$T/map.json"
check "diff valid against doc/schema/diff.schema.json" python3 "$SRC/tests/validate_schema.py" "$SRC/doc/schema/diff.schema.json" "$T/diff.json"

echo "html: $pass passed, $fail failed (screenshots in $ART)"
[ "$fail" -eq 0 ]
