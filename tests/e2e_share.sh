#!/usr/bin/env bash
# e2e_share.sh — end-to-end accuracy, contract and privacy test of piimap.
#
# usage: tests/e2e_share.sh BUILD_DIR
#
# 1. Generates a realistic share with planted PII (tests/gen_share.py, seed 7,
#    scale 1), scans it, writes the JSON data map and checks it against the
#    planted truth: precision and recall >= 0.97 per detector, the data map
#    contract, and that no planted raw value appears in the map or inventory.
# 2. Scans the bundled sample share (fixtures/sample-share) and requires the
#    exact expected counts per file and detector
#    (fixtures/sample-share.expected.json).
# 3. Checks that the inventory, the JSON map (even one that existed before with
#    a wider mode) and the key file are mode 0600, and that the scanned trees
#    were not modified.
#
# Environment: PYTHON (default /usr/bin/python3), E2E_KEEP=1 keeps the temp dir.
# Prints one line per check and a final line "N passed, M failed"; exits
# non-zero if any check failed.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
BUILD=$(cd "$1" && pwd)
PIIMAP="$BUILD/piimap"
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
[ -x "$PYTHON" ] || PYTHON=python3
if [ ! -x "$PIIMAP" ]; then
    echo "e2e_share: $PIIMAP not found or not executable" >&2
    exit 2
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/piimap-e2e.XXXXXX")
cleanup() {
    if [ "${E2E_KEEP:-0}" = 1 ]; then
        echo "e2e_share: kept $TMP"
    else
        rm -rf "$TMP"
    fi
}
trap cleanup EXIT

passed=0
failed=0
# check NAME CMD...: runs CMD (output to $TMP/NAME.log, shown on failure).
check() {
    local name=$1
    shift
    local log="$TMP/$name.log"
    if "$@" >"$log" 2>&1; then
        passed=$((passed + 1))
        echo "PASS $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name"
        sed 's/^/    /' "$log"
    fi
}
# check_show NAME CMD...: like check, but always shows the output.
check_show() {
    local name=$1
    shift
    local log="$TMP/$name.log"
    if "$@" >"$log" 2>&1; then
        passed=$((passed + 1))
        sed 's/^/    /' "$log"
        echo "PASS $name"
    else
        failed=$((failed + 1))
        sed 's/^/    /' "$log"
        echo "FAIL $name"
    fi
}
mode_is_600() {
    local f
    for f in "$@"; do
        local m
        m=$(stat -c %a "$f") || return 1
        if [ "$m" != 600 ]; then
            echo "$f: mode $m, expected 600"
            return 1
        fi
        echo "$f: mode 600"
    done
}
tree_state() {
    (cd "$1" && find . -printf '%p %y %s %T@ %m\n' | LC_ALL=C sort)
}
same_tree() {
    local before=$1 root=$2
    tree_state "$root" >"$before.after"
    diff "$before" "$before.after"
}

KEY="$TMP/hmac.key"

# ---- 1. generated share -------------------------------------------------------
GEN="$TMP/gen"
check gen_share "$PYTHON" "$SRC/tests/gen_share.py" "$GEN" --seed 7 --scale 1
if [ -d "$GEN/share" ]; then
    tree_state "$GEN/share" >"$TMP/gen.tree"
    check gen_scan "$PIIMAP" scan --quiet --db "$TMP/gen.db" --key "$KEY" "$GEN/share"
    check gen_report "$PIIMAP" report --db "$TMP/gen.db" --json "$TMP/gen.json"
    if [ -f "$TMP/gen.json" ]; then
        check_show gen_datamap "$PYTHON" "$SRC/tests/check_datamap.py" \
            --truth "$GEN/truth.json" --map "$TMP/gen.json" --root "$GEN/share" \
            --detectors email,credit_card,phone,date_of_birth \
            --min-precision 0.97 --min-recall 0.97 \
            --raw-values "$GEN/raw.txt" --inventory "$TMP/gen.db"
    else
        failed=$((failed + 1))
        echo "FAIL gen_datamap (no data map)"
    fi
    check gen_modes mode_is_600 "$TMP/gen.json" "$KEY" "$TMP"/gen.db*
    check gen_tree_unchanged same_tree "$TMP/gen.tree" "$GEN/share"
fi

# ---- 2. bundled sample share --------------------------------------------------
SAMPLE="$SRC/fixtures/sample-share"
# The checked-in fixture is what make_sample_share.py makes (and gives the raw
# values for the leak check).
sample_regen() {
    mkdir -p "$TMP/regen" &&
        "$PYTHON" "$SRC/fixtures/make_sample_share.py" "$TMP/regen" --raw "$TMP/regen/raw.txt" &&
        diff -r "$SAMPLE" "$TMP/regen/sample-share" &&
        diff "$SRC/fixtures/sample-share.expected.json" "$TMP/regen/sample-share.expected.json"
}
check sample_fixture_current sample_regen
tree_state "$SAMPLE" >"$TMP/sample.tree"
check sample_scan "$PIIMAP" scan --quiet --db "$TMP/sample.db" --key "$KEY" "$SAMPLE"
# A report file that already exists with a wider mode must end up 0600.
: >"$TMP/sample.json"
chmod 0644 "$TMP/sample.json"
check sample_report "$PIIMAP" report --db "$TMP/sample.db" --json "$TMP/sample.json"
check_show sample_exact "$PYTHON" "$SRC/tests/check_datamap.py" \
    --truth "$SRC/fixtures/sample-share.expected.json" --map "$TMP/sample.json" \
    --root "$SAMPLE" --exact --min-precision 1 --min-recall 1 \
    --raw-values "$TMP/regen/raw.txt" --inventory "$TMP/sample.db"
check sample_modes mode_is_600 "$TMP/sample.json" "$TMP"/sample.db*
check sample_tree_unchanged same_tree "$TMP/sample.tree" "$SAMPLE"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
