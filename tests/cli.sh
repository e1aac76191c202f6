#!/usr/bin/env bash
# cli.sh — the piimap command as a user meets it: help, exit codes, errors
# naming paths, private files, no raw values at rest, an untouched tree.
# usage: tests/cli.sh BUILD_DIR
set -uo pipefail
. "$(dirname "$0")/lib.sh" cli "$1"
export PIIMAP_KEY_FILE="$T/key/hmac.key"
code() { # code WANT COMMAND...: exit status equals WANT
  local want=$1; shift
  "$@" >/dev/null 2>&1
  [ $? -eq "$want" ]
}

# --- help and usage -------------------------------------------------------
check "--version" bash -c "'$PIIMAP' --version | grep -qx 'piimap 0.1.0'"
check "--help lists commands" bash -c "'$PIIMAP' --help | grep -q 'scan' && '$PIIMAP' --help | grep -q 'report'"
for c in scan report scans detectors diff prune locate reveal; do
  check "$c --help" bash -c "'$PIIMAP' $c --help | grep -q 'usage: piimap $c'"
done
check "no command is a usage error" code 2 "$PIIMAP"
check "unknown command" code 2 "$PIIMAP" frobnicate
check "unknown option" code 2 "$PIIMAP" scan --bogus "$T"
check "scan without path" code 2 "$PIIMAP" scan
check "bad --threads" code 2 "$PIIMAP" scan --threads 0 "$T"
check "bad --threads text" code 2 "$PIIMAP" scan --threads lots "$T"
check "bad --scan" code 2 "$PIIMAP" report --scan x
check "detectors lists ids" bash -c "'$PIIMAP' detectors | grep -q '^credit_card ' && '$PIIMAP' detectors | grep -q '^email ' && '$PIIMAP' detectors | grep -q '^phone ' && '$PIIMAP' detectors | grep -q '^us_ssn ' && '$PIIMAP' detectors | grep -q '^iban '"

# --- fatal errors name the path --------------------------------------------
check "report on a missing inventory exits 3" code 3 "$PIIMAP" report --db "$T/none.db"
check "missing inventory named" bash -c "'$PIIMAP' report --db '$T/none.db' 2>&1 | grep -q '$T/none.db'"
check "unwritable inventory exits 3" code 3 "$PIIMAP" scan --quiet --db "$T/no/such/dir/x.db" "$T"
check "unwritable inventory named" bash -c "'$PIIMAP' scan --db '$T/no/such/dir/x.db' '$T' 2>&1 | grep -q 'no/such/dir/x.db'"
check "report of an unknown scan is a usage error (2)" bash -c "
  mkdir -p '$T/empty' && '$PIIMAP' scan --quiet --db '$T/e.db' '$T/empty' &&
  '$PIIMAP' report --db '$T/e.db' --scan 99 --json '$T/x.json'; [ \$? -eq 2 ]"

