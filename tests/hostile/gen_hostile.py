#!/usr/bin/env python3
"""gen_hostile.py OUTDIR — writes the hostile smoke cases for smoke.sh.

Each case is OUTDIR/<name>/in/ (the tree to scan) and OUTDIR/<name>/case.json:
  args            extra `piimap scan` arguments
  timeout         seconds the scan may take under ASan
  errors          substrings that must each appear in some datamap `errors[].error`
  emails          e-mail addresses that must be found (the datamap totals count them)
  min_email       minimum e-mail occurrences in totals
  forbid          raw strings that must not appear anywhere in the datamap JSON
  known           short id of a bug still open when the case was written
Stdlib only; every input is generated, nothing binary is stored.
"""
import base64, gzip, io, json, os, socket, sqlite3, struct, sys, tarfile, zipfile, zlib

OUT = sys.argv[1]
EMAIL = 'jane.doe@example.com'


def case(name, files, **exp):
    d = os.path.join(OUT, name, 'in')
    os.makedirs(d, exist_ok=True)
    for rel, data in files.items():
        p = os.path.join(d.encode(), rel if isinstance(rel, bytes) else rel.encode())
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if data is None:
            continue
        if callable(data):
            data(p)
        else:
            with open(p, 'wb') as f:
                f.write(data)
    exp.setdefault('args', [])
    exp.setdefault('timeout', 60)
    with open(os.path.join(OUT, name, 'case.json'), 'w') as f:
        json.dump(exp, f)


def mkzip(members, method=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', method) as z:
        for n, d in members:
            z.writestr(n, d)
    return b.getvalue()


def mktar(members, mode='w'):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode=mode) as t:
        for n, d in members:
            ti = tarfile.TarInfo(n)
            ti.size = len(d)
            t.addfile(ti, io.BytesIO(d))
    return b.getvalue()


def docx(body):
    doc = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           b'wordprocessingml/2006/main"><w:body>' + body + b'</w:body></w:document>')
    return mkzip([('[Content_Types].xml', b'<Types/>'), ('word/document.xml', doc)])


def pdf(content, extra=b''):
    st = zlib.compress(content)
    out = b'%%PDF-1.7\n1 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n' % len(st)
    return out + st + b'\nendstream\nendobj\n' + extra + b'trailer\n<< /Root 1 0 R >>\n%EOF\n'


# 1. Compressed one-value-per-line lists: libarchive's mtree bidder claims them
#    (format_all), so the content is never scanned and each line (a raw e-mail
#    address) becomes a member name in the inventory.
emails = ''.join('user%d@example.com\n' % i for i in range(3)).encode()
case('mtree_list_gz', {'emails.txt.gz': gzip.compress(emails, mtime=0),
                       'emails.txt.xz': __import__('lzma').compress(emails)},
     emails=['user0@example.com'], min_email=6, forbid=['user1@example.com'])

# 2. Compressed data that starts with 512 NUL bytes is taken for an empty tar:
#    the rest is silently not scanned.
case('nul_prefix_gz', {'dump.bin.gz': gzip.compress(b'\0' * 1024 + EMAIL.encode() + b'\n', mtime=0)},
     emails=[EMAIL])

# 3. PDF inflation is not charged to the file's budget: --max-expanded and
#    --max-time do not stop a PDF made of many FlateDecode bombs.
bomb = zlib.compress(b' ' * (64 << 20), 9)
objs = b''.join(b'%d 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n' % (i, len(bomb)) + bomb +
                b'\nendstream\nendobj\n' for i in range(2, 6))
case('pdf_flate_bombs', {'bombs.pdf': pdf(b'BT (' + EMAIL.encode() + b') Tj ET', objs)},
     args=['--max-expanded', '16M'], errors=['max-expanded'])

# 4. Deeply nested syntax in documents (must not recurse or blow up).
case('deep_syntax', {
    'paren.pdf': pdf(b'BT ' + b'(' * 200000 + EMAIL.encode() + b' ET'),
    'bracket.pdf': pdf(b'BT ' + b'[' * 200000 + b'(' + EMAIL.encode() + b') ] TJ ET'),
    'dict.pdf': pdf(b'', b'9 0 obj\n' + b'<<' * 100000 + b'\nendobj\n'),
    'nested.docx': docx(b'<w:p>' * 100000 + b'<w:r><w:t>' + EMAIL.encode() + b'</w:t></w:r>' + b'</w:p>' * 100000),
    'mail_nest.eml': (''.join(['MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n'] +
                              ['--b%d\r\nContent-Type: multipart/mixed; boundary="b%d"\r\n\r\n' % (i - 1, i)
                               for i in range(1, 10000)] +
                              ['--b9999\r\nContent-Type: text/plain\r\n\r\n%s\r\n' % EMAIL] +
                              ['--b%d--\r\n' % i for i in range(9999, -1, -1)])).encode(),
    'rfc822_nest.eml': b'Content-Type: message/rfc822\r\n\r\n' * 5000 + b'Subject: x\r\n\r\n' + EMAIL.encode() + b'\r\n',
}, emails=[EMAIL], min_email=4)  # paren.pdf's string never closes

