#!/usr/bin/env python3
"""gen_corpus.py — digit-dense text corpora for benchmarks, seeded.

usage: gen_corpus.py OUT [--size 100M] [--seed N] [--kind log|csv|json|mix]
                         [--files N] [--every 20K]

Writes text that looks like what a real share is full of: application logs,
CSV exports and JSON lines whose every line holds timestamps (ISO and epoch
milliseconds), UUIDs, hex ids, invoice and order numbers, amounts, latencies
and IPv4 addresses, with one personal value (an e-mail address, a payment
card, a phone number, an IBAN or a US SSN, valid under piimap's rules)
roughly every `--every` bytes. Such text is the hard case for a PII scanner:
almost every line holds a long run of digits that could be a card or an id.

With --files 1 (the default) OUT is one file of --size bytes; with
--files N, OUT is a directory of N files that together make --size bytes
(--kind mix rotates log, csv and json among them). The output depends only
on the arguments (Python standard library only). It is for benchmarks, not
for tests: nothing checks what piimap finds in it.
"""
import argparse
import os
import random
import sys

SUFFIX = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def parse_size(s):
    s = s.strip().upper().rstrip("B").rstrip("I")
    unit = s[-1] if s and s[-1] in SUFFIX else ""
    return int(float(s[:-1] if unit else s) * SUFFIX[unit])


def luhn_complete(partial):
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return partial + str((10 - total % 10) % 10)


def card(r):
    prefix, n = r.choice((("4", 16), ("51", 16), ("55", 16), ("37", 15), ("6011", 16)))
    digits = luhn_complete(prefix + "".join(r.choice("0123456789") for _ in range(n - len(prefix) - 1)))
    if r.random() < 0.5:
        return digits
    if n == 15:
        return f"{digits[:4]} {digits[4:10]} {digits[10:]}"
    sep = r.choice(" -")
    return sep.join(digits[i:i + 4] for i in range(0, n, 4))


def iban(r):
    bban = "".join(r.choice("0123456789") for _ in range(18))
    num = int(bban + "131400")  # D=13 E=14, check digits 00
    check = 98 - num % 97
    v = f"DE{check:02d}{bban}"
    return " ".join(v[i:i + 4] for i in range(0, len(v), 4)) if r.random() < 0.5 else v


def ssn(r):
    area = r.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"


def phone(r):
    if r.random() < 0.5:
        return f"({r.randint(201, 989)}) {r.randint(201, 999)}-{r.randint(0, 9999):04d}"
    return f"+44 20 {r.randint(7000, 8999)} {r.randint(0, 9999):04d}"


NAMES = ("anna", "ben", "chloe", "dmitri", "elena", "farid", "grace", "hugo", "ines", "jonas")


def email(r):
    return f"{r.choice(NAMES)}.{r.choice(NAMES)}{r.randint(1, 999)}@{r.choice(('example.com', 'corp.example.org', 'mail.example.de'))}"


def personal(r):
    kind = r.choice(("email", "card", "phone", "iban", "ssn"))
    v = {"email": email, "card": card, "phone": phone, "iban": iban, "ssn": ssn}[kind](r)
    label = {"email": "contact", "card": "card", "phone": "phone", "iban": "iban", "ssn": "ssn"}[kind]
    return label, v


class Fields:
    """The machine noise of one line; a clock that moves forward."""

    def __init__(self, r):
        self.r = r
        self.t = 1_704_067_200_000  # 2024-01-01T00:00:00Z in ms

    def tick(self):
        self.t += self.r.randint(1, 400)
        s, ms = divmod(self.t, 1000)
        d, rem = divmod(s - 1_704_067_200, 86400)
        hh, rem = divmod(rem, 3600)
        mm, ss = divmod(rem, 60)
        mon, day = divmod(d % 336, 28)
        return f"2024-{mon + 1:02d}-{day + 1:02d}T{hh:02d}:{mm:02d}:{ss:02d}.{ms:03d}Z"

    def uuid(self):
        h = f"{self.r.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def hexid(self, bits=64):
        return f"{self.r.getrandbits(bits):0{bits // 4}x}"

    def invoice(self):
        return f"INV-{self.r.randint(2019, 2024)}-{self.r.randint(0, 99999999):08d}"

    def ip(self):
        r = self.r
        return f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


