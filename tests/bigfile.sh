#!/usr/bin/env bash
# bigfile.sh — a 2 GiB file is scanned in flat memory, and values planted on
# the read-buffer edges are each counted once.
# usage: tests/bigfile.sh BUILD_DIR [SIZE_MIB]
set -euo pipefail
. "$(dirname "$0")/lib.sh" bigfile "$1"
SIZE_MIB=${2:-2048}
F="$T/huge.log"
# A text head (so the file reads as text), then a sparse body with values
# written across 256 KiB boundaries and at the very end.
printf 'export of customer records\n' >"$F"
truncate -s "${SIZE_MIB}M" "$F"
planted=0
step=$((SIZE_MIB * 1024 * 1024 / 40))
for i in $(seq 1 39); do
  off=$(( (i * step / 262144) * 262144 - 7 - (i % 5) ))
  printf ' ann%d@example.com 4111 1111 1111 1111 (415) 555-%04d ' "$i" "$i" |
    dd of="$F" bs=1 seek="$off" conv=notrunc status=none
  planted=$((planted + 1))
done
size=$(stat -c %s "$F")
printf ' last@example.com' | dd of="$F" bs=1 seek=$((size - 17)) conv=notrunc status=none
out=$("$PIIMAP" scan --db "$T/i.db" "$F" 2>&1)
echo "$out"
"$PIIMAP" report --db "$T/i.db" --json "$T/m.json"
python3 - "$T/m.json" "$planted" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); n = int(sys.argv[2])
t = m["totals"]
assert t["email"]["occurrences"] == n + 1, t
assert t["email"]["distinct"] == n + 1, t
assert t["credit_card"]["occurrences"] == n and t["credit_card"]["distinct"] == 1, t
assert t["phone"]["occurrences"] == n, t
print("bigfile: counts exact:", t)
PY
peak=$(echo "$out" | sed -n 's/.*peak memory \([0-9]*\) MB.*/\1/p')
echo "bigfile: peak RSS ${peak} MB for ${SIZE_MIB} MiB"
# 100 MB; sanitizer builds (shadow memory, quarantine) set PM_MAX_RSS_MB higher.
[ -n "$peak" ] && [ "$peak" -lt "${PM_MAX_RSS_MB:-100}" ]
echo "bigfile: 1 passed, 0 failed"
