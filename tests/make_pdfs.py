#!/usr/bin/env python3
"""make_pdfs.py — write realistic test PDFs with planted PII, built by hand.

usage: make_pdfs.py OUTDIR

Writes, under OUTDIR:
  finance/invoice_2024_0042.pdf  PDF 1.4, classic xref; FlateDecode page content
                                 (Tj, TJ, ' and "), /Info /Author e-mail, a
                                 FlateDecode JPEG-like image XObject (no text);
  hr/offer_letter_jdoe.pdf       two pages: one uncompressed content stream with
                                 octal escapes and hex strings, one FlateDecode
                                 whose /Length is an indirect reference; a
                                 UTF-16BE /Subject; an annotation /Contents and
                                 a form field /V holding PII;
  hr/split_tj.pdf                card numbers, e-mails and phones split across
                                 the pieces of TJ arrays, with kerning;
  sales/objstm_report.pdf        PDF 1.5 with compressed object streams (Info,
                                 annotations, form fields inside an /ObjStm) and a
                                 cross-reference stream;
  legal/contract_cid.pdf         laid out like Word / Chrome output: a Type0 font
                                 (Identity-H, 2-byte glyph codes) and a subset
                                 TrueType font (1-byte codes), text only readable
                                 through their /ToUnicode CMaps (bfchar and
                                 bfrange), fonts and CMaps after the content,
                                 some in an object stream;
  finance/customer_table.pdf     a table (header row and five customers: name,
                                 e-mail, phone, SSN, IBAN) laid out as pdfTeX,
                                 cairo and Word write one: no space or tab
                                 characters between cells, each cell placed
                                 with a "tx 0 Td" move or a wide TJ number,
                                 word gaps as TJ numbers, kerning inside values;
  truth.json                     {"relative/file.pdf": {"email": N,
                                  "credit_card": N, "phone": N, "us_ssn": N,
                                  "iban": N}}: every planted
                                 occurrence per file (the text a PDF text
                                 extractor should yield).

The PDFs are built byte by byte (no PDF library): objects, streams with exact
/Length, and xref tables or streams with correct offsets. Python standard
library only; the output is the same on every run.
"""
import json
import os
import sys
import zlib

DETECTORS = ("email", "credit_card", "phone", "us_ssn", "iban")


class Plant:
    """Counts planted values for one file; each call is one occurrence."""

    def __init__(self):
        self.n = {d: 0 for d in DETECTORS}

    def email(self, v):
        self.n["email"] += 1
        return v

    def card(self, v):
        self.n["credit_card"] += 1
        return v

    def phone(self, v):
        self.n["phone"] += 1
        return v

    def ssn(self, v):
        self.n["us_ssn"] += 1
        return v

    def iban(self, v):
        self.n["iban"] += 1
        return v


def lit(s):
    """A PDF literal string from text (Latin-1), escaped."""
    b = s.encode("latin-1") if isinstance(s, str) else s
    out = bytearray(b"(")
    for c in b:
        if c in b"()\\":
            out += b"\\" + bytes([c])
        elif c < 0x20 or c >= 0x7F:
            out += b"\\%03o" % c
        else:
            out.append(c)
    return bytes(out + b")")


def hexstr(s):
    b = s.encode("latin-1") if isinstance(s, str) else s
    return b"<" + b.hex().upper().encode() + b">"


def utf16(s):
    """A UTF-16BE text string with its byte-order mark, as a hex string."""
    return b"<FEFF" + s.encode("utf-16-be").hex().upper().encode() + b">"


def utf16_lit(s):
    """The same as a literal string (binary bytes escaped)."""
    return lit(b"\xfe\xff" + s.encode("utf-16-be"))


