#!/usr/bin/env bash
# fuzz.sh [BUILD_DIR] [SECONDS] — mutation fuzzer for `piimap scan`.
#
# Generates seed files of every input kind piimap reads (archives, single
# compressed files, OOXML/ODF, PDF, e-mail, mbox, SQLite, UTF-16, binary) plus
# hand-made hostile structures (deep nesting, lying zip directories, 100k
# members, 10k nested multiparts, ...), then for SECONDS mutates copies and
# scans them in batches with the sanitizer build (ASan+UBSan).
#
# A batch fails when piimap exits non-zero, is killed, runs past the hang
# timeout, or prints sanitizer output. A failing batch is rescanned file by
# file; every input that fails on its own is saved to
# tests/hostile/crashes/ with a one-line note (<name>.note). If no single file
# reproduces it, the whole batch is saved as a directory.
#
# Environment: FUZZ_SEED (random seed), FUZZ_BATCH (files per batch, 24),
# FUZZ_HANG (seconds, 60), FUZZ_KEEP=1 keeps the work directory.
# Needs bash, python3 (stdlib only); uses bsdtar, zstd, lz4, sqlite3 when
# present. Prints `fuzz: N inputs, K failures` and exits 1 if K > 0.
set -uo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-/tmp/build-fuzz}
SECONDS_BUDGET=${2:-300}
BIN=$BUILD/piimap
BATCH=${FUZZ_BATCH:-24}
HANG=${FUZZ_HANG:-60}
SEED=${FUZZ_SEED:-$RANDOM$RANDOM}
CRASHDIR=$HERE/tests/hostile/crashes
[ -x "$BIN" ] || { echo "fuzz.sh: no piimap binary at $BIN" >&2; exit 2; }
mkdir -p "$CRASHDIR"
WORK=$(mktemp -d /tmp/piimap-fuzz.XXXXXX)
[ "${FUZZ_KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
GEN=$WORK/gen.py

cat >"$GEN" <<'PYEOF'
import bz2, gzip, io, lzma, os, random, shutil, sqlite3, struct, subprocess, sys, tarfile, zipfile, zlib, base64

PII = ("Contact jane.doe@example.com or +44 20 7946 0958, card 4111 1111 1111 1111, "
       "SSN 234-56-7890, IBAN GB82 WEST 1234 5698 7654 32, phone (212) 555-0187.\n")

def have(t): return shutil.which(t) is not None

def w(path, data):
    with open(path, 'wb') as f: f.write(data)

def mkzip(members, method=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', method) as z:
        for n, d in members: z.writestr(n, d)
    return b.getvalue()

def mktar(members, mode='w'):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode=mode) as t:
        for n, d in members:
            ti = tarfile.TarInfo(n); ti.size = len(d); t.addfile(ti, io.BytesIO(d))
    return b.getvalue()

def xml_docx(body):
    ct = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    doc = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           + body + b'</w:body></w:document>')
    return mkzip([('[Content_Types].xml', ct), ('word/document.xml', doc)])

def docx():
    runs = b''.join(b'<w:p><w:r><w:t>%s</w:t></w:r><w:r><w:t>%s</w:t></w:r></w:p>' % (p[:20].encode(), p[20:].encode())
                    for p in PII.split(', '))
    return xml_docx(runs)

def xlsx():
    ct = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    ss = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>jane.doe@example.com</t></si><si><r><t>4111 1111 </t></r><r><t>1111 1111</t></r></si></sst>'
    sh = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>234-56-7890</t></is></c></row></sheetData></worksheet>'
    return mkzip([('[Content_Types].xml', ct), ('xl/workbook.xml', b'<workbook/>'),
                  ('xl/sharedStrings.xml', ss), ('xl/worksheets/sheet1.xml', sh)])

def odt():
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w') as z:
        z.writestr(zipfile.ZipInfo('mimetype'), 'application/vnd.oasis.opendocument.text')
        z.writestr('content.xml', '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>' + PII + '</text:p><text:p>bob@example.org</text:p></office:text></office:body></office:document-content>')
        z.writestr('META-INF/manifest.xml', '<manifest/>')
    return b.getvalue()

