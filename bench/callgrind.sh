#!/usr/bin/env bash
# callgrind.sh — piimap's cost in instructions (valgrind's callgrind), per
# small file and per byte of digit-dense text: figures that do not move
# with the machine's load, to compare builds while the machine is shared.
#
# usage: bench/callgrind.sh [--files N] NAME=BINARY...
#   --files N   files in the small-file tree (2000)
#
# For each build, single-threaded scans (`scan --threads 1`) under callgrind:
#   - an empty directory (start-up: the database, libmagic, the inventory);
#   - bench/gen_corpus.py's small tree (--mode small, N files of 1-8 KB:
#     logs, CSV, JSON lines, TSV): per file = (tree - empty) / N;
#   - 1,000 one-line files: the fixed cost of a file, (tiny - empty) / 1000;
#   - a 4 MB digit-dense log (--mode log) and its first MiB: per byte =
#     (4 MB - 1 MiB) / the bytes between, so that start-up and the lazy
#     set-ups (libphonenumber's metadata) cancel out.
# Every corpus is seeded, so the counts repeat to a fraction of a percent
# (threads waiting on each other add a little noise). The Vectorscan
# database cache is warmed first (under valgrind, whose CPU the cache key
# sees), so no run compiles it. It writes nothing
# but its temp dir; needs valgrind (apt-get install valgrind).
set -euo pipefail
FILES=2000
BUILDS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --files) FILES=$2; shift 2 ;;
    *=*) BUILDS+=("$1"); shift ;;
    *) echo "usage: $0 [--files N] NAME=BINARY..." >&2; exit 2 ;;
  esac
done
[ ${#BUILDS[@]} -gt 0 ] || { echo "usage: $0 [--files N] NAME=BINARY..." >&2; exit 2; }
command -v valgrind >/dev/null || { echo "$0: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d /tmp/piimap-callgrind.XXXXXX)
trap 'rm -rf "$W"' EXIT
export PIIMAP_CACHE_DIR="$W/cache"
mkdir -p "$W/empty" "$W/tiny" "$PIIMAP_CACHE_DIR"
python3 "$HERE/gen_corpus.py" --mode small --files "$FILES" --quiet "$W/small"
python3 "$HERE/gen_corpus.py" --mode log --size 4M --quiet "$W/log4m.log"
head -c 1048576 "$W/log4m.log" > "$W/log1m.log"
for i in $(seq 1 1000); do echo "hello world line $i" > "$W/tiny/f$i.txt"; done
head -c 32 /dev/urandom > "$W/key"; chmod 600 "$W/key"

# count BINARY TARGET: the instructions of one scan
count() {
  rm -f "$W/inv.db"*
  valgrind --tool=callgrind --dump-instr=no --callgrind-out-file="$W/cg.out" \
    "$1" scan --quiet --threads 1 --db "$W/inv.db" --key "$W/key" "$2" >/dev/null 2>"$W/vg.err" || true
  awk '/^summary:/ {print $2}' "$W/cg.out"
}

L4=$(stat -c %s "$W/log4m.log"); L1=$(stat -c %s "$W/log1m.log")
printf '%-12s %14s %16s %14s %14s\n' build start-up "per small file" "per tiny file" "per log byte"
for b in "${BUILDS[@]}"; do
  name=${b%%=*}; bin=${b#*=}
  rm -f "$W/inv.db"*
  # Under valgrind too: the cached database is keyed by the CPU's features,
  # and valgrind's emulated CPU shows fewer.
  valgrind --tool=none "$bin" scan --quiet --threads 1 --db "$W/inv.db" --key "$W/key" \
    "$W/empty" >/dev/null 2>&1 || true
  e=$(count "$bin" "$W/empty"); s=$(count "$bin" "$W/small"); t=$(count "$bin" "$W/tiny")
  a=$(count "$bin" "$W/log1m.log"); z=$(count "$bin" "$W/log4m.log")
  awk -v n="$name" -v e="$e" -v s="$s" -v t="$t" -v a="$a" -v z="$z" -v f="$FILES" \
      -v l1="$L1" -v l4="$L4" 'BEGIN {
    printf "%-12s %14.0f %16.0f %14.0f %14.2f\n", n, e, (s - e) / f, (t - e) / 1000, (z - a) / (l4 - l1) }'
done
