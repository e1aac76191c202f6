#!/usr/bin/env bash
# bench.sh — piimap against ripgrep on generated corpora, with one command.
#
# Generates seeded corpora (bench/gen_corpus.py), warms the page cache and
# times piimap and ripgrep on the same files, alternating, several runs each;
# prints medians, MB/s, piimap / rg ratios, thread scaling, files/s, peak RSS,
# a time-per-GB table and the issue-9 targets, and writes them as JSON
# (bench/run.py does the work; `bench/bench.sh --help` lists the options).
#
# Needs Debian's ripgrep and time packages (apt-get install ripgrep time) and
# a piimap build. It never writes outside its temp dir, --corpora DIR and the
# --json file.
#
#   bench/bench.sh                         # 1 GB corpora, 2 threads, 5 runs
#   bench/bench.sh --size 100M --files 5000 --linear 20M,100M
#   bench/bench.sh --with-4g               # adds 4 GB to the linearity table
#   bench/bench.sh --smoke                 # a few MB, one run, counts checked (CI)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
exec /usr/bin/python3 "$HERE/run.py" "$@"
