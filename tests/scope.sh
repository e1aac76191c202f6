#!/usr/bin/env bash
# scope.sh — breach scoping: scan exactly a list of paths, report a subtree.
#   scan --from-file LIST [-0]:
#   - exactly the listed files are scanned (not their neighbours), a listed
#     directory is walked, names with spaces and newlines pass with -0, and
#     '-' reads the list from stdin;
#   - a missing listed path is named on stderr, the others are scanned, the
#     scan is recorded incomplete and exits 4;
#   - the list is stored as the scan's roots, canonical, sorted, each once:
#     the same set in another order and spelling is one scope, so the rescan
#     is incremental (nothing read again) and the diff is empty;
#   - usage errors: an empty list, -0 without --from-file, --resume with a
#     list, a NUL-separated list read as lines (all exit 2).
#   report --under PATH:
#   - the full scan's data map under a subtree equals the data map of a scan
#     of that subtree alone (coverage, totals, directories, files, skipped,
#     errors); each directory's recursive figures are the sums of the
#     directories below it and equal report --under that directory; a file,
#     a path holding nothing (said on stderr) and / work; the HTML too.
# usage: tests/scope.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
. "$(dirname "$0")/lib.sh" scope "$1"
# paths DB: the data map's files as "path|member/chain", sorted, one a line
paths() {
  "$PIIMAP" report --db "$1" --json - | python3 -c '
import json, sys
m = json.load(sys.stdin)
for p in sorted(f["path"] + "|" + "/".join(f["members"]) for f in m["files"]):
    print(p)'
}

python3 "$SRC/tests/gen_share.py" "$T/gen" --seed 3 --scale 0.2 >/dev/null ||
  { echo "scope: gen_share.py failed"; exit 1; }
S=$(realpath "$T/gen/share")
mkdir -p "$S/odd"
printf 'ann.lee@example.com\n' >"$S/odd/with space.txt"
printf 'bob.ray@example.org\n' >"$S/odd/with
newline.txt"

# --- exactly the listed paths -------------------------------------------------
# Five files with personal data, their neighbours left out, and a directory.
mapfile -t pii < <("$PIIMAP" scan --quiet --db "$T/all.db" "$S" && paths "$T/all.db" | grep '|$' | cut -d'|' -f1 | grep -v "^$S/odd/" | head -5)
[ "${#pii[@]}" = 5 ] && ok || no "five files with personal data to list"
printf '%s\n' "${pii[@]}" >"$T/list.txt"
expect_rc "--from-file exits 0" 0 "$PIIMAP" scan --quiet --db "$T/l.db" --from-file "$T/list.txt"
paths "$T/l.db" | cut -d'|' -f1 | sort -u >"$T/got"
printf '%s\n' "${pii[@]}" | sort -u >"$T/want"
cmp -s "$T/got" "$T/want" && ok || no "exactly the listed files: $(diff "$T/want" "$T/got" | head -5)"
python3 - "$T/l.db" "$PIIMAP" "$T/want" <<'PY' && ok || no "the listed files are the scan's roots, and seen once each"
import json, subprocess, sys
m = json.loads(subprocess.run([sys.argv[2], "report", "--db", sys.argv[1]], capture_output=True).stdout)
want = open(sys.argv[3]).read().split("\n")[:-1]
assert m["scan"]["roots"] == sorted(want), m["scan"]["roots"]
assert m["scan"]["files_seen"] == 5 and m["scan"]["status"] == "complete", m["scan"]
PY
# their findings are what the full scan found in them
python3 - "$PIIMAP" "$T/all.db" "$T/l.db" <<'PY' && ok || no "the listed files' findings equal the full scan's"
import json, subprocess, sys
def files(db):
    m = json.loads(subprocess.run([sys.argv[1], "report", "--db", db], capture_output=True).stdout)
    return {(f["path"], tuple(f["members"])): f["findings"] for f in m["files"]}
a, b = files(sys.argv[2]), files(sys.argv[3])
assert b and all(a[k] == v for k, v in b.items()), [k for k in b if a.get(k) != b[k]][:3]
PY

