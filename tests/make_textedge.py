#!/usr/bin/env python3
"""make_textedge.py — seeded text files at the edges of libmagic's small
database, for tests/sniff.sh: every pair of first bytes libmagic's
comparisons look at (printable and the control bytes text may hold), control
bytes at the offsets its rules read, UTF-8, and 512-byte text headers whose
tar checksum holds or is one digit off. Types are compared both ways; the
files assert nothing themselves.

usage: make_textedge.py OUT [--seed N] [--files N]
"""
import argparse
import os
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--files", type=int, default=900)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    printable = [chr(c) for c in range(32, 127)]
    control = ["\a", "\b", "\t", "\n", "\v", "\f", "\r", "\x1b"]
    tails = ["hello world line 1\n", "2024-01-03 12:00:00 INFO user 1234\nsecond line\n",
             "0000000000000000000000\n" * 3]
    made = []
    per = a.files // 4
    for _ in range(per):  # first two bytes
        made.append((rnd.choice(printable + control) + rnd.choice(printable + control) +
                     rnd.choice(tails)).encode())
    for _ in range(per):  # control bytes anywhere in the first KiB
        n = rnd.choice([2, 3, 5, 8, 12, 17, 20, 30, 60, 200, 600, 1100])
        made.append("".join(rnd.choice(printable + control * 3) for _ in range(n)).encode())
    for _ in range(per):  # UTF-8
        n = rnd.choice([3, 10, 40, 300])
        made.append("".join(rnd.choice(printable + ["é", "€", "中", "😀", "\n"])
                            for _ in range(n)).encode())
    for i in range(a.files - 3 * per):  # tar headers of text
        h = bytearray(ord(rnd.choice(printable)) for _ in range(512))
        h[148:156] = b" " * 8
        h[148:155] = ("%06o " % sum(h)).encode()
        if i % 2:
            h[148 + rnd.randrange(6)] = ord(rnd.choice("01234567"))
        made.append(bytes(h) + b"\nmore\n")
    for i, data in enumerate(made):
        with open(os.path.join(a.out, "t%04d" % i), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
