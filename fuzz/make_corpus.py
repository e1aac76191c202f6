#!/usr/bin/env python3
"""make_corpus.py — writes the seed corpus of the fuzz targets, fuzz/corpus/<target>/.

usage: make_corpus.py [FUZZDIR]   (default: the folder this script is in)

Small, valid inputs, each with the prefix its target reads first (fuzz/*.c):
  detect   1 window byte (and --region) + 1 detector byte + 4 piece-size bytes + text with
           planted values (the positive rows of tests/data/detectors.tsv,
           which are synthetic, and values for the user detectors of
           fuzz/detectors.yaml; national phone numbers under a --region);
  extract  1 name byte (index into fuzz_extract.c's names[]) + a file: text,
           UTF-16 text, CSV, binary, zip, zip in a zip, docx, xlsx, odt,
           tar.gz, PDF (a table too: extract/tablines.c), e-mail with a zip
           attachment, mbox, SQLite, HTML with tables, RTF;
  xmltext  4 piece-size bytes + an OOXML or ODF XML part;
  pdf      4 piece-size bytes + a PDF (plain and FlateDecode content, a
           ToUnicode CMap, an object stream, UTF-16 and octal strings, a
           table whose cells are apart only by their text positions);
  mime     4 piece-size bytes + 1 mode byte + a message or mbox (multipart,
           base64 and quoted-printable, RFC 2047/2231 names, message/rfc822).
Python standard library only; the output is the same on every run. Existing
files of the same name are overwritten; others (inputs the fuzzer found and
someone chose to keep) are left alone.
"""
import base64
import gzip
import io
import os
import sqlite3
import struct
import sys
import tarfile
import tempfile
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EXTRACT_NAMES = ["file", "file.txt", "file.docx", "file.xlsx", "file.pptx", "file.odt",
                 "file.ods", "file.eml", "file.mbox", "file.pdf", "file.zip", "file.tar.gz",
                 "file.csv", "file.jpg", "file.db", "file.json", "file.xml", "file.html",
                 "file.rtf", "file.xls", "file.doc"]
CUT = bytes([0, 6, 63, 255])  # piece sizes 1, 7, 64, 256
DATE = (2024, 1, 2, 3, 4, 6)


def write(out, target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def planted():
    """The positive rows of detectors.tsv, one per line, and user detector values."""
    lines = []
    with open(os.path.join(ROOT, "tests", "data", "detectors.tsv"), encoding="utf-8") as f:
        for row in f:
            p = row.rstrip("\n").split("\t")
            if len(p) == 3 and not p[0].startswith("#") and p[1] != "0":
                lines.append(p[2].replace("\\t", "\t").replace("\\n", "\n"))
    lines += ["employee EMP-123456", "account ACC4111 1111 1111 1111",
              "REF1234567897", "M11-123456789", "VH2363", "bank IB:GB82WEST12345698765432"]
    return lines


# ---- detect -------------------------------------------------------------------------

def detect(out):
    lines = planted()
    text = "\n".join(lines).encode("utf-8")
    write(out, "detect", "all-small-window", bytes([0, 0]) + CUT + text)
    write(out, "detect", "all-whole-pieces", bytes([15, 13]) + bytes([255] * 4) + text)
    for i in range(0, len(lines), 24):
        part = "\n".join(lines[i:i + 24]).encode("utf-8")
        write(out, "detect", "rows-%03d" % i, bytes([i % 16, i // 8]) + CUT + part)
    # national numbers without a label, which count only with --region (the
    # window byte's bits 4..6; 6 is DE,FR,NL). One region only: each costs
    # the replay a whole detector set (2.4 s under ASan).
    local = ("Tel 030 12345678\nFax 0221 9876543\nappel 01 42 68 53 00\n"
             "bel 020 794 6095\nmobiel 06 12345678\ncall 020 7946 0958\n")
    write(out, "detect", "region-de-fr-nl", bytes([0x60 | 0, 0]) + CUT + local.encode("utf-8"))
    write(out, "detect", "utf8-mixed",
          bytes([1, 4]) + CUT + "Zoë Ω: tél. +33 1 42 68 53 00, é-mail zoë@exämple.fr; "
          "ça 4111\u00a01111\u00a01111\u00a01111".encode("utf-8"))


# ---- extract -------------------------------------------------------------------------

def zip_of(members):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name, DATE), data, zipfile.ZIP_DEFLATED)
    return b.getvalue()


def docx(text):
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:body><w:p><w:r><w:t>%s</w:t></w:r><w:r><w:tab/><w:t>more</w:t></w:r></w:p>'
           '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>4111 1111</w:t></w:r></w:p></w:tc>'
           '<w:tc><w:p><w:r><w:t>1111 1111</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
           '</w:body></w:document>' % text)
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
             '/package/2006/content-types"><Override PartName="/word/document.xml" ContentType='
             '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
             '</Types>')
    return zip_of([("[Content_Types].xml", types), ("_rels/.rels", "<Relationships/>"),
                   ("word/document.xml", doc)])


