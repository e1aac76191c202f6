#!/usr/bin/env bash
# reveal.sh — `piimap reveal` prints exactly the raw values of one file.
#   - on make_locate.py's planted files (a letter, zip members, a member of a
#     nested zip, a docx, an e-mail and its attachment): every value it
#     printed is one planted there, with the right line, byte offset and
#     detector, and nothing else (a table's offset is in its labelled text:
#     not checked); --member picks one member (or a chain),
#     --detector one detector;
#   - line numbers and offsets stay right across many 256 KiB windows (a
#     generated 1.5 MB file with values at known lines);
#   - the scan's options are used: a scan run with --only email reveals
#     e-mail addresses only;
#   - the inventory is byte-identical before and after (files and names);
#   - every run says on stderr that it printed raw values;
#   - refused: a file the caller cannot read (as nobody when root), a
#     directory, a missing file (exit 4, path named, nothing on stdout);
#     usage errors: no --file, an unknown detector, a member not there (2).
# usage: tests/reveal.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
. "$(dirname "$0")/lib.sh" reveal "$1"
chmod 755 "$T"

python3 "$SRC/tests/gen_share.py" "$T/gen" --seed 7 --scale 0.05 >/dev/null ||
  { echo "reveal: gen_share.py failed"; exit 1; }
S="$T/gen/share"
python3 "$SRC/tests/make_locate.py" "$S" "$T/planted.json" ||
  { echo "reveal: make_locate.py failed"; exit 1; }
S=$(realpath "$S")
# A long file: values at known lines far apart, across many matcher windows.
python3 - "$S/logs/long/app.log" "$T/long.json" <<'PY'
import json, os, sys
path, out = sys.argv[1], sys.argv[2]
os.makedirs(os.path.dirname(path), exist_ok=True)
vals = ["ann.long%d@reveal-probe.example.org" % i for i in range(12)]
want, lines, off = [], [], 0
for n in range(1, 30001):
    if n % 2500 == 0:
        v = vals[n // 2500 - 1]
        line = "%06d INFO user %s logged in\n" % (n, v)
        want.append([n, off + line.index(v), "email", v])
    else:
        line = "%06d INFO heartbeat ok, queue depth 17, worker pool idle........\n" % n
    lines.append(line)
    off += len(line.encode())
open(path, "w").write("".join(lines))
json.dump(want, open(out, "w"))
PY
# The planted values are e-mails, cards and phones; the names beside them
# ("Dear Jane", "Jane Roe") are person_name's, tested in names.sh, and left
# out of this scan (reveal then uses its options); the default options
# below find them.
"$PIIMAP" scan --quiet --db "$T/inv.db" --disable person_name "$S" ||
  { echo "reveal: the scan failed"; exit 1; }
# The inventory's bytes and names, and the database's time. SQLite gives a
# WAL database's readers an (empty) -wal and a -shm index when the directory
# is writable, whoever reads: one read-only command first, so they are there
# before and compared too (a reader's lock marks move the -shm's time only).
"$PIIMAP" scans --db "$T/inv.db" >/dev/null || no "scans"
sha() { (cd "$T" && ls inv.db* && stat -c '%n %s %Y' inv.db &&
         cat inv.db inv.db-wal inv.db-shm 2>/dev/null) | sha256sum; }
before=$(sha)

# reveal NAME WANT ARGS...: piimap reveal ARGS into $T/out and $T/err.
reveal() { # NAME WANT ARGS...: reveal ARGS over the inventory exits WANT
  local name=$1 want=$2; shift 2
  expect_rc "$name" "$want" "$PIIMAP" reveal --db "$T/inv.db" "$@"
}
# check NAME FILE [MEMBER...]: $T/out lists exactly, per item, the planted
# raw spellings found in that item's text, at their lines and offsets.
check() {
  local name=$1; shift
  python3 - "$T/out" "$T/planted.json" "$S" "$@" <<'PY' && ok || no "$name: exactly the planted values"
import io, json, re, sys, zipfile
out, planted, share, rel = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3], sys.argv[4]
chain = sys.argv[5:]
raw = set(planted["raw"]) | set(planted["decoys"]) | {
    "4532 0151 1283 0374"}  # the decoy card as decoys.txt groups it
def det(v):
    return "email" if "@" in v else ("credit_card" if len(re.sub(r"\D", "", v)) >= 13 else "phone")
def expected(text):
    want = set()
    for v in raw:
        i = text.find(v)
        while i >= 0:
            want.add((text.count("\n", 0, i) + 1, len(text[:i].encode()), det(v), v))
            i = text.find(v, i + 1)
    # a spelling inside a longer one (a bare card inside none here) is kept once
    return {w for w in want if not any(o != w and o[1] <= w[1] and o[1] + len(o[3]) >= w[1] + len(w[3])
                                       for o in want)}
got, item = {}, None
def table(name):
    # A table's offsets are in its labelled text ("HEADER: value"), not the
    # file's bytes; its lines are the file's.
    return name.lower().endswith((".csv", ".tsv"))
for line in open(out, encoding="utf-8"):
    m = re.match(r"  line (\d+), byte (\d+)  (\S+)  (low|medium|high)  (.*)$", line.rstrip("\n"))
    if m:
        got[item].add((int(m[1]), None if table(item) else int(m[2]), m[3], m[5]))
    elif not line.startswith("  "):
        item = re.sub(r"  \(\d+ match(es)?\)$", "", line.rstrip("\n"))
        got[item] = set()
data = open(share + "/" + rel, "rb").read()
def members(data, prefix):
    """Every member of a zip (recursively), with its text."""
    z = zipfile.ZipFile(io.BytesIO(data))
    for n in z.namelist():
        b = z.read(n)
        yield prefix + [n], b
        if n.endswith(".zip"):
            yield from members(b, prefix + [n])
want = {}
top = share + "/" + rel
if rel.endswith(".zip"):
    want[top] = set()
    for ch, b in members(data, []):
        if ch[:len(chain)] == chain:
            name = " :: ".join([top] + ch)
            want[name] = set() if ch[-1].endswith(".zip") else expected(b.decode())
            if table(name):
                want[name] = {(l, None, d, v) for l, o, d, v in want[name]}
    if chain:
        del want[top]
else:
    want[top] = expected(data.decode())
    if table(top):
        want[top] = {(l, None, d, v) for l, o, d, v in want[top]}
if got != want:
    sys.exit("got %r\nwant %r" % (sorted(got.items()), sorted(want.items())))
PY
}

