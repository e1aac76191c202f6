#!/usr/bin/env bash
# sniff.sh — the types the scan records are libmagic's: every file of the
# fixtures, the test data, a generated share, the generated archives, PDFs
# and mail, and samples of /usr/share and /usr/include, typed both ways
# (signatures and the prefilter's small database, against plain libmagic
# with its whole database) by test_sniff --compare; any difference fails.
# usage: tests/sniff.sh BUILD_DIR
set -euo pipefail
BIN="$(cd "$1" && pwd)/tests/test_sniff"
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d /tmp/piimap-sniff.XXXXXX)
trap 'rm -rf "$T"' EXIT
python3 "$HERE/gen_share.py" "$T/share" --seed 3 --scale 0.5 --no-self-check >/dev/null
python3 "$HERE/make_archives.py" "$T/arch" >/dev/null
python3 "$HERE/make_pdfs.py" "$T/pdfs" >/dev/null
python3 "$HERE/make_mail.py" "$T/mail" >/dev/null
# Text at the edges of the small database's rules (plain text is typed
# without libmagic when none of them can print a type: magicplain.c).
python3 "$HERE/make_textedge.py" "$T/edge"
# A few inputs the prefilter must hand to the whole database.
mkdir -p "$T/odd"
printf '#!/bin/sh\necho hi\n' > "$T/odd/script"
printf '<!DOCTYPE html>\n<html></html>\n' > "$T/odd/page"
printf 'From a@example.com Mon Jan  1 00:00:00 2024\nSubject: x\n\nhi\n' > "$T/odd/mbox"
printf '0\nSECTION\n  2\nHEADER\n0\nENDSEC\n0\nEOF\n' > "$T/odd/dxf"
printf 'P12.3456.7890.1 naxos\n' > "$T/odd/naxos"
printf 'import java.util.List;\n' > "$T/odd/java"
# libmagic's tests on text read its text view: UTF-16 decoded, a UTF-8 mark
# cut off, Latin-1 written as UTF-8; the prefilter must not read the bytes.
printf '<?xml version="1.0"?>\n<a>hi</a>\n' | iconv -f utf-8 -t utf-16 > "$T/odd/xml16"
{ printf '\xfe\xff'; printf '<!DOCTYPE html>\n<html><body>hi</body></html>\n' | iconv -f utf-8 -t utf-16be; } > "$T/odd/html16be"
printf '\xef\xbb\xbf#!/bin/sh\necho hi\n' > "$T/odd/bomsh"
printf '<?xml version="1.0" encoding="latin1"?>\n<a>caf\xe9</a>\n' > "$T/odd/latin1xml"
printf 'a,b,c\n1,2,3\n4,5,6\n7,8,9\n' > "$T/odd/csv"
printf '{"a": 1}\n{"a": 2}\n' > "$T/odd/ndjson"
# Groups left out when their regexes cannot match (Tcl's, Dryad's), and
# SAM's twelve-field rows: here they can.
printf '# a tcl script\npackage require Tk 8.5\nputs hi\n' > "$T/odd/tcl"
printf '<DryadData xmlns="x">\n<dryad-bibo/v3.1>\n</DryadData>\n' > "$T/odd/dryad"
printf 'r001\t99\tref\t7\t30\t8M2I4M1D3M\t=\t37\t39\tTTAGATAAAGGATACTG\t*\tx\n' > "$T/odd/sam"
head -c 3000 /dev/urandom > "$T/odd/random"
: > "$T/odd/empty"
printf 'x' > "$T/odd/one"
roots=("$HERE/../fixtures" "$HERE/data" "$T/share" "$T/arch" "$T/pdfs" "$T/mail" "$T/odd" "$T/edge")
"$BIN" --compare "${roots[@]}"
# Samples of the system's own files: many kinds of text and binary.
[ -d /usr/include ] && "$BIN" --compare --every 6 /usr/include
[ -d /usr/share ] && "$BIN" --compare --every 23 /usr/share
echo "sniff: all types agree"
