#!/usr/bin/env bash
# schedule.sh — piimap as a scheduled job: an unchanged rescan carries every
# file forward with identical totals; after adding a file with PII, deleting
# another and editing a third, the diff reports exactly those changes (text,
# JSON); --fail-on-new and --fail-on-findings give exit 1; prune keeps N.
# usage: tests/schedule.sh BUILD_DIR
set -uo pipefail
. "$(dirname "$0")/lib.sh" schedule "$1"
S="$T/share"
mkdir -p "$S/hr" "$S/it"
for i in $(seq 1 60); do printf 'row %d: user%d@example.com (415) 555-%04d\n' "$i" "$i" "$i" >"$S/hr/f$i.csv"; done
for i in $(seq 1 40); do printf 'log line %d, nothing personal, build v1.%d.0\n' "$i" "$i" >"$S/it/l$i.log"; done
python3 -c "
import zipfile, sys
with zipfile.ZipFile(sys.argv[1], 'w') as z: z.writestr('inner/staff.csv', 'ann@example.com 4111 1111 1111 1111\n')
" "$S/hr/backup.zip"
"$PIIMAP" scan --quiet --db "$T/i.db" "$S"
"$PIIMAP" scan --quiet --db "$T/i.db" "$S"
"$PIIMAP" report --db "$T/i.db" --scan 1 --json "$T/1.json"
"$PIIMAP" report --db "$T/i.db" --scan 2 --json "$T/2.json"
check "unchanged rescan carries every file forward" python3 -c "
import json; m=json.load(open('$T/2.json'))
assert m['scan']['files_unchanged'] == 101 and m['scan']['incremental_from'] == 1, m['scan']"
check "identical totals and files after the rescan" python3 -c "
import json; a=json.load(open('$T/1.json')); b=json.load(open('$T/2.json'))
assert a['totals'] == b['totals'], (a['totals'], b['totals'])
strip=lambda m: sorted((f['path'], f['members'], json.dumps(f['findings'], sort_keys=True)) for f in m['files'])
assert strip(a) == strip(b)"
check "--full reads everything" bash -c "'$PIIMAP' scan --quiet --full --db '$T/full.db' '$S' && '$PIIMAP' scan --quiet --full --db '$T/full.db' '$S' &&
  '$PIIMAP' report --db '$T/full.db' | python3 -c 'import json,sys; assert json.load(sys.stdin)[\"scan\"][\"files_unchanged\"] == 0'"

# Change the tree: one new file with PII, one deleted, one edited.
sleep 1
printf 'new: zoe@example.com\n' >"$S/hr/new.csv"
rm "$S/hr/f7.csv"
printf 'row 9: user9@example.com (415) 555-0009 and user99@example.com\n' >"$S/hr/f9.csv"
"$PIIMAP" scan --quiet --db "$T/i.db" "$S"
"$PIIMAP" diff --db "$T/i.db" --json "$T/d.json" >"$T/d.txt"
check "diff JSON reports exactly the three changes" python3 -c "
import json; d=json.load(open('$T/d.json')); root='$S/hr/'
assert d['schema'] == 'piimap.diff/1' and d['from']['id'] == 2 and d['to']['id'] == 3, d['from']
assert [(i['path'], i['reason']) for i in d['new']] == [(root+'new.csv', 'new file')], d['new']
assert [(i['path'], i['reason']) for i in d['gone']] == [(root+'f7.csv', 'deleted')], d['gone']
assert [i['path'] for i in d['changed']] == [root+'f9.csv'], d['changed']
assert d['changed'][0]['findings']['email'] == {'before': 1, 'after': 2}
assert d['distinct']['email'] == {'new': 2, 'gone': 1}, d['distinct']"
check "diff text shows the changes" bash -c "grep -q '+ .*new.csv' '$T/d.txt' && grep -q -- '- .*f7.csv.*deleted' '$T/d.txt' && grep -q '~ .*f9.csv.*email 1 -> 2' '$T/d.txt'"
check "--fail-on-new exits 1" bash -c "'$PIIMAP' diff --db '$T/i.db' --fail-on-new >/dev/null; [ \$? -eq 1 ]"
check "--fail-on-new with nothing new exits 0" bash -c "'$PIIMAP' diff --db '$T/i.db' --from 1 --to 2 --fail-on-new >/dev/null"
check "--fail-on-findings exits 1" bash -c "'$PIIMAP' scan --quiet --fail-on-findings --db '$T/i.db' '$S'; [ \$? -eq 1 ]"
check "diff with one scan is an error naming the db" bash -c "'$PIIMAP' scan --quiet --db '$T/one.db' '$S/it'; '$PIIMAP' diff --db '$T/one.db' 2>&1 | grep -q one.db"
check "prune keeps the newest 2" bash -c "'$PIIMAP' prune --db '$T/i.db' --keep 2 | grep -q 'deleted 2 scans' &&
  [ \$('$PIIMAP' scans --db '$T/i.db' | tail -n +2 | wc -l) -eq 2 ] &&
  [ \$(sqlite3 '$T/i.db' 'select count(*) from files where scan_id not in (select id from scans)') -eq 0 ] &&
  [ \$(sqlite3 '$T/i.db' 'select count(*) from hashes where scan_id not in (select id from scans)') -eq 0 ]"
check "prune without --keep is a usage error" bash -c "'$PIIMAP' prune --db '$T/i.db'; [ \$? -eq 2 ]"
pm_done