def xlsx(strings_last=False):
    ss = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
          'spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>e-mail</t></si>'
          '<si><t>ann.lee@example.com</t></si></sst>')
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
             '.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
             '<c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2"><v>4111111111111111</v></c>'
             '</row></sheetData></worksheet>')
    parts = [("xl/sharedStrings.xml", ss), ("xl/worksheets/sheet1.xml", sheet)]
    return zip_of([("[Content_Types].xml", "<Types/>")] + (parts[::-1] if strings_last else parts))


def ods():
    cell = ('<table:table-cell office:value-type="string" table:number-columns-repeated="2">'
            '<text:p>%s</text:p></table:table-cell>')
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
               '<office:spreadsheet><table:table><table:table-row>' + cell % "BSN" +
               '</table:table-row><table:table-row>' + cell % "111222333" +
               '</table:table-row></table:table></office:spreadsheet></office:body>'
               '</office:document-content>')
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", DATE),
                   "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr(zipfile.ZipInfo("content.xml", DATE), content, zipfile.ZIP_DEFLATED)
    return b.getvalue()


def odt():
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
               '<office:text><text:p>Phone<text:s/>(415) 555-2671</text:p><text:h>SSN'
               '<text:tab/>123-45-6789</text:h></office:text></office:body>'
               '</office:document-content>')
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", DATE), "application/vnd.oasis.opendocument.text",
                   zipfile.ZIP_STORED)
        z.writestr(zipfile.ZipInfo("content.xml", DATE), content, zipfile.ZIP_DEFLATED)
        z.writestr(zipfile.ZipInfo("META-INF/manifest.xml", DATE), "<manifest/>",
                   zipfile.ZIP_DEFLATED)
    return b.getvalue()


def targz(members):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in members:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            ti.mtime = 1704164646
            t.addfile(ti, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), mtime=0)


def sqlite_db():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "x.db")
        db = sqlite3.connect(p)
        db.execute("PRAGMA page_size=512")
        db.execute("CREATE TABLE people(name TEXT, email TEXT, card TEXT, n INTEGER, b BLOB)")
        db.execute("INSERT INTO people VALUES('Ann','ann.lee@example.com','4111111111111111',7,"
                   "x'00616263406578616d706c652e636f6d00')")
        db.commit()
        db.execute("VACUUM")
        db.close()
        with open(p, "rb") as f:
            return f.read()