LEVELS = ("INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR")
SERVICES = ("billing", "orders", "auth", "search", "payments", "ledger", "gateway")
EVENTS = ("request completed", "cache miss", "retrying upstream", "settled batch",
          "invoice issued", "token refreshed", "queue drained", "row updated")


def log_line(f, pii):
    r = f.r
    extra = f" {pii[0]}={pii[1]}" if pii else ""
    return (f"{f.tick()} {r.choice(LEVELS)} [{f.uuid()}] svc={r.choice(SERVICES)} "
            f"host=web-{r.randint(1, 64):02d} span={f.hexid()} {r.choice(EVENTS)} "
            f"invoice={f.invoice()} order={r.randint(10**9, 10**10 - 1)} "
            f"amount={r.randint(1, 99999)}.{r.randint(0, 99):02d} latency_ms={r.randint(1, 5000)} "
            f"client={f.ip()} ts={f.t}{extra}\n")


def csv_header():
    return "ts,epoch_ms,request_id,trace,invoice,order,amount,currency,latency_ms,client,note\n"


def csv_line(f, pii):
    r = f.r
    note = f"{pii[0]} {pii[1]}" if pii else r.choice(EVENTS)
    return (f"{f.tick()},{f.t},{f.uuid()},{f.hexid(96)},{f.invoice()},"
            f"{r.randint(10**9, 10**10 - 1)},{r.randint(1, 99999)}.{r.randint(0, 99):02d},"
            f"{r.choice(('EUR', 'USD', 'GBP'))},{r.randint(1, 5000)},{f.ip()},\"{note}\"\n")


def json_line(f, pii):
    r = f.r
    extra = f',"{pii[0]}":"{pii[1]}"' if pii else ""
    return (f'{{"ts":"{f.tick()}","epoch_ms":{f.t},"level":"{r.choice(LEVELS)}",'
            f'"request_id":"{f.uuid()}","span":"{f.hexid()}","svc":"{r.choice(SERVICES)}",'
            f'"invoice":"{f.invoice()}","order":{r.randint(10**9, 10**10 - 1)},'
            f'"amount":{r.randint(1, 99999)}.{r.randint(0, 99):02d},"latency_ms":{r.randint(1, 5000)},'
            f'"client":"{f.ip()}"{extra}}}\n')


LINE = {"log": log_line, "csv": csv_line, "json": json_line}


def write_file(path, kind, size, every, seed):
    r = random.Random(seed)
    f = Fields(r)
    line = LINE[kind]
    written, since = 0, 0
    buf = []
    with open(path, "w", encoding="ascii", newline="\n") as out:
        if kind == "csv":
            buf.append(csv_header())
        while written < size:
            pii = None
            if since >= every:
                pii = personal(r)
                since = 0
            s = line(f, pii)
            buf.append(s)
            written += len(s)
            since += len(s)
            if len(buf) >= 4096:
                out.write("".join(buf))
                buf.clear()
        out.write("".join(buf))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--size", default="100M", help="total bytes: 100M, 1G, 20K, ...")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kind", choices=("log", "csv", "json", "mix"), default="log")
    ap.add_argument("--files", type=int, default=1)
    ap.add_argument("--every", default="20K", help="bytes between personal values")
    a = ap.parse_args()
    size, every = parse_size(a.size), parse_size(a.every)
    kinds = ("log", "csv", "json") if a.kind == "mix" else (a.kind,)
    if a.files <= 1:
        write_file(a.out, kinds[0], size, every, a.seed)
        return 0
    os.makedirs(a.out, exist_ok=True)
    ext = {"log": "log", "csv": "csv", "json": "jsonl"}
    for i in range(a.files):
        kind = kinds[i % len(kinds)]
        write_file(os.path.join(a.out, f"part{i:03d}.{ext[kind]}"), kind, size // a.files, every,
                   a.seed * 1000 + i)
    return 0


if __name__ == "__main__":
    sys.exit(main())
