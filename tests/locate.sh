#!/usr/bin/env bash
# locate.sh — `piimap locate` on a generated share with planted values.
#   - gen_share.py makes a realistic share; make_locate.py plants a person's
#     e-mail addresses, card number and phone number in a letter, a CSV, zip
#     members (one in a nested zip), a docx and an e-mail (body, header and
#     attachment), each written several ways, and near misses elsewhere;
#   - locate lists exactly the items holding each value, whether it is asked
#     in another case, with or without spaces, or as a bare ten-digit phone,
#     and no other item (not the near misses, not the generated share's own
#     values); --detector, --from-file (a file and stdin), --scan, --all;
#   - exit codes: 0 all found, 1 one found nowhere, 2 a value no detector
#     reads (named by argument or line, never repeated), unknown detector or
#     scan, 3 a missing key or another key;
#   - --json parses and says the same;
#   - no raw value in the inventory, on stderr or on stdout; the inventory is
#     byte-identical after every locate (it is opened read-only).
# usage: tests/locate.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
. "$(dirname "$0")/lib.sh" locate "$1"
n=0
# run NAME WANT ARGS...: piimap locate ARGS, stdout and stderr kept apart for
# the leak check; checks the exit code.
run() {
  local name=$1 want=$2; shift 2
  n=$((n + 1))
  "$PIIMAP" locate --db "$T/inv.db" "$@" >"$T/out.$n" 2>"$T/err.$n"
  local rc=$?
  cp "$T/out.$n" "$T/out"
  cp "$T/err.$n" "$T/err"
  if [ "$rc" = "$want" ]; then ok; else no "$name (exit $rc, want $want): $(head -c 300 "$T/err")"; fi
}

python3 "$SRC/tests/gen_share.py" "$T/gen" --seed 5 --scale 0.2 >/dev/null ||
  { echo "locate: gen_share.py failed"; exit 1; }
S="$T/gen/share"
python3 "$SRC/tests/make_locate.py" "$S" "$T/planted.json" --raw-values "$T/gen/raw.txt" ||
  { echo "locate: make_locate.py failed"; exit 1; }
S=$(realpath "$S")
"$PIIMAP" scan --quiet --db "$T/inv.db" "$S" || { echo "locate: the scan failed"; exit 1; }
sha() { cat "$T/inv.db" "$T/inv.db-wal" 2>/dev/null | sha256sum; }
before=$(sha)

# items NAME VALUE...: the JSON answer for one value must list exactly the
# planted items of NAME (path and member chain) in the one scan searched.
items() {
  local name=$1; shift
  run "$name: exit 0" 0 --json "$@"
  python3 - "$T/out" "$T/planted.json" "$S" "$name" <<'PY' && ok || no "$name: exactly the planted items"
import json, sys
ans, planted, share, name = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3], sys.argv[4]
want = sorted((share + "/" + p, m) for p, m in planted["values"][name]["items"])
assert ans["schema"] == "piimap.locate/1" and len(ans["scans"]) == 1, ans["scans"]
assert ans["summary"] == {"values": len(ans["values"]), "found": len(ans["values"]), "not_found": 0}
for v in ans["values"]:
    assert v["found"] and [r["detector"] for r in v["read_as"]] == [planted["values"][name]["detector"]], v
    got = sorted((i["path"], i["members"]) for i in v["items"])
    assert got == want, "\n got %s\nwant %s" % (got, want)
    assert all(i["scan_id"] == ans["scans"][0]["id"] and i["occurrences"] >= 1 for i in v["items"])
PY
}
ask() { python3 -c "import json,sys; print('\n'.join(json.load(open(sys.argv[1]))['values'][sys.argv[2]]['ask']))" "$T/planted.json" "$1"; }

# --- every item holding each value, and no other -----------------------------
for v in E1 E2 C1 P1 N1 A1; do
  mapfile -t spellings < <(ask "$v")
  for s in "${spellings[@]}"; do items "$v" "$s"; done
