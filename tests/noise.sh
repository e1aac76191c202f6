#!/usr/bin/env bash
# noise.sh — no noise from where no person is, on files shaped as the real
#   ones that gave it (tests/realtree.sh scans the machine's own; this test
#   needs no particular machine): a collation table of code points and
#   stroke-order codes (perl's Unicode::Collate, glibc's cns11643_stroke),
#   a catalogue of rows of numbers (PostgreSQL's postgres.bki), font metrics
#   (groff's .afm), a time-zone table (zone.tab), nm's output in a man page,
#   MAC prefixes (python-stdnum's oui.dat), constants in code, iso-codes'
#   JSON (no person_name beside customer records). Each file has
#   one person's values planted as people write them (a labelled card, a
#   phone, an SSN, an id); the data map must count exactly those, and the
#   555-1212, directory assistance, as a test value (555-01XX stays a phone).
# usage: tests/noise.sh BUILD_DIR     (fails with what the data map holds)
set -euo pipefail
PIIMAP="$(cd "$1" && pwd)/piimap"
PYTHON=${PYTHON:-/usr/bin/python3}
T=$(mktemp -d /tmp/piimap-noise.XXXXXX)
trap 'rm -rf "$T"' EXIT
export PIIMAP_KEY_FILE="$T/k.key" PIIMAP_CACHE_DIR=off

"$PYTHON" - "$T/share" <<'PY'
import os, random, sys
share = sys.argv[1]
os.makedirs(share)
rnd = random.Random(10)
def w(name, lines):
    with open(os.path.join(share, name), "w") as f:
        f.write("\n".join(lines) + "\n")

# Stroke.pm: rows of hexadecimal code points; one row's decimal cells pass
# Luhn and the Verhoeff check. Planted: a card and an Aadhaar with labels.
rows = ["542A 542B 542C 542D 542E 542F 5430 5431 5432 5433",
        "5414 5415 5416 5417 20BBF 20BC6 56DD 56DE 56DF 56E0",
        "208D5 3530 5323 5324 5325 3537 533B 5363 5364 5372"]
for _ in range(300):
    rows.append(" ".join("%04X" % rnd.randrange(0x4E00, 0x9FFF) for _ in range(10)))
rows[150:150] = ["# reimbursed to card 4556 7375 8689 9855 on 2024-03-01",
                 "# Aadhaar: 4918 2736 4507"]
w("Stroke.pm", rows)

# cns11643_stroke: a code point and its stroke-order code (digits 1-5).
lines = ["<U000279D2> <U000279D2>;IGNORE;IGNORE;IGNORE # 4111251125234",
         "<U00024A1B> <U00024A1B>;IGNORE;IGNORE;IGNORE # 112112211213211"]
for _ in range(400):
    code = "".join(rnd.choice("12345") for _ in range(rnd.randrange(8, 19)))
    lines.append("<U%08X> <U%08X>;IGNORE;IGNORE;IGNORE # %s" % ((rnd.randrange(0x20000, 0x2A6DF),) * 2 + (code,)))
lines.insert(200, "% maintainer: NIR 2 84 05 73 108 012 50")
w("cns11643_stroke", lines)