def pdf(objs_extra=b'', content=None):
    if content is None:
        content = (b'BT /F1 12 Tf 72 712 Td (Mail: jane.doe@) Tj [(exam) -20 (ple.com)] TJ '
                   b'(card 4111 1111 1111 1111) \' 1 2 (SSN 234-56-7890) " <6A6F686E40> Tj ET\n')
    st = zlib.compress(content)
    objs = [b'<< /Type /Catalog /Pages 2 0 R >>',
            b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
            b'<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>',
            b'<< /Length %d /Filter /FlateDecode >>\nstream\n' % len(st) + st + b'\nendstream',
            b'<< /Author (bob\\051@example.org) /Title <FEFF006A006F0065> >>']
    # object stream holding a string
    inner = b'(objstm alice@example.net)'
    osd = zlib.compress(b'7 0 ' + inner)
    objs.append(b'<< /Type /ObjStm /N 1 /First 4 /Length %d /Filter /FlateDecode >>\nstream\n' % len(osd) + osd + b'\nendstream')
    out = b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out)); out += b'%d 0 obj\n' % i + o + b'\nendobj\n'
    out += objs_extra
    x = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    for o in offs: out += b'%010d 00000 n \n' % o
    out += b'trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, x)
    return out

def eml(att=None, attname='data.zip'):
    if att is None: att = mkzip([('staff.csv', PII.encode())])
    a = base64.encodebytes(att).decode()
    return ('From: =?UTF-8?B?' + base64.b64encode(b'J\xc3\xa4ne <jane.doe@example.com>').decode() + '?=\r\n'
            'To: bob@example.org\r\nSubject: =?ISO-8859-1?Q?caf=E9_4111_1111_1111_1111?=\r\n'
            'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="XYZ"\r\n\r\npreamble\r\n'
            '--XYZ\r\nContent-Type: multipart/alternative; boundary=ALT\r\n\r\n'
            '--ALT\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'
            'SSN 234-56-=\r\n7890 call (212) 555-0187 =3D ok\r\n'
            '--ALT\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n'
            + base64.encodebytes(b'<p>carol@example.com</p>').decode() +
            '--ALT--\r\n--XYZ\r\nContent-Type: application/zip; name="' + attname + '"\r\n'
            'Content-Disposition: attachment; filename="' + attname + '"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
            + a + '--XYZ--\r\nepilogue\r\n').encode()

def mbox():
    out = b''
    for i in range(3):
        out += b'From sender%d@example.com Mon Jan  1 00:00:00 2024\n' % i
        out += eml().replace(b'\r\n', b'\n') + b'>From quoted line dave@example.com\n\n'
    return out

def sqlite_db(path, rows=50):
    if os.path.exists(path): os.unlink(path)
    c = sqlite3.connect(path)
    c.execute('create table people(id integer primary key, email text, card text, note blob, n real)')
    for i in range(rows):
        c.execute('insert into people values(?,?,?,?,?)', (i, 'user%d@example.com' % i, '4111111111111111',
                  b'\x00\x01 234-56-7890 \xff', i * 1.5))
    c.execute('create table "we""ird ] name"("col with space" text)')
    c.execute('insert into "we""ird ] name" values (?)', ('x@example.com',))
    c.commit(); c.close()

def binary():
    r = random.Random(7)
    d = bytearray(r.randbytes(4096))
    d[100:100 + 30] = b'ascii jane.doe@example.com run'
    u = 'utf16 bob@example.org 4111111111111111'.encode('utf-16le')
    d[1000:1000 + len(u)] = u
    return bytes(d)

def tool(args, data=None, cwd=None):
    try:
        return subprocess.run(args, input=data, capture_output=True, cwd=cwd, timeout=60).stdout
    except Exception:
        return b''

def bsdtar_fmt(fmt, members, tmp, extra=()):
    d = os.path.join(tmp, 'bsd_' + fmt); shutil.rmtree(d, True); os.makedirs(d)
    for n, data in members:
        p = os.path.join(d, n); os.makedirs(os.path.dirname(p), exist_ok=True); w(p, data)
    return tool(['bsdtar', '--format', fmt, *extra, '-cf', '-', '.'], cwd=d)

