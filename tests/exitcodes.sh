#!/usr/bin/env bash
# exitcodes.sh — exit codes that tell the truth, and one name per root.
#   - a missing root is named on stderr, the other roots are still scanned,
#     the scan is recorded "incomplete" and the exit code is 4;
#   - --fail-on-errors exits 4 when an item could not be read (tested as an
#     unprivileged user: root reads everything), and such a user is told that
#     access times of files it does not own could not be kept;
#   - report --scan N for a scan that does not exist and diff with fewer than
#     two scans are usage errors (2);
#   - "share", "share/", "./share/." and the absolute path are one root: the
#     rescan is incremental and the diff finds nothing new or gone.
# usage: tests/exitcodes.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
. "$(dirname "$0")/lib.sh" exitcodes "$1"
chmod 755 "$T"
S="$T/share"
mkdir -p "$S/hr"
printf 'ann@example.com\n' >"$S/hr/a.txt"
printf 'bob@example.com\n' >"$S/hr/b.txt"
cd "$T"

# A missing root: exit 4, named on stderr, recorded incomplete, the other root scanned.
expect_rc "missing root exits 4" 4 "$PIIMAP" scan --quiet --db "$T/m.db" "$S" "$T/not-there"
grep -q "$T/not-there" "$T/err" && ok || no "the missing root is named on stderr"
grep -q "incomplete" "$T/err" && ok || no "stderr says the scan is incomplete"
"$PIIMAP" report --db "$T/m.db" --json "$T/m.json"
python3 - "$T/m.json" "$S" <<'PY' && ok || no "data map: status incomplete, files of the good root kept, the missing root in errors"
import json, sys
m = json.load(open(sys.argv[1])); s = sys.argv[2]
assert m["scan"]["status"] == "incomplete", m["scan"]["status"]
assert m["scan"]["files_seen"] == 2, m["scan"]
assert {f["path"] for f in m["files"]} == {s + "/hr/a.txt", s + "/hr/b.txt"}
assert any(e["path"].endswith("/not-there") for e in m["errors"]), m["errors"]
PY
expect_rc "only missing roots exit 4" 4 "$PIIMAP" scan --quiet --db "$T/m2.db" "$T/nope1" "$T/nope2"
expect_rc "a complete scan exits 0" 0 "$PIIMAP" scan --quiet --db "$T/ok.db" "$S"
"$PIIMAP" scans --db "$T/ok.db" | grep -q complete && ok || no "a complete scan is recorded complete"

# Usage errors.
expect_rc "report --scan 99 is a usage error" 2 "$PIIMAP" report --db "$T/ok.db" --scan 99
grep -q "no scan 99" "$T/err" && ok || no "report names the missing scan"
expect_rc "diff with one scan is a usage error" 2 "$PIIMAP" diff --db "$T/ok.db"
expect_rc "diff --from 99 is a usage error" 2 "$PIIMAP" diff --db "$T/ok.db" --from 99 --to 1

# One root, one name.
"$PIIMAP" scan --quiet --db "$T/r.db" share
"$PIIMAP" scan --quiet --db "$T/r.db" share/
"$PIIMAP" scan --quiet --db "$T/r.db" ./share/.
"$PIIMAP" scan --quiet --db "$T/r.db" "$S/hr/.."
"$PIIMAP" scans --db "$T/r.db" >"$T/scans.txt"
[ "$(grep -c "\[\"$S\"\]" "$T/scans.txt")" = 4 ] && ok || no "four spellings store one canonical root: $(cat "$T/scans.txt")"
"$PIIMAP" report --db "$T/r.db" --json "$T/r.json"
python3 -c "
import json; m = json.load(open('$T/r.json'))
assert m['scan']['roots'] == ['$S'] and m['scan']['incremental_from'] == 3 and m['scan']['files_unchanged'] == 2, m['scan']" \
  && ok || no "the rescan under another spelling is incremental from the previous scan"
expect_rc "diff of the same root under two spellings" 0 "$PIIMAP" diff --db "$T/r.db" --json -
python3 -c "
import json; d = json.load(open('$T/out'))
assert d['summary'] == {'new': 0, 'gone': 0, 'changed': 0}, d['summary']" && ok || no "nothing new or gone between spellings"
ln -s "$S" "$T/link"
"$PIIMAP" scan --quiet --db "$T/r.db" "$T/link"
"$PIIMAP" scans --db "$T/r.db" | tail -1 | grep -q "\[\"$S\"\]" && ok || no "a symlinked root is resolved"

# --fail-on-errors, as an unprivileged user (root can read a 000 file).
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  AS=(setpriv --reuid=65534 --regid=65534 --clear-groups env PIIMAP_KEY_FILE="$T/u/k.key")
  mkdir -p "$T/u" && chmod 777 "$T/u"
  cp -r "$S" "$T/u/share" && chmod -R a+rX "$T/u/share" && chmod 000 "$T/u/share/hr/b.txt"
elif [ "$(id -u)" != 0 ]; then
  AS=(env PIIMAP_KEY_FILE="$T/u/k.key")
  mkdir -p "$T/u" && cp -r "$S" "$T/u/share" && chmod 000 "$T/u/share/hr/b.txt"
else
  AS=()
fi
if [ ${#AS[@]} -gt 0 ]; then
  expect_rc "an unreadable file: exit 0 without --fail-on-errors" 0 "${AS[@]}" "$PIIMAP" scan --quiet --db "$T/u/u.db" "$T/u/share"
  grep -q "b.txt" "$T/err" && ok || no "the unreadable file is named on stderr"
  if [ "$(id -u)" = 0 ]; then # nobody owns none of these files: O_NOATIME is refused
    "${AS[@]}" "$PIIMAP" scan --full --db "$T/u/u.db" "$T/u/share" 2>"$T/err" >/dev/null
    grep -q "access times were not kept for 1 file and 2 directories" "$T/err" && ok ||
      no "the summary says access times could not be kept: $(tail -1 "$T/err")"
  fi
  expect_rc "--fail-on-errors exits 4" 4 "${AS[@]}" "$PIIMAP" scan --quiet --full --fail-on-errors --db "$T/u/u.db" "$T/u/share"
  chmod 755 "$T/u/share/hr" && chmod 000 "$T/u/share"
  expect_rc "an unreadable root exits 4" 4 "${AS[@]}" "$PIIMAP" scan --quiet --db "$T/u/u2.db" "$T/u/share"
  chmod 755 "$T/u/share"
else
  echo "skip: no way to run as an unprivileged user"
fi
pm_done
