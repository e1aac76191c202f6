#!/usr/bin/python3
"""names_table.py — turns the name lists of detect/data/names/ into the C
table the person_name detector reads (run by CMake at build time).

Usage: names_table.py DATA_DIR OUT.inc

Writes, for detect/person_name.c:
  - pm_nm_fold: for each letter U+00C0..U+017F, its lower-case form and its
    ASCII base ("é" -> "é", "e"; "ß" -> "ß", "ss"), so C folds exactly as here;
  - pm_nm_keys / pm_nm_flags / pm_nm_slots: an open-addressing hash table
    (FNV-1a as common/hashset.c's pm_hash_bytes, linear probing) of every
    lower-case name, with and without accents, and its kinds (given, surname,
    weak: a common English word, deny: a token that is no part of a name);
  - pm_nm_phrases: denied two-word phrases ("morgan stanley"), folded.
The one-pass engine finds given names by looking them up in the same table
(person_name.c's text_gate), so no Vectorscan literals are made here.
Reads only the data files; never anything scanned.
"""
import glob
import os
import sys
import unicodedata

SPECIAL = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th",
           "ł": "l", "ı": "i", "ĸ": "k", "ŀ": "l", "ŉ": "n", "ſ": "s", "ħ": "h", "ŧ": "t",
           "ŋ": "n", "ĳ": "ij", "×": "", "÷": ""}
GIVEN, SURNAME, WEAK, DENY = 1, 2, 4, 8


def base(ch):
    if ch in SPECIAL:
        return SPECIAL[ch]
    d = unicodedata.normalize("NFD", ch)[0]
    return d if d.isascii() else ""


def lower1(ch):
    lo = ch.lower()
    return lo if len(lo) == 1 and 0xC0 <= ord(lo) <= 0x17F or lo.isascii() else ch


def fold_lower(s):
    return "".join(lower1(c) if 0xC0 <= ord(c) <= 0x17F else c.lower() if c.isascii() else c
                   for c in s.replace("\u2019", "'"))


def strip(s):
    return "".join(base(c) if 0xC0 <= ord(c) <= 0x17F else c for c in s)


def fnv(b):
    h = 1469598103934665603
    for x in b:
        h ^= x
        h = (h * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h ^ (h >> 29)


def lines(path):
    for ln in open(path, encoding="utf-8"):
        ln = ln.strip()
        if ln and not ln.startswith("#"):
            yield ln


def cstr(s):
    out = []
    for b in s.encode("utf-8"):
        out.append(chr(b) if 0x20 <= b < 0x7F and chr(b) not in '"\\?' else "\\%03o" % b)
    return '"' + "".join(out) + '"'


def main():
    data, out = sys.argv[1], sys.argv[2]
    flags = {}

    def add(key, f):
        flags[key] = flags.get(key, 0) | f

    for kind, f in (("given", GIVEN), ("surnames", SURNAME)):
        for path in sorted(glob.glob(os.path.join(data, "*.%s.txt" % kind))):
            for n in lines(path):
                lo = fold_lower(n)
                for k in {lo, strip(lo)}:
                    add(k, f)
    for w in lines(os.path.join(data, "weak.txt")):
        add(fold_lower(w), WEAK)
        add(strip(fold_lower(w)), WEAK)
    phrases = set()
    for w in lines(os.path.join(data, "deny.txt")):
        k = strip(fold_lower(w))
        if " " in k:
            phrases.add(" ".join(k.split()))
        else:
            add(k, DENY)
            add(fold_lower(w), DENY)
    keys = sorted(flags)
    if len(keys) < 10000:
        sys.exit("names_table.py: only %d names in %s" % (len(keys), data))
    size = 1
    while size < 2 * len(keys):
        size *= 2
    slots = [0] * size
    for i, k in enumerate(keys):
        h = fnv(k.encode("utf-8")) & (size - 1)
        while slots[h]:
            h = (h + 1) & (size - 1)
        slots[h] = i + 1
    o = ["/* Generated from detect/data/names/ by detect/names_table.py: do not edit. */"]
    o.append("static const struct pm_nm_fold pm_nm_fold[0x180 - 0xC0] = {")
    for cp in range(0xC0, 0x180):
        c = chr(cp)
        lo = lower1(c)
        o.append("    {0x%04x, %s}," % (ord(lo), cstr(base(lo))))
    o.append("};")
    o.append("static const char *const pm_nm_keys[%d] = {" % len(keys))
    o.extend("    %s," % cstr(k) for k in keys)
    o.append("};")
    o.append("static const unsigned char pm_nm_flags[%d] = {" % len(keys))
    for i in range(0, len(keys), 24):
        o.append("    " + ",".join(str(flags[k]) for k in keys[i:i + 24]) + ",")
    o.append("};")
    o.append("#define PM_NM_SLOTS %d" % size)
    o.append("static const unsigned short pm_nm_slots[PM_NM_SLOTS] = {")
    for i in range(0, size, 24):
        o.append("    " + ",".join(str(s) for s in slots[i:i + 24]) + ",")
    o.append("};")
    o.append("static const char *const pm_nm_phrases[] = {")
    o.extend("    %s," % cstr(p) for p in sorted(phrases))
    o.append("};")
    if len(keys) >= 65535:
        sys.exit("names_table.py: too many keys for 16-bit slots")
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write("\n".join(o) + "\n")
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