# The same set in another order, spelling and with repeats: one scope, so the
# rescan is incremental and nothing changed.
{ printf '%s\n' "${pii[@]}" | tac; printf '%s\n' "${pii[0]}" "$(dirname "${pii[1]}")/./$(basename "${pii[1]}")"; } >"$T/list2.txt"
expect_rc "--from-file, reordered with repeats" 0 "$PIIMAP" scan --quiet --db "$T/l.db" --from-file "$T/list2.txt"
"$PIIMAP" report --db "$T/l.db" --json - | python3 -c "
import json, sys; s = json.load(sys.stdin)['scan']
assert s['incremental_from'] == 1 and s['files_unchanged'] == 5 and s['files_seen'] == 5, s" && ok || no "the reordered list is the same scope: incremental"
expect_rc "diff of the two list scans" 0 "$PIIMAP" diff --db "$T/l.db" --json -
python3 -c "import json; d = json.load(open('$T/out')); assert d['summary'] == {'new': 0, 'gone': 0, 'changed': 0}, d['summary']" && ok || no "nothing new or gone between the two orders"

# -0, names with spaces and newlines, stdin, and a directory
printf '%s\0%s\0%s\0' "$S/odd/with space.txt" "$S/odd/with
newline.txt" "$S/hr" | "$PIIMAP" scan --quiet --db "$T/z.db" --from-file - -0 >"$T/out" 2>"$T/err"
[ $? = 0 ] && ok || no "-0 from stdin exits 0: $(cat "$T/err")"
"$PIIMAP" report --db "$T/z.db" --json - | python3 -c "
import json, sys; m = json.load(sys.stdin); s = '$S'
paths = {f['path'] for f in m['files']}
assert s + '/odd/with space.txt' in paths and s + '/odd/with\nnewline.txt' in paths, paths
assert all(p.startswith(s + '/hr/') or p.startswith(s + '/odd/') for p in paths), paths
assert any(p.startswith(s + '/hr/') for p in paths)
assert m['scan']['roots'] == sorted([s + '/hr', s + '/odd/with space.txt', s + '/odd/with\nnewline.txt'])" && ok || no "-0: odd names and a walked directory"

# --- a missing listed path ----------------------------------------------------
printf '%s\n' "${pii[0]}" "$S/not/there.csv" "${pii[1]}" >"$T/list3.txt"
expect_rc "a missing listed path exits 4" 4 "$PIIMAP" scan --quiet --db "$T/m.db" --from-file "$T/list3.txt"
grep -q "$S/not/there.csv" "$T/err" && ok || no "the missing path is named on stderr: $(cat "$T/err")"
grep -q "1 of 3 listed paths could not be read" "$T/err" && ok || no "stderr counts the listed paths: $(cat "$T/err")"
"$PIIMAP" report --db "$T/m.db" --json - | python3 -c "
import json, sys; m = json.load(sys.stdin)
assert m['scan']['status'] == 'incomplete' and m['scan']['files_seen'] == 2, m['scan']
assert [e['path'] for e in m['errors']] == ['$S/not/there.csv'], m['errors']" && ok || no "recorded incomplete, the others scanned, the missing one in errors"

# --- usage errors -----------------------------------------------------------
: >"$T/empty.txt"
expect_rc "an empty list exits 2" 2 "$PIIMAP" scan --quiet --db "$T/u.db" --from-file "$T/empty.txt"
grep -q "empty.txt: the list holds no path" "$T/err" && ok || no "the empty list is named"
expect_rc "a missing list exits 2" 2 "$PIIMAP" scan --quiet --db "$T/u.db" --from-file "$T/nope.txt"
expect_rc "-0 without --from-file exits 2" 2 "$PIIMAP" scan --quiet --db "$T/u.db" -0 "$S"
expect_rc "--resume with a list exits 2" 2 "$PIIMAP" scan --quiet --db "$T/u.db" --resume --from-file "$T/list.txt"
printf '%s\0%s\0' "${pii[0]}" "${pii[1]}" >"$T/nul.txt"
expect_rc "a NUL-separated list read as lines exits 2" 2 "$PIIMAP" scan --quiet --db "$T/u.db" --from-file "$T/nul.txt"
grep -q "needs -0" "$T/err" && ok || no "the NUL byte is explained"
[ ! -e "$T/u.db" ] && ok || no "no inventory made by a usage error"
"$PIIMAP" scans --db "$T/l.db" | grep -q '"/' && ok || no "scans lists the list's roots"

# --- report --under: a subtree of a scan is a scan of that subtree -------------
# The full scan's data map under hr/ (spelled relative, with a trailing
# slash) equals the data map of a scan of hr/ alone: coverage, totals,
# directories, files, skipped, errors.
"$PIIMAP" scan --quiet --db "$T/hr.db" "$S/hr" || no "scan of hr alone"
"$PIIMAP" report --db "$T/hr.db" --json "$T/hr.json"
(cd "$S" && "$PIIMAP" report --db "$T/all.db" --under hr/ --json "$T/under.json" --html "$T/under.html") 2>"$T/err"
# (stderr says only where it wrote: a line per file)
[ $? = 0 ] && [ "$(grep -vc '^piimap report: wrote the \(HTML\|JSON\) data map of scan [0-9]* (complete) to /' "$T/err")" = 0 ] &&
  [ "$(wc -l <"$T/err")" = 2 ] && ok || no "report --under exits 0, saying only where it wrote: $(cat "$T/err")"