def extract(out):
    def put(name, ext, data):
        write(out, "extract", name, bytes([EXTRACT_NAMES.index(ext)]) + data)
    text = "\n".join(planted()[:20]).encode()
    put("text", "file.txt", text)
    put("text-noname", "file", b"Contact: jane_smith+x@mail.example.org, (415) 555-2671\n")
    put("utf16", "file.txt", b"\xff\xfe" + "mail: john.doe@example.com\n".encode("utf-16-le"))
    put("latin1", "file.txt", "Adresse: Müller, tél. 01 42 68 53 00\n".encode("latin-1"))
    put("csv", "file.csv", b"name,email,card\nAnn,ann.lee@example.com,4111111111111111\n")
    put("json", "file.json", b'{"email": "ann.lee@example.com", "ssn": "123-45-6789"}\n')
    put("binary", "file", b"\x7fELF\x02\x01\x01" + bytes(40) + b"john.doe@example.com\x00" +
        bytes(range(256)))
    put("zip", "file.zip", zip_of([("a.txt", b"john.doe@example.com\n"),
                                    ("dir/b.csv", b"card,4111 1111 1111 1111\n")]))
    put("zip-in-zip", "file.zip", zip_of([("inner.zip", zip_of([("deep.txt", text[:200])])),
                                           ("note.txt", b"SSN 123-45-6789\n")]))
    put("docx", "file.docx", docx("Email: ann.lee@example.com"))
    put("docx-in-zip", "file.zip", zip_of([("report.docx", docx("(415) 555-2671"))]))
    put("xlsx", "file.xlsx", xlsx())
    put("xlsx-strings-last", "file.xlsx", xlsx(strings_last=True))
    put("ods", "file.ods", ods())
    put("xml", "file.xml", b'<?xml version="1.0"?><people><person bsn="111222333">'
        b'<phone>0612345678</phone><order_id>123456782</order_id></person></people>\n')
    put("odt", "file.odt", odt())
    put("targz", "file.tar.gz", targz([("t/a.txt", b"john.doe@example.com\n"),
                                        ("t/b.eml", mail_simple())]))
    # the gzip layer (extract/arstream.c, common/inflate.c): members one
    # after another, trailing garbage, a cut member, data after zero blocks
    gz = gzip.compress(b"jane.doe@example.com, SSN 123-45-6789\n", mtime=0)
    put("gz-members", "file.txt", gz + gzip.compress(b"+1 212 555 0199\n", mtime=0))
    put("gz-garbage", "file.tar.gz", gz + b"\x1f\x00 trailing garbage")
    put("gz-cut", "file.tar.gz", gz[: len(gz) - 5])
    put("gz-zero-blocks", "file", gzip.compress(b"\0" * 1024 + b"john.doe@example.com\n", mtime=0))
    put("pdf", "file.pdf", pdf_simple())
    put("eml-attachment", "file.eml", mail_multipart())
    put("mbox", "file.mbox", mbox())
    put("sqlite", "file.db", sqlite_db())
    put("html", "file.html",
        "<p>Tel: 06 24 78 98 80</p><table><tr><th>Naam</th><th colspan=2>BSN</th></tr>\n"
        "<tr><td>J&eacute;r&ocirc;me &amp; co</td><td rowspan=2>111&nbsp;222&#51;33</td>"
        "<td><table><tr><td>65929970489</td></tr></table></td></tr>\n"
        "<tr><th>Steuer-ID</th><td>65929970489<!-- x\n --></td></tr></table>"
        "<table><tr><td>x".encode("latin-1"))
    put("pdf-table", "file.pdf", pdf_table())
    put("rtf", "file.rtf", rb"{\rtf1\ansi\ansicpg1250\deff0{\fonttbl{\f0 Arial;}{\f1\fcharset204 Cyr;}}"
        rb"{\colortbl;\red0\green0\blue0;}{\stylesheet{\s0 Normal;}}"
        rb"{\info{\title Akte}{\author J\'fcrgen M\'fcller}{\*\company ACME}{\creatim\yr2024}}"
        rb"\pard Musterstr. 5\par 10115 Berlin\line Tel.\tab 030 1234567\par "
        rb"\uc1\u352?\u357?astn\'fd {\f1 \'c8\'e2\'e0\'ed} \u-10179?\u-8704?\~\_\-\{\}\\ "
        rb"{\field{\*\fldinst HYPERLINK x}{\fldrslt ann.lee@example.com}}{\footnote note}"
        rb"{\*\shppict{\pict\pngblip 89504e470d0a4155552671}}{\pict\bin4 }{\\}"
        rb"{\object{\*\objdata 0105}{\result shown}}{\*\unknown x}\par}")
    put("rtf-table", "file.rtf", rb"{\rtf1\ansi\trowd\cellx1000\cellx2000\cellx3000"
        rb"\pard\intbl Name\cell BSN\cell amount\cell\row"
        rb"\trowd\cellx1000\cellx2000\cellx3000\pard\intbl Jan\par de Vries\cell 111222333\cell"
        rb" 123456782{\*\nesttableprops\trowd\nestrow}\nestcell x\cell\row\pard after\par}")
    put("xls", "file.xls", legacy("ids.xls"))
    put("doc", "file.doc", legacy("ids.doc"))


# ---- xmltext -------------------------------------------------------------------------

