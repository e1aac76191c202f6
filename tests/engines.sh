#!/usr/bin/env bash
# engines.sh — the one-pass engine against the PCRE2 reference on generated
# text: a realistic share (tests/gen_share.py, seed 7, scale 1: logs, CSV,
# JSON, HTML, source, some UTF-16 and Latin-1, multi-megabyte files across
# window edges) and digit-dense logs, CSV and JSON lines
# (bench/gen_corpus.py). Every file is read raw by test_engines, which runs
# both engines over it and requires the same matches (detector, offset,
# length, confidence, value hash).
#
# usage: tests/engines.sh BUILD_DIR
set -euo pipefail
. "$(dirname "$0")/lib.sh" engines "$1"
"$PYTHON" "$SRC/tests/gen_share.py" "$T/gen" --seed 7 --scale 1 >/dev/null
"$PYTHON" "$SRC/bench/gen_corpus.py" "$T/logs" --size 3M --files 3 --kind mix --seed 5 --every 2K
exec "$BUILD/tests/test_engines" "$T/gen/share" "$T/logs"