# 5. Entity tricks in OOXML are refused and recorded.
laughs = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "x@example.com ">' +
          b''.join(b'<!ENTITY %c "%s">' % (98 + i, (b'&%c;' % (97 + i)) * 10) for i in range(9)) +
          b']><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>')
case('xml_entities', {'laughs.docx': mkzip([('[Content_Types].xml', b'<Types/>'), ('word/document.xml', laughs)])},
     errors=['entity'])

# 6. Archive limits and corruption are recorded.
nest = EMAIL.encode()
for i in range(20):
    nest = mkzip([('l%d.zip' % i if i else 'x.txt', nest)])
z = bytearray(mkzip([('staff.csv', (EMAIL + '\n').encode() * 50), ('b.txt', b'bob@example.org')]))
p = z.find(b'PK\x01\x02')
z[p + 20:p + 28] = b'\xff' * 8  # central directory lies about both sizes
case('archive_limits', {
    'nest20.zip': nest,
    'lying_cd.zip': bytes(z),
    'bomb.tar.gz': gzip.compress(mktar([('z', b'\0' * (40 << 20))]), 9, mtime=0),
    # cut inside the second member's (incompressible) data
    'truncated.zip': mkzip([('a.txt', (EMAIL + '\n').encode() * 1000),
                            ('b.bin', __import__('random').Random(1).randbytes(100000))])[:50000],
    'many.zip': mkzip([('f%d' % i, b'x') for i in range(3000)], zipfile.ZIP_STORED),
    'pax.tar': None,
}, args=['--max-ratio', '100', '--max-members', '2000'],
   errors=['max-depth', 'max-ratio', 'max-members', 'truncated.zip'], emails=[EMAIL, 'bob@example.org'])
with tarfile.open(os.path.join(OUT, 'archive_limits', 'in', 'pax.tar'), 'w', format=tarfile.PAX_FORMAT) as t:
    ti = tarfile.TarInfo('n' * 20000 + '\n/../../etc/passwd')
    data = (EMAIL + '\n').encode()
    ti.size = len(data)
    ti.pax_headers = {'comment': 'c' * 50000}
    t.addfile(ti, io.BytesIO(data))

# 7. Hostile names and a tree deeper than PATH_MAX (recorded as an error).
def deep(p):
    os.remove(p) if os.path.exists(p) else None
    cur = os.path.dirname(p)
    fd = os.open(cur, os.O_RDONLY)
    for i in range(2100):
        os.mkdir('dd', dir_fd=fd)
        nfd = os.open('dd', os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = nfd
    f = os.open('leaf.txt', os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
    os.write(f, b'deep.leaf@example.com\n')
    os.close(f)
    os.close(fd)
weird = b'a\nb\r\x1b[31m\xff\xfe\xc3(' + b'\xe2\x82' * 10
weird += b'x' * (255 - len(weird))
case('names_and_depth', {weird: (EMAIL + '\n').encode(), b'dir\n\xff/\xc0\xaf.txt': b'bob@example.org\n',
                         'deep/marker': deep},
     emails=[EMAIL, 'bob@example.org', 'deep.leaf@example.com'])  # read 2,100 levels down

# 8. Special files: FIFO, socket, symlinks to /dev/zero and a loop (followed).
def fifo(p): os.mkfifo(p)
def sock(p):
    s = socket.socket(socket.AF_UNIX)
    s.bind(p)
    s.close()
def zero(p): os.symlink('/dev/zero', p)
def loop(p): os.symlink('.', p)
def fifolink(p): os.symlink('fifo', p)
case('special_files', {'fifo': fifo, 'sock': sock, 'zero': zero, 'loop': loop, 'fifolink': fifolink,
                       'ok.txt': EMAIL.encode()}, args=['--follow-symlinks'], timeout=30, emails=[EMAIL])

# 9. Corrupt SQLite, odd UTF-16, binary, detector worst cases (small).
def bad_sqlite(p):
    c = sqlite3.connect(p)
    c.execute('create table t(a)')
    c.executemany('insert into t values (?)', [('u%d@example.com' % i,) for i in range(5000)])
    c.commit()
    c.close()
    with open(p, 'r+b') as f:
        f.seek(8192)
        f.write(b'\xff' * 4096)
case('misc_text', {
    'bad.db': bad_sqlite,
    'utf16_lone_surrogates.txt': b'\xff\xfe' + EMAIL.encode('utf-16le') + b'\x00\xd8' * 5000 + b'\x00\xdc\x41',
    'digits.txt': b'4111 1111 1111 ' * 200000,
    'ats.txt': b'a@' * (2 << 20),
    'longline.txt': b'x' * (8 << 20) + b' ' + EMAIL.encode(),
}, emails=[EMAIL])
