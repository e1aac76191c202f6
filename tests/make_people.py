#!/usr/bin/env python3
"""make_people.py — a share where every person's identifiers stand together
in one record (a CSV row, a JSON object, a JSON Lines line, a paragraph of
an e-mail body or a letter, an SQLite row, an ODS row), some people recur
in other files with other identifiers, and the truth about it.

usage: make_people.py OUTDIR

Writes OUTDIR/share/... and OUTDIR/truth.json:
  {"people": N,            # true number of people (and so the estimate)
   "linked_records": N,    # records holding 2 to 8 keys, at most 2 of a kind
   "distinct": {"email": n, "phone": n, "iban": n, "us_ssn": n},
   "under": {"crm": {"people": n, "linked_records": n}}}   # report --under share/crm
Every value is synthetic: example.org/.com/.net addresses, +1 415 555
numbers, DE IBANs of one bank code, SSNs of made-up area numbers. The
expected figures are counted here from the records written, with the same
rule piimap applies, so the test checks piimap against an independent count.
"""
import io
import json
import os
import sqlite3
import sys
import zipfile

OUT = sys.argv[1]
SHARE = os.path.join(OUT, "share")
if os.path.exists(SHARE):
    sys.exit("make_people.py: %s exists" % SHARE)

FIRST = ["Anna", "Ben", "Carla", "David", "Eva", "Felix", "Greta", "Hugo", "Ines", "Jonas",
         "Klara", "Lukas", "Mia", "Noah", "Olga", "Paul"]
LAST = ["Meyer", "Okafor", "Silva", "Novak", "Larsen", "Dubois", "Rossi", "Tanaka", "Kowalski",
        "Haddad"]


def iban_de(account):
    bban = "37040044" + "%010d" % account
    check = 98 - int(bban + "131400") % 97
    return "DE%02d%s" % (check, bban)


def spaced(iban):
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))


class Person:
    def __init__(self, i):
        self.i = i
        self.name = "%s %s" % (FIRST[i % len(FIRST)], LAST[i % len(LAST)])
        dom = ["example.org", "example.com", "example.net"][i % 3]
        self.email = "%s.%s%d@%s" % (FIRST[i % len(FIRST)].lower(), LAST[i % len(LAST)].lower(),
                                     i, dom)
        self.phone = "+1 415 555 %04d" % (1000 + i * 7)
        self.iban = iban_de(100000 + i * 13)
        self.ssn = "%03d-%02d-%04d" % (200 + i, 10 + i % 80, 1000 + i * 3)
        self.dob = "19%02d-%02d-%02d" % (50 + i % 45, 1 + i % 12, 1 + i % 28)


people = [Person(i) for i in range(140)]
records = []  # (file, [(kind, value), ...]) as written, for the expected figures


def rec(path, keys):
    records.append((path, keys))


