#!/usr/bin/env bash
# distributed.sh — one share scanned into SQLite by one process, and into
# PostgreSQL by 1, 2 and 4 processes with scan --distributed, each process
# one worker thread (so the rows compare processes, as hosts would be, not
# threads). Prints the wall time of each and the files per second.
#
# On one machine the processes share its cores and disk, so this measures
# the overhead of the queue and the leases, and how far the processes spread
# the work; on separate hosts each adds its own cores and network mount.
# Needs PIIMAP_TEST_PG (tests/pg_cluster.sh start DIR prints it).
# usage: bench/distributed.sh [BUILD_DIR] [SCALE] [DIRS]
set -euo pipefail
BUILD=${1:-build}
SCALE=${2:-1}
DIRS=${3:-200}
HERE=$(cd "$(dirname "$0")/.." && pwd)
PIIMAP="$(cd "$BUILD" && pwd)/piimap"
. "$HERE/tests/pg_lib.sh"
pg_require bench
T=$(mktemp -d /tmp/piimap-bdist.XXXXXX)
DB=piimap_bench_$$
trap 'admin -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1; rm -rf "$T"' EXIT
export PIIMAP_KEY_FILE="$T/k.key"

python3 "$HERE/tests/gen_share.py" "$T/gen" --seed 11 --scale "$SCALE" >/dev/null
S="$T/gen/share"
python3 - "$S/many" "$DIRS" <<'PY'
import os, sys
root, dirs = sys.argv[1], int(sys.argv[2])
for d in range(dirs):
    p = os.path.join(root, f"d{d:03}")
    os.makedirs(p)
    for i in range(40):
        with open(os.path.join(p, f"f{i:02}.txt"), "w") as f:
            f.write(f"contact u{d}x{i}@example.com or +1 415 555 {(d * 40 + i) % 10000:04d}\n" * 20)
PY
files=$(find "$S" -type f | wc -l)
echo "bench: $files files, $(du -sh "$S" | cut -f1)"

secs() { awk "BEGIN{printf \"%.2f\", $2 - $1}"; }
row() { # LABEL SECONDS
  printf '%-34s %7.2f s %9.0f files/s\n' "$1" "$2" "$(awk "BEGIN{print $files / $2}")"
}
t0=$(date +%s.%N)
"$PIIMAP" scan --quiet --threads 1 --db "$T/s.db" "$S"
row "SQLite, 1 process" "$(secs "$t0" "$(date +%s.%N)")"
for n in 1 2 4; do
  admin -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
  admin -c "CREATE DATABASE $DB"
  PG=$(uri "$DB")
  t0=$(date +%s.%N)
  pids=()
  for i in $(seq "$n"); do
    PIIMAP_HOST="h$i" "$PIIMAP" scan --distributed --quiet --threads 1 --db "$PG" "$S" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  row "PostgreSQL --distributed, $n proc" "$(secs "$t0" "$(date +%s.%N)")"
done
