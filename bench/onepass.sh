#!/usr/bin/env bash
# onepass.sh — piimap builds against ripgrep on digit-dense text, side by side.
#
# Generates a digit-dense log (bench/gen_corpus.py, seeded) and times each
# given piimap binary (`scan`, a fresh inventory each run) and ripgrep (`-c`
# with bench/rg.patterns: e-mail, card-like and phone-like values) on
# it and on an optional share directory, with 1 and 2 threads. Runs alternate
# between the tools (round robin, after one warm-up each), so a noisy machine
# slows all of them alike; it prints the median wall time, MB/s and the ratio
# to rg. With valgrind installed it also prints each binary's instruction
# count on a small log (--cg-size), a figure that noise does not move.
#
# usage: bench/onepass.sh [--size 200M] [--runs 5] [--share DIR] [--cg-size 2M]
#                         NAME=PIIMAP_BINARY...
#   e.g. bench/onepass.sh --share /srv/test-share before=/tmp/piimap.old after=build/piimap
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
SIZE=200M RUNS=5 SHARE="" CGSIZE=2M
BINS=()
while [ $# -gt 0 ]; do
    case "$1" in
    --size) SIZE=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --share) SHARE=$(cd "$2" && pwd); shift 2 ;;
    --cg-size) CGSIZE=$2; shift 2 ;;
    *=*) BINS+=("$1"); shift ;;
    *) echo "usage: $0 [--size 200M] [--runs 5] [--share DIR] [--cg-size 2M] NAME=BINARY..." >&2; exit 2 ;;
    esac
done
[ ${#BINS[@]} -gt 0 ] || { echo "onepass: give at least one NAME=PIIMAP_BINARY" >&2; exit 2; }
command -v rg >/dev/null || { echo "onepass: ripgrep not installed (apt-get install ripgrep)" >&2; exit 2; }
PYTHON=${PYTHON:-/usr/bin/python3}
T=$(mktemp -d /tmp/piimap-onepass.XXXXXX)
trap 'rm -rf "$T"' EXIT
export PIIMAP_KEY_FILE="$T/k.key"

echo "onepass: generating a $SIZE digit-dense log ..."
"$PYTHON" "$HERE/bench/gen_corpus.py" "$T/log" --size "$SIZE" --seed 3 --quiet
"$PYTHON" "$HERE/bench/gen_corpus.py" "$T/small.log" --size "$CGSIZE" --seed 3 --quiet

cp "$HERE/bench/rg.patterns" "$T/rg.patterns"
cat >"$T/rg.sh" <<'EOF'
#!/bin/sh
j=$1; shift
exec rg -j "$j" -c --no-ignore --hidden --no-messages \
    -f "$(dirname "$0")/rg.patterns" "$@"
EOF
chmod +x "$T/rg.sh"

# One round-robin table: label, path, threads; every piimap binary and rg.
"$PYTHON" - "$RUNS" "$T" "$SHARE" "${BINS[@]}" <<'PY'
import os, statistics, subprocess, sys, time
runs, tmp, share, bins = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
targets = [("digit-dense log", os.path.join(tmp, "log"))]
if share:
    targets.append(("share " + share, share))

def size_of(p):
    if os.path.isfile(p):
        return os.path.getsize(p)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(p) for f in fs
               if os.path.isfile(os.path.join(d, f)) and not os.path.islink(os.path.join(d, f)))

def timed(cmd, before=None):
    if before:
        before()
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t

def fresh_db():
    for s in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(os.path.join(tmp, "b.db" + s))
        except FileNotFoundError:
            pass

for label, path in targets:
    mb = size_of(path) / 1e6
    for threads in (1, 2):
        tools = [(name, [binary, "scan", "--quiet", "--threads", str(threads), "--db",
                         os.path.join(tmp, "b.db"), path], fresh_db)
                 for name, binary in (b.split("=", 1) for b in bins)]
        tools.append(("rg", [os.path.join(tmp, "rg.sh"), str(threads), path], None))
        for _, cmd, pre in tools:  # warm the page cache and the binaries
            timed(cmd, pre)
        times = {name: [] for name, _, _ in tools}
        for _ in range(runs):
            for name, cmd, pre in tools:
                times[name].append(timed(cmd, pre))
        rg = statistics.median(times["rg"])
        print(f"\n{label}: {mb:.1f} MB, {threads} thread(s), median of {runs}")
        for name, _, _ in tools:
            m = statistics.median(times[name])
            print(f"  {name:<10} {m:7.3f} s {mb / m:8.1f} MB/s   {m / rg:5.2f} x rg")
PY

if command -v valgrind >/dev/null; then
    echo
    echo "instructions (callgrind) to scan a $CGSIZE log, one thread:"
    for b in "${BINS[@]}"; do
        name=${b%%=*} bin=${b#*=}
        rm -f "$T"/c.db*
        n=$(valgrind --tool=callgrind --callgrind-out-file="$T/cg.out" "$bin" scan --quiet \
            --threads 1 --db "$T/c.db" "$T/small.log" 2>&1 | sed -n 's/.*refs: *//p')
        rm -f "$T"/c.db*
        e=$(valgrind --tool=callgrind --callgrind-out-file="$T/cg.out" "$bin" scan --quiet \
            --threads 1 --db "$T/c.db" /dev/null 2>&1 | sed -n 's/.*refs: *//p')
        echo "  $name: $n in all, $e of them to start on an empty file"
    done
fi
