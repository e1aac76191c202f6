#!/usr/bin/env python3
"""make_doctables.py OUTDIR — spreadsheets, databases and data files whose
columns are named by a header, for tests/doctables.sh.

Written with Debian's python3 alone (zipfile, sqlite3): no office suite, no
openpyxl. Every value is synthetic: BSNs and SSNs that pass their checks,
national phone numbers, birth dates; each one is planted once under a header
that names it and once (the same digits) under order_id or amount.

    staff.xlsx        shared strings and styles after the sheets (as Excel
                      and openpyxl write them), a title-less header in row 2,
                      sparse rows (cells addressed by r="..."), a BSN as a
                      number cell, an SSN as "5.36228734E8", a phone as an
                      inline string, a second sheet with its own header and
                      birth dates stored as day counts in date styles
    early.xlsx        shared strings before the sheets (as some writers do)
    nested.zip        early.xlsx and staff.xlsx inside a zip (read in one pass)
    staff.ods         repeated columns (table:number-columns-repeated), a
                      leading empty row, a German header
    letter.docx       a Word table: header row, then data rows
    crm.db            SQLite: columns named BSN, Telefon, order_id, amount
    people.xml        element and attribute names as labels (camelCase too)
    records.json      object keys as labels (camelCase too)
"""
import os
import sqlite3
import sys
import zipfile
from xml.sax.saxutils import escape

BSN = "111222333"
BSN2 = "123456782"
SSN = "536228734"
PHONE_DE = "06891718906"
PHONE_NL = "0612345678"
DOB = "05.03.1980"
DOB_SERIAL = "29285"  # 1980-03-05 as Excel counts days

CT = ('<?xml version="1.0" encoding="UTF-8"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/'
      'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


class Book:
    """Cells of a workbook; strings go to the shared-string table."""

    def __init__(self):
        self.strings = []
        self.index = {}

    def s(self, text):
        if text not in self.index:
            self.index[text] = len(self.strings)
            self.strings.append(text)
        return self.index[text]

    def sheet(self, rows):
        """rows: {rownum: {col: value}}; value: str (shared), ('n', text)
        (number), ('is', text) (inline string), ('b', '1') (boolean)."""
        out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
               '<worksheet %s><sheetData>' % NS]
        for r in sorted(rows):
            out.append('<row r="%d">' % r)
            for c in sorted(rows[r]):
                ref = "%s%d" % (col_name(c), r)
                v = rows[r][c]
                if isinstance(v, str):
                    out.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, self.s(v)))
                elif v[0] == "n":
                    out.append('<c r="%s"><v>%s</v></c>' % (ref, v[1]))
                elif v[0] == "is":
                    out.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>'
                               % (ref, escape(v[1])))
                elif v[0] == "date":  # a day count in a cell style (styles.xml)
                    out.append('<c r="%s" s="%d"><v>%s</v></c>' % (ref, v[2], v[1]))
                elif v[0] == "f":
                    out.append('<c r="%s"><f>%s</f><v>%s</v></c>' % (ref, v[1], v[2]))
                else:
                    out.append('<c r="%s" t="%s"><v>%s</v></c>' % (ref, v[0], v[1]))
            out.append('</row>')
        out.append('</sheetData></worksheet>')
        return "".join(out)

    def sst(self):
        items = "".join('<si><t>%s</t></si>' % escape(t) for t in self.strings)
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst %s count="%d" '
                'uniqueCount="%d">%s</sst>' % (NS, len(self.strings), len(self.strings), items))


def write_zip(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, (2024, 6, 1, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


# Cell styles 0..4: general, built-in date 14, custom "dd.mm.yyyy", custom
# "[h]:mm" (a duration, no date), "#,##0".
STYLES = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet %s><numFmts count="2">'
          '<numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy"/>'
          '<numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts><cellXfs count="5">'
          '<xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/>'
          '<xf numFmtId="165"/><xf numFmtId="3"/></cellXfs></styleSheet>' % NS)


def xlsx(path, sheets, strings_first):
    b = Book()
    xml = [("xl/worksheets/sheet%d.xml" % (i + 1), b.sheet(rows)) for i, rows in enumerate(sheets)]
    sst = [("xl/sharedStrings.xml", b.sst()), ("xl/styles.xml", STYLES)]
    wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook %s><sheets>' % NS +
          "".join('<sheet name="S%d" sheetId="%d"/>' % (i + 1, i + 1) for i in range(len(sheets))) +
          '</sheets></workbook>')
    parts = [("[Content_Types].xml", CT), ("xl/workbook.xml", wb)]
    parts += (sst + xml) if strings_first else (xml + sst)
    write_zip(path, parts)


def staff_xlsx(path):
    # Row 1 is empty (styled cells only); row 2 is the header.
    s1 = {
        1: {0: ("n", ""), 1: ("n", "")},
        2: {0: "Name", 1: "BSN", 2: "order_id", 3: "Telefon", 4: "amount", 5: "SSN"},
        # sparse: no cell for column B in row 3; a number-cell BSN in C is an order id
        3: {0: "Jan", 2: ("n", BSN), 3: ("is", PHONE_DE), 4: ("n", SSN)},
        4: {0: "Piet", 1: ("n", BSN), 2: ("n", "1.23456782E8"), 5: ("n", "5.36228734E8")},
        5: {0: "Kees", 1: ("n", BSN2 + ".0"), 4: ("n", BSN2), 5: ("b", "1")},
    }
    s2 = {
        1: {0: "Geburtsdatum", 1: "created", 2: "Mobile Phone"},
        2: {0: DOB, 1: DOB, 2: PHONE_NL},
        3: {0: ("f", "A2", "x"), 2: "none"},
        # birth dates as Excel stores them: day counts in date styles
        4: {0: ("date", DOB_SERIAL, 2), 1: ("date", DOB_SERIAL, 1)},
        5: {0: ("date", DOB_SERIAL, 3), 1: ("date", DOB_SERIAL, 4)},
    }
    xlsx(path, [s1, s2], strings_first=False)