reveal "a letter" 0 --file "$S/hr/locate/letter_jane.txt"
check "a letter" hr/locate/letter_jane.txt
grep -q "^piimap reveal: printed 3 raw values from 1 item of $S/hr/locate/letter_jane.txt" "$T/err" &&
  ok || no "stderr says it printed 3 raw values: $(cat "$T/err")"
reveal "a zip, every member" 0 --file "$S/backup/locate/export.zip"
check "a zip, every member" backup/locate/export.zip
reveal "one member" 0 --file "$S/backup/locate/export.zip" --member 2024/customers.csv
check "one member" backup/locate/export.zip 2024/customers.csv
reveal "a member of a nested zip" 0 --file "$S/backup/locate/export.zip" --member nested.zip --member deep/notes.txt
check "a member of a nested zip" backup/locate/export.zip nested.zip deep/notes.txt
grep -q "printed 2 raw values from 1 item" "$T/err" && ok || no "nested member: $(cat "$T/err")"
reveal "decoys" 0 --file "$S/sales/locate/decoys.txt"
check "decoys" sales/locate/decoys.txt
reveal "--detector" 0 --file "$S/hr/locate/letter_jane.txt" --detector credit_card
[ "$(grep -c '^  line' "$T/out")" = 1 ] && grep -q "^  line 3, byte 106  credit_card  high  4532 0151 1283 0366$" "$T/out" &&
  ok || no "--detector credit_card: $(cat "$T/out")"
# documents and mail: the values, their detectors, one item each
reveal "a docx" 0 --file "$S/docs/locate/letter.docx"
[ "$(grep -o '  \(email\|credit_card\|phone\)  high  .*' "$T/out" | sort | tr '\n' '|')" = \
  "  credit_card  high  4532-0151-1283-0366|  email  high  jane.roe@locate-probe.example.org|  phone  high  907-555-0147|" ] &&
  ok || no "docx values: $(cat "$T/out")"
reveal "an e-mail" 0 --file "$S/mail/locate/request.eml" --member details.csv
grep -q "^$S/mail/locate/request.eml :: details.csv  (1 match)$" "$T/out" &&
  grep -q "  email  high  j.roe.private@locate-probe.example.org$" "$T/out" && ok || no "attachment: $(cat "$T/out")"

# many windows: lines and offsets of a 1.9 MB file
reveal "a long file" 0 --file "$S/logs/long/app.log"
python3 - "$T/out" "$T/long.json" <<'PY' && ok || no "long file: lines and offsets"
import json, re, sys
got = [[int(m[1]), int(m[2]), m[3], m[4]] for m in
       (re.match(r"  line (\d+), byte (\d+)  (\S+)  \S+  (.*)$", l.rstrip("\n")) for l in open(sys.argv[1])) if m]
