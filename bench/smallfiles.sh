#!/usr/bin/env bash
# smallfiles.sh — files per second on a tree of small text files (1-8 KB):
# piimap builds side by side, and ripgrep on the same tree, from a warm cache.
#
# usage: bench/smallfiles.sh [--files N] [--runs R] [--threads T] [--tree DIR] NAME=BINARY...
#   --files N    files in the generated tree (20000)
#   --runs R     runs of each tool, alternating; medians are printed (5)
#   --threads T  threads for every tool (2)
#   --tree DIR   where the tree is (made there if missing; default a temp dir)
#
# The tree is seeded (the same every time): prose, log, CSV and JSON lines,
# with a personal-looking value in about one line of fifty. Every tool gets
# the same threads; rg runs `rg -j T -c --no-ignore --hidden` with patterns
# for e-mail, card-like and phone-like numbers. It writes nothing but its
# inventories, in a temp dir.
set -euo pipefail
FILES=20000 RUNS=5 THREADS=2 TREE=""
BUILDS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --files) FILES=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --tree) TREE=$2; shift 2 ;;
    *=*) BUILDS+=("$1"); shift ;;
    *) echo "usage: $0 [--files N] [--runs R] [--threads T] [--tree DIR] NAME=BINARY..." >&2; exit 2 ;;
  esac
done
[ ${#BUILDS[@]} -gt 0 ] || { echo "usage: $0 [options] NAME=BINARY..." >&2; exit 2; }
W=$(mktemp -d /tmp/piimap-small.XXXXXX)
trap 'rm -rf "$W"' EXIT
[ -n "$TREE" ] || TREE="$W/tree"
if [ ! -d "$TREE" ]; then
  python3 - "$TREE" "$FILES" <<'PY'
import os, random, sys
out, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
words = ("the of and to in is was for on that with as by at from this be are or an order "
         "invoice customer account status report meeting team project update shipment "
         "payment review request ticket server error warning info debug").split()
def line(kind):
    if kind == 0:
        return " ".join(rnd.choice(words) for _ in range(rnd.randint(6, 16))).capitalize() + "."
    if kind == 1:
        return "2024-%02d-%02dT%02d:%02d:%02dZ INFO req=%08x user=%d took %dms" % (
            rnd.randint(1, 12), rnd.randint(1, 28), rnd.randint(0, 23), rnd.randint(0, 59),
            rnd.randint(0, 59), rnd.getrandbits(32), rnd.randint(1000, 99999), rnd.randint(1, 900))
    if kind == 2:
        return "%d,%s,%s,%d.%02d" % (rnd.randint(1, 10**6), rnd.choice(words), rnd.choice(words),
                                      rnd.randint(0, 9999), rnd.randint(0, 99))
    return '{"id": %d, "name": "%s", "amount": %d}' % (rnd.randint(1, 10**6), rnd.choice(words),
                                                      rnd.randint(0, 10**5))
pii = ["contact: jane.doe%d@example.com", "card 4111 1111 1111 1111", "call (212) 555-01%02d",
       "SSN 123-45-67%02d"]
for i in range(n):
    d = os.path.join(out, "d%03d" % (i // 200))
    os.makedirs(d, exist_ok=True)
    size, kind = rnd.randint(1024, 8192), rnd.randrange(4)
    parts, total = [], 0
    while total < size:
        s = line(kind)
        if rnd.random() < 0.02:
            p = rnd.choice(pii)
            s += " " + (p % rnd.randint(0, 99) if "%" in p else p)
        parts.append(s)
        total += len(s) + 1
    with open(os.path.join(d, "f%05d.%s" % (i, ["txt", "log", "csv", "json"][kind])), "w") as f:
        f.write(("\n".join(parts) + "\n")[:size])
PY
fi
nfiles=$(find "$TREE" -type f | wc -l)
cat $(find "$TREE" -type f) >/dev/null # warm the cache
head -c 32 /dev/zero >"$W/key"; chmod 600 "$W/key"
RG_PAT=(-e '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}' -e '\b(?:\d[ -]?){13,19}\b'
        -e '\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}')
secs() { # secs OUTFILE CMD...: wall seconds of one run
  local out=$1; shift
  local t0 t1
  t0=$(date +%s.%N); "$@" >"$out" 2>&1 || true; t1=$(date +%s.%N)
  python3 -c "print($t1 - $t0)"
}
declare -A T
for r in $(seq "$RUNS"); do
  for b in "${BUILDS[@]}"; do
    name=${b%%=*} bin=${b#*=}
    rm -f "$W"/db*
    T[$name]+="$(secs "$W/out" "$bin" scan --quiet --threads "$THREADS" --db "$W/db" --key "$W/key" "$TREE") "
  done
  if command -v rg >/dev/null; then
    T[rg]+="$(secs "$W/out" rg -j "$THREADS" -c --no-ignore --hidden "${RG_PAT[@]}" "$TREE") "
  fi
done
echo "small files: $nfiles files of 1-8 KB in $TREE, $THREADS threads, medians of $RUNS runs (alternating)"
python3 - "$nfiles" "${BUILDS[@]%%=*}" <<PY
import statistics, sys
n = int(sys.argv[1]); names = sys.argv[2:]
times = {$(for k in "${!T[@]}"; do printf "'%s': [%s], " "$k" "$(echo ${T[$k]} | tr ' ' ',')"; done)}
rg = statistics.median(times["rg"]) if "rg" in times else None
for name in names + (["rg"] if rg else []):
    m = statistics.median(times[name])
    ratio = "" if name == "rg" or not rg else "   %.1fx rg's time" % (m / rg)
    print("  %-10s %7.2f s  %8.0f files/s%s" % (name, m, n / m, ratio))
PY