# --- a small tree with PII and trouble in it --------------------------------
S="$T/share"
mkdir -p "$S/hr" "$S/clean" "$S/odd"
printf 'name,email,card\nAnn,ann.lee@example.com,4111 1111 1111 1111\n' >"$S/hr/staff.csv"
printf 'nothing personal here 2024-01-05 10.0.0.1\n' >"$S/clean/readme.txt"
printf 'call (212) 555-0199\n' >"$S/odd/$(printf 'quote"back\\slash\nnewline \xff.txt')"
printf 'x\n' >"$S/odd/<img src=x onerror=alert(1)>.txt"
mkfifo "$S/odd/pipe"
ln -s .. "$S/odd/loop"
find "$S" >/dev/null # relatime: let find's own reads settle the directory atimes
find "$S" -printf '%p %s %T@ %A@ %m\n' | sort >"$T/before"
check "scan exits 0" timeout 120 "$PIIMAP" scan --quiet --db "$T/i.db" "$S"
find "$S" -printf '%p %s %T@ %A@ %m\n' | sort >"$T/after"
check "scanned tree untouched (size, mtime, atime, mode)" cmp -s "$T/before" "$T/after"
check "inventory is 0600" bash -c "[ \$(stat -c %a '$T/i.db') = 600 ]"
check "key is 0600" bash -c "[ \$(stat -c %a '$PIIMAP_KEY_FILE') = 600 ]"
check "key dir is 0700" bash -c "[ \$(stat -c %a '$T/key') = 700 ]"
check "report exits 0" "$PIIMAP" report --db "$T/i.db" --json "$T/map.json"
check "report is 0600" bash -c "[ \$(stat -c %a '$T/map.json') = 600 ]"
check "map is valid JSON with 2 files with PII" python3 -c "
import json,sys
m=json.load(open('$T/map.json'))
assert m['schema']=='piimap.datamap/1'
assert len(m['files'])==2, m['files']
t=m['totals']
assert t['email']['occurrences']==1 and t['credit_card']['occurrences']==1 and t['phone']['occurrences']==1, t
names=[f['path'] for f in m['files']]
assert any('onerror' in n for n in names)==False
assert any('newline' in n for n in names), names
odd=[f for f in m['files'] if 'newline' in f['path']][0]
assert odd.get('path_escaped') is True and '\\\\xff' in odd['path'], odd
assert all('path_escaped' not in f for f in m['files'] if f is not odd)
"
check "fifo recorded as skipped" bash -c "sqlite3 '$T/i.db' \"select reason from files where path like '%/pipe'\" | grep -qx fifo"
check "loop not followed" bash -c "sqlite3 '$T/i.db' \"select reason from files where path like '%/loop'\" | grep -q 'symlink'"
check "no raw card in inventory" bash -c "! grep -aq -e '4111 1111 1111 1111' -e 4111111111111111 '$T'/i.db*"
check "no raw email in inventory" bash -c "! grep -aq 'ann.lee@example.com' '$T'/i.db* '$T/map.json'"
check "no raw phone in inventory" bash -c "! grep -aq -e '555-0199' -e '2125550199' '$T'/i.db* '$T/map.json'"
check "masked samples kept" bash -c "grep -q '4111 \*\*\*\* \*\*\*\* 1111' '$T/map.json'"
check "scans lists the scan" bash -c "'$PIIMAP' scans --db '$T/i.db' | grep -q complete"
check "report to stdout" bash -c "'$PIIMAP' report --db '$T/i.db' | python3 -c 'import json,sys; json.load(sys.stdin)'"
check "--fail-on-findings exits 1" code 1 "$PIIMAP" scan --quiet --fail-on-findings --db "$T/f.db" "$S/hr"
check "--fail-on-findings clean exits 0" code 0 "$PIIMAP" scan --quiet --fail-on-findings --db "$T/f.db" "$S/clean"
check "exclude" bash -c "'$PIIMAP' scan --quiet --db '$T/x.db' --exclude hr --exclude '*/odd' '$S' &&
  '$PIIMAP' report --db '$T/x.db' | python3 -c 'import json,sys; m=json.load(sys.stdin); assert m[\"files\"]==[] and m[\"scan\"][\"files_excluded\"]==2, m[\"scan\"]'"
check "missing root is an error, scan goes on, exits 4" bash -c "
  '$PIIMAP' scan --quiet --db '$T/u.db' '$T/missing' '$S/hr' 2>'$T/err'; [ \$? -eq 4 ] &&
  grep -q '$T/missing' '$T/err' &&
  '$PIIMAP' report --db '$T/u.db' | python3 -c 'import json,sys; m=json.load(sys.stdin); assert len(m[\"files\"])==1 and len(m[\"errors\"])==1'"
check "progress summary on stderr" bash -c "'$PIIMAP' scan --db '$T/p.db' '$S/hr' 2>&1 | grep -q 'scan 1 complete'"
check "--quiet is quiet" bash -c "[ -z \"\$('$PIIMAP' scan --quiet --db '$T/q.db' '$S/hr' 2>&1)\" ]"