def early_xlsx(path):
    s1 = {1: {0: "ssn", 1: "amount"}, 2: {0: SSN, 1: SSN}}
    xlsx(path, [s1], strings_first=True)


def ods(path):
    def cell(text, rep=1):
        r = ' table:number-columns-repeated="%d"' % rep if rep > 1 else ""
        if text is None:
            return '<table:table-cell%s/>' % r
        return ('<table:table-cell office:value-type="string"%s><text:p>%s</text:p>'
                '</table:table-cell>' % (r, escape(text)))

    def row(cells, rep=1):
        r = ' table:number-rows-repeated="%d"' % rep if rep > 1 else ""
        return '<table:table-row%s>%s</table:table-row>' % (r, "".join(cells))

    rows = [
        row([cell(None, 1024)]),
        row([cell("Name"), cell("Steuer-ID"), cell("BSN", 2), cell("order_id"), cell(None, 1019)]),
        # BSN twice by repetition: the two BSN columns hold the same number
        row([cell("Jan"), cell(None), cell(BSN, 2), cell(BSN), cell(None, 1019)]),
        row([cell("Piet"), cell(None), cell(None, 2), cell(BSN2), cell(None, 1019)]),
        row([cell(None, 1024)], rep=1048570),
    ]
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
               '<office:body><office:spreadsheet><table:table table:name="Kunden">'
               '<table:table-column table:number-columns-repeated="1024"/>' + "".join(rows) +
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", (2024, 6, 1, 10, 0, 0)),
                   "application/vnd.oasis.opendocument.spreadsheet")
        info = zipfile.ZipInfo("content.xml", (2024, 6, 1, 10, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, content)
        info = zipfile.ZipInfo("META-INF/manifest.xml", (2024, 6, 1, 10, 0, 0))
        z.writestr(info, '<?xml version="1.0"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')


def docx(path):
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def tc(text):
        return '<w:tc><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc>' % escape(text)

    def tr(*cells):
        return '<w:tr>%s</w:tr>' % "".join(tc(c) for c in cells)

    body = ('<w:p><w:r><w:t>Kundenliste</w:t></w:r></w:p><w:tbl>' +
            tr("Name", "Telefon", "Kundennummer") + tr("Hans", PHONE_DE, PHONE_DE) +
            '</w:tbl>')
    doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s</w:body>'
           '</w:document>' % (W, body))
    write_zip(path, [("[Content_Types].xml", CT.replace("xl/workbook", "word/document")),
                     ("word/document.xml", doc)])


def database(path):
    if os.path.exists(path):
        os.unlink(path)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE kunden (naam TEXT, BSN TEXT, order_id INTEGER, Telefon TEXT, "
               "amount INTEGER, date_of_birth TEXT, note BLOB)")
    db.execute("INSERT INTO kunden VALUES ('Jan', ?, ?, ?, ?, ?, NULL)",
               (BSN, int(BSN2), PHONE_NL, int(SSN), DOB))
    db.execute("INSERT INTO kunden VALUES ('Piet', ?, ?, NULL, NULL, NULL, ?)",
               (int(BSN2), int(BSN), b"\x00\x01 order_id 111222333 \x00"))
    db.execute("CREATE TABLE \"us staff\" (ssn INTEGER, invoice_no INTEGER)")
    db.execute("INSERT INTO \"us staff\" VALUES (?, ?)", (int(SSN), int(SSN)))
    db.commit()
    db.close()


def xml(path):
    with open(path, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<people>\n'
                '  <person bsn="%s" order_id="%s">\n' % (BSN, BSN2) +
                '    <phone>%s</phone>\n    <order_id>%s</order_id>\n' % (PHONE_NL, PHONE_NL) +
                '    <Telefon>%s</Telefon>\n    <amount>%s</amount>\n' % (PHONE_DE, SSN) +
                '    <Geburtsdatum>%s</Geburtsdatum>\n    <created>%s</created>\n' % (DOB, DOB) +
                '    <socialSecurityNumber>%s</socialSecurityNumber>\n' % SSN +
                '    <invoiceNumber>%s</invoiceNumber>\n' % SSN +
                '  </person>\n</people>\n')


def json_records(path):
    with open(path, "w") as f:
        f.write('[{"BSN": "%s", "order_id": "%s"},\n' % (BSN, BSN2) +
                ' {"ssn": %s, "amount": %s},\n' % (SSN, SSN) +
                ' {"Telefon": "%s", "invoice_no": "%s"},\n' % (PHONE_DE, PHONE_DE) +
                ' {"dateOfBirth": "%s", "createdAt": "%s"}]\n' % (DOB, DOB))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    staff_xlsx(os.path.join(out, "staff.xlsx"))
    early_xlsx(os.path.join(out, "early.xlsx"))
    ods(os.path.join(out, "staff.ods"))
    docx(os.path.join(out, "letter.docx"))
    database(os.path.join(out, "crm.db"))
    xml(os.path.join(out, "people.xml"))
    json_records(os.path.join(out, "records.json"))
    with zipfile.ZipFile(os.path.join(out, "nested.zip"), "w") as z:
        for n in ("early.xlsx", "staff.xlsx"):
            z.write(os.path.join(out, n), "in/" + n)


if __name__ == "__main__":
    main()