def seeds(out):
    os.makedirs(out, exist_ok=True)
    tmp = os.path.join(out, '.tmp'); os.makedirs(tmp, exist_ok=True)
    txt = (PII * 3).encode()
    S = {}
    S['text.txt'] = txt
    S['utf16le.txt'] = b'\xff\xfe' + (PII * 2).encode('utf-16le')
    S['utf16be_nobom.txt'] = (PII * 2).encode('utf-16be')
    S['latin1.txt'] = ('Ren\xe9e ' + PII).encode('latin-1')
    S['binary.bin'] = binary()
    mem = [('hr/staff.csv', txt), ('notes.txt', b'alice@example.net\n'), ('nested/in.zip', mkzip([('deep.txt', txt)]))]
    S['a.zip'] = mkzip(mem)
    S['stored.zip'] = mkzip(mem, zipfile.ZIP_STORED)
    S['a.tar'] = mktar(mem)
    S['a.tar.gz'] = mktar(mem, 'w:gz')
    S['a.tar.bz2'] = mktar(mem, 'w:bz2')
    S['a.tar.xz'] = mktar(mem, 'w:xz')
    S['staff.csv.gz'] = gzip.compress(txt)
    S['staff.csv.bz2'] = bz2.compress(txt)
    S['staff.csv.xz'] = lzma.compress(txt)
    S['staff.csv.lzma'] = lzma.compress(txt, format=lzma.FORMAT_ALONE)
    if have('zstd'):
        S['staff.csv.zst'] = tool(['zstd', '-q', '-c'], txt)
        S['a.tar.zst'] = tool(['zstd', '-q', '-c'], S['a.tar'])
    if have('lz4'):
        S['staff.csv.lz4'] = tool(['lz4', '-q', '-c'], txt)
    if have('bsdtar'):
        S['a.7z'] = bsdtar_fmt('7zip', mem, tmp)
        S['a.cpio'] = bsdtar_fmt('newc', mem, tmp)
        S['a.iso'] = bsdtar_fmt('iso9660', mem, tmp)
        S['a.ar'] = bsdtar_fmt('ar', [('staff.csv', txt)], tmp)
    S['doc.docx'] = docx()
    S['book.xlsx'] = xlsx()
    S['doc.odt'] = odt()
    S['doc.pdf'] = pdf()
    S['mail.eml'] = eml()
    S['inbox.mbox'] = mbox()
    for n, d in S.items():
        if d: w(os.path.join(out, n), d)
    sqlite_db(os.path.join(out, 'people.db'))
    shutil.rmtree(tmp, True)

# ---- hostile structures --------------------------------------------------------------

def zip_many(n):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', zipfile.ZIP_STORED) as z:
        for i in range(n): z.writestr('f%d' % i, b'x')
    return b.getvalue()

def zip_overlap(k=200):
    """k central-directory entries all pointing at one local header (Fifield style)."""
    data = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = data.compress(b'4111111111111111 ' * 4096 + b'\0' * (1 << 22)) + data.flush()
    usize = 17 * 4096 + (1 << 22)
    crc = zlib.crc32(b'4111111111111111 ' * 4096 + b'\0' * (1 << 22))
    name = b'a'
    lh = struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, 8, 0, 0, crc, len(raw), usize, len(name), 0) + name
    body = lh + raw
    cd = b''
    for i in range(k):
        nm = b'm%d' % i
        cd += struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, 8, 0, 0, crc, len(raw), usize,
                          len(nm), 0, 0, 0, 0, 0, 0) + nm
    eocd = struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, k, k, len(cd), len(body), 0)
    return body + cd + eocd

def zip_lying(r):
    z = bytearray(mkzip([('staff.csv', (PII * 50).encode()), ('b.txt', b'bob@example.org')]))
    p = z.find(b'PK\x01\x02')
    while p >= 0:
        field = r.choice([20, 24, 28, 30, 32, 42])  # csize, usize, name len, extra len, comment len, local offset
        size = 2 if field in (28, 30, 32) else 4
        val = r.choice([0, 1, 0xffff, 0x7fffffff, 0xffffffff, 0x80000000, len(z) + 10])
        z[p + field:p + field + size] = (val & ((1 << (8 * size)) - 1)).to_bytes(size, 'little')
        p = z.find(b'PK\x01\x02', p + 4)
    if r.random() < 0.5:  # eocd lies too
        e = z.rfind(b'PK\x05\x06')
        f = r.choice([8, 10, 12, 16, 20])
        size = 2 if f in (8, 10, 20) else 4
        z[e + f:e + f + size] = r.choice([0, 0xffff, 0xffffffff, 1]).to_bytes(4, 'little')[:size]
    return bytes(z)