class PDF:
    """Objects numbered from 1; write() lays them out and builds the xref."""

    def __init__(self, version="1.4"):
        self.version = version
        self.objs = {}  # num -> body bytes (between "obj" and "endobj")
        self.packed = set()  # objects placed in an object stream
        self.stm_of = {}  # packed object -> (object stream, index)
        self.next = 1

    def reserve(self):
        n = self.next
        self.next += 1
        return n

    def add(self, body, num=None):
        if num is None:
            num = self.reserve()
        self.objs[num] = body
        return num

    def stream(self, entries, data, compress=True, num=None, length_ref=False):
        """A stream object; entries is the dictionary's inside without /Length."""
        if compress:
            data = zlib.compress(data, 9)
            entries = b"/Filter /FlateDecode " + entries
        if length_ref:  # /Length as an indirect reference to a later object
            lnum = self.reserve()
            body = (b"<< " + entries + b" /Length %d 0 R >>\nstream\n" % lnum + data +
                    b"\nendstream")
            n = self.add(body, num)
            self.add(b"%d" % len(data), lnum)
            return n
        body = b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
        return self.add(body, num)

    def objstm(self, nums):
        """Moves the given (non-stream) objects into one compressed object stream."""
        head, body = [], bytearray()
        for n in nums:
            head.append(b"%d %d" % (n, len(body)))
            body += self.objs[n] + b"\n"
        head = b" ".join(head) + b"\n"
        sn = self.stream(b"/Type /ObjStm /N %d /First %d" % (len(nums), len(head)),
                         head + bytes(body))
        for i, n in enumerate(nums):
            self.stm_of[n] = (sn, i)
            self.packed.add(n)
        return sn

    def write(self, path, root, info, xref_stream=False):
        out = bytearray(b"%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n" % self.version.encode())
        offs = {}
        for n in sorted(self.objs):
            if n in self.packed:
                continue
            offs[n] = len(out)
            out += b"%d 0 obj\n" % n + self.objs[n] + b"\nendobj\n"
        fid = zlib.crc32(os.path.basename(path).encode()).to_bytes(4, "big") * 4
        trailer = b"/Root %d 0 R /Info %d 0 R /ID [%s %s]" % (root, info, hexstr(fid),
                                                              hexstr(fid))
        if not xref_stream:
            size = self.next
            xref = len(out)
            out += b"xref\n0 %d\n0000000000 65535 f \n" % size
            for n in range(1, size):
                if n in offs:
                    out += b"%010d 00000 n \n" % offs[n]
                else:
                    out += b"0000000000 65535 f \n"
            out += b"trailer\n<< /Size %d " % size + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
        else:
            xn = self.reserve()
            size = self.next
            xref = len(out)
            offs[xn] = xref
            rows = bytearray(b"\x00\x00\x00\x00\x00\xff\xff")
            stm_of = self.stm_of
            for n in range(1, size):
                if n in offs:
                    rows += b"\x01" + offs[n].to_bytes(4, "big") + b"\x00\x00"
                elif n in stm_of:
                    s, i = stm_of[n]
                    rows += b"\x02" + s.to_bytes(4, "big") + i.to_bytes(2, "big")
                else:
                    rows += b"\x00\x00\x00\x00\x00\xff\xff"
            data = zlib.compress(bytes(rows), 9)
            out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Filter /FlateDecode "
                    % (xn, size) + trailer + b" /Length %d >>\nstream\n" % len(data) + data +
                    b"\nendstream\nendobj\n")
            out += b"startxref\n%d\n%%%%EOF\n" % xref
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(out)


def page_tree(pdf, contents_list, font_res, extra=b""):
    """Pages with Helvetica; returns (pages num, [page nums])."""
    pages = pdf.reserve()
    kids = []
    for contents, annots in contents_list:
        a = b" /Annots [%s]" % b" ".join(b"%d 0 R" % x for x in annots) if annots else b""
        kids.append(pdf.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] "
                            b"/Resources %s /Contents %d 0 R%s >>" % (pages, font_res, contents, a)))
    pdf.add(b"<< /Type /Pages /Kids [%s] /Count %d %s>>" %
            (b" ".join(b"%d 0 R" % k for k in kids), len(kids), extra), pages)
    return pages, kids


def text_block(lines, x=72, y=720, lead=16, size=11):
    """A BT..ET block; each line is raw operator bytes that show text."""
    out = [b"BT /F1 %d Tf %d TL %d %d Td" % (size, lead, x, y)]
    for i, ln in enumerate(lines):
        if i:
            out.append(b"0 -%d Td" % lead)
        out.append(ln)
    out.append(b"ET")
    return b"\n".join(out) + b"\n"


def tj(s):
    return lit(s) + b" Tj"