def xmltext(out):
    def put(name, xml):
        write(out, "xmltext", name, CUT + xml.encode("utf-8"))
    put("docx-document", '<?xml version="1.0"?><w:document xmlns:w="w"><w:body><w:p><w:r>'
        '<w:t>Email: </w:t></w:r><w:r><w:t>ann.lee@example.com</w:t></w:r></w:p><w:p><w:r>'
        '<w:tab/><w:t xml:space="preserve"> tel &amp; fax: (415) 555-2671</w:t></w:r></w:p>'
        '</w:body></w:document>')
    put("xlsx-shared", '<sst xmlns="s"><si><t>4111</t></si><si><r><t>1111</t></r><r><t> 1111'
        '</t></r></si><si><t>&#x41;&#65;&lt;</t></si></sst>')
    put("odf-content", '<office:document-content xmlns:office="o" xmlns:text="t" xmlns:table="b">'
        '<table:table><table:table-row><table:table-cell><text:p>SSN<text:s/>123-45-6789'
        '</text:p></table:table-cell></table:table-row></table:table>'
        '<text:list><text:list-item><text:p>Zoë<text:line-break/>é</text:p></text:list-item>'
        '</text:list></office:document-content>')
    put("xlsx-sheet", '<worksheet xmlns="s"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
        '<c r="C1" t="s"><v>1</v></c></row><row r="2"><c r="C2"><v>1.11222333E8</v></c>'
        '<c r="D2" t="inlineStr"><is><t>0612345678</t></is></c><c t="b"><v>1</v></c>'
        '<c r="AB2" t="str"><f>A1</f><v>x</v></c></row></sheetData><si><t>BSN</t></si>'
        '</worksheet>')
    put("xlsx-styles", '<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy"/>'
        '<numFmt numFmtId="165" formatCode="[h]:mm&quot;d&quot;"/></numFmts><cellXfs><xf numFmtId="0"/>'
        '<xf numFmtId="14"/><xf numFmtId="164"/></cellXfs><sheetData><row><c s="1"><v>29285</v></c>'
        '<c s="2"><v>60</v></c><c s="2"><v>1e300</v></c></row></sheetData></styleSheet>')
    put("odf-table-repeat", '<office:document-content><table:table><table:table-row>'
        '<table:table-cell table:number-columns-repeated="3"><text:p>BSN</text:p><text:p>nr'
        '</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell '
        'table:number-columns-repeated="2"><text:p>111222333</text:p></table:table-cell>'
        '<table:covered-table-cell/><table:table-cell><table:table><table:table-row>'
        '<table:table-cell><text:p>in</text:p></table:table-cell></table:table-row></table:table>'
        '</table:table-cell></table:table-row></table:table></office:document-content>')
    put("cdata-comment", '<?xml version="1.0" encoding="ISO-8859-1"?><a><!-- c --><![CDATA[x<y]]>'
        '<?pi data?><b attr="v">t</b></a>')
    put("dtd-entity", '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>')


# ---- pdf -------------------------------------------------------------------------------

def pdf_file(objs, root=1, info=None):
    """A PDF with a classic xref: objs is a list of object bodies, numbered from 1."""
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, body in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root %d 0 R" % (len(objs) + 1, root)
    if info:
        out += b" /Info %d 0 R" % info
    out += b" >>\nstartxref\n%d\n%%%%EOF\n" % x
    return bytes(out)


def stream(entries, data, flate=False):
    if flate:
        data = zlib.compress(data, 9)
        entries = b"/Filter /FlateDecode " + entries
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


PAGE_OBJS = [b"<< /Type /Catalog /Pages 2 0 R >>",
             b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
             b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
             b"/Resources << /Font << /F1 5 0 R >> >> >>"]


def pdf_simple():
    content = (b"BT /F1 12 Tf 72 720 Td (Email: ann.lee@example.com) Tj 0 -14 Td "
               b"[(4111 ) -20 (1111 1111 1111)] TJ T* (Phone \\(415\\) 555-2671) ' ET")
    return pdf_file(PAGE_OBJS + [stream(b"", content),
                                 b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                                 b"<< /Author (john.doe@example.com) /Title <FEFF0041006E006E> >>"],
                    info=7)