python3 - "$T/hr.json" "$T/under.json" "$S/hr" <<'PY' && ok || no "report --under equals a scan of the subtree"
import json, sys
a, b, hr = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
assert b["scan"]["under"] == hr and "under" not in a["scan"], b["scan"].get("under")
assert b["files"], "files under hr"
for d in b["directories"]:
    d.pop("recursive")
for k in ("coverage", "totals", "directories", "files", "skipped", "errors"):
    assert a[k] == b[k], "%s differs:\n %.400s\n %.400s" % (k, a[k], b[k])
PY
# Recursive figures: a directory's are its subtree's (the sums of the
# directories below it, and the distinct values of report --under it).
python3 - "$T/under.json" <<'PY' && ok || no "recursive counts are the sums of the directories below"
import json, sys
m = json.load(open(sys.argv[1]))
dirs = m["directories"]
for d in dirs:
    below = [e for e in dirs if e["path"] == d["path"] or e["path"].startswith(d["path"] + "/")]
    r = d["recursive"]
    assert r["files"] == sum(e["files"] for e in below), d["path"]
    assert r["files_with_pii"] == sum(e["files_with_pii"] for e in below), d["path"]
    for det, f in r["findings"].items():
        assert f["occurrences"] == sum(e["findings"].get(det, {}).get("occurrences", 0) for e in below)
        assert f["distinct"] >= max(e["findings"].get(det, {}).get("distinct", 0) for e in below)
top = [d for d in dirs if d["path"] == m["scan"]["under"]]
# the figures a directory carries: known test numbers (test_value) too
fig = lambda v: {k: v[k] for k in ("occurrences", "distinct", "files", "test_value") if k in v}
assert top and {k: fig(v) for k, v in m["totals"].items()} == top[0]["recursive"]["findings"], \
    "the top is the totals"
PY
n=0
for d in $(python3 -c "
import json; m = json.load(open('$T/under.json'))
print(' '.join(d['path'] for d in m['directories'] if d['recursive']['findings'] and ' ' not in d['path'])[:4000])"); do
  n=$((n + 1)); [ $n -gt 4 ] && break
  "$PIIMAP" report --db "$T/all.db" --under "$d" --json "$T/sub.json"
  python3 - "$T/under.json" "$T/sub.json" "$d" <<'PY' && ok || no "$d: its recursive figures are report --under's totals"
import json, sys
m, sub, d = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
r = [x for x in m["directories"] if x["path"] == d][0]["recursive"]
fig = lambda v: {k: v[k] for k in ("occurrences", "distinct", "files", "test_value") if k in v}
t = {k: fig(v) for k, v in sub["totals"].items()}
assert t == r["findings"], (t, r["findings"])
PY
done
grep -q '"under":' "$T/under.html" && grep -q 'under' "$T/under.html" && ok || no "the HTML data map is limited too"
python3 "$SRC/tests/validate_schema.py" "$SRC/doc/schema/datamap.schema.json" "$T/under.json" >/dev/null && ok || no "the --under data map is valid against the schema"
f1=$(python3 -c "import json; print(json.load(open('$T/hr.json'))['files'][0]['path'])")
"$PIIMAP" report --db "$T/all.db" --under "$f1" --json - | python3 -c "
import json, sys; m = json.load(sys.stdin)
assert [f['path'] for f in m['files']] == ['$f1'], m['files']" && ok || no "--under a file: that file only"
"$PIIMAP" report --db "$T/all.db" --under "$S/hrx" --json - 2>"$T/err" | python3 -c "
import json, sys; m = json.load(sys.stdin); assert m['files'] == [] and m['totals'] == {}" && ok || no "--under a path holding nothing: an empty map"
grep -q "read nothing at or under $S/hrx" "$T/err" && ok || no "--under a path holding nothing says so"
"$PIIMAP" report --db "$T/all.db" --json "$T/whole.json" && "$PIIMAP" report --db "$T/all.db" --under / --json "$T/root.json"
python3 -c "
import json; a = json.load(open('$T/whole.json')); b = json.load(open('$T/root.json'))
b['scan'].pop('under'); [d.pop('recursive') for d in b['directories']]
assert a == b" && ok || no "--under / is the whole scan"

pm_done
