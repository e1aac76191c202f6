#!/usr/bin/env bash
# summary.sh — the end-of-scan summary on stderr, per detector.
#   - each detector's line gives the data map's distinct values, items and
#     matches (totals);
#   - its five highest-risk items, in order: exposed before private, then
#     more flags, then more distinct values; an archive member by its chain;
#     at most five listed of seven;
#   - --quiet prints none of it; the summary has no raw value.
# usage: tests/summary.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
. "$(dirname "$0")/lib.sh" summary "$1"

S="$T/share"
mkdir -p "$S/a" "$S/b"
# e-mail in seven files: the ranks are fixed by flags, then distinct values
printf 'ann@summary-probe.example.org ssn 536-22-8734\n' >"$S/a/open_ssn.txt"   # exposed + sensitive
chmod 0644 "$S/a/open_ssn.txt"
printf 'bob@summary-probe.example.org\n' >"$S/a/open.txt"                      # exposed
chmod 0644 "$S/a/open.txt"
python3 -c "
import sys
open(sys.argv[1], 'w').write(''.join('u%d@summary-probe.example.org\n' % i for i in range(120)))" "$S/b/bulk.txt"
chmod 0600 "$S/b/bulk.txt"                                                     # bulk
for i in 1 2 3; do
  printf 'p%d@summary-probe.example.org\n' $(seq 1 $i) >"$S/b/private$i.txt"   # no flag, 1..3 distinct
  chmod 0600 "$S/b/private$i.txt"
done
(cd "$T" && printf 'zed@summary-probe.example.org\nyan@summary-probe.example.org\nxi@summary-probe.example.org\nwu@summary-probe.example.org\n' >m.txt &&
 python3 -c "import zipfile; z=zipfile.ZipFile('$S/b/old.zip','w'); z.write('m.txt','in/m.txt'); z.close()")
chmod 0600 "$S/b/old.zip"
touch -d 2015-01-01 "$S/b/old.zip"

"$PIIMAP" scan --db "$T/inv.db" "$S" 2>"$T/err" || no "scan"
"$PIIMAP" report --db "$T/inv.db" --json "$T/map.json" || no "report"
python3 - "$T/err" "$T/map.json" "$S" <<'PY' && ok || no "per detector: the data map's totals"
import json, re, sys
err, m = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))
got = {g[0]: tuple(map(int, g[1:])) for g in
       re.findall(r"^  (\w+): (\d+) distinct in (\d+) items? \((\d+) match(?:es)?\)$", err, re.M)}
want = {k: (t["distinct"], t["files"], t["occurrences"]) for k, t in m["totals"].items()}
assert got == want and set(got) == {"email", "us_ssn"}, (got, want)
PY
# the e-mail ranking: exposed+sensitive, exposed, bulk (2), the member (stale, 4 distinct)...
python3 - "$T/err" "$S" <<'PY' && ok || no "email: the five highest-risk items, in order"
import re, sys
err, S = open(sys.argv[1]).read(), sys.argv[2]
block = err.split("  email: ", 1)[1].split("\n  us_ssn:", 1)[0]
top = re.findall(r"^    (\d)\. (.*)  \((\d+) distinct(?:; (.*))?\)$", block, re.M)
want = [("1", S + "/a/open_ssn.txt", "1", "exposed, sensitive-combination"),
        ("2", S + "/a/open.txt", "1", "exposed"),
        ("3", S + "/b/bulk.txt", "120", "bulk"),
        ("4", S + "/b/old.zip :: in/m.txt", "4", ""),
        ("5", S + "/b/private3.txt", "3", "")]
assert top == want, top
PY
grep -q "1\. $S/a/open_ssn.txt  (1 distinct; exposed, sensitive-combination)" <(sed -n '/  us_ssn:/,$p' "$T/err") &&
  ok || no "us_ssn's one item"
! grep -q "536-22-8734\|ann@summary" "$T/err" && ok || no "a raw value in the summary"
"$PIIMAP" scan --quiet --db "$T/inv.db" "$S" 2>"$T/err" || no "scan --quiet"
[ ! -s "$T/err" ] && ok || no "--quiet printed: $(cat "$T/err")"
# report: says where it wrote; on a terminal, a short summary per detector
(cd "$T" && "$PIIMAP" report --db inv.db --json rel.json --html rel.html 2>"$T/rerr") || no "report"
grep -qx "piimap report: wrote the JSON data map of scan 2 (complete) to $T/rel.json" "$T/rerr" &&
  grep -qx "piimap report: wrote the HTML data map of scan 2 (complete) to $T/rel.html" "$T/rerr" &&
  ! grep -q "by detector" "$T/rerr" && ok || no "report names what it wrote, absolute: $(cat "$T/rerr")"
"$PIIMAP" report --db "$T/inv.db" --json - 2>"$T/rerr" >/dev/null
[ ! -s "$T/rerr" ] && ok || no "report --json - says nothing on stderr: $(cat "$T/rerr")"
if command -v script >/dev/null; then
  script -qec "'$PIIMAP' report --db '$T/inv.db' --html '$T/t.html' >/dev/null" /dev/null >"$T/tty" 2>&1
  grep -q "piimap report: scan 2, by detector:" "$T/tty" &&
    grep -q "^  email  *129 distinct in 7 items; most at risk: $S/a/open_ssn.txt" <(tr -d '\r' <"$T/tty") &&
    ok || no "on a terminal, report prints a short summary: $(cat "$T/tty")"
else
  echo "summary: skipped the terminal check (no script(1))"
fi
pm_done