def pdf_flate_cmap():
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"/CMapName /Adobe-Identity-UCS def\n1 begincodespacerange <0000> <FFFF> "
            b"endcodespacerange\n2 beginbfchar <0003> <0020> <0024> <0040> endbfchar\n"
            b"1 beginbfrange <0041> <005A> <0061> endbfrange\nendcmap CMapName currentdict "
            b"/CMap defineresource pop end end")
    codes = {" ": "0003", "@": "0024"}
    glyphs = "".join(codes.get(c) or "%04X" % (0x41 + ord(c) - ord("a")) for c in "ann lee@example")
    content = b"BT /F1 10 Tf 50 700 Td <" + glyphs.encode() + b"> Tj ET"
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Calibri /Encoding /Identity-H "
            b"/ToUnicode 6 0 R >>")
    return pdf_file(PAGE_OBJS + [stream(b"", content, flate=True), font,
                                 stream(b"", cmap, flate=True)])


def pdf_objstm():
    inner = [b"<< /Author (ann.lee@example.com) >>", b"<< /T (ssn) /V (123-45-6789) >>"]
    head, body = [], bytearray()
    for i, o in enumerate(inner):
        head.append(b"%d %d" % (7 + i, len(body)))
        body += o + b"\n"
    head = b" ".join(head) + b"\n"
    stm = stream(b"/Type /ObjStm /N 2 /First %d" % len(head), head + bytes(body), flate=True)
    content = b"BT (octal \\101\\102\\103 \\\n continued) Tj (\\r\\n\\t\\b\\f) Tj ET"
    return pdf_file(PAGE_OBJS + [stream(b"", content),
                                 b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>", stm])


def pdf_table():
    """A table laid out the ways textpos.c follows: Skia's flipped CTM and a
    text object per cell, glyphs placed one at a time, TJ numbers for word
    gaps and cells, Td moves, Tz/Tc/Tw/TL/TD, ' and ", cells placed by cm;
    the /Font dictionary (5) comes before the page that names it, the fonts
    after the content, as LibreOffice writes them."""
    content = (b"q .24 0 0 -.24 0 792 cm q 3.125 0 0 3.125 0 0 cm\n"
               b"BT /F1 10 Tf 1 0 0 -1 10 40 Tm (Name) Tj ET BT 1 0 0 -1 90 40 Tm (E-mail) Tj ET\n"
               b"BT 1 0 0 -1 10 60 Tm (Ann) Tj 20.1 0 Td (Lee) Tj ET\n"
               b"BT 1 0 0 -1 90 60 Tm (a) Tj 5.56 0 Td (@) Tj 10.15 0 Td (b.org) Tj ET Q Q\n"
               b"BT /F1 9 Tf 14 TL 72 500 Td [(Bob) -333 (Li) -3000 (bob@example.com) 25 (x)] TJ\n"
               b"80 0 Td (555-2671) Tj 150 Tz 1 Tc 2 Tw -80 -14 TD (a b) Tj T* (c) ' 1 0.5 (d) \" ET\n"
               b"q 1 0 0 1 100 300 cm BT 0 0 Td (left) Tj ET Q q 1 0 0 1 200 300 cm BT 0 0 Td"
               b" (right) Tj ET Q\n")
    helv = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    return pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>",
                     b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
                     stream(b"", content, flate=True),
                     b"<< /Type /Page /Parent 2 0 R /Contents 3 0 R /Resources 6 0 R >>",
                     b"<< /F1 7 0 R >>",
                     b"<< /Font 5 0 R /ProcSet [/PDF /Text] >>",
                     helv])


def pdf(out):
    write(out, "pdf", "simple", CUT + pdf_simple())
    write(out, "pdf", "flate-cmap", CUT + pdf_flate_cmap())
    write(out, "pdf", "objstm", CUT + pdf_objstm())
    write(out, "pdf", "cut-stream", CUT + pdf_simple()[:300])
    write(out, "pdf", "table", CUT + pdf_table())


# ---- mime ------------------------------------------------------------------------------

def mail_simple():
    return (b"From: Ann Lee <ann.lee@example.com>\r\nTo: john.doe@example.com\r\n"
            b"Subject: =?UTF-8?B?WsO2ZQ==?= and =?ISO-8859-1?Q?caf=E9?=\r\n"
            b"Date: Tue, 2 Jan 2024 03:04:06 +0000\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
            b"Call me at (415) 555-2671.\r\n")


