#!/usr/bin/env bash
# bench.sh — piimap scan throughput against ripgrep on the same files.
#
# Both tools run side by side in one session, alternating, over a warm page
# cache. The script prints the median wall time, MB/s and the piimap/rg
# ratio. rg is given patterns for the same three kinds of value (e-mail,
# 13-19 digit card candidates, formatted phones): it only matches and does
# no validation, no typing, no inventory. So it is a floor, not a peer.
#
# usage: bench/bench.sh [BUILD_DIR] [SCALE] [RUNS]
set -euo pipefail
BUILD=${1:-build}
SCALE=${2:-8}
RUNS=${3:-5}
HERE=$(cd "$(dirname "$0")/.." && pwd)
PIIMAP="$(cd "$BUILD" && pwd)/piimap"
command -v rg >/dev/null || { echo "bench: ripgrep not installed (apt-get install ripgrep)"; exit 2; }
T=$(mktemp -d /tmp/piimap-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
export PIIMAP_KEY_FILE="$T/k.key"

echo "bench: generating share (scale $SCALE) ..."
python3 "$HERE/tests/gen_share.py" "$T/gen" --seed 11 --scale "$SCALE" >/dev/null
SHARE="$T/gen/share"
# One large text file as well: single-file (single-thread) throughput.
python3 - "$T/one.log" <<'PY'
import random, sys
random.seed(3)
words = "the quick brown fox jumps over lazy dog invoice order customer account status".split()
with open(sys.argv[1], "w") as f:
    for i in range(1_500_000):
        r = random.random()
        if r < 0.01:
            f.write(f"2024-01-05T10:00:00Z INFO user u{i}@example.com login from 10.0.{i % 255}.1\n")
        elif r < 0.015:
            f.write(f"order {i} card 4111 1111 1111 1111 amount $12.{i % 100:02d}\n")
        else:
            f.write(" ".join(random.choice(words) for _ in range(10)) + f" {random.randint(0, 10**9)} v1.{i % 9}\n")
PY

bytes_share=$(du -sb "$SHARE" | cut -f1)
bytes_one=$(stat -c %s "$T/one.log")
files_share=$(find "$SHARE" -type f | wc -l)
RG_ARGS=(-c --no-messages -e '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'
         -e '\b[0-9](?:[ -]?[0-9]){12,18}\b' -e '\(?[2-9][0-9]{2}\)?[ .-][0-9]{3}[ .-][0-9]{4}'
         -e '\+[1-9][0-9 .-]{7,18}')

# time_runs LABEL CMD... -> prints the median seconds
time_runs() {
  python3 - "$RUNS" "$@" <<'PY'
import statistics, subprocess, sys, time
runs = int(sys.argv[1]); cmd = sys.argv[2:]
subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm-up
ts = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ts.append(time.perf_counter() - t)
print(f"{statistics.median(ts):.3f}")
PY
}

report() { # report NAME BYTES PIIMAP_S RG_S
  python3 - "$@" <<'PY'
import sys
name, b, p, r = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
mb = b / 1e6
print(f"{name:<34} {mb:9.1f} MB   piimap {p:7.3f}s {mb/p:8.1f} MB/s   rg {r:7.3f}s {mb/r:8.1f} MB/s   piimap/rg {p/r:5.2f}x")
PY
}

echo "bench: $files_share files, $((bytes_share / 1000000)) MB share; $((bytes_one / 1000000)) MB single file; median of $RUNS runs; $(nproc) cores"
p=$(time_runs "$PIIMAP" scan --quiet --full --db "$T/a.db" "$SHARE")
r=$(time_runs rg "${RG_ARGS[@]}" "$SHARE")
report "share, all threads" "$bytes_share" "$p" "$r"
p=$(time_runs "$PIIMAP" scan --quiet --full --threads 1 --db "$T/b.db" "$SHARE")
r=$(time_runs rg -j1 "${RG_ARGS[@]}" "$SHARE")
report "share, one thread" "$bytes_share" "$p" "$r"
p=$(time_runs "$PIIMAP" scan --quiet --full --db "$T/c.db" "$T/one.log")
r=$(time_runs rg "${RG_ARGS[@]}" "$T/one.log")
report "single large file" "$bytes_one" "$p" "$r"

# Incremental: a full scan against an unchanged rescan of the same tree
# (median of RUNS each, side by side), with the totals compared.
full=$(time_runs "$PIIMAP" scan --quiet --full --db "$T/inc.db" "$SHARE")
"$PIIMAP" scan --quiet --full --db "$T/inc2.db" "$SHARE"
inc=$(time_runs "$PIIMAP" scan --quiet --db "$T/inc2.db" "$SHARE")
"$PIIMAP" report --db "$T/inc2.db" --scan 1 --json "$T/first.json"
"$PIIMAP" report --db "$T/inc2.db" --json "$T/last.json"
python3 - "$full" "$inc" "$T/first.json" "$T/last.json" <<'PY'
import json, sys
full, inc = float(sys.argv[1]), float(sys.argv[2])
a, b = json.load(open(sys.argv[3])), json.load(open(sys.argv[4]))
same = a["totals"] == b["totals"]
print(f"{'unchanged rescan (incremental)':<34} full scan {full:7.3f}s   rescan {inc:7.3f}s   "
      f"{full / inc:5.1f}x faster   totals identical: {same}   "
      f"files carried forward: {b['scan']['files_unchanged']}/{b['scan']['files_seen']}")
PY