want = json.load(open(sys.argv[2]))
if got != want:
    sys.exit("got %r\nwant %r" % (got, want))
PY

# the scan's options: the newest scan that recorded the file (here scan 1,
# run with --only email, not the newer scan 2 of another folder), or --scan
"$PIIMAP" scan --quiet --db "$T/only.db" --only email "$S/hr/locate" || no "scan --only email"
"$PIIMAP" scan --quiet --db "$T/only.db" "$S/sales/locate" || no "scan 2"
"$PIIMAP" reveal --db "$T/only.db" --file "$S/hr/locate/letter_jane.txt" >"$T/out" 2>"$T/err"
[ "$(grep -c '^  line' "$T/out")" = 1 ] && grep -q "  email  high  Jane.Roe@Locate-Probe.Example.ORG$" "$T/out" &&
  ! grep -q "note" "$T/err" && ok || no "the --only of the scan that recorded the file is used: $(cat "$T/out" "$T/err")"
"$PIIMAP" reveal --db "$T/only.db" --scan 2 --file "$S/hr/locate/letter_jane.txt" >"$T/out" 2>"$T/err"
[ "$(grep -c '^  line' "$T/out")" = 4 ] && grep -q "  person_name  high  Jane$" "$T/out" && ok || no "--scan 2's options: $(cat "$T/out" "$T/err")"
"$PIIMAP" reveal --db "$T/only.db" --file "$S/docs/locate/letter.docx" >"$T/out" 2>"$T/err"
[ "$(grep -c '^  line' "$T/out")" = 4 ] && grep -q "  person_name  high  Roe$" "$T/out" && grep -q "no scan in $T/only.db recorded this file: the options of the newest, scan 2, are used" "$T/err" &&
  ok || no "a file no scan recorded: the newest scan's options, said: $(cat "$T/err")"
# no inventory at all: the defaults, said on stderr
(cd "$T" && "$PIIMAP" reveal --file "$S/hr/locate/letter_jane.txt" >"$T/out" 2>"$T/err")
[ "$(grep -c '^  line' "$T/out")" = 4 ] && grep -q "no inventory piimap.db: the default detectors" "$T/err" &&
  ok || no "without an inventory: $(cat "$T/err")"
[ ! -e "$T/piimap.db" ] && ok || no "reveal without an inventory created one"

# refusals
reveal "a missing file" 4 --file "$S/nowhere.txt"
grep -q "$S/nowhere.txt" "$T/err" && [ ! -s "$T/out" ] && ok || no "missing: $(cat "$T/err")"
reveal "a directory" 4 --file "$S/hr"
grep -q "$S/hr: not a regular file" "$T/err" && [ ! -s "$T/out" ] && ok || no "directory: $(cat "$T/err")"
cp "$S/hr/locate/letter_jane.txt" "$T/locked.txt"
chmod 600 "$T/locked.txt"
cp "$T/inv.db" "$T/copy.db"; chmod 644 "$T/copy.db"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  AS=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
elif [ "$(id -u)" != 0 ]; then
  chmod 000 "$T/locked.txt"; AS=()
else
  AS=(skip)
fi
if [ "${AS[0]:-}" = skip ]; then
  echo "reveal: skipped the unreadable-file check (root without setpriv)"
else
  "${AS[@]}" "$PIIMAP" reveal --db "$T/copy.db" --file "$T/locked.txt" >"$T/out" 2>"$T/err"
  rc=$?
  [ "$rc" = 4 ] && grep -q "$T/locked.txt: you cannot read this file" "$T/err" && [ ! -s "$T/out" ] &&
    ! grep -q "printed" "$T/err" && ok || no "unreadable file refused (exit $rc): $(cat "$T/err")"
fi
reveal "no --file" 2
reveal "an unknown detector" 2 --file "$S/hr/locate/letter_jane.txt" --detector nosuch
[ ! -s "$T/out" ] && ok || no "unknown detector printed something"
reveal "a member not there" 2 --file "$S/backup/locate/export.zip" --member 2025/none.csv
grep -q "no member 2025/none.csv in it" "$T/err" && ok || no "missing member: $(cat "$T/err")"
reveal "an unknown scan" 2 --scan 99 --file "$S/hr/locate/letter_jane.txt"
reveal "--help" 0 --help
grep -q "RAW matches" "$T/out" && ok || no "--help"

[ "$(sha)" = "$before" ] && ok || no "the inventory changed"
pm_done
