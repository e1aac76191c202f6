#!/usr/bin/env python3
"""gen_corpus.py — seeded benchmark corpora: digit-dense logs, shares, small-file trees.

usage: gen_corpus.py OUT [--mode log|text|mixed|small] [--size 100M] [--seed N]
                         [--kind log|csv|json|tsv|mix] [--files N] [--every 20K]
                         [--manifest FILE] [--quiet]

Modes:
  log    (default) OUT is one file of --size bytes of --kind lines; with
         --files N, OUT is a directory of N such files making --size together.
  text   OUT is a directory of log, CSV, JSON-lines and TSV files of 1-50 MB
         (smaller when --size is small) making --size bytes.
  mixed  a share of --size bytes: about 80 % such text files, the rest Office
         documents (docx, xlsx, written with zipfile), PDFs (Flate text
         streams), zip and tar.gz archives of text files (some zips nested)
         and binary blobs.
  small  a tree of --files small text files of 1-8 KB (default 100,000), 100
         to a directory.

Every text line holds what real logs and exports are full of: ISO timestamps
and epoch milliseconds, UUIDs, hex span ids, invoice and order numbers,
amounts, latencies, IPv4 addresses. One personal value (an e-mail address, a
Luhn-valid card, a formatted phone number, a mod-97-valid IBAN or a US SSN,
each valid under piimap's rules) is planted roughly every --every bytes of
text, in every kind of file. The noise is built so that no other value in it
passes piimap's default detectors: hex ids and UUID groups always hold a
letter, and no bare digit run has a card's issuer prefix and length.

The planted counts per detector id (and files and bytes per file type) are
printed and written as JSON to --manifest (default OUT.manifest.json, beside
OUT, never inside it), so a benchmark can check that a scan found them all.

Fast and reproducible: lines are joined from pools of precomputed pieces and
written in large blocks (well over 50 MB/s), and the bytes depend only on the
arguments (Debian's python3, standard library only).
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import random
import sys
import tarfile
import time
import zipfile
import zlib

SUFFIX = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
MB = 1 << 20
POOL = 8192           # pieces per pool: 8192^3 distinct line bodies
BLOCK = 4 * MB        # text generated and written per step
ZDATE = (2024, 1, 5, 9, 0, 0)


def parse_size(s):
    s = s.strip().upper().rstrip("B").rstrip("I")
    unit = s[-1] if s and s[-1] in SUFFIX else ""
    return int(float(s[:-1] if unit else s) * SUFFIX[unit])


# ---------------------------------------------------------------- personal values

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


def digits(r, n):
    return "".join(r.choice("0123456789") for _ in range(n))


def card(r):
    prefix, n = r.choice((("4", 16), ("51", 16), ("55", 16), ("37", 15), ("6011", 16)))
    d = luhn_complete(prefix + digits(r, n - len(prefix) - 1))
    if r.random() < 0.5:
        return d
    if n == 15:
        return f"{d[:4]} {d[4:10]} {d[10:]}"
    return r.choice(" -").join(d[i:i + 4] for i in range(0, n, 4))


def mod97_check(country, bban):
    """The two check digits of an IBAN (ISO 13616: letters count 10-35)."""
    n = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(n) % 97:02d}"


def iban(r):
    # German IBANs electronic only: in print format (groups of four) their
    # 18 digits may hold a Luhn-valid card number, which piimap reports as a
    # card. Dutch ones, with letters in the bank code, both ways.
    if r.random() < 0.5:
        bban = digits(r, 18)
        return f"DE{mod97_check('DE', bban)}{bban}"
    bban = r.choice(("ABNA", "INGB", "RABO", "TRIO")) + digits(r, 10)
    v = f"NL{mod97_check('NL', bban)}{bban}"
    return " ".join(v[i:i + 4] for i in range(0, len(v), 4)) if r.random() < 0.5 else v


def ssn(r):
    area = r.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"


EXCHANGES = tuple(x for x in range(201, 1000) if x % 100 != 11)  # N11 are service codes
AREAS = (212, 213, 303, 305, 312, 404, 415, 503, 512, 617, 646, 702, 713, 801, 919)


def phone(r):
    if r.random() < 0.5:
        return f"({r.choice(AREAS)}) {r.choice(EXCHANGES)}-{r.randint(0, 9999):04d}"
    return f"+44 20 {r.randint(7000, 8999)} {r.randint(0, 9999):04d}"


NAMES = ("anna", "ben", "chloe", "dmitri", "elena", "farid", "grace", "hugo", "ines", "jonas")


def email(r):
    return (f"{r.choice(NAMES)}.{r.choice(NAMES)}{r.randint(1, 999)}@"
            f"{r.choice(('example.com', 'corp.example.org', 'mail.example.de'))}")


# detector id -> (label written before the value, value maker)
PERSONAL = (("email", "contact", email), ("credit_card", "card", card),
            ("phone", "phone", phone), ("iban", "iban", iban), ("us_ssn", "ssn", ssn))
DETECTORS = tuple(p[0] for p in PERSONAL)


# ---------------------------------------------------------------- text lines

LEVELS = ("INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR")
SERVICES = ("billing", "orders", "auth", "search", "payments", "ledger", "gateway")
EVENTS = ("request completed", "cache miss", "retrying upstream", "settled batch",
          "invoice issued", "token refreshed", "queue drained", "row updated")
EXT = {"log": "log", "csv": "csv", "json": "jsonl", "tsv": "tsv"}


class Noise:
    """Pools of machine noise, drawn once from the seed."""

    def __init__(self, r):
        self.r = r
        n = POOL
        self.ts, self.epoch = [], []
        t = 1_704_067_200_000  # 2024-01-01T00:00:00Z in ms
        for _ in range(n):
            t += r.randint(1, 400_000)
            s, ms = divmod(t, 1000)
            d, rem = divmod(s - 1_704_067_200, 86400)
            hh, rem = divmod(rem, 3600)
            mm, ss = divmod(rem, 60)
            mon, day = divmod(d % 336, 28)
            self.ts.append(f"2024-{mon + 1:02d}-{day + 1:02d}T{hh:02d}:{mm:02d}:{ss:02d}.{ms:03d}Z")
            self.epoch.append(str(t))
        self.uuid = [self._uuid() for _ in range(n)]
        self.hex64 = [self._hex(64) for _ in range(n)]
        self.hex96 = [self._hex(96) for _ in range(n)]
        self.inv = [f"INV-{r.randint(2019, 2024)}-{r.randint(0, 99999999):08d}" for _ in range(n)]
        self.order = [str(r.randint(10**9, 10**10 - 1)) for _ in range(n)]
        self.amount = [f"{r.randint(1, 99999)}.{r.randint(0, 99):02d}" for _ in range(n)]
        self.ip = [f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}" for _ in range(n)]

    def _hex(self, bits):
        while True:  # an all-decimal id could be a card number: keep a letter in it
            h = f"{self.r.getrandbits(bits):0{bits // 4}x}"
            if any(c in "abcdef" for c in h):
                return h

    def _uuid(self):
        while True:
            h = f"{self.r.getrandbits(128):032x}"
            u = f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"
            if all(any(c in "abcdef" for c in g) for g in u.split("-")[:3]) and \
                    any(c in "abcdef" for c in h[20:]):
                return u


class Lines:
    """Lines of one kind as four pieces: three bodies from pools and a tail
    that carries a personal value when one is due."""

    def __init__(self, noise, r):
        self.r = r
        self.pools = {k: self._pools(noise, k) for k in EXT}

    def _pools(self, z, kind):
        r, n = self.r, POOL
        p = lambda pool: pool[r.randrange(n)]  # noqa: E731
        if kind == "log":
            a = [f"{p(z.ts)} {r.choice(LEVELS)} [{p(z.uuid)}] " for _ in range(n)]
            b = [f"svc={r.choice(SERVICES)} host=web-{r.randint(1, 64):02d} span={p(z.hex64)} "
                 f"{r.choice(EVENTS)} " for _ in range(n)]
            c = [f"invoice={p(z.inv)} order={p(z.order)} amount={p(z.amount)} "
                 f"latency_ms={r.randint(1, 5000)} client={p(z.ip)} ts={p(z.epoch)}" for _ in range(n)]
            tail = ["\n"]
        elif kind in ("csv", "tsv"):
            s = "," if kind == "csv" else "\t"
            a = [f"{p(z.ts)}{s}{p(z.epoch)}{s}{p(z.uuid)}{s}" for _ in range(n)]
            b = [f"{p(z.hex96)}{s}{p(z.inv)}{s}{p(z.order)}{s}" for _ in range(n)]
            c = [f"{p(z.amount)}{s}{r.choice(('EUR', 'USD', 'GBP'))}{s}{r.randint(1, 5000)}{s}{p(z.ip)}"
                 for _ in range(n)]
            tail = [f',"{e}"\n' if kind == "csv" else f"\t{e}\n" for e in EVENTS]
        else:
            a = [f'{{"ts":"{p(z.ts)}","epoch_ms":{p(z.epoch)},"level":"{r.choice(LEVELS)}",'
                 f'"request_id":"{p(z.uuid)}",' for _ in range(n)]
            b = [f'"span":"{p(z.hex64)}","svc":"{r.choice(SERVICES)}","invoice":"{p(z.inv)}",'
                 for _ in range(n)]
            c = [f'"order":{p(z.order)},"amount":{p(z.amount)},"latency_ms":{r.randint(1, 5000)},'
                 f'"client":"{p(z.ip)}"' for _ in range(n)]
            tail = ["}\n"]
        avg = sum(len(x) for x in a[:256] + b[:256] + c[:256]) / 256 + len(tail[0])
        return a, b, c, tail, avg

    @staticmethod
    def header(kind):
        if kind == "csv":
            return "ts,epoch_ms,request_id,trace,invoice,order,amount,currency,latency_ms,client,note\n"
        if kind == "tsv":
            return "ts\tepoch_ms\trequest_id\ttrace\tinvoice\torder\tamount\tcurrency\tlatency_ms\tclient\tnote\n"
        return ""

    @staticmethod
    def pii_tail(kind, label, value):
        if kind == "log":
            return f" {label}={value}\n"
        if kind == "csv":
            return f',"{label} {value}"\n'
        if kind == "tsv":
            return f"\t{label} {value}\n"
        return f',"{label}":"{value}"}}\n'


class Gen:
    """All randomness of one corpus, in one seeded stream, and the tally."""

    def __init__(self, seed, every):
        self.r = random.Random(seed)
        self.lines = Lines(Noise(self.r), self.r)
        self.every = every
        self.since = 0  # text bytes since the last personal value
        self.planted = {d: 0 for d in DETECTORS}
        self.files = {}
        self.text_bytes = 0

    def count_file(self, kind, nbytes):
        f = self.files.setdefault(kind, {"files": 0, "bytes": 0})
        f["files"] += 1
        f["bytes"] += nbytes

    def text(self, kind, nbytes):
        """About nbytes of whole lines of one kind (no header)."""
        r = self.r
        a, b, c, tails, avg = self.lines.pools[kind]
        n = max(1, int(nbytes / avg + 0.5))
        parts = [None] * (4 * n)
        parts[0::4] = r.choices(a, k=n)
        parts[1::4] = r.choices(b, k=n)
        parts[2::4] = r.choices(c, k=n)
        parts[3::4] = r.choices(tails, k=n) if len(tails) > 1 else tails * n
        # personal values: one every `every` bytes, carried across calls
        step = max(1, int(self.every / avg))
        first = max(0, int((self.every - self.since) / avg))
        for i in range(first, n, step):
            det, label, make = PERSONAL[r.randrange(len(PERSONAL))]
            parts[4 * i + 3] = self.lines.pii_tail(kind, label, make(r))
            self.planted[det] += 1
        last = first + ((n - 1 - first) // step) * step if first < n else None
        self.since = int((n - 1 - last) * avg) if last is not None else self.since + int(n * avg)
        s = "".join(parts)
        self.text_bytes += len(s)
        return s

    def write_text(self, path, kind, size):
        with open(path, "w", encoding="ascii", newline="\n") as out:
            out.write(self.lines.header(kind))
            done = 0
            while done < size:
                s = self.text(kind, min(BLOCK, size - done))
                out.write(s)
                done += len(s)
        self.count_file(kind, os.path.getsize(path))


# ---------------------------------------------------------------- containers

def esc_xml(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def zip_put(z, name, data, level=1):
    info = zipfile.ZipInfo(name, date_time=ZDATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=level)


CT_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
           '<Default Extension="xml" ContentType="application/xml"/>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="{}"/></Relationships>')
OXML = "application/vnd.openxmlformats-officedocument"


def write_docx(g, path, size):
    body = "".join(f"<w:p><w:r><w:t>{esc_xml(line)}</w:t></w:r></w:p>"
                   for line in g.text("log", size).splitlines())
    with zipfile.ZipFile(path, "w") as z:
        zip_put(z, "[Content_Types].xml", CT_HEAD + '<Override PartName="/word/document.xml" '
                f'ContentType="{OXML}.wordprocessingml.document.main+xml"/></Types>')
        zip_put(z, "_rels/.rels", RELS.format("word/document.xml"))
        zip_put(z, "word/document.xml",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w='
                '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                + body + "</w:body></w:document>")
    g.count_file("docx", os.path.getsize(path))


def write_xlsx(g, path, size):
    rows = []
    for i, line in enumerate(g.text("csv", size).splitlines()):
        cells = "".join(f'<c t="inlineStr"><is><t>{esc_xml(v.strip(chr(34)))}</t></is></c>'
                        for v in line.split(","))
        rows.append(f'<row r="{i + 1}">{cells}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    with zipfile.ZipFile(path, "w") as z:
        zip_put(z, "[Content_Types].xml", CT_HEAD +
                f'<Override PartName="/xl/workbook.xml" ContentType="{OXML}.spreadsheetml.sheet.main+xml"/>'
                f'<Override PartName="/xl/worksheets/sheet1.xml" '
                f'ContentType="{OXML}.spreadsheetml.worksheet+xml"/></Types>')
        zip_put(z, "_rels/.rels", RELS.format("xl/workbook.xml"))
        zip_put(z, "xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook {ns} {rel}>'
                '<sheets><sheet name="export" sheetId="1" r:id="rId1"/></sheets></workbook>')
        zip_put(z, "xl/_rels/workbook.xml.rels",
                RELS.format("worksheets/sheet1.xml").replace("relationships/officeDocument",
                                                             "relationships/worksheet"))
        zip_put(z, "xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<worksheet {ns}><sheetData>{"".join(rows)}</sheetData></worksheet>')
    g.count_file("xlsx", os.path.getsize(path))


def write_pdf(g, path, size):
    lines = g.text("log", size).splitlines()
    per_page = 80
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
            3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids = []
    for i, page in enumerate(pages):
        pid, cid = 4 + 2 * i, 5 + 2 * i
        kids.append(f"{pid} 0 R")
        text = "".join("(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*\n"
                       for ln in page)
        stream = zlib.compress(f"BT /F1 6 Tf 8 TL 20 820 Td\n{text}ET\n".encode("latin-1"), 1)
        objs[pid] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                     f"/Resources << /Font << /F1 3 0 R >> >> /Contents {cid} 0 R >>").encode()
        objs[cid] = (f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode()
                     + stream + b"\nendstream")
    objs[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num in range(1, max(objs) + 1):
        offsets.append(out.tell())
        out.write(f"{num} 0 obj\n".encode() + objs[num] + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{o:010d} 00000 n \n" for o in offsets).encode())
    out.write(f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    with open(path, "wb") as f:
        f.write(out.getvalue())
    g.count_file("pdf", os.path.getsize(path))


def members(g, size, nmin=2, nmax=6):
    """A few text files for an archive: (name, bytes)."""
    n = g.r.randint(nmin, nmax)
    out = []
    for i in range(n):
        kind = g.r.choice(tuple(EXT))
        data = (g.lines.header(kind) + g.text(kind, size // n)).encode("ascii")
        out.append((f"export/{kind}-{i:02d}.{EXT[kind]}", data))
    return out


def write_zip(g, path, size, nest):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members(g, size):
            zip_put(z, name, data)
        if nest:  # an archive inside the archive, as mail exports and backups hold
            inner = io.BytesIO()
            with zipfile.ZipFile(inner, "w") as zi:
                for name, data in members(g, size // 4, 1, 2):
                    zip_put(zi, name, data)
            zip_put(z, "export/inner.zip", inner.getvalue(), 0)
    g.count_file("zip", os.path.getsize(path))


def write_tgz(g, path, size):
    with open(path, "wb") as f:
        # GzipFile with mtime=0 and no name: the same bytes on every run
        with gzip.GzipFile(fileobj=f, mode="wb", compresslevel=1, mtime=0, filename="") as gz:
            with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
                for name, data in members(g, size):
                    ti = tarfile.TarInfo(name)
                    ti.size, ti.mtime, ti.mode = len(data), 1_704_445_200, 0o644
                    tar.addfile(ti, io.BytesIO(data))
    g.count_file("tar.gz", os.path.getsize(path))


def write_blob(g, path, size):
    with open(path, "wb") as f:
        left = size
        while left > 0:
            n = min(BLOCK, left)
            f.write(g.r.randbytes(n))
            left -= n
    g.count_file("blob", size)


# ---------------------------------------------------------------- layouts

def text_share(g, root, size):
    """Text files of 1-50 MB (scaled down for small sizes) until size bytes."""
    hi = max(64 << 10, min(50 * MB, size // 12))
    lo = max(16 << 10, min(1 * MB, hi // 8))
    kinds = ("log", "log", "csv", "json", "tsv")
    done, i = 0, 0
    while done < size:
        kind = kinds[i % len(kinds)]
        n = min(g.r.randint(lo, hi), size - done)
        d = os.path.join(root, {"log": "logs", "csv": "exports", "tsv": "exports", "json": "events"}[kind])
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, f"{kind}-{i:04d}.{EXT[kind]}")
        g.write_text(path, kind, n)
        done += os.path.getsize(path)
        i += 1


# share of the mixed corpus's on-disk bytes, and each kind's range of
# (uncompressed) content per file
MIXED = (("docx", 0.025, (256 << 10, 4 * MB)), ("xlsx", 0.025, (256 << 10, 4 * MB)),
         ("pdf", 0.04, (256 << 10, 6 * MB)), ("zip", 0.035, (1 * MB, 12 * MB)),
         ("tar.gz", 0.035, (1 * MB, 12 * MB)), ("blob", 0.04, (256 << 10, 8 * MB)))


def mixed_share(g, root, size):
    rest = 0
    for kind, share, (lo, hi) in MIXED:
        budget = int(size * share)
        scale = min(1.0, budget / (4 * hi)) if budget else 0  # several files even when small
        lo2, hi2 = max(8 << 10, int(lo * scale)), max(16 << 10, int(hi * scale))
        d = os.path.join(root, {"docx": "docs", "xlsx": "docs", "pdf": "docs",
                                "zip": "archives", "tar.gz": "archives", "blob": "blobs"}[kind])
        os.makedirs(d, exist_ok=True)
        used, i = 0, 0
        while used < budget:
            n = g.r.randint(lo2, hi2)
            path = os.path.join(d, f"{kind.replace('.', '-')}-{i:04d}."
                                + {"blob": "bin"}.get(kind, kind))
            if kind == "docx":
                write_docx(g, path, n)
            elif kind == "xlsx":
                write_xlsx(g, path, n)
            elif kind == "pdf":
                write_pdf(g, path, n)
            elif kind == "zip":
                write_zip(g, path, n, i % 3 == 2)
            elif kind == "tar.gz":
                write_tgz(g, path, n)
            else:
                write_blob(g, path, min(n, budget - used))
            used += os.path.getsize(path)
            i += 1
        rest += used
    text_share(g, root, max(0, size - rest))


def small_tree(g, root, nfiles):
    kinds = ("log", "csv", "json", "tsv")
    for i in range(nfiles):
        d = os.path.join(root, f"d{i // 100:04d}")
        if i % 100 == 0:
            os.makedirs(d, exist_ok=True)
        kind = kinds[i % 4]
        want = g.r.randint(1024, 8192)
        s = g.lines.header(kind) + g.text(kind, want - len(g.lines.header(kind)))
        with open(os.path.join(d, f"f{i:06d}.{EXT[kind]}"), "w", encoding="ascii", newline="\n") as f:
            f.write(s)
        g.count_file(kind, len(s))


def generator_hash():
    """What made a corpus: a reused corpus from an older generator is stale."""
    with open(os.path.abspath(__file__), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 2)[2])
    ap.add_argument("out")
    ap.add_argument("--mode", choices=("log", "text", "mixed", "small"), default="log")
    ap.add_argument("--size", default="100M", help="total bytes: 100M, 1G, 20K, ...")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kind", choices=("log", "csv", "json", "tsv", "mix"), default="log",
                    help="log mode: the kind of lines")
    ap.add_argument("--files", type=int, default=None,
                    help="log mode: files to split --size into (1); small mode: files (100000)")
    ap.add_argument("--every", default="20K", help="bytes of text between personal values")
    ap.add_argument("--manifest", help="where the planted counts go (OUT.manifest.json)")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    size, every = parse_size(a.size), parse_size(a.every)
    g = Gen(a.seed, every)
    t0 = time.perf_counter()
    out = a.out.rstrip("/")
    if a.mode == "log":
        kinds = ("log", "csv", "json") if a.kind == "mix" else (a.kind,)
        files = a.files or 1
        if files == 1:
            g.write_text(out, kinds[0], size)
        else:
            os.makedirs(out, exist_ok=True)
            for i in range(files):
                kind = kinds[i % len(kinds)]
                g.write_text(os.path.join(out, f"part{i:03d}.{EXT[kind]}"), kind, size // files)
    else:
        os.makedirs(out, exist_ok=True)
        if a.mode == "text":
            text_share(g, out, size)
        elif a.mode == "mixed":
            mixed_share(g, out, size)
        else:
            small_tree(g, out, 100_000 if a.files is None else a.files)
    secs = time.perf_counter() - t0
    total = sum(f["bytes"] for f in g.files.values())
    man = {"mode": a.mode, "seed": a.seed, "size": a.size, "every": every,
           "files": sum(f["files"] for f in g.files.values()), "bytes": total,
           "text_bytes": g.text_bytes, "planted": g.planted, "by_type": g.files,
           "seconds": round(secs, 2), "generator": generator_hash()}
    with open(a.manifest or out + ".manifest.json", "w") as f:
        json.dump(man, f, indent=1, sort_keys=True)
    if not a.quiet:
        print(f"gen_corpus: {a.mode} {out}: {man['files']} files, {total / 1e6:.1f} MB "
              f"in {secs:.1f} s ({total / 1e6 / max(secs, 1e-9):.0f} MB/s); planted "
              + ", ".join(f"{k} {v}" for k, v in g.planted.items())
              + "; " + ", ".join(f"{k} {v['files']}" for k, v in sorted(g.files.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
