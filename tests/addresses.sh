#!/usr/bin/env bash
# addresses.sh — postal_address end to end on a generated multi-locale share
# (tests/gen_addresses.py: CSV exports with local headers, one address
# column or street/postcode/city in columns of their own; JSON records with
# local keys; letters with address blocks; in ten locales; and look-alike
# files: logs, code, number tables, prose). A scan's data map must give
# every file exactly the planted number of addresses (none in the
# look-alikes), every sample masked ("*** Street, 10*** City": no house
# number, no more than two postcode characters), and the one-pass engine
# the same as the PCRE2 reference over the share; one address written five
# ways is one value (locate).
# usage: tests/addresses.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
. "$(dirname "$0")/lib.sh" addresses "$1"
"$PYTHON" "$SRC/tests/gen_addresses.py" "$T" >/dev/null || { echo "FAIL: generator"; exit 1; }
"$BUILD/piimap" scan --quiet --db "$T/inv.db" "$T/share" || { echo "FAIL: scan"; exit 1; }
"$BUILD/piimap" report --db "$T/inv.db" --json "$T/map.json" 2>/dev/null ||
  { echo "FAIL: report"; exit 1; }
"$PYTHON" - "$T/expected.json" "$T/map.json" "$T/share" <<'PY' || exit 1
import json, os, re, sys
want = json.load(open(sys.argv[1]))
m = json.load(open(sys.argv[2]))
share = os.path.realpath(sys.argv[3])
got, samples = {}, []
for f in m["files"]:
    pa = f["findings"].get("postal_address")
    if pa:
        got[os.path.relpath(f["path"], share)] = pa["occurrences"]
        samples += pa["samples"]
passed = failed = 0
tp = fp = fn = 0
for rel in sorted(set(want) | set(got)):
    w, g = want.get(rel, 0), got.get(rel, 0)
    tp += min(w, g); fp += max(g - w, 0); fn += max(w - g, 0)
    if w == g:
        passed += 1
    else:
        failed += 1
        print("FAIL: %s: %d postal_address, want %d" % (rel, g, w))
# A mask keeps the street word, two postcode characters and the city only.
shape = re.compile(r"^\*\*\*( ?[^\s\d,*]+)?(, [0-9A-Z]{1,2}\*\*\* [^\d*]+)?$")
for s in samples:
    if shape.match(s):
        passed += 1
    else:
        failed += 1
        print("FAIL: sample %r is not masked as it should be" % s)
print("postal_address: %d planted, %d found right, %d wrong, %d missed" %
      (sum(want.values()), tp, fp, fn))
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
# One address is one value however it is written: on one line in an export,
# with its house number in a column of its own,
# across a row's cells, across a letter's lines, in a JSON record, in
# capitals without its comma (the hashed form folds case, accents, ß and
# punctuation).
for v in "Hauptstraße 12a, 10115 Berlin" "HAUPTSTRASSE 12A 10115 BERLIN"; do
  n=$("$BUILD/piimap" locate --db "$T/inv.db" "$v" 2>/dev/null |
    sed -n 's/^value 1 .*(postal_address): in \([0-9]*\) items.*/\1/p')
  if [ "$n" = 5 ]; then
    echo "locate '$v': 5 items"
  else
    echo "FAIL: locate '$v': [$n] items, want 5"
    exit 1
  fi
done
# Both engines alike over the share.
"$BUILD/tests/test_engines" "$T/share" >"$T/engines.out" 2>&1 ||
  { cat "$T/engines.out"; echo "FAIL: engines differ"; exit 1; }
echo "engines: alike"