def put(rel, data):
    p = os.path.join(SHARE, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


# crm/customers.csv: people 0-39, a row each (name and birth date are attributes)
rows = ["name,email,phone,ssn,date_of_birth"]
for p in people[0:40]:
    rows.append("%s,%s,%s,%s,%s" % (p.name, p.email, p.phone, p.ssn, p.dob))
    rec("crm/customers.csv", [("email", p.email), ("phone", p.phone), ("us_ssn", p.ssn)])
put("crm/customers.csv", "\n".join(rows) + "\n")

# crm/export.json: people 30-59 as an array of objects; 30-39 recur (same e-mail, new IBAN)
objs = []
for p in people[30:60]:
    objs.append({"name": p.name, "contact": {"email": p.email}, "iban": spaced(p.iban),
                 "tags": [{"k": "tier"}, {"k": "gold"}]})
    rec("crm/export.json", [("email", p.email), ("iban", p.iban)])
put("crm/export.json", json.dumps({"customers": objs}, indent=2) + "\n")

# crm/events.jsonl: people 60-79, one object per line
lines = []
for p in people[60:80]:
    lines.append(json.dumps({"event": "signup", "email": p.email, "phone": p.phone}))
    rec("crm/events.jsonl", [("email", p.email), ("phone", p.phone)])
put("crm/events.jsonl", "\n".join(lines) + "\n")

# mail/inbox.eml: the sender and the recipient are two more people (a header
# line each); each body paragraph is one person: 80-89, and 0-4 again (same
# phone, new IBAN: joins them)
paras = []
for p in people[80:90]:
    paras.append("Customer: %s\nE-mail: %s\nPhone: %s" % (p.name, p.email, p.phone))
    rec("mail/inbox.eml", [("email", p.email), ("phone", p.phone)])
for p in people[0:5]:
    paras.append("Refund for %s, phone %s, to IBAN %s" % (p.name, p.phone, spaced(p.iban)))
    rec("mail/inbox.eml", [("phone", p.phone), ("iban", p.iban)])
put("mail/inbox.eml", "From: Service Desk <desk@corp.example.org>\n"
    "To: Records <records@corp.example.org>\nSubject: customer updates\n"
    "Date: Mon, 23 Nov 2026 10:00:00 +0000\n"
    "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" + "\n\n".join(paras) + "\n")
rec("mail/inbox.eml", [("email", "desk@corp.example.org")])
rec("mail/inbox.eml", [("email", "records@corp.example.org")])

# letters/*.txt: one letter a person (90-99), greeting, body and closing as
# paragraphs; the identifiers stand in the body paragraph
for p in people[90:100]:
    put("letters/letter-%d.txt" % p.i,
        "Dear %s,\n\nthank you for your call. We will write to %s or call you on %s\n"
        "within ten days.\n\nKind regards,\nCustomer care\n" % (p.name, p.email, p.phone))
    rec("letters/letter-%d.txt" % p.i, [("email", p.email), ("phone", p.phone)])

# db/app.sqlite: people 100-119, a row each; 40-44 recur with their phone
# and a new IBAN
os.makedirs(os.path.join(SHARE, "db"), exist_ok=True)
db = sqlite3.connect(os.path.join(SHARE, "db/app.sqlite"))
db.execute("CREATE TABLE users(name TEXT, email TEXT, phone TEXT, iban TEXT)")
for p in people[100:120]:
    db.execute("INSERT INTO users VALUES(?,?,?,NULL)", (p.name, p.email, p.phone))
    rec("db/app.sqlite", [("email", p.email), ("phone", p.phone)])
for p in people[40:45]:
    db.execute("INSERT INTO users VALUES(?,NULL,?,?)", (p.name, p.phone, p.iban))
    rec("db/app.sqlite", [("phone", p.phone), ("iban", p.iban)])
db.commit()
db.close()

# sheets/staff.ods: people 120-129, a row each
ODF = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def row(cells):
    return "<table:table-row>" + "".join(
        "<table:table-cell><text:p>%s</text:p></table:table-cell>" % c for c in cells) + \
        "</table:table-row>"


body = row(["name", "email", "phone"])
for p in people[120:130]:
    body += row([p.name, p.email, p.phone])
    rec("sheets/staff.ods", [("email", p.email), ("phone", p.phone)])
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content %s>'
               '<office:body><office:spreadsheet><table:table table:name="staff">%s'
               '</table:table></office:spreadsheet></office:body></office:document-content>'
               % (ODF, body))
put("sheets/staff.ods", buf.getvalue())

# notes/list.txt: people 130-139 alone, an e-mail address a paragraph (each
# one person); then a distribution list of 10 known people in one paragraph
# (more than 8 keys: it links nobody)
paras = ["Ask %s." % p.email for p in people[130:140]]
for p in people[130:140]:
    rec("notes/list.txt", [("email", p.email)])
dl = [p.email for p in people[60:70]]
paras.append("Distribution list:\n" + "\n".join(dl))
rec("notes/list.txt", [("email", e) for e in dl])
put("notes/list.txt", "\n\n".join(paras) + "\n")


# The expected figures: the rule piimap applies, counted here.
def links(recs):
    parent = {}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    linked = 0
    for _, keys in recs:
        ks = sorted(set(keys))
        for k in ks:
            parent.setdefault(k, k)
        kinds = {}
        for kind, _ in ks:
            kinds[kind] = kinds.get(kind, 0) + 1
        if 2 <= len(ks) <= 8 and max(kinds.values()) <= 2:
            linked += 1
            for k in ks[1:]:
                a, b = find(ks[0]), find(k)
                if a != b:
                    parent[a] = b
    return len({find(k) for k in parent}), linked


n, linked = links(records)
crm = [r for r in records if r[0].startswith("crm/")]
n_crm, linked_crm = links(crm)
distinct = {}
for kind in ("email", "phone", "iban", "us_ssn"):
    distinct[kind] = len({v for _, keys in records for k, v in keys if k == kind})
truth = {"people": n, "linked_records": linked, "distinct": distinct,
         "under": {"crm": {"people": n_crm, "linked_records": linked_crm}}}
assert n == 140 + 2, n  # 140 people and the two mail addresses
with open(os.path.join(OUT, "truth.json"), "w") as f:
    json.dump(truth, f, indent=1)
print(json.dumps(truth))