# postgres.bki: catalogue rows. Planted: a phone after its label.
w("postgres.bki", [
    "insert ( 4392 '+' 11 10 b f f 4537 4537 4537 4392 0 4270 - - )",
    "insert ( 639 '~' 11 10 b f f 19 25 16 0 640 79 1818 1824 )",
    "insert ( 604 polygon 11 10 -1 f b G f t ',' 0 - 0 1027 347 348 2486 2487 - - - d x f 0 -1 0 0 _null_ )",
    "insert ( 3168 array_replace 11 10 12 1 0 0 0 f f f f f i s 3 0 5078 '5078 5077 5077' _null_ )",
    "insert ( 2584 gist_box_same 11 10 12 1 0 0 0 f f f t f i s 3 0 2281 '603 603 2281' _null_ )",
    "# contact: phone 347 348 2486",
])
# symbolsl.afm: glyph boxes.
w("symbolsl.afm", [
    "C 40 ; WX 296 ; N parenleft ; B 89 -170 449 599 ;",
    "C 96 ; WX 445 ; N radicalex ; B 672 784 1224 816 ;",
    "Comment SIN 130 692 544",
])
# zone.tab: positions. Planted: an international number.
w("zone.tab", [
    "CA\t+4953-09709\tAmerica/Winnipeg\tCentral - ON (west), Manitoba",
    "CA\t+5333-11328\tAmerica/Edmonton\tMountain - AB, BC(E), NT(E), SK(W)",
    "# questions to +49 30 1234567",
])
# nm's output in a man page, a build tag, constants in code.
w("gprof.1", [
    "\\&        c\\-parse.o:00000000 T yyparse",
    "\\&        c\\-lang.o:00000000 T maybe_objc_method_name",
    "# \"9600.19846.amd64fre.winblue_ltsb_escrow.200923-1735\"",
    "DNI 12345678Z",
])
w("consts.c", [
    "      -4907260782000000000,",
    "  RaiseConstantExprExp(20181024134508,Expr.left);",
    "  x = 35236450.6 + ('+35236450.6');",
    "  /* example: --contact-phone=+1.8005550123, \"tel:+1-816-555-1212\" */",
    "  /* SSN 078-05-1120 is the wallet's; Ann's is SSN 536-22-8734 */",
])
# oui.dat: hexadecimal MAC prefixes.
w("oui.dat", ["0022BD-0022BE,002304-002305,002333-002334,00235D-00235E o=\"Cisco Systems, Inc\""])
# iso-codes' JSON: records whose members are codes and the thing's names
# (languages, currencies, places named like people). Beside it, customer
# records of the same shape with an e-mail member: two people.
import json
w("iso_639-3.json", json.dumps({"639-3": [
    {"alpha_3": "aad", "name": "Amal", "scope": "I", "type": "L"},
    {"alpha_3": "ari", "inverted_name": "Arikara", "name": "Arikara", "scope": "I", "type": "L"},
    {"alpha_3": "aae", "inverted_name": "Albanian, Arb\u00ebresh\u00eb", "name": "Arb\u00ebresh\u00eb Albanian"},
    {"alpha_2": "SL", "alpha_3": "SLE", "name": "Sierra Leone", "numeric": "694",
     "official_name": "Republic of Sierra Leone"},
    {"code": "AG-03", "name": "Saint George", "type": "Parish"},
    {"code": "AD-07", "name": "Andorra la Vella", "type": "Parish"},
    {"alpha_3": "ALL", "name": "Lek", "numeric": "008"}]}, indent=2).split("\n"))
w("customers.json", json.dumps({"customers": [
    {"id": 7, "name": "Jane Roe", "email": "x"},
    {"code": "C-8", "name": "Emma Wilson", "type": "L", "phone": "x"}]}, indent=2).split("\n"))
PY

"$PIIMAP" scan --quiet --threads 2 --db "$T/i.db" "$T/share"
"$PIIMAP" report --db "$T/i.db" --json "$T/map.json" 2>/dev/null
"$PYTHON" - "$T/map.json" <<'PY'
# the data map counts exactly the planted values
import json, sys
m = json.load(open(sys.argv[1]))
got = {}
for f in m["files"]:
    name = f["path"].rsplit("/", 1)[1]
    for d, v in f["findings"].items():
        if d == "person_name" and name.endswith(".json"):
            got.setdefault(name, {})[d] = (v["occurrences"], v.get("test_value", 0))
        if d in ("person_name", "postal_address", "email"):
            continue
        got.setdefault(name, {})[d] = (v["occurrences"], v.get("test_value", 0))
want = {"Stroke.pm": {"credit_card": (1, 0), "in_aadhaar": (1, 0)},
        "cns11643_stroke": {"fr_nir": (1, 0)},
        "postgres.bki": {"phone": (1, 0)},
        "symbolsl.afm": {"ca_sin": (1, 0)},
        "zone.tab": {"phone": (1, 0)},
        "gprof.1": {"es_dni": (1, 0)},
        "consts.c": {"phone": (2, 1), "us_ssn": (2, 1)},
        "customers.json": {"person_name": (2, 0)}}
assert got == want, got
print("noise: every planted value counted, nothing else")
PY
