#!/usr/bin/env python3
"""make_archives.py — archives, documents, databases and hostile containers
with planted values, made at test time, and the truth about them.

usage: make_archives.py OUTDIR

Writes OUTDIR/share/... and OUTDIR/truth.json:
  {"items": {"rel/path|member|inner": {"email": n, ...}, ...},
   "errors": {"rel/path|member": "text the error must contain", ...},
   "clean":  ["rel/path|member", ...]}      # items that must have no findings
Every key is the file's path relative to share/, then its member chain.
"""
import bz2
import gzip
import io
import json
import lzma
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import zipfile

OUT = sys.argv[1]
SHARE = os.path.join(OUT, "share")
items, errors, clean = {}, {}, []

# Contents with known counts. Values stand apart as in real data.
STAFF = (b"id,name,email,card,phone\n"
         b"1,Ann Lee,ann.lee@example.com,4111 1111 1111 1111,(415) 555-2671\n"
         b"2,Bob Roy,bob.roy@example.org,5555-5555-5555-4444,+44 20 7946 0958\n"
         b"3,Cy Fox,cy.fox@example.net,378282246310005,212-555-0199\n")
STAFF_N = {"email": 3, "credit_card": 3, "phone": 3, "person_name": 3}
NOTE = b"Call Dana at +49 30 901820 or mail dana@example.de. SSN 536-22-8734.\n"
NOTE_N = {"email": 1, "phone": 1, "us_ssn": 1}
NOISE = (b"build 2024-01-05T10:00:00Z v1.2.3 id 123e4567-e89b-12d3-a456-426614174000 "
         b"ip 10.0.0.1 total $1,234.56 icon@2x.png 1700000000123\n") * 50


def put(rel, data):
    p = os.path.join(SHARE, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data)
    return p


def key(*parts):
    return "|".join(parts)


def zip_bytes(entries, method=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", method) as z:
        for name, data in entries:
            z.writestr(name, data)
    return b.getvalue()


def tar_bytes(entries, mode="w"):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode=mode) as t:
        for name, data in entries:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            ti.mtime = 1700000000
            t.addfile(ti, io.BytesIO(data))
    return b.getvalue()


