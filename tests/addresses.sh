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
# A street word abbreviated or in full is one value ("St" and "Street",
# "Str." and "Straße", "C/" and "Calle"...), asked either way and in lower
# case; the masked sample keeps the word as written; a word that only looks
# like one ("St Johns", "Dr Roux" in an avenue's name) is left as it is.
A="$T/abbr"
mkdir -p "$A"
i=0
while IFS='|' read -r short long; do
  i=$((i + 1))
  printf 'Please write to %s.\n' "$short" >"$A/s$i.txt"
  printf 'Our address:\n%s\n%s\n' "${long%%, *}" "${long#*, }" >"$A/l$i.txt"
  printf '%s|%s|%s\n' "$i" "$short" "$long" >>"$T/pairs"
done <<'EOF2'
500 Market St, San Francisco, CA 94105|500 Market Street, San Francisco, CA 94105
12 Elm Ave, Springfield, IL 62704|12 Elm Avenue, Springfield, IL 62704
44 Coventry Rd, Birmingham B33 8TH|44 Coventry Road, Birmingham B33 8TH
9 Sunset Blvd, Los Angeles, CA 90069|9 Sunset Boulevard, Los Angeles, CA 90069
4059 Mt Lee Dr, Los Angeles, CA 90068|4059 Mt Lee Drive, Los Angeles, CA 90068
7 Penny Ln, Liverpool L18 1DE|7 Penny Lane, Liverpool L18 1DE
3 Fox Ct, Toronto, ON M5H 2N2|3 Fox Court, Toronto, ON M5H 2N2
8 Berkeley Sq, London W1J 6BR|8 Berkeley Square, London W1J 6BR
15 Ocean Pkwy, Brooklyn, NY 11218|15 Ocean Parkway, Brooklyn, NY 11218
2 Pacific Hwy, Sydney NSW 2000|2 Pacific Highway, Sydney NSW 2000
6 Grove Ter, Portland, OR 97201|6 Grove Terrace, Portland, OR 97201
Goethestr. 7, 10115 Berlin|Goethestraße 7, 10115 Berlin
Berliner Str. 5, 10115 Berlin|Berliner Strasse 5, 10115 Berlin
12 bd Saint-Michel, 75005 Paris|12 boulevard Saint-Michel, 75005 Paris
5 av. Foch, 75116 Paris|5 avenue Foch, 75116 Paris
C/ Mayor 3, 28013 Madrid|Calle Mayor 3, 28013 Madrid
Avda. de la Constitución 4, 41001 Sevilla|Avenida de la Constitución 4, 41001 Sevilla
V.le Marconi 12, 20121 Milano|Viale Marconi 12, 20121 Milano
P.za Garibaldi 3, 20121 Milano|Piazza Garibaldi 3, 20121 Milano
P.zza Duomo 1, 50122 Firenze|Piazza Duomo 1, 50122 Firenze
C.so Vittorio Emanuele 45, 20121 Milano|Corso Vittorio Emanuele 45, 20121 Milano
L.go Augusto 1, 20122 Milano|Largo Augusto 1, 20122 Milano
V.lo Santa Maria 4, 50122 Firenze|Vicolo Santa Maria 4, 50122 Firenze
P.le Loreto 2, 20131 Milano|Piazzale Loreto 2, 20131 Milano
12 Oak Cir, Springfield, IL 62704|12 Oak Circle, Springfield, IL 62704
450 Pine Ridge Trl, Boulder, CO 80302|450 Pine Ridge Trail, Boulder, CO 80302
7 Sandy Pt, Annapolis, MD 21401|7 Sandy Point, Annapolis, MD 21401
EOF2
printf '12 St Johns Road, Springfield, IL 62704\n' >"$A/n1.txt"
printf '12 avenue du Dr Roux, 75015 Paris\n' >"$A/n2.txt"
printf '500 Market Ct, San Francisco, CA 94105\n' >"$A/n3.txt"
"$BUILD/piimap" scan --quiet --db "$T/abbr.db" "$A" || { echo "FAIL: scan abbr"; exit 1; }
items() { # VALUE: the items locate lists, by file name, sorted
  "$BUILD/piimap" locate --db "$T/abbr.db" --json "$1" 2>/dev/null |
    "$PYTHON" -c 'import json,os,sys; print(" ".join(sorted(os.path.basename(i["path"]) for v in json.load(sys.stdin)["values"] for i in v["items"])))'
}
bad=0
while IFS='|' read -r i short long; do
  for v in "$short" "$long" "$(printf '%s' "$short" | tr 'A-Z' 'a-z')"; do
    got=$(items "$v")
    [ "$got" = "l$i.txt s$i.txt" ] || { echo "FAIL: locate '$v': [$got], want l$i.txt s$i.txt"; bad=1; }
  done
done <"$T/pairs"
for pair in "12 Street Johns Road, Springfield, IL 62704|" "12 Saint Johns Road, Springfield, IL 62704|" \
            "12 St Johns Road, Springfield, IL 62704|n1.txt" "12 avenue du Drive Roux, 75015 Paris|" \
            "12 avenue du Dr Roux, 75015 Paris|n2.txt" "500 Market Ct, San Francisco, CA 94105|n3.txt"; do
  got=$(items "${pair%|*}")
  [ "$got" = "${pair#*|}" ] || { echo "FAIL: locate '${pair%|*}': [$got], want [${pair#*|}]"; bad=1; }
done
"$BUILD/piimap" report --db "$T/abbr.db" --json "$T/abbr.json" 2>/dev/null
"$PYTHON" - "$T/abbr.json" <<'PY' || bad=1
import json, os, sys
m = {os.path.basename(f["path"]): f["findings"]["postal_address"]["samples"]
     for f in json.load(open(sys.argv[1]))["files"] if "postal_address" in f["findings"]}
want = {"s1.txt": "*** St, 94*** San Francisco", "l1.txt": "*** Street, 94*** San Francisco",
        "s12.txt": "***Str, 10*** Berlin", "l12.txt": "***Strasse, 10*** Berlin",
        "s13.txt": "*** Str, 10*** Berlin", "s15.txt": "*** Av, 75*** Paris",
        "s18.txt": "*** V.le, 20*** Milano", "l18.txt": "*** Viale, 20*** Milano",
        "s20.txt": "*** P.zza, 50*** Firenze", "s25.txt": "*** Cir, 62*** Springfield"}
bad = [(k, m.get(k), w) for k, w in want.items() if m.get(k) != [w]]
if bad or len(m) != 57:
    print("FAIL: samples as written: %s (%d files)" % (bad, len(m)))
    sys.exit(1)
PY
[ "$bad" = 0 ] && echo "abbreviated street words: one value each, masks as written" || exit 1
# Both engines alike over the share.
"$BUILD/tests/test_engines" "$T/share" >"$T/engines.out" 2>&1 ||
  { cat "$T/engines.out"; echo "FAIL: engines differ"; exit 1; }
echo "engines: alike"