done
# the spellings of one value in one call: one answer each
mapfile -t c1 < <(ask C1)
items C1 "${c1[@]}"
[ "$(python3 -c "import json; print(len(json.load(open('$T/out'))['values']))")" = 2 ] && ok || no "two spellings, two answers"
# --detector: the value read as that detector's
items P1 --detector phone 9075550147
run "a card is no phone" 2 --detector phone "${c1[0]}"
grep -q "argument 1: not a value the phone detector reads" "$T/err" && ok || no "--detector mismatch named: $(cat "$T/err")"

# --- text answers -----------------------------------------------------------
run "text: found" 0 jane.roe@LOCATE-probe.example.org
grep -q "^value 1 j\*\*\*@locate-probe.example.org (email): in 6 items of scan 1$" "$T/out" && ok || no "text header: $(head -1 "$T/out")"
grep -qF "  $S/backup/locate/export.zip :: nested.zip :: deep/notes.txt  (1 email match in it, 1 distinct)" "$T/out" && ok || no "text: member chain: $(cat "$T/out")"
[ "$(grep -c '^  /' "$T/out")" = 6 ] && ok || no "text: six items"

# --- exit codes -------------------------------------------------------------
run "a value found nowhere exits 1" 1 jane.roe@locate-probe.example.org nobody.here@locate-probe.example.org
grep -q "^value 2 n\*\*\*@locate-probe.example.org (email): found nowhere in scan 1$" "$T/out" && ok || no "found nowhere is said: $(cat "$T/out")"
grep -q "^value 1 .*in 6 items" "$T/out" && ok || no "the found value is still listed"
# the near misses are found where they were planted, and only there
for i in 0 1 2 3; do
  run "near miss $i" 0 --json "$(python3 -c "import json; print(json.load(open('$T/planted.json'))['decoys'][$i])")"
  python3 -c "
import json; a = json.load(open('$T/out'))
got = sorted((i['path'][len('$S/'):], i['members']) for i in a['values'][0]['items'])
want = [('backup/locate/export.zip', ['2024/other.csv']), ('sales/locate/decoys.txt', [])]
assert got == want or ($i == 1 and got == want[1:]), got" && ok || no "near miss $i: only where it was planted"
done
run "not a value exits 2" 2 jane.roe@locate-probe.example.org "not a value" 12345
grep -q "argument 2: no detector reads it" "$T/err" && grep -q "argument 3: no detector reads it" "$T/err" && ok || no "each bad value named by its argument: $(cat "$T/err")"
[ ! -s "$T/out" ] && ok || no "nothing looked up when a value is bad"
run "no value exits 2" 2
run "unknown detector exits 2" 2 --detector nope jane.roe@locate-probe.example.org
run "unknown scan exits 2" 2 --scan 99 jane.roe@locate-probe.example.org
run "--scan and --all exit 2" 2 --scan 1 --all jane.roe@locate-probe.example.org
run "a missing key exits 3" 3 --key "$T/none.key" jane.roe@locate-probe.example.org
grep -q "none.key: no HMAC key here" "$T/err" && ok || no "the missing key is named: $(cat "$T/err")"
[ ! -e "$T/none.key" ] && ok || no "locate never creates a key"
head -c 32 /dev/urandom >"$T/other.key"
run "another key exits 3" 3 --key "$T/other.key" jane.roe@locate-probe.example.org
grep -q "scan 1 was made with another HMAC key" "$T/err" && ok || no "another key is named: $(cat "$T/err")"
run "a missing inventory exits 3" 3 --db "$T/none.db" jane.roe@locate-probe.example.org
[ ! -e "$T/none.db" ] && ok || no "locate never creates an inventory"