def invoice(root_dir, truth):
    p = Plant()
    pdf = PDF("1.4")
    font = pdf.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                   b"/Encoding /WinAnsiEncoding >>")
    # A fake JPEG image (binary, never text) and a content stream drawing it.
    img_bytes = bytes((i * 73 + 41) % 256 for i in range(3000)) + b"(not text) Tj"
    img = pdf.stream(b"/Type /XObject /Subtype /Image /Width 40 /Height 25 "
                     b"/ColorSpace /DeviceRGB /BitsPerComponent 8", img_bytes)
    res = b"<< /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >>" % (font, img)
    lines = [
        tj("ACME Supplies Ltd. - Invoice INV-2024-0042"),
        tj("Issued 2024-03-15, due 2024-04-14"),
        tj("Billing contact: " + p.email("billing@acme-supplies.example.com")),
        tj("Phone: " + p.phone("(415) 555-2671")),
        b"[(Bill to: Jane Q. Public, ) -250 (Customer no. C-10293)] TJ",
        tj("E-mail: " + p.email("jane.public@example.org")),
        tj("Item            Qty   Unit      Total"),
        tj("Paper A4 (box)    4   $21.50    $86.00"),
        tj("Toner XL          1   $149.00   $149.00"),
        tj("Total due: $235.00"),
        tj("Paid by card " + p.card("4111 1111 1111 1111") + ", exp 12/27"),
        lit("Questions? Call ") + b" Tj " + lit(p.phone("+44 20 7946 0958")) + b" Tj",
    ]
    body = b"q 120 0 0 75 400 650 cm /Im1 Do Q\n" + text_block(lines)
    # ' and " show the next line themselves
    body += (b"BT /F1 9 Tf 12 TL 72 200 Td (Thank you for your business.) Tj\n" +
             lit("Remittance: " + p.email("ar@acme-supplies.example.com")) + b" '\n" +
             b"0 0 " + lit("Card on file " + p.card("5555 5555 5555 4444")) + b" \"\nET\n")
    contents = pdf.stream(b"", body)
    pages, _ = page_tree(pdf, [(contents, [])], res)
    cat = pdf.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    info = pdf.add(b"<< /Title (Invoice INV-2024-0042) /Author (" +
                   p.email("ops@acme-supplies.example.com").encode() +
                   b") /Producer (make_pdfs.py) /CreationDate (D:20240315101500Z) >>")
    rel = "finance/invoice_2024_0042.pdf"
    pdf.write(os.path.join(root_dir, rel), cat, info)
    truth[rel] = p.n


def offer_letter(root_dir, truth):
    p = Plant()
    pdf = PDF("1.6")
    font = pdf.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman "
                   b"/Encoding /WinAnsiEncoding >>")
    res = b"<< /Font << /F1 %d 0 R >> >>" % font
    # Page 1: uncompressed, with octal escapes and hex strings.
    e1 = p.email("john.doe@example.com")
    l1 = [
        tj("Northwind Traders - Human Resources"),
        tj("Date: 2 May 2024"),
        tj("Dear John Doe,"),
        # "Jo\353l" style octal escapes in running text, and an escaped e-mail
        b"(We are pleased to offer you the position of Analyst \\(Level 2\\).) Tj",
        b"(Your r\\351sum\\351 listed ) Tj " + lit(e1).replace(b"@", b"\\100") + b" Tj",
        b"(Mobile: ) Tj " + hexstr(p.phone("+1 415 555 2671")) + b" Tj",
        tj("Start date: 1 June 2024. Salary: $68,000 per year."),
        # a phone number split over two hex strings of one TJ array
        b"(Home phone: ) Tj [<28323132> -15 <29203535352D30313939>] TJ",
    ]
    p.phone("(212) 555-0199")
    c1 = pdf.stream(b"", text_block(l1), compress=False)
    # Page 2: FlateDecode, /Length is an indirect reference.
    l2 = [
        tj("Payroll details"),
        tj("Please confirm your contact e-mail " + p.email("j.doe.personal@mail.example.net")),
        tj("and the corporate card issued to you: " + p.card("3782 822463 10005")),
        tj("HR contact: Mary Major, " + p.phone("646-555-0123")),
    ]
    c2 = pdf.stream(b"", text_block(l2), length_ref=True)
    # A text annotation and a form field holding PII.
    annot = pdf.add(b"<< /Type /Annot /Subtype /Text /Rect [500 700 520 720] /Contents " +
                    utf16("Reviewed by " + p.email("mary.major@northwind.example.com")) +
                    b" >>")
    field = pdf.add(b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (emergency_phone) /V " +
                    lit(p.phone("+33 1 23 45 67 89")) + b" /Rect [72 100 300 120] >>")
    pages, kids = page_tree(pdf, [(c1, [annot]), (c2, [field])], res)
    cat = pdf.add(b"<< /Type /Catalog /Pages %d 0 R /AcroForm << /Fields [%d 0 R] >> >>" %
                  (pages, field))
    info = pdf.add(b"<< /Title (Offer letter) /Subject " +
                   utf16_lit("Offer for Jo\u00ebl M\u00fcller <" +
                             p.email("joel.muller@example.de") + ">") +
                   b" /Author " + utf16("Northwind HR \u2014 hr@northwind.example.com") +
                   b" >>")
    p.email("hr@northwind.example.com")
    rel = "hr/offer_letter_jdoe.pdf"
    pdf.write(os.path.join(root_dir, rel), cat, info)
    truth[rel] = p.n


