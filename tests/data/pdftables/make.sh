#!/usr/bin/env bash
# make.sh — regenerates the table PDFs of this folder from table.html:
# libreoffice.pdf (LibreOffice Writer, `libreoffice-writer-nogui`) and
# chromium.pdf (Chromium's print to PDF); and from ids.html ids-libreoffice.pdf
# and ids-chromium.pdf. Not run by the tests, which read
# the committed PDFs (CI has no LibreOffice); run it by hand after changing
# table.html and check tests/pdftables.sh still passes.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d /tmp/pdftables.XXXXXX)
trap 'rm -rf "$T"' EXIT
for src in table:"" ids:ids-; do
  name=${src%%:*} pre=${src#*:}
  cp "$HERE/$name.html" "$T/"
  ( cd "$T" && HOME="$T" timeout 180 libreoffice --headless --convert-to pdf:writer_pdf_Export "$name.html" >/dev/null 2>&1 )
  mv "$T/$name.pdf" "$HERE/${pre}libreoffice.pdf"
  timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --user-data-dir="$T/profile" --no-pdf-header-footer --print-to-pdf="$HERE/${pre}chromium.pdf" \
    "file://$T/$name.html" >/dev/null 2>&1
done
ls -l "$HERE"/*.pdf