def zip_quine_nest(levels):
    d = PII.encode()
    for i in range(levels): d = mkzip([('l%d.zip' % i if i else 'x.txt', d)])
    return d

def gz_bomb(mb):
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [c.compress(b'\0' * (1 << 20)) for _ in range(mb)]
    out.append(c.flush())
    return b''.join(out)

def pdf_deep(kind, n):
    if kind == 'paren': body = b'(' * n + b'jane.doe@example.com' + b')' * (n // 2)
    elif kind == 'bracket': body = b'[' * n + b'(x@example.com) ' + b']' * (n // 2) + b' TJ'
    elif kind == 'dict': body = b'<<' * n + b'/A (x@example.com)' + b'>>' * (n // 3)
    elif kind == 'escape': body = b'(' + b'\\' * n + b'\\0\\' + b')'
    elif kind == 'hex': body = b'<' + b'0' * n + b'>Tj'
    else: body = b'(' + b'\\(' * n + b') Tj'
    if random.random() < 0.5:
        return pdf(content=b'BT ' + body + b' ET')
    return pdf(objs_extra=b'99 0 obj\n' + body + b'\nendobj\n')

def pdf_lengths(r):
    p = pdf()
    return p.replace(b'/Length ', b'/Length %d ' % r.choice([0, 2**31 - 1, 2**63 - 1, 2**64 + 5, 10**30]), 1).replace(b'/Length %d ' % 0, b'/Length -5 ', 0)

def mail_nested(n):
    out = ['MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n']
    for i in range(1, n):
        out.append('--b%d\r\nContent-Type: multipart/mixed; boundary="b%d"\r\n\r\n' % (i - 1, i))
    out.append('--b%d\r\nContent-Type: text/plain\r\n\r\njane.doe@example.com\r\n' % (n - 1))
    for i in range(n - 1, -1, -1): out.append('--b%d--\r\n' % i)
    return ''.join(out).encode()

def mail_same_boundary(n):
    return (b'Content-Type: multipart/mixed; boundary=a\r\n\r\n' +
            b'--a\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n' * n + b'x@example.com\r\n--a--\r\n')

def mail_rfc822_nest(n):
    m = b'Subject: inner\r\n\r\njane.doe@example.com\r\n'
    for i in range(n):
        m = b'Content-Type: message/rfc822\r\n\r\n' + m
    return m

def mail_long_header(n):
    return b'Subject: ' + b'=?utf-8?B?' + b'QUFB' * n + b'?=' + b' \r\n' + b'X-Fold: a\r\n' + b' b\r\n' * n + b'\r\nbody x@example.com\r\n'

def xml_nested(n, kind='elem'):
    if kind == 'elem': body = b'<w:p>' * n + b'<w:r><w:t>jane.doe@example.com</w:t></w:r>' + b'</w:p>' * n
    elif kind == 'unclosed': body = b'<w:p><w:r><w:t>' * n + b'x@example.com'
    elif kind == 'laughs':
        ent = b'<!DOCTYPE d [<!ENTITY a "jane.doe@example.com ">' + b''.join(
            b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b'&%s;' % bytes([97 + i])) * 10) for i in range(9)) + b']>'
        return mkzip([('[Content_Types].xml', b'<Types/>'), ('word/document.xml',
                       b'<?xml version="1.0"?>' + ent + b'<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>')])
    elif kind == 'xxe':
        return mkzip([('[Content_Types].xml', b'<Types/>'), ('word/document.xml',
                       b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>')])
    else: body = b'<w:p><w:r><w:t>' + b'a' * n + b'</w:t></w:r></w:p>'
    return xml_docx(body)

def tar_huge_size():
    t = bytearray(mktar([('a.txt', PII.encode()), ('b.txt', b'x@example.com')]))
    variant = random.randrange(4)
    if variant == 0: t[124:136] = b'77777777777\0'
    elif variant == 1: t[124:136] = b'\x80' + b'\xff' * 11   # base-256
    elif variant == 2: t[124:136] = b'\xff' * 12          # negative base-256
    else: t[124:136] = b'-1\0\0\0\0\0\0\0\0\0\0'
    return bytes(t)

def tar_pax_long():
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode='w', format=tarfile.PAX_FORMAT) as t:
        ti = tarfile.TarInfo('x' * 70000 + '\n/../../etc/passwd'); d = PII.encode(); ti.size = len(d)
        ti.pax_headers = {'comment': 'y' * 100000}
        t.addfile(ti, io.BytesIO(d))
    return b.getvalue()

def hostile(out, r):
    os.makedirs(out, exist_ok=True)
    H = {
        'many_100k.zip': lambda: zip_many(100000),
        'overlap.zip': lambda: zip_overlap(r.choice([50, 500])),
        'lying_cd.zip': lambda: zip_lying(r),
        'nest20.zip': lambda: zip_quine_nest(20),
        'bomb1g.gz': lambda: gz_bomb(1024),
        'bomb.tar.gz': lambda: gzip.compress(mktar([('z', b'\0' * (200 << 20))]), 9),
        'pdf_paren.pdf': lambda: pdf_deep('paren', r.choice([1000, 100000, 1000000])),
        'pdf_bracket.pdf': lambda: pdf_deep('bracket', r.choice([1000, 100000, 1000000])),
        'pdf_dict.pdf': lambda: pdf_deep('dict', r.choice([1000, 100000])),
        'pdf_escape.pdf': lambda: pdf_deep('escape', 1000001),
        'pdf_hex.pdf': lambda: pdf_deep('hex', 5000001),
        'pdf_esc_paren.pdf': lambda: pdf_deep('escparen', 300000),
        'pdf_len.pdf': lambda: pdf_lengths(r),
        'mail_nest10k.eml': lambda: mail_nested(10000),
        'mail_sameb.eml': lambda: mail_same_boundary(20000),
        'mail_rfc822.eml': lambda: mail_rfc822_nest(5000),
        'mail_hdr.eml': lambda: mail_long_header(200000),
        'mail_att_nest.eml': lambda: eml(eml(eml(docx(), 'd.docx'), 'm.eml'), 'm.eml'),
        'xml_1000.docx': lambda: xml_nested(1000),
        'xml_100k.docx': lambda: xml_nested(100000),
        'xml_unclosed.docx': lambda: xml_nested(50000, 'unclosed'),
        'xml_laughs.docx': lambda: xml_nested(0, 'laughs'),
        'xml_xxe.docx': lambda: xml_nested(0, 'xxe'),
        'xml_longtext.docx': lambda: xml_nested(20 << 20, 'text'),
        'tar_size.tar': tar_huge_size,
        'tar_pax.tar': tar_pax_long,
        'utf16_odd.txt': lambda: b'\xff\xfe' + 'jane.doe@example.com'.encode('utf-16le') + b'\x00\xd8\x00\xdc' * 1000 + b'A',
    }
    for n, f in H.items():
        w(os.path.join(out, n), f())

# ---- mutation ---------------------------------------------------------------------------

TOKENS = [b'(', b')', b'[', b']', b'<<', b'>>', b'\\', b'stream\n', b'endstream', b'/Length 99999999',
          b'/FlateDecode', b'/ObjStm', b' Tj', b' TJ', b'BT', b'ET', b'--XYZ', b'--XYZ--', b'\r\n\r\n',
          b'Content-Type: multipart/mixed; boundary=Q\r\n', b'Content-Transfer-Encoding: base64\r\n',
          b'=?utf-8?B?', b'?=', b'=\r\n', b'<w:t>', b'</w:t>', b'<w:p>', b'&#0;', b'&#x110000;', b']]>',
          b'\x00', b'\xff\xfe', b'\xfe\xff', b'\xd8\x00', b'PK\x03\x04', b'PK\x01\x02', b'PK\x05\x06',
          b'\x1f\x8b\x08', b'BZh9', b'\xfd7zXZ\x00', b'(\xb5/\xfd', b'7z\xbc\xaf\x27\x1c', b'ustar\x00',
          b'From x@example.com Mon Jan  1 00:00:00 2024\n', b'4111111111111111', b'@', b'@' * 64]
HUGE = [0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff,
        0x7fffffffffffffff, 0xffffffffffffffff]

def mutate(d, r, pool):
    d = bytearray(d)
    for _ in range(r.choice([1, 1, 2, 3, 5, 10])):
        op = r.randrange(11)
        n = len(d)
        if n == 0: d += r.randbytes(16); continue
        p = r.randrange(n)
        if op == 0:
            for _ in range(r.randrange(1, 9)): q = r.randrange(n); d[q] ^= 1 << r.randrange(8)
        elif op == 1: d[p:p] = r.randbytes(r.randrange(1, 64))
        elif op == 2: del d[p:p + r.randrange(1, 1 + min(4096, n - p))]
        elif op == 3: del d[r.randrange(n):]
        elif op == 4:
            o = r.choice(pool); q = r.randrange(len(o)) if o else 0
            d[p:] = o[q:q + r.randrange(1, 1 + max(1, len(o) - q))]
        elif op == 5:
            v = r.choice(HUGE); size = r.choice([2, 4, 8]); end = r.choice(['little', 'big'])
            d[p:p + size] = (v & ((1 << (8 * size)) - 1)).to_bytes(size, end)
        elif op == 6:
            ln = r.randrange(1, 1 + min(256, n - p)); c = bytes(d[p:p + ln])
            d[p:p] = c * r.choice([2, 10, 100, 1000])
        elif op == 7: d[p:p] = r.choice(TOKENS) * r.choice([1, 1, 2, 50, 5000])
        elif op == 8: d[p:p] = str(r.choice(HUGE) * r.choice([1, -1])).encode()
        elif op == 9: d[p] = r.randrange(256)
        else:
            q = r.randrange(n); d[p], d[q] = d[q], d[p]
    return bytes(d[:16 << 20])

def wrap(d, r, name):
    """Re-wrap a mutated document in a random container (structure stays valid outside)."""
    k = r.randrange(8)
    if k == 0: return name + '.zip', mkzip([(name, d)])
    if k == 1: return name + '.tar.gz', mktar([(name, d)], 'w:gz')
    if k == 2: return name + '.gz', gzip.compress(d)
    if k == 3: return name + '.eml', eml(d, name)
    if k == 4: return name + '.docx', mkzip([('[Content_Types].xml', b'<Types/>'), ('word/document.xml', d)])
    if k == 5: return name + '.xz', lzma.compress(d)
    return name, d

def do_mutate(seeddir, out, count, rseed):
    r = random.Random(rseed)
    random.seed(rseed)
    names = sorted(f for f in os.listdir(seeddir) if os.path.isfile(os.path.join(seeddir, f)))
    pool = [open(os.path.join(seeddir, f), 'rb').read() for f in names]
    pool = [p for p in pool if len(p) < (4 << 20)] or pool
    os.makedirs(out, exist_ok=True)
    for i in range(count):
        j = r.randrange(len(names))
        base = open(os.path.join(seeddir, names[j]), 'rb').read()
        if len(base) > (4 << 20): base = base[:r.randrange(1, 4 << 20)]
        name = names[j]
        d = mutate(base, r, pool)
        if r.random() < 0.25:  # inner mutation, valid wrapper
            inner = r.choice(['doc.pdf', 'mail.eml', 'text.txt', 'utf16le.txt', 'binary.bin', 'inbox.mbox'])
            src = os.path.join(seeddir, inner)
            if os.path.exists(src):
                name, d = wrap(mutate(open(src, 'rb').read(), r, pool), r, inner)
        w(os.path.join(out, '%04d_%s' % (i, name)), d)

if __name__ == '__main__':
    cmd = sys.argv[1]
    if cmd == 'seeds': seeds(sys.argv[2])
    elif cmd == 'hostile': hostile(sys.argv[2], random.Random(int(sys.argv[3])))
    elif cmd == 'mutate': do_mutate(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
PYEOF

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

SAN_RE='ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer|AddressSanitizer:DEADLYSIGNAL|SUMMARY: .*Sanitizer'
LOG=$WORK/log; : >"$LOG"

# scan DIR TIMEOUT -> sets RC, ERRF; returns 0 if ok
scan() {
    local dir=$1 to=$2 t
    t=$(mktemp -d "$WORK/scan.XXXX")
    ERRF=$t/err
    timeout -k 5 "$to" "$BIN" scan --quiet --threads 2 --db "$t/x.db" --key "$WORK/k.key" "$dir" >"$t/out" 2>"$ERRF"
    RC=$?
    rm -f "$t/x.db" "$t/x.db-wal" "$t/x.db-shm"
    if [ "$RC" -ne 0 ] || grep -Eq "$SAN_RE" "$ERRF"; then return 1; fi
    rm -rf "$t"; return 0
}

why() {  # one-line description of the last failure
    local s
    s=$(grep -Eo -m1 "$SAN_RE[^(]*" "$ERRF" | head -1)
    local top
    top=$(grep -E -m3 '^ *#[0-9]+ ' "$ERRF" | grep -v -E 'libasan|libubsan|__interceptor|sanitizer' | head -1 | sed -E 's/^ *#[0-9]+ 0x[0-9a-f]+ in //')
    if [ "$RC" -eq 124 ] || [ "$RC" -eq 137 ]; then echo "hang: no exit within timeout (rc=$RC)"
    else echo "rc=$RC ${s:-no sanitizer output} ${top:+at $top}"; fi
}

FAILS=0; INPUTS=0
save() {  # save FILE-or-DIR NOTE
    local src=$1 note=$2 base
    base=$(date +%Y%m%d-%H%M%S)-$RANDOM-$(basename "$src")
    cp -r "$src" "$CRASHDIR/$base"
    cp "$ERRF" "$CRASHDIR/$base.stderr" 2>/dev/null || true
    echo "$note (seed $SEED, $(basename "$src"))" >"$CRASHDIR/$base.note"
    echo "fuzz: FAIL $base: $note" | tee -a "$LOG" >&2
    FAILS=$((FAILS + 1))
}

check_batch() {  # DIR: scan it; on failure bisect to single files
    local dir=$1 n
    n=$(find "$dir" -type f | wc -l)
    INPUTS=$((INPUTS + n))
    if scan "$dir" $((HANG * 2)); then return; fi
    local batchwhy found=0 f one
    batchwhy=$(why)
    for f in "$dir"/*; do
        one=$(mktemp -d "$WORK/one.XXXX"); cp "$f" "$one/"
        if ! scan "$one" "$HANG"; then save "$f" "$(why)"; found=1; fi
        rm -rf "$one"
    done
    if [ $found = 0 ]; then ERRF=/dev/null; save "$dir" "batch only (not reproduced per file): $batchwhy"; fi
}

echo "fuzz: seed $SEED, build $BUILD, ${SECONDS_BUDGET}s, work $WORK" >&2
python3 "$GEN" seeds "$WORK/seeds" || exit 2
python3 "$GEN" hostile "$WORK/hostile" "$SEED" || exit 2

START=$(date +%s)
# 1. seeds as they are (must be clean), 2. hand-made hostile structures one by one
check_batch "$WORK/seeds"
for f in "$WORK/hostile"/*; do
    d=$(mktemp -d "$WORK/h.XXXX"); mv "$f" "$d/"; check_batch "$d"; rm -rf "$d"
done
# also the hostile structures as mutation seeds (the small ones)
find "$WORK/hostile" -type f -size -2M -exec cp {} "$WORK/seeds/" \; 2>/dev/null

# 3. mutation loop
i=0
while [ $(($(date +%s) - START)) -lt "$SECONDS_BUDGET" ]; do
    i=$((i + 1))
    b=$WORK/batch.$i
    python3 "$GEN" mutate "$WORK/seeds" "$b" "$BATCH" "$((SEED + i))" || break
    check_batch "$b"
    rm -rf "$b"
    if [ $((i % 10)) = 0 ]; then
        echo "fuzz: $((($(date +%s) - START)))s, $INPUTS inputs, $FAILS failures" >&2
    fi
done

echo "fuzz: $INPUTS inputs, $FAILS failures"
[ "$FAILS" -eq 0 ]
