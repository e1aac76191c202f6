#!/usr/bin/env bash
# sprawl.sh — the data map's `sprawl`: identifiers held by many items.
#   - a customer list copied to four places (two files, a zip member, a
#     member of a zip in a zip): each of its values is listed, with
#     file_count 4, exactly those four items, its masked sample, and the
#     first 16 hex digits of its keyed hash, HMAC-SHA256(key, detector NUL
#     value), computed here from the key file;
#   - a value in two files only, and one in a single file, are not listed
#     (the threshold is 3 items); the list is ordered by file_count;
#   - with --under, only the subtree's items count (and are listed);
#   - the data map stays valid against doc/schema/datamap.schema.json.
# usage: tests/sprawl.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
. "$(dirname "$0")/lib.sh" sprawl "$1"

python3 - "$T/share" "$T/want.json" <<'PY'
import io, json, os, sys, zipfile
share, out = sys.argv[1], sys.argv[2]
def luhn(d):
    s = 0
    for i, c in enumerate(reversed(d)):
        v = int(c) * (2 if i % 2 == 0 else 1)
        s += v - 9 if v > 9 else v
    return d + str((10 - s % 10) % 10)
people = [("cust%02d@sprawl-probe.example.org" % i, luhn("4556%011d" % (7301 + 97 * i)))
          for i in range(6)]
csv = "name,email,card\n" + "".join("Customer %d,%s,%s\n" % (i, e, c)
                                    for i, (e, c) in enumerate(people))
def put(rel, data):
    p = os.path.join(share, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, "wb").write(data if isinstance(data, bytes) else data.encode())
def zipped(name, data):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr(name, data)
    return b.getvalue()
put("sales/customers.csv", csv)
put("sales/old/customers_copy.csv", csv)
put("backup/2024.zip", zipped("exports/customers.csv", csv))
put("backup/nested.zip", zipped("inner.zip", zipped("c.csv", csv)))
put("hr/pair_a.txt", "contact pair.only@sprawl-probe.example.org\n")
put("hr/pair_b.txt", "contact pair.only@sprawl-probe.example.org\n")
put("hr/single.txt", "contact single.only@sprawl-probe.example.org\n")
items = [["sales/customers.csv", []], ["sales/old/customers_copy.csv", []],
         ["backup/2024.zip", ["exports/customers.csv"]], ["backup/nested.zip", ["inner.zip", "c.csv"]]]
want = []
for e, c in people:
    want.append({"detector": "email", "value": e, "sample": e[0] + "***@" + e.split("@")[1], "items": items})
    want.append({"detector": "credit_card", "value": c,
                 "sample": c[:4] + " **** **** " + c[-4:], "items": items})
json.dump(want, open(out, "w"))
PY
S=$(realpath "$T/share")
"$PIIMAP" scan --quiet --db "$T/inv.db" "$S" || { echo "sprawl: the scan failed"; exit 1; }
"$PIIMAP" report --db "$T/inv.db" --json "$T/map.json" || no "report"
python3 "$SRC/tests/validate_schema.py" "$SRC/doc/schema/datamap.schema.json" "$T/map.json" &&
  ok || no "the data map is valid against the schema"
python3 - "$T/map.json" "$T/want.json" "$S" "$T/k.key" <<'PY' && ok || no "sprawl lists exactly the copied list's values"
import hashlib, hmac, json, sys
m, want, share, key = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3], open(sys.argv[4], "rb").read()
got = {(s["detector"], s["hash"]): s for s in m["sprawl"]}
assert len(got) == len(m["sprawl"]) == len(want), (len(m["sprawl"]), len(want))
counts = [s["file_count"] for s in m["sprawl"]]
assert counts == sorted(counts, reverse=True), counts
for w in want:
    norm = w["value"].lower() if w["detector"] == "email" else w["value"]
    h = hmac.new(key, w["detector"].encode() + b"\0" + norm.encode(), hashlib.sha256).hexdigest()[:16]
    s = got[(w["detector"], h)]
    assert s["sample"] == w["sample"], (s, w)
    assert s["file_count"] == 4, s
    files = sorted((f["path"], f["members"]) for f in s["files"])
    assert files == sorted((share + "/" + p, mm) for p, mm in w["items"]), files
PY
# --under: one copy under sales/old, two under sales: below the threshold
"$PIIMAP" report --db "$T/inv.db" --under "$S/sales" --json "$T/under.json" 2>/dev/null || no "report --under"
python3 -c "import json,sys; m=json.load(open(sys.argv[1])); sys.exit(m['sprawl'] != [])" "$T/under.json" &&
  ok || no "--under sales: nothing held by 3 items there"
"$PIIMAP" report --db "$T/inv.db" --under "$S/backup" --json "$T/under.json" 2>/dev/null || no "report --under"
python3 -c "import json,sys; m=json.load(open(sys.argv[1])); sys.exit(m['sprawl'] != [])" "$T/under.json" &&
  ok || no "--under backup: two items there"
# a fifth copy in backup: --under backup now sees 3, and lists only those
cp "$S/sales/customers.csv" "$S/backup/third.csv"
"$PIIMAP" scan --quiet --db "$T/inv.db" "$S" || no "rescan"
"$PIIMAP" report --db "$T/inv.db" --under "$S/backup" --json "$T/under.json" 2>/dev/null || no "report --under"
python3 - "$T/under.json" "$S" <<'PY' && ok || no "--under backup: 12 identifiers, 3 items each, all under backup"
import json, sys
m, share = json.load(open(sys.argv[1])), sys.argv[2]
assert len(m["sprawl"]) == 12, len(m["sprawl"])
for s in m["sprawl"]:
    assert s["file_count"] == 3 and len(s["files"]) == 3, s
    assert all(f["path"].startswith(share + "/backup/") for f in s["files"]), s
PY
pm_done