def split_tj(root_dir, truth):
    p = Plant()
    pdf = PDF("1.4")
    font = pdf.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>")
    res = b"<< /Font << /F1 %d 0 R >> >>" % font

    def split(v, cuts, kern=(-20, 120, -35, 15)):
        parts, last = [], 0
        for c in list(cuts) + [len(v)]:
            parts.append(v[last:c])
            last = c
        arr = []
        for i, s in enumerate(parts):
            if i:
                arr.append(b"%d" % kern[(i - 1) % len(kern)])
            arr.append(lit(s))
        return b"[" + b" ".join(arr) + b"] TJ"

    lines = [
        tj("Customer payment methods (export)"),
        b"(Card A: ) Tj " + split(p.card("4111 1111 1111 1111"), [7]),
        b"(Card B: ) Tj " + split(p.card("4012 8888 8888 1881"), [3, 9, 14]),
        b"(Card C: ) Tj " + split(p.card("6011 0009 9013 9424"), [1, 2, 3, 4, 5, 6]),
        b"(Owner: ) Tj " + split(p.email("alice.w@example.com"), [5, 8, 12]),
        b"(Owner: ) Tj " + split(p.email("bob_k+cards@mail.example.org"), [3, 11]),
        b"(Phone: ) Tj " + split(p.phone("(312) 555-0147"), [5, 9]),
        b"(Phone: ) Tj " + split(p.phone("+49 30 901820"), [2, 6]),
        # two show operators on one line glue together
        tj("Backup card 5500 0000") + b" " + tj(" 0000 0004"),
    ]
    p.card("5500 0000 0000 0004")
    body = text_block(lines, size=10)
    contents = pdf.stream(b"", body)
    pages, _ = page_tree(pdf, [(contents, [])], res)
    cat = pdf.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    info = pdf.add(b"<< /Title (Payment methods) /Producer (make_pdfs.py) >>")
    rel = "hr/split_tj.pdf"
    pdf.write(os.path.join(root_dir, rel), cat, info)
    truth[rel] = p.n