# --- --from-file: a file and stdin -----------------------------------------
{ ask E1; echo; ask C1 | sed -n 1p; printf '%s\r\n' "$(ask P1 | sed -n 1p)"; } >"$T/values.txt"
run "--from-file" 0 --json --from-file "$T/values.txt"
python3 -c "
import json; a = json.load(open('$T/out'))
assert [v['index'] for v in a['values']] == [1, 3, 4], [v['index'] for v in a['values']]
assert [v['read_as'][0]['detector'] for v in a['values']] == ['email', 'credit_card', 'phone']
assert a['summary'] == {'values': 3, 'found': 3, 'not_found': 0}" && ok || no "--from-file: a value a line, blank lines skipped, CRLF taken, index = line"
n=$((n + 1))
ask E2 | "$PIIMAP" locate --db "$T/inv.db" --from-file - >"$T/out.$n" 2>"$T/err.$n" && grep -q "in 1 item of scan 1" "$T/out.$n" && ok || no "--from-file - reads stdin"
printf 'jane.roe@locate-probe.example.org\nnot a value\n' >"$T/bad.txt"
run "--from-file with a bad line exits 2" 2 --from-file "$T/bad.txt"
grep -q "line 2 of $T/bad.txt: no detector reads it" "$T/err" && ok || no "the bad line is named: $(cat "$T/err")"
run "--from-file and a VALUE exit 2" 2 --from-file "$T/values.txt" jane.roe@locate-probe.example.org
run "an unreadable list exits 2" 2 --from-file "$T/nope.txt"

# --- the history: --all and --scan -------------------------------------------
rm "$S/hr/locate/letter_jane.txt"
"$PIIMAP" scan --quiet --db "$T/inv.db" "$S"
before=$(sha)
run "the newest scan no longer has the letter" 0 jane.roe@locate-probe.example.org
grep -q "in 5 items of scan 2" "$T/out" && ! grep -q letter_jane "$T/out" && ok || no "newest scan: $(head -1 "$T/out")"
run "--scan 1 still has it" 0 --scan 1 jane.roe@locate-probe.example.org
grep -q "in 6 items of scan 1" "$T/out" && ok || no "--scan 1: $(head -1 "$T/out")"
run "--all" 0 --all --json jane.roe@locate-probe.example.org
python3 -c "
import json; a = json.load(open('$T/out'))
assert [s['id'] for s in a['scans']] == [1, 2]
ids = [i['scan_id'] for i in a['values'][0]['items']]
assert ids == sorted(ids) and ids.count(1) == 6 and ids.count(2) == 5, ids" && ok || no "--all: both scans, oldest first"
run "--all text names the scans" 0 --all jane.roe@locate-probe.example.org
grep -q "in 11 items of scans 1, 2" "$T/out" && grep -q "^  scan 1  $S/hr/locate/letter_jane.txt" "$T/out" && ok || no "--all text: $(head -3 "$T/out")"

# --- nothing raw anywhere ------------------------------------------------------
[ "$(sha)" = "$before" ] && ok || no "the inventory is unchanged by locate"
python3 - "$T" "$T/planted.json" <<'PY' && ok || no "no raw value in the inventory, on stderr or on stdout"
import glob, json, os, re, sys
t, planted = sys.argv[1], json.load(open(sys.argv[2]))
raw = set(planted["raw"]) | {v["raw"] for v in planted["values"].values()}
for v in planted["values"].values():
    raw |= set(v["ask"])
raw |= {re.sub(r"\D", "", r) for r in raw if "@" not in r}   # the digits as hashed
raw |= {r.lower() for r in raw}
files = [os.path.join(t, "inv.db")] + glob.glob(os.path.join(t, "inv.db-wal"))
files += glob.glob(os.path.join(t, "err.*")) + glob.glob(os.path.join(t, "out.*"))
bad = []
for f in files:
    data = open(f, "rb").read()
    low = data.lower()
    bad += ["%s in %s" % (r, os.path.basename(f)) for r in raw if len(r) >= 9 and r.lower().encode() in low]
assert not bad, bad[:5]
assert len(files) > 40, len(files)
PY

pm_done