def mail_multipart():
    att = base64.encodebytes(zip_of([("cards.txt", b"4111 1111 1111 1111\n")])).replace(
        b"\n", b"\r\n")
    return (b"From: ann.lee@example.com\r\nTo: bob@example.org\r\nSubject: files\r\n"
            b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
            b"preamble\r\n--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n"
            b"--inner\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
            b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            b"SSN 123-45-6789, caf=E9 =\r\nsoft break\r\n--inner\r\n"
            b"Content-Type: text/html\r\n\r\n<p>john.doe@example.com</p>\r\n--inner--\r\n"
            b"--outer\r\nContent-Type: application/zip; name=\"a.zip\"\r\n"
            b"Content-Disposition: attachment; filename*=UTF-8''z%C3%B6e.zip\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\n" + att +
            b"--outer\r\nContent-Type: message/rfc822\r\n\r\n" + mail_simple() +
            b"--outer--\r\nepilogue\r\n")


def mbox():
    return (b"From ann@example.com Tue Jan  2 03:04:06 2024\nFrom: ann.lee@example.com\n"
            b"Subject: one\n\nfirst body\n>From the start\n\n"
            b"From bob@example.org Tue Jan  2 03:04:07 2024\nFrom: bob@example.org\n"
            b"Subject: two\nContent-Type: text/plain\nContent-Disposition: attachment; "
            b"filename=\"=?UTF-8?Q?r=C3=A9sum=C3=A9.txt?=\"\n\n(415) 555-2671\n")


def mime(out):
    def put(name, mode, data):
        write(out, "mime", name, CUT + bytes([mode]) + data)
    put("simple", 14, mail_simple())
    put("multipart", 3, mail_multipart())
    put("multipart-skip", 0x1e, mail_multipart())
    put("mbox", 0, mbox())
    put("no-headers", 8, b"just a body, no header block\n")
    put("deep", 5, b"Content-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: multipart/"
        b"mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nx\n--b--\n--a\n"
        b"Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\nam9obg==\n--a--\n")


# ---- ole ------------------------------------------------------------------------------

def legacy(name):
    with open(os.path.join(ROOT, "tests", "data", "legacy", name), "rb") as f:
        return f.read()


def cfb_stream(data, want):
    """The stream `want` of a compound file (trusted input: the fixtures)."""
    u32 = lambda o: struct.unpack_from("<I", data, o)[0]
    shift = struct.unpack_from("<H", data, 30)[0]
    ssz = 1 << shift
    sect = lambda s: data[(s + 1) * ssz:(s + 2) * ssz]
    fat = []
    for i in range(u32(44)):
        fat += struct.unpack_from(f"<{ssz // 4}I", sect(u32(76 + 4 * i)))

    def chain(s, table, get):
        out = b""
        while s < 0xFFFFFFFA:
            out += get(s)
            s = table[s]
        return out
    d = chain(u32(48), fat, sect)
    mfat_raw = chain(u32(60), fat, sect) if u32(60) < 0xFFFFFFFA else b""
    mfat = list(struct.unpack_from(f"<{len(mfat_raw) // 4}I", mfat_raw))
    mini = chain(struct.unpack_from("<I", d, 116)[0], fat, sect)
    for o in range(0, len(d), 128):
        n = struct.unpack_from("<H", d, o + 64)[0]
        if d[o:o + n - 2].decode("utf-16-le", "replace") == want:
            start, size = struct.unpack_from("<II", d, o + 116)
            if size < 4096:
                return chain(start, mfat, lambda s: mini[s * 64:(s + 1) * 64])[:size]
            return chain(start, fat, sect)[:size]
    raise KeyError(want)


def ole(out):
    xls, doc = legacy("ids.xls"), legacy("ids.doc")
    write(out, "ole", "xls-cfb", b"\x00" + xls)
    write(out, "ole", "doc-cfb", b"\x00" + doc)
    write(out, "ole", "xls-num-cfb", b"\x00" + legacy("crm_num.xls")[:12288])
    write(out, "ole", "xls-biff", b"\x01" + cfb_stream(xls, "Workbook"))
    wd = cfb_stream(doc, "WordDocument")
    table = cfb_stream(doc, "1Table" if wd[11] & 2 else "0Table")
    write(out, "ole", "doc-streams", b"\x02" + struct.pack("<H", len(wd)) + wd + table)


def main():
    out = os.path.join(sys.argv[1] if len(sys.argv) > 1 else HERE, "corpus")
    detect(out)
    extract(out)
    xmltext(out)
    pdf(out)
    mime(out)
    ole(out)


if __name__ == "__main__":
    main()