def bsdtar(fmt, rel, entries, *opts):
    """An archive written by libarchive's own bsdtar (7-Zip, cpio, ISO 9660)."""
    tmp = os.path.join(OUT, "tmp-" + fmt)
    shutil.rmtree(tmp, ignore_errors=True)
    for name, data in entries:
        p = os.path.join(tmp, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
    dest = os.path.join(SHARE, rel)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    subprocess.run(["bsdtar", "-c", "-f", dest, "--format", fmt, *opts, "-C", tmp] +
                   [n for n, _ in entries], check=True)
    shutil.rmtree(tmp)


entries = [("hr/staff.csv", STAFF), ("notes/call.txt", NOTE), ("logs/build.log", NOISE)]


def expect(rel, *members_and_counts):
    for member, counts in members_and_counts:
        k = key(rel, *member) if isinstance(member, tuple) else key(rel, member)
        items[k] = counts


def expect_entries(rel, prefix=()):
    for name, data in entries:
        k = key(rel, *prefix, name)
        if data is STAFF:
            items[k] = STAFF_N
        elif data is NOTE:
            items[k] = NOTE_N
        else:
            clean.append(k)


# ---- archive formats ------------------------------------------------------
put("backup/deflate.zip", zip_bytes(entries)); expect_entries("backup/deflate.zip")
put("backup/stored.zip", zip_bytes(entries, zipfile.ZIP_STORED)); expect_entries("backup/stored.zip")
put("backup/plain.tar", tar_bytes(entries)); expect_entries("backup/plain.tar")
put("backup/export.tar.gz", tar_bytes(entries, "w:gz")); expect_entries("backup/export.tar.gz")
put("backup/export.tgz", tar_bytes(entries, "w:gz")); expect_entries("backup/export.tgz")
put("backup/export.tar.bz2", tar_bytes(entries, "w:bz2")); expect_entries("backup/export.tar.bz2")
put("backup/export.tar.xz", tar_bytes(entries, "w:xz")); expect_entries("backup/export.tar.xz")
zst = subprocess.run(["zstd", "-q", "-c"], input=tar_bytes(entries), capture_output=True, check=True).stdout
put("backup/export.tar.zst", zst); expect_entries("backup/export.tar.zst")
bsdtar("7zip", "backup/archive.7z", entries); expect_entries("backup/archive.7z")
bsdtar("cpio", "backup/archive.cpio", entries); expect_entries("backup/archive.cpio")
bsdtar("iso9660", "backup/disk.iso", entries); expect_entries("backup/disk.iso")

# single-file compressors: the member is the name without the suffix
put("exports/staff.csv.gz", gzip.compress(STAFF)); items[key("exports/staff.csv.gz", "staff.csv")] = STAFF_N
put("exports/staff.csv.bz2", bz2.compress(STAFF)); items[key("exports/staff.csv.bz2", "staff.csv")] = STAFF_N
put("exports/staff.csv.xz", lzma.compress(STAFF)); items[key("exports/staff.csv.xz", "staff.csv")] = STAFF_N
for tool, ext in (("zstd", "zst"), ("lz4", "lz4")):
    data = subprocess.run([tool, "-q", "-c"], input=STAFF, capture_output=True, check=True).stdout
    put(f"exports/staff.csv.{ext}", data)
    items[key(f"exports/staff.csv.{ext}", "staff.csv")] = STAFF_N

# nesting: a zip in a tar.gz in a zip
inner = zip_bytes([("staff.csv", STAFF)])
middle = tar_bytes([("old/inner.zip", inner), ("old/call.txt", NOTE)], "w:gz")
put("backup/nested.zip", zip_bytes([("2023/middle.tar.gz", middle)]))
items[key("backup/nested.zip", "2023/middle.tar.gz", "old/inner.zip", "staff.csv")] = STAFF_N
items[key("backup/nested.zip", "2023/middle.tar.gz", "old/call.txt")] = NOTE_N

# 20 levels of zip: the default depth limit (16) stops it and says so
data, name = b"deep value: deep.user@example.com\n", "inner.txt"
for i in range(20):
    data, name = zip_bytes([(name, data)]), f"level{19 - i}.zip"
put("hostile/nested20.zip", data)
errors[key("hostile/nested20.zip")] = "limit max-depth"

# ---- hostile --------------------------------------------------------------
# A zip bomb: one member of 2 GiB of zeros (about 2 MB compressed).
with zipfile.ZipFile(os.path.join(SHARE, "hostile/bomb.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("zeros.bin", "w", force_zip64=True) as f:
        block = b"\0" * (1 << 24)
        for _ in range(128):
            f.write(block)
errors[key("hostile/bomb.zip")] = "limit max-ratio"
full = zip_bytes(entries)
put("hostile/truncated.zip", full[: len(full) * 2 // 3])
errors[key("hostile/truncated.zip")] = "archive"
# What was read before the cut still counts: the first two members are whole.
items[key("hostile/truncated.zip", "hr/staff.csv")] = STAFF_N
items[key("hostile/truncated.zip", "notes/call.txt")] = NOTE_N
# A gzip bomb read through the gzip layer (extract/arstream.c): 64 MiB of
# zeros starts as two zero tar blocks, so it must be read as one stream and
# stopped by the ratio limit, not taken for an empty tar and passed as clean.
put("hostile/bomb.gz", gzip.compress(b"\0" * (64 << 20), 9, mtime=0))
errors[key("hostile/bomb.gz")] = "limit max-ratio"
put("hostile/bomb.tar.gz", tar_bytes([("zeros.bin", b"\0" * (64 << 20))], "w:gz"))
errors[key("hostile/bomb.tar.gz")] = "limit max-ratio"
# (Data after NUL bytes in a .gz: tests/hostile, nul_prefix_gz.)
tgz = tar_bytes(entries, "w:gz")
put("hostile/truncated.tar.gz", tgz[: len(tgz) // 2])
errors[key("hostile/truncated.tar.gz")] = "archive"
# Encrypted: the member is recorded as not scanned, the archive says so.
tmp = os.path.join(OUT, "tmp-enc")
os.makedirs(tmp, exist_ok=True)
with open(os.path.join(tmp, "staff.csv"), "wb") as f:
    f.write(STAFF)
subprocess.run(["zip", "-q", "-j", "-P", "secret", os.path.join(SHARE, "hostile/encrypted.zip"),
                os.path.join(tmp, "staff.csv")], check=True)
shutil.rmtree(tmp)
errors[key("hostile/encrypted.zip")] = "encrypted"

# ---- documents (one item each, never members) ------------------------------
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
docx_xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>'
            '<w:p><w:r><w:t xml:space="preserve">Contact john.doe@exa</w:t></w:r>'
            '<w:r><w:rPr><w:b/></w:rPr><w:t>mple.com, card 4111 1111 </w:t></w:r>'
            '<w:r><w:t>1111 1111</w:t></w:r></w:p>'
            '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>4111</w:t></w:r></w:p></w:tc>'
            '<w:tc><w:p><w:r><w:t>1111</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
            '<w:p><w:r><w:t>Tel (415) 555-2671</w:t></w:r></w:p></w:body></w:document>')
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
      'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
put("docs/letter.docx", zip_bytes([("[Content_Types].xml", CT), ("word/document.xml", docx_xml),
                                   ("word/footer1.xml", f'<w:ftr {W}><w:p><w:r><w:t>hr@example.com'
                                    '</w:t></w:r></w:p></w:ftr>')]))
items[key("docs/letter.docx")] = {"email": 2, "credit_card": 1, "phone": 1}
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
shared = (f'<sst {S} count="3" uniqueCount="3"><si><t>ann@example.com</t></si>'
          '<si><r><t>4111 1111 </t></r><r><t>1111 1111</t></r></si><si><t>name</t></si></sst>')
sheet = (f'<worksheet {S}><sheetData><row r="1"><c r="A1" t="s"><v>2</v></c>'
         '<c r="B1" t="inlineStr"><is><t>bob@example.com</t></is></c></row>'
         '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2"><v>42</v></c>'
         '<c r="D2"><v>1700000000123</v></c></row></sheetData></worksheet>')
put("docs/people.xlsx", zip_bytes([("[Content_Types].xml", CT), ("xl/sharedStrings.xml", shared),
                                   ("xl/worksheets/sheet1.xml", sheet)]))
items[key("docs/people.xlsx")] = {"email": 2, "credit_card": 1}
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
slide = (f'<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" {A}>'
         '<p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>Sales lead: +33 1 23 </a:t></a:r>'
         '<a:r><a:t>45 67 89</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>')
put("docs/deck.pptx", zip_bytes([("[Content_Types].xml", CT), ("ppt/slides/slide1.xml", slide)]))
items[key("docs/deck.pptx")] = {"phone": 1}
ODF = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')
odt = (f'<office:document-content {ODF}><office:body><office:text>'
       '<text:p>Mail <text:span>cy.fox@</text:span>example.net<text:s/>or call 212-555-0199</text:p>'
       '</office:text></office:body></office:document-content>')
put("docs/memo.odt", zip_bytes([("mimetype", "application/vnd.oasis.opendocument.text"),
                                ("content.xml", odt)], zipfile.ZIP_STORED))
items[key("docs/memo.odt")] = {"email": 1, "phone": 1}
ods = (f'<office:document-content {ODF}><office:body><office:spreadsheet><table:table>'
       '<table:table-row><table:table-cell><text:p>536-22-8734</text:p></table:table-cell>'
       '<table:table-cell><text:p>4012</text:p></table:table-cell></table:table-row>'
       '</table:table></office:spreadsheet></office:body></office:document-content>')
put("docs/ids.ods", zip_bytes([("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                               ("content.xml", ods)], zipfile.ZIP_STORED))
items[key("docs/ids.ods")] = {"us_ssn": 1}
# a docx inside a zip: a member, read as a document
put("backup/docs.zip", zip_bytes([("letters/letter.docx",
                                   open(os.path.join(SHARE, "docs/letter.docx"), "rb").read())]))
items[key("backup/docs.zip", "letters/letter.docx")] = {"email": 2, "credit_card": 1, "phone": 1}

# ---- databases and binaries ---------------------------------------------------
dbp = os.path.join(SHARE, "apps/crm.db")
os.makedirs(os.path.dirname(dbp), exist_ok=True)
con = sqlite3.connect(dbp)
con.execute("create table people(id integer primary key, name text, email text, card integer, phone text)")
con.executemany("insert into people values(?,?,?,?,?)", [
    (1, "Ann Lee", "ann.lee@example.com", 4111111111111111, "(415) 555-2671"),
    (2, "Bob Roy", "bob.roy@example.org", 5555555555554444, "+44 20 7946 0958"),
    (3, "Cy Fox", "cy.fox@example.net", 378282246310005, "212-555-0199"),
    (4, "Dee", None, 1700000000123, "n/a")])
con.execute("create table notes(body text)")
con.execute("insert into notes values('mail dana@example.de about 536-22-8734')")
con.commit()
con.close()
# person_name: each value is labelled by its column's name, so every cell of
# the name column counts: Ann Lee, Bob Roy, Cy Fox and Dee.
items[key("apps/crm.db")] = {"email": 4, "credit_card": 3, "phone": 3, "us_ssn": 1,
                             "person_name": 4}
blob = (random.Random(7).randbytes(3000).replace(b"@", b"#") + b"\0\0user: eve@example.com\0\0" +
        "phone +1 415 555 2671".encode("utf-16le") + b"\0\0" + bytes(range(256)) * 4)
put("apps/cache.bin", blob)
items[key("apps/cache.bin")] = {"email": 1, "phone": 1}

with open(os.path.join(OUT, "truth.json"), "w") as f:
    json.dump({"items": items, "errors": errors, "clean": clean}, f, indent=1, sort_keys=True)
print(f"make_archives: {len(items)} items with values, {len(errors)} expected errors, "
      f"{len(clean)} clean members")