# --- user-defined detectors: many at once, and too many ----------------------
python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    f.write('detectors:\\n')
    for i in range(40):
        f.write(f\"  - id: tag{i}\\n    pattern: 'TAG{i:02d}-[0-9]{{4}}'\\n\")
with open(sys.argv[2], 'w') as f:
    f.write(' '.join(f'TAG{i:02d}-1234' for i in range(40)) + '\\n')
with open(sys.argv[3], 'w') as f:
    f.write('detectors:\\n')
    for i in range(80):
        f.write(f\"  - id: x{i}\\n    pattern: 'X{i}'\\n\")
" "$T/many.yaml" "$T/tags.txt" "$T/toomany.yaml"
check "40 user detectors firing in one file are all recorded" bash -c "'$PIIMAP' scan --quiet --db '$T/tags.db' --detectors '$T/many.yaml' '$T/tags.txt' &&
  '$PIIMAP' report --db '$T/tags.db' | python3 -c 'import json,sys; m=json.load(sys.stdin); assert len(m[\"files\"][0][\"findings\"])==40'"
printf "detectors:\n  - id: fast_tag\n    pattern: 'TAG00-[0-9]{4}'\n  - id: long_tag\n    pattern: 'TAG01-[0-9]+'\n" > "$T/engines.yaml"
check "detectors says which user detector runs on PCRE2 alone" bash -c "out=\$('$PIIMAP' detectors --detectors '$T/engines.yaml') &&
  echo \"\$out\" | grep -A1 '^long_tag ' | grep -q 'runs on PCRE2 alone: its pattern can match more bytes than max_length' &&
  ! echo \"\$out\" | grep -A1 '^fast_tag ' | grep -q 'PCRE2 alone'"
check "too many detectors is a usage error" bash -c "'$PIIMAP' scan --quiet --db '$T/tm.db' --detectors '$T/toomany.yaml' '$T/tags.txt' 2>&1 | grep -q 'at most 96'"
check "too many detectors exits 2" code 2 "$PIIMAP" scan --quiet --db "$T/tm.db" --detectors "$T/toomany.yaml" "$T/tags.txt"
check "unknown --only id exits 2" code 2 "$PIIMAP" scan --quiet --db "$T/tm.db" --only nosuch "$T/tags.txt"

# --- listings as JSON: scans --json, detectors --json ------------------------
check "scans --json" bash -c "'$PIIMAP' scans --db '$T/tags.db' --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d[\"schema\"] == \"piimap.scans/1\" and d[\"tool\"][\"name\"] == \"piimap\"
s, = d[\"scans\"]
assert s[\"id\"] == 1 and s[\"status\"] == \"complete\" and s[\"roots\"] == [\"$T/tags.txt\"]
assert s[\"files_seen\"] == 1 and s[\"errors\"] == 0 and len(s[\"key_id\"]) == 16
for k in (\"started_at\", \"finished_at\", \"tool_version\", \"files_scanned\", \"files_skipped\",
          \"files_excluded\", \"files_unchanged\", \"members_seen\", \"incremental_from\", \"bytes_scanned\"):
    assert k in s, k'"
check "scans with an argument exits 2" code 2 "$PIIMAP" scans --db "$T/tags.db" extra
check "detectors --json" bash -c "'$PIIMAP' detectors --json --detectors '$T/many.yaml' | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d[\"schema\"] == \"piimap.detectors/1\"
ids = [x[\"id\"] for x in d[\"detectors\"]]
assert ids[:5] == [\"credit_card\", \"us_ssn\", \"iban\", \"email\", \"phone\"] and \"tag39\" in ids
off = {x[\"id\"] for x in d[\"detectors\"] if not x[\"on_by_default\"]}
assert off == {\"ipv4\", \"ipv6\"}, off
assert {x[\"source\"] for x in d[\"detectors\"]} == {\"built-in\", \"$T/many.yaml\"}
assert all(x[\"description\"] for x in d[\"detectors\"] if x[\"source\"] == \"built-in\")'"
check "detectors text unchanged by --json's arrival" bash -c "'$PIIMAP' detectors | grep -q '^ipv4            (off) '"

# --- --region: a country's national phone formats without a label -------------
R="$T/region"
mkdir -p "$R"
printf 'Zentrale 030 12345678\nFiliale (09075) 793834\nref 2024-01-05 10.0.0.1\n' >"$R/de.txt"
phones() { # phones DB: phone occurrences in the newest scan's data map
  "$PIIMAP" report --db "$1" --json - | python3 -c '
import json, sys
print(json.load(sys.stdin)["totals"].get("phone", {}).get("occurrences", 0))'
}
export -f phones
export PIIMAP
check "--region XX is a usage error (2)" code 2 "$PIIMAP" scan --quiet --region XX --db "$T/r0.db" "$R"
check "--region DEU is a usage error (2)" code 2 "$PIIMAP" scan --quiet --region DEU --db "$T/r0.db" "$R"
check "--region XX names the option" bash -c "'$PIIMAP' scan --region XX --db '$T/r0.db' '$R' 2>&1 | grep -q -- '--region'"
check "without --region, unlabelled national numbers do not count" bash -c "
  '$PIIMAP' scan --quiet --db '$T/r1.db' '$R' && [ \$(phones '$T/r1.db') = 0 ]"
check "--region DE counts German national numbers" bash -c "
  '$PIIMAP' scan --quiet --region DE --db '$T/r2.db' '$R' && [ \$(phones '$T/r2.db') = 2 ]"
check "--region FR does not count German ones" bash -c "
  '$PIIMAP' scan --quiet --region fr --db '$T/r3.db' '$R' && [ \$(phones '$T/r3.db') = 0 ]"
check "--region is stored with the scan" bash -c "
  sqlite3 '$T/r2.db' 'select options from scans' | grep -q '\"region\":\"DE\"'"
check "scan --help names --region" bash -c "'$PIIMAP' scan --help | grep -q -- '--region CC'"
# A share of several countries: --region DE,FR reads both; a bare mobile
# number counts under its country's region only, never a landline's or an
# id's digits, and nothing bare without --region.
R2="$T/region2"
mkdir -p "$R2"
printf 'Zentrale 030 12345678\nParis 01 42 68 53 00\nAnna 015112345678 / Saar 06891718906\n' >"$R2/a.txt"
printf 'order 20240105100000 at 1700000000 v1.015112345678 [`0612345678`]\n' >"$R2/b.txt"
check "--region DE,FR counts both countries' numbers" bash -c "
  '$PIIMAP' scan --quiet --region DE,fr --db '$T/r4.db' '$R2' && [ \$(phones '$T/r4.db') = 3 ]"
check "--region DE alone leaves the French one" bash -c "
  '$PIIMAP' scan --quiet --region DE --db '$T/r5.db' '$R2' && [ \$(phones '$T/r5.db') = 2 ]"
check "without --region, none of them counts" bash -c "
  '$PIIMAP' scan --quiet --db '$T/r6.db' '$R2' && [ \$(phones '$T/r6.db') = 0 ]"
check "--region DE,,FR is a usage error (2)" code 2 "$PIIMAP" scan --quiet --region DE,,FR --db "$T/r0.db" "$R2"
check "--region DE,XX is a usage error (2)" code 2 "$PIIMAP" scan --quiet --region DE,XX --db "$T/r0.db" "$R2"
check "--region list is stored with the scan" bash -c "
  sqlite3 '$T/r4.db' 'select options from scans' | grep -q '\"region\":\"DE,fr\"'"

# --- a tree deeper than PATH_MAX ---------------------------------------------
python3 -c "
import os, sys
os.makedirs(sys.argv[1]); os.chdir(sys.argv[1])
for i in range(150):
    n = 'directory_level_%03d_with_a_long_name' % i
    os.mkdir(n); os.chdir(n)
open('deep.txt', 'w').write('deep.person@example.com\\n')" "$T/deep"
check "a file 5,500 bytes deep is scanned" bash -c "'$PIIMAP' scan --quiet --db '$T/deep.db' '$T/deep' &&
  '$PIIMAP' report --db '$T/deep.db' | python3 -c 'import json,sys; m=json.load(sys.stdin); assert len(m[\"files\"])==1 and len(m[\"files\"][0][\"path\"])>5000 and not m[\"errors\"], m[\"errors\"]'"
rm -rf "$T/deep"

# --- installation ---------------------------------------------------------
check "cmake --install puts binary, man page and schemas in place" bash -c "
  cmake --install '$(dirname "$PIIMAP")' --prefix '$T/inst' >/dev/null &&
  [ -x '$T/inst/bin/piimap' ] && [ -s '$T/inst/share/man/man1/piimap.1' ] &&
  [ -s '$T/inst/share/piimap/datamap.schema.json' ] && '$T/inst/bin/piimap' --version"
check "man page renders" bash -c "! command -v man >/dev/null || man -l '$T/inst/share/man/man1/piimap.1' | grep -q 'EXIT STATUS'"

# --- interruption: Ctrl-C ends a long scan cleanly and records it -------------
mkdir -p "$T/long" && printf 'ann@example.com\n' >"$T/long/a.txt" && truncate -s 16G "$T/long/huge.bin"
"$PIIMAP" scan --quiet --threads 1 --db "$T/int.db" "$T/long" 2>"$T/int.err" & pid=$!
sleep 1.5; kill -INT $pid; wait $pid; rc=$?
check "SIGINT exits 130" test "$rc" -eq 130
check "interrupted scan recorded" bash -c "'$PIIMAP' scans --db '$T/int.db' | grep -q interrupted"
check "interrupted file is partial" bash -c "'$PIIMAP' report --db '$T/int.db' | python3 -c '
import json,sys; m=json.load(sys.stdin)
assert m[\"scan\"][\"status\"]==\"interrupted\", m[\"scan\"]
assert any(\"interrupted\" in e[\"error\"] for e in m[\"errors\"]), m[\"errors\"]'"
rm -f "$T/long/huge.bin"

pm_done