def objstm_report(root_dir, truth):
    p = Plant()
    pdf = PDF("1.5")
    font = pdf.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    res = b"<< /Font << /F1 %d 0 R >> >>" % font
    lines = [
        tj("Quarterly sales report - Q1 2024"),
        tj("Region West: 1,204 orders, 98.2% on time"),
        tj("Key account manager: " + p.email("k.lee@sales.example.com") + ", " +
           p.phone("415.555.0188")),
        tj("Escalations: " + p.phone("+1-415-555-0142")),
    ]
    contents = pdf.stream(b"", text_block(lines))
    annot = pdf.add(b"<< /Type /Annot /Subtype /FreeText /Rect [72 500 400 540] /DA (/F1 10 Tf) "
                    b"/Contents (Follow up with " + p.email("cfo@bigcustomer.example.com").encode() +
                    b" re card ending 1111) >>")
    field1 = pdf.add(b"<< /FT /Tx /T (customer_card) /V (" +
                     p.card("4111-1111-1111-1111").encode() + b") >>")
    field2 = pdf.add(b"<< /FT /Tx /T (customer_contact) /V " +
                     utf16("Contact " + p.email("dana.s@bigcustomer.example.com")) + b" >>")
    pages, kids = page_tree(pdf, [(contents, [annot])], res)
    cat = pdf.add(b"<< /Type /Catalog /Pages %d 0 R /AcroForm << /Fields [%d 0 R %d 0 R] >> >>" %
                  (pages, field1, field2))
    info = pdf.add(b"<< /Title (Q1 sales) /Author (" + p.email("reports@sales.example.com").encode() +
                   b") /Keywords (sales, Q1) >>")
    pdf.objstm([font, annot, field1, field2, pages, kids[0], cat, info])
    rel = "sales/objstm_report.pdf"
    pdf.write(os.path.join(root_dir, rel), cat, info, xref_stream=True)
    truth[rel] = p.n


class GlyphFont:
    """A subset font: glyph codes handed out in a scrambled order (as subsetters
    do), so the shown bytes are not the text; cmap() is its ToUnicode CMap."""

    def __init__(self, nbytes, seed):
        self.nbytes = nbytes
        self.seed = seed
        self.codes = {}  # char -> code

    def code(self, ch):
        if ch not in self.codes:
            n = len(self.codes)
            if self.nbytes == 2:
                c = 3 + (n * 37 + self.seed) % 900  # glyph ids, not characters
            else:
                c = 0x21 + (n * 53 + self.seed) % 200
            while c in self.codes.values():
                c += 1
            self.codes[ch] = c
        return self.codes[ch]

    def hexs(self, text):
        w = self.nbytes * 2
        return b"<" + b"".join(b"%0*X" % (w, self.code(ch)) for ch in text) + b">"

    def cmap(self):
        w = self.nbytes * 2
        lo, hi = b"0" * w, b"F" * w
        out = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
               b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
               b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
               b"1 begincodespacerange", b"<%s> <%s>" % (lo, hi), b"endcodespacerange"]
        items = sorted((c, ch) for ch, c in self.codes.items())
        # runs of consecutive codes and characters become bfrange, the rest bfchar
        ranges, chars, i = [], [], 0
        while i < len(items):
            j = i
            while (j + 1 < len(items) and items[j + 1][0] == items[j][0] + 1 and
                   ord(items[j + 1][1]) == ord(items[j][1]) + 1):
                j += 1
            if j > i:
                ranges.append((items[i][0], items[j][0], items[i][1]))
            else:
                chars.append(items[i])
            i = j + 1
        u16 = lambda ch: ch.encode("utf-16-be").hex().upper().encode()
        for k in range(0, len(chars), 100):
            part = chars[k:k + 100]
            out.append(b"%d beginbfchar" % len(part))
            out += [b"<%0*X> <%s>" % (w, c, u16(ch)) for c, ch in part]
            out.append(b"endbfchar")
        if ranges:
            out.append(b"%d beginbfrange" % len(ranges))
            out += [b"<%0*X> <%0*X> <%s>" % (w, a, w, b, u16(ch)) for a, b, ch in ranges]
            out.append(b"endbfrange")
        out += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
        return b"\n".join(out) + b"\n"


