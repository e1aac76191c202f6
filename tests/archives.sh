#!/usr/bin/env bash
# archives.sh — archives, documents, databases and hostile containers, end to
# end: exact counts per file and member, recorded errors, the bomb stopped in
# flat memory, and nothing written outside the inventory.
# usage: tests/archives.sh BUILD_DIR
set -euo pipefail
. "$(dirname "$0")/lib.sh" archives "$1"
python3 "$HERE/make_archives.py" "$T/gen"
# Prime the key so that the traced scan creates nothing but the inventory.
"$PIIMAP" scan --quiet --db "$T/prime.db" "$T/gen/share/docs" >/dev/null
start=$(date +%s.%N)
if command -v strace >/dev/null; then
  strace -f -qq -e trace=openat,creat,mkdir,rename,unlink -o "$T/trace" \
    "$PIIMAP" scan --db "$T/i.db" "$T/gen/share" 2>"$T/err" || true
else
  "$PIIMAP" scan --db "$T/i.db" "$T/gen/share" 2>"$T/err" || true
fi
end=$(date +%s.%N)
cat "$T/err"
"$PIIMAP" report --db "$T/i.db" --json "$T/map.json"
python3 "$HERE/check_items.py" "$T/gen/truth.json" "$T/map.json" "$T/gen/share"
fails=0
peak=$(sed -n 's/.*peak memory \([0-9]*\) MB.*/\1/p' "$T/err")
secs=$(python3 -c "print(round($end - $start, 1))")
echo "archives: whole scan (with a 2 GiB bomb) in ${secs}s, peak ${peak} MB"
# 100 MB; sanitizer builds (shadow memory, quarantine) set PM_MAX_RSS_MB higher.
[ "$peak" -lt "${PM_MAX_RSS_MB:-100}" ] || { echo "FAIL: peak memory ${peak} MB"; fails=$((fails + 1)); }
python3 -c "import sys; sys.exit(0 if $end - $start < 60 else 1)" || { echo "FAIL: too slow"; fails=$((fails + 1)); }
if [ -f "$T/trace" ]; then
  # Every file opened for writing must be the inventory (or its journal, or
  # the private file a new inventory is made in before it is linked into place).
  bad=$(grep -E 'O_WRONLY|O_RDWR|O_CREAT|creat\(|mkdir\(|rename\(|unlink\(' "$T/trace" |
        grep -v -E "\"$T/(i\.db(-wal|-shm|-journal)?|\.i\.db\.new-[0-9]+(-wal|-shm|-journal)?)\"" | grep -v -E '"/dev/(null|tty)"' || true)
  if [ -n "$bad" ]; then echo "FAIL: wrote outside the inventory:"; echo "$bad" | head; fails=$((fails + 1)); fi
fi
echo "archives: $((3 - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
