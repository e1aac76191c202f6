#!/usr/bin/env bash
# names.sh — person_name end to end on a small multi-locale share
# (tests/gen_names.py: CSV exports with local headers, JSON records with
# local keys, letters with salutations in ten locales, a forwarded e-mail's
# headers with "Surname, Given" display names, and a file of look-alikes:
# cities, streets, fonts, companies, code, headings).
#   - every file holds exactly the planted number of names (expected.json),
#     the look-alikes none;
#   - a CSV row's given-name and surname cells are one name, once;
#   - masked samples keep each word's first letter ("J*** D**") and no
#     planted name appears in the data map or the inventory;
#   - the share's other detectors (e-mail) are counted as before;
#   - names beside an SSN make a sensitive combination, beside e-mails not.
# usage: tests/names.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
. "$(dirname "$0")/lib.sh" names "$1"

"$PYTHON" "$SRC/tests/gen_names.py" "$T/share" "$SRC" || no "gen_names.py"
# Names beside SSNs: a sensitive combination (report/risk.c); names beside
# e-mails alone (the exports) are not.
printf 'employee,ssn\nAnna Schmidt,536-22-8734\n' >"$T/payroll.csv"
"$PIIMAP" scan --quiet --db "$T/inv.db" "$T/share" "$T/payroll.csv" || no "scan"
"$PIIMAP" report --db "$T/inv.db" --json "$T/map.json" 2>/dev/null || no "report"

# Exact counts per file, and the e-mails of the exports and records.
"$PYTHON" - "$T/map.json" "$T/expected.json" <<'PY' || no "counts (above)"
import json, re, sys
m = json.load(open(sys.argv[1]))
exp = json.load(open(sys.argv[2]))
got, emails, bad = {}, 0, 0
risky = {f["path"].rsplit("/", 1)[1]: "sensitive-combination" in f.get("risk", [])
         for f in m["files"]}
if not risky.pop("payroll.csv") or any(risky.values()):
    print("sensitive-combination: want payroll.csv alone, got", risky)
    bad += 1
for f in m["files"]:
    if f["path"].endswith("/payroll.csv"):
        continue
    rel = f["path"].split("/share/", 1)[1]
    pn = f["findings"].get("person_name")
    got[rel] = pn["occurrences"] if pn else 0
    emails += f["findings"].get("email", {}).get("occurrences", 0)
    for s in (pn or {}).get("samples", []):
        if not re.fullmatch(r"[A-Z][*]{0,8}(?: [A-Z][*]{0,8})*", s):
            print("bad mask", s)
            bad += 1
ok = True
for k in sorted(set(exp) | set(got)):
    if exp.get(k, 0) != got.get(k, 0):
        print("%s: %d names, want %d" % (k, got.get(k, 0), exp.get(k, 0)))
        ok = False
t = m["totals"]["person_name"]
if t["occurrences"] != sum(exp.values()) + 1:  # + payroll.csv
    print("total %d, want %d" % (t["occurrences"], sum(exp.values())))
    ok = False
if emails != 104:  # 10 locales' exports and records, and mail/forwarded.txt's 4
    print("e-mails %d, want 104" % emails)
    ok = False
sys.exit(0 if ok and not bad else 1)
PY
[ $? -eq 0 ] && ok

# No planted name in the data map or the inventory, raw or folded.
leak=0
for n in $(grep -h -o '^[0-9]*;[^;]*;[^;]*' "$T/share/de/customers.csv" | cut -d';' -f2 | tail -n +2); do
  [ ${#n} -ge 5 ] || continue
  if grep -q -a -- "$n" "$T/map.json" "$T/inv.db"; then leak=1; echo "leak: $n"; fi
done
[ $leak -eq 0 ] && ok || no "a planted surname is in the map or the inventory"

pm_done
