#!/usr/bin/env bash
# documents.sh — PDFs and e-mail end to end: generated files with planted
# values (tests/make_pdfs.py, tests/make_mail.py), scanned by the real binary,
# compared exactly per file and detector with check_datamap.py.
# usage: tests/documents.sh BUILD_DIR
set -euo pipefail
PIIMAP="$(cd "$1" && pwd)/piimap"
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d /tmp/piimap-docs.XXXXXX)
trap 'rm -rf "$T"' EXIT
export PIIMAP_KEY_FILE="$T/k.key"
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
echo "documents: $((2 - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