def contract_cid(root_dir, truth):
    p = Plant()
    pdf = PDF("1.7")
    f1 = GlyphFont(2, 11)  # Type0, Identity-H
    f2 = GlyphFont(1, 5)   # subset TrueType, 1-byte codes

    def show(font, name, text, cuts=()):
        """A TJ array of glyph-code strings cut at the given offsets."""
        parts, last = [], 0
        for c in list(cuts) + [len(text)]:
            parts.append(font.hexs(text[last:c]))
            last = c
        return b"/%s 11 Tf [" % name + b" -12 ".join(parts) + b"] TJ"

    lines = [
        show(f1, b"F1", "MASTER SERVICES AGREEMENT"),
        show(f1, b"F1", "between Contoso Ltd. and Fabrikam Inc., dated 3 March 2024"),
        show(f1, b"F1", "Notices to: " + p.email("legal@contoso.example.com"), [15, 22]),
        show(f1, b"F1", "Signatory: Ana Silva, " + p.phone("(415) 555-2671"), [24, 29]),
        show(f2, b"F2", "Counterparty contact " + p.email("r.tanaka@fabrikam.example.org"), [24, 33]),
        show(f2, b"F2", "Direct line " + p.phone("+44 20 7946 0958"), [14]),
        show(f1, b"F1", "Fees are charged to card " + p.card("5555 5555 5555 4444") + " monthly.",
             [30, 37]),
        show(f2, b"F2", "Deposit card " + p.card("3782 822463 10005") + " (Amex)", [16, 22]),
        show(f1, b"F1", "Section 4. Confidentiality applies to both parties."),
    ]
    body = b"BT 72 720 Td 15 TL\n" + b"\nT*\n".join(lines) + b"\nET\n"
    body += b"BT /F3 9 Tf 72 60 Td (Page 1 of 1 - plain Helvetica footer) Tj ET\n"
    # Objects in the order Word writes them: page, content, then fonts.
    pages = pdf.reserve()
    page = pdf.reserve()
    contents = pdf.stream(b"", body)
    t0, d0, fd0, cm0 = pdf.reserve(), pdf.reserve(), pdf.reserve(), pdf.reserve()
    tt, fd1, cm1, helv = pdf.reserve(), pdf.reserve(), pdf.reserve(), pdf.reserve()
    pdf.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font "
            b"<< /F1 %d 0 R /F2 %d 0 R /F3 %d 0 R >> /ProcSet [/PDF /Text] >> /Contents %d 0 R "
            b"/Group << /Type /Group /S /Transparency /CS /DeviceRGB >> >>" %
            (pages, t0, tt, helv, contents), page)
    pdf.add(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page, pages)
    pdf.add(b"<< /Type /Font /Subtype /Type0 /BaseFont /BCDEEE+Calibri /Encoding /Identity-H "
            b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (d0, cm0), t0)
    pdf.add(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /BCDEEE+Calibri /CIDSystemInfo "
            b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R "
            b"/W [3 [226 579 544 533]] /CIDToGIDMap /Identity >>" % fd0, d0)
    pdf.add(b"<< /Type /FontDescriptor /FontName /BCDEEE+Calibri /Flags 32 "
            b"/FontBBox [-503 -250 1240 750] /ItalicAngle 0 /Ascent 750 /Descent -250 "
            b"/CapHeight 750 /StemV 53 >>", fd0)
    pdf.stream(b"", f1.cmap(), num=cm0)
    pdf.add(b"<< /Type /Font /Subtype /TrueType /BaseFont /CDEFGH+Arial /FirstChar 33 "
            b"/LastChar 233 /FontDescriptor %d 0 R /ToUnicode %d 0 R >>" % (fd1, cm1), tt)
    pdf.add(b"<< /Type /FontDescriptor /FontName /CDEFGH+Arial /Flags 32 "
            b"/FontBBox [-665 -210 2000 728] /ItalicAngle 0 /Ascent 905 /Descent -210 "
            b"/CapHeight 716 /StemV 80 >>", fd1)
    pdf.stream(b"", f2.cmap(), num=cm1)
    pdf.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            helv)
    cat = pdf.add(b"<< /Type /Catalog /Pages %d 0 R /Lang (en-US) >>" % pages)
    info = pdf.add(b"<< /Title (Master services agreement) /Producer (make_pdfs.py) >>")
    # the fonts' dictionaries (not the CMap streams) go into an object stream
    pdf.objstm([t0, d0, fd0, tt, fd1, helv, cat, info])
    rel = "legal/contract_cid.pdf"
    pdf.write(os.path.join(root_dir, rel), cat, info, xref_stream=True)
    truth[rel] = p.n

# Helvetica's widths (thousandths of an em) of the characters the table uses.
HELV = dict(zip(" +-.0123456789@ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                [278, 584, 333, 278] + [556] * 10 + [1015] +
                [667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
                 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611] +
                [556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
                 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500]))


