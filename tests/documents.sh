#!/usr/bin/env bash
# documents.sh — PDFs and e-mail end to end: generated files with planted
# values (tests/make_pdfs.py, tests/make_mail.py), scanned by the real binary,
# compared exactly per file and detector with check_datamap.py; then RTF
# (tests/data/rtf and a letter written here): exactly the matches reveal prints.
# usage: tests/documents.sh BUILD_DIR
set -euo pipefail
. "$(dirname "$0")/lib.sh" documents "$1"
fails=0
for kind in pdfs mail; do
  gen="$HERE/make_${kind}.py"
  [ "$kind" = pdfs ] || gen="$HERE/make_mail.py"
  python3 "$gen" "$T/$kind" >/dev/null
  # make_*.py write {"rel/path": {...}}; check_datamap.py reads {"files": {...}}
  python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); t=t if "files" in t else {"files": t}; json.dump(t, open(sys.argv[2], "w"))' \
    "$T/$kind/truth.json" "$T/$kind.truth.json"
  rm "$T/$kind/truth.json"
  "$PIIMAP" scan --quiet --db "$T/$kind.db" "$T/$kind"
  "$PIIMAP" report --db "$T/$kind.db" --json "$T/$kind.json"
  dets=email,credit_card,phone
  [ "$kind" = pdfs ] && dets=$dets,us_ssn,iban
  if python3 "$HERE/check_datamap.py" --truth "$T/$kind.truth.json" --map "$T/$kind.json" \
       --root "$T/$kind" --exact --detectors "$dets"; then
    echo "documents: $kind exact"
  else
    fails=$((fails + 1))
  fi
done
# RTF (extract/ex_rtf.c): a letter written by hand and the LibreOffice files
# of tests/data/rtf. The address block, the names with \'hh and \uN letters
# and the table's bare values under BSN/SSN/Phone are found; the same digits
# under "amount", in picture data and in the font table are not.
mkdir -p "$T/rtf"
cp "$HERE/data/rtf/"*.rtf "$T/rtf/"
cat >"$T/rtf/hand.rtf" <<'EOF'
{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial 4155552671;}}{\info{\author Kees Jansen}}
\pard Herrn\par J\'fcrgen M\u252\'fcller\par Musterstr. 5\par 10115 Berlin\par\par
Telefon: {\*\shppict{\pict\pngblip 0412345678\par 4155552671}}030 1234567\par}
EOF
rtf_reveal() {
  "$PIIMAP" reveal --file "$T/rtf/$1" 2>/dev/null |
    sed -n 's/^  line \([0-9]*\), byte [0-9]*  \([a-z_]*\)  \([a-z]*\)  \(.*\)$/\1 \2 \3 \4/p' | sort
}
rtf_expect() {
  local got
  got=$(rtf_reveal "$1")
  if [ "$got" = "$2" ]; then
    echo "documents: rtf $1 exact"
  else
    echo "FAIL: rtf $1: got [$got] want [$2]"
    fails=$((fails + 1))
  fi
}
rtf_expect hand.rtf "1 person_name medium Kees Jansen
3 person_name medium Jürgen Müller
4 postal_address high Musterstr. 5\x0a10115 Berlin
7 phone high 030 1234567"
rtf_expect libreoffice-letter.rtf "1 person_name medium Jürgen Müller
2 postal_address high Musterstraße 5\x0a10115 Berlin
7 email high jurgen.muller@example.com
7 phone high +49 30 12345678"
rtf_expect libreoffice-staff.rtf "1 person_name medium Jan de Vries
2 person_name medium Maria Schmidt
6 nl_bsn medium 111222333
6 person_name high Jan de Vries
6 phone medium 4155552671
6 us_ssn medium 536228734
7 nl_bsn medium 123456782
7 person_name high Anna Müller
7 phone medium 06891718906
7 us_ssn medium 219099998"
echo "documents: $((5 - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
