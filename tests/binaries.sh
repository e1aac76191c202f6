#!/usr/bin/env bash
# binaries.sh — stricter rules for numbers in the strings of binaries.
#   The same values are planted in a binary blob (NUL bytes, length-prefixed
#   strings as protocol buffers and string tables write them) and in a text
#   file. In the text file every value counts. In the binary a bare number
#   that its validator accepts only with medium confidence (a DNI, an
#   unformatted card) counts only with a word near it that says what it is;
#   labelled numbers, numbers printed in groups and e-mail addresses count
#   as in text. So with names: a given name and surname alone in a run
#   (libphonenumber's geocoding strings: places named after people) count
#   only in text; after a label ("Name: ...") in both. reveal prints exactly what the scan counted.
# usage: tests/binaries.sh BUILD_DIR     (prints "N passed, M failed")
set -uo pipefail
. "$(dirname "$0")/lib.sh" binaries "$1"
export PIIMAP_CACHE_DIR=off

python3 - "$T/share" <<'PY'
import os, random, sys
share = sys.argv[1]
os.makedirs(share)
# bare: a DNI with its mod-23 letter and a Luhn-valid card, no word near;
# labelled and grouped: the same kinds with a label or in print form
bare = [b"50012345H", b"4556737586899855", b"Emily Johnson"]
told = [b"DNI 12345678Z", b"card 4929 1234 5678 9015", b"mail ana.ruiz@example.es",
        b"Name: Hans Weber"]
rnd = random.Random(5)
# string-table filler between values, so no value has another's word near
filler = b"\x00".join([b"GCC: (Debian 12.2.0-14) 12.2.0", b"_ZNSt6vectorIiSaIiEE9push_backEOi",
                       b"libstdc++.so.6", b"GLIBC_2.34"]) * 3
blob = bytearray(rnd.randbytes(512).replace(b"@", b"#"))
for s in told + bare:
    blob += b"\x00" + filler + b"\x00\x08" + bytes([len(s)]) + s + b"\x08\x12"
blob += b"\x00" + filler
open(os.path.join(share, "libdemo.so.1"), "wb").write(bytes(blob))
open(os.path.join(share, "notes.txt"), "wb").write(
    b"\n\n".join(v + b"\n\n" + filler.replace(b"\x00", b" ") for v in told + bare) + b"\n")
PY

"$PIIMAP" scan --quiet --db "$T/i.db" "$T/share" || no "scan"
"$PIIMAP" report --db "$T/i.db" --json "$T/map.json" 2>/dev/null || no "report"
python3 - "$T/map.json" <<'PY' && ok || no "data map: bare numbers and names count in text, not in a binary's strings"
import json, sys
m = json.load(open(sys.argv[1]))
got = {f["path"].rsplit("/", 1)[1]: {d: v["occurrences"] for d, v in f["findings"].items()}
       for f in m["files"]}
want = {"notes.txt": {"es_dni": 2, "credit_card": 2, "email": 1, "person_name": 2},
        "libdemo.so.1": {"es_dni": 1, "credit_card": 1, "email": 1, "person_name": 1}}
assert got == want, got
bin_mime = [f["mime"] for f in m["files"] if f["path"].endswith(".so.1")][0]
assert not bin_mime.startswith("text/"), bin_mime
PY
n=$("$PIIMAP" reveal --db "$T/i.db" --file "$T/share/libdemo.so.1" 2>/dev/null | grep -c '^  line ')
if [ "$n" = 4 ]; then ok; else no "reveal prints the binary's 4 counted values, not $n"; fi

pm_done