def customer_table(root_dir, truth):
    """A table with no separator characters: cells apart only by position."""
    p = Plant()
    pdf = PDF("1.4")
    font = pdf.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    bold = pdf.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>")
    res = b"<< /Font << /F1 %d 0 R /F2 %d 0 R >> >>" % (font, bold)
    size, lead = 9, 14
    rows = [
        ("Aisha Bello", p.email("aisha.bello@example.com"), p.phone("+1 415 555 2671"),
         p.ssn("536-22-8734"), p.iban("GB82 WEST 1234 5698 7654 32")),
        ("Jonas Weber", p.email("jonas.weber@example.org"), p.phone("+49 30 901820"),
         p.ssn("412-67-3091"), p.iban("DE89 3704 0044 0532 0130 00")),
        ("Claire Dubois", p.email("claire.dubois@example.net"), p.phone("+33 1 42 68 53 00"),
         p.ssn("301-44-5128"), p.iban("FR14 2004 1010 0505 0001 3M02 606")),
        ("Pieter de Vries", p.email("pieter.devries@example.com"), p.phone("+31 20 624 1111"),
         p.ssn("622-09-1147"), p.iban("NL91 ABNA 0417 1643 00")),
        ("Lucia Garcia", p.email("lucia.garcia@example.es"), p.phone("+34 912 345 678"),
         p.ssn("231-45-6781"), p.iban("ES91 2100 0418 4502 0005 1332")),
    ]

    def words(v, kern=-15):
        """pdfTeX style: no space characters, a TJ number per word gap, and a
        kerning pair inside the first word."""
        arr = []
        for i, w in enumerate(v.split(" ")):
            if i:
                arr.append(b"-%d" % HELV[" "])
            if len(w) > 3 and i == 0:
                arr += [lit(w[:2]), b"%d" % kern, lit(w[2:])]
            else:
                arr.append(lit(w))
        return arr

    def width(v):
        return sum(HELV[c] for c in v) * size / 1000.0

    # as TeX's tabular sets them: each column as wide as its widest cell,
    # 12 pt (two \\tabcolsep) between columns
    cols = [0]
    for i in range(4):
        cols.append(round(cols[-1] + max(width(r[i]) for r in rows) + 12, 3))

    body = [b"BT /F2 %d Tf 72 700 Td" % size]
    # the header row: cells placed with "tx 0 Td" (relative to the last cell)
    for i, h in enumerate(("Name", "E-mail", "Phone", "SSN", "IBAN")):
        if i:
            body.append(b"%.3f 0 Td" % (cols[i] - cols[i - 1]))
        body.append(tj(h))
    body.append(b"/F1 %d Tf" % size)
    for r, row in enumerate(rows):
        body.append(b"%.3f -%d Td" % (-cols[-1], lead))  # back to the first column
        if r < 3:  # pdfTeX and cairo: a Td move to each cell
            for i, cell in enumerate(row):
                if i:
                    body.append(b"%.3f 0 Td" % (cols[i] - cols[i - 1]))
                body.append(b"[" + b" ".join(words(cell)) + b"] TJ")
        else:      # Word: one TJ per row, the cells apart by wide numbers
            arr = []
            for i, cell in enumerate(row):
                if i:
                    gap = cols[i] - cols[i - 1] - width(row[i - 1])
                    arr.append(b"%d" % -round(gap / size * 1000))
                arr.append(lit(cell))
            body.append(b"[" + b" ".join(arr) + b"] TJ")
            body.append(b"%.3f 0 Td" % cols[-1])  # where the Td rows end
    body.append(b"ET")
    contents = pdf.stream(b"", b"\n".join(body) + b"\n")
    pages, _ = page_tree(pdf, [(contents, [])], res)
    cat = pdf.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    info = pdf.add(b"<< /Title (Customer contacts) /Producer (make_pdfs.py) >>")
    rel = "finance/customer_table.pdf"
    pdf.write(os.path.join(root_dir, rel), cat, info)
    truth[rel] = p.n


def main():
    if len(sys.argv) != 2:
        print("usage: make_pdfs.py OUTDIR", file=sys.stderr)
        return 2
    out = sys.argv[1]
    truth = {}
    invoice(out, truth)
    offer_letter(out, truth)
    split_tj(out, truth)
    objstm_report(out, truth)
    contract_cid(out, truth)
    customer_table(out, truth)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, indent=2, sort_keys=True)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
