#!/usr/bin/env python3
"""make_locate.py — plant a few people's values into a generated share, for
tests/locate.sh, and say exactly where each one lives.

usage: make_locate.py SHARE OUT.json [--raw-values GEN/raw.txt]

Plants, under SHARE (a tree made by gen_share.py, or any directory):
  hr/locate/letter_jane.txt          a letter (mixed-case e-mail, "(907) ..." phone, spaced card)
  finance/locate/payments.csv        a CSV row (lower-case e-mail, plain card, dotted phone)
  backup/locate/export.zip           2024/customers.csv (e-mail, dashed card),
                                     2024/other.csv (near misses only),
                                     nested.zip -> deep/notes.txt (upper-case e-mail, +1 phone)
  docs/locate/letter.docx            a Word letter (e-mail, dashed card, dashed phone)
  mail/locate/request.eml            an e-mail: the address in From (its display name
                                     "Roe, Jane", surname first), card and phone in the
                                     body, a second address only in its CSV attachment
  sales/locate/decoys.txt            near misses only: another address at the same domain,
                                     the address at another TLD, a card and a phone one digit off

OUT.json: {"values": {NAME: {"detector", "raw", "ask": [spellings to give locate],
           "items": [[relative path, [member chain]], ...]}}, "decoys": [...],
           "raw": [every planted raw spelling]}
Every value is written in the files differently from at least one spelling
in "ask". With --raw-values, checks that the generated share's own planted
values (gen_share.py's raw.txt) never equal one of these, so "no other file"
holds. Python standard library only; the output depends on nothing random.
"""
import argparse
import email.message
import email.policy
import io
import json
import os
import re
import sys
import zipfile


A1 = "1200 Harbor Point Rd, Juneau, AK 99801-0147"


def luhn_digit(d):
    s = 0
    for i, c in enumerate(reversed(d)):
        v = int(c)
        if i % 2 == 0:
            v *= 2
            if v > 9:
                v -= 9
        s += v
    return str((10 - s % 10) % 10)


def card(prefix15):
    return prefix15 + luhn_digit(prefix15)


def grouped(d, sep):
    return sep.join(d[i:i + 4] for i in range(0, 16, 4))


E1 = "jane.roe@locate-probe.example.org"
E2 = "j.roe.private@locate-probe.example.org"
C1 = card("453201511283036")
P1 = "+19075550147"          # normalised: +1 and ten digits
D_E1 = "jane.roe2@locate-probe.example.org"
D_E2 = "jane.roe@locate-probe.example.net"
D_C = card("453201511283037")
D_P = "(907) 555-0148"
assert C1 != D_C


def put(share, rel, data):
    p = os.path.join(share, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def zip_bytes(entries):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    return b.getvalue()


def docx(text_runs):
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "".join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % t
                   for t in text_runs)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document %s><w:body>%s</w:body></w:document>' % (w, body))
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
          'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.wordprocessingml.document.main+xml"/></Types>')
    return zip_bytes([("[Content_Types].xml", ct), ("word/document.xml", doc)])


def mail():
    m = email.message.EmailMessage(policy=email.policy.SMTP)
    m["From"] = '"Roe, Jane" <%s>' % E1
    m["To"] = "privacy@corp.invalid"
    m["Subject"] = "Subject access request"
    m["Date"] = "Mon, 02 Feb 2026 10:00:00 +0000"
    m["Message-ID"] = "<sar-1@corp.internal>"
    m.set_content("Hello,\n\nplease tell me what you hold about me. The card I paid with is "
                  "%s and you may call me on +1-907-555-0147.\n\nJane\n" % grouped(C1, " "))
    m.add_attachment("name,email\nJane Roe,%s\n" % E2, subtype="csv", filename="details.csv")
    return m.as_bytes()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("share")
    ap.add_argument("out")
    ap.add_argument("--raw-values")
    a = ap.parse_args()
    s = a.share
    put(s, "hr/locate/letter_jane.txt",
        "Dear Jane,\n\nwe hold this about you: Jane.Roe@Locate-Probe.Example.ORG, "
        "phone (907) 555-0147, card on file %s.\n" % grouped(C1, " "))
    put(s, "hr/locate/moving_notice.txt", "Please write to us at %s from May.\n" % A1)
    put(s, "finance/locate/address_change.txt", "New address: %s\n" % A1.replace("-0147", ""))
    put(s, "finance/locate/payments.csv",
        "name,email,card,phone\nJane Roe,%s,%s,907.555.0147\n" % (E1, C1))
    put(s, "hr/locate/staff.csv", 'name,dept\n"Roe, Jane",Finance\n')
    nested = zip_bytes([("deep/notes.txt", "call JANE.ROE@LOCATE-PROBE.EXAMPLE.ORG on "
                                           "+1 907 555 0147\n")])
    put(s, "backup/locate/export.zip", zip_bytes([
        ("2024/customers.csv", "email,card\n%s,%s\n" % (E1, grouped(C1, "-"))),
        ("2024/other.csv", "email,card,phone\n%s,%s,%s\n" % (D_E1, D_C, D_P)),
        ("nested.zip", nested)]))
    put(s, "docs/locate/letter.docx",
        docx(["Dear Ms Roe,", "Your address %s is on file." % E1,
              "Card %s, telephone 907-555-0147." % grouped(C1, "-")]))
    put(s, "mail/locate/request.eml", mail())
    put(s, "sales/locate/decoys.txt",
        "Near misses: %s, %s, card %s, phone %s.\n" % (D_E1, D_E2, grouped(D_C, " "), D_P))

    letter, csv, exp, docx_, eml = ("hr/locate/letter_jane.txt", "finance/locate/payments.csv",
                                    "backup/locate/export.zip", "docs/locate/letter.docx",
                                    "mail/locate/request.eml")
    values = {
        "E1": {"detector": "email", "raw": E1, "ask": ["JANE.ROE@locate-probe.EXAMPLE.org"],
               "items": [[letter, []], [csv, []], [exp, ["2024/customers.csv"]],
                         [exp, ["nested.zip", "deep/notes.txt"]], [docx_, []], [eml, []]]},
        "E2": {"detector": "email", "raw": E2, "ask": [E2],
               "items": [[eml, ["details.csv"]]]},
        "C1": {"detector": "credit_card", "raw": C1, "ask": [grouped(C1, " "), C1],
               "items": [[letter, []], [csv, []], [exp, ["2024/customers.csv"]], [docx_, []],
                         [eml, []]]},
        "P1": {"detector": "phone", "raw": P1, "ask": ["9075550147", "+1 (907) 555-0147"],
               "items": [[letter, []], [csv, []], [exp, ["nested.zip", "deep/notes.txt"]],
                         [docx_, []], [eml, []]]},
        # Typed in lower case: names count only capitalised in a file.
        "N1": {"detector": "person_name", "raw": "Jane Roe", "ask": ["jane roe", "JANE ROE"],
               "items": [[csv, []], [eml, []], [eml, ["details.csv"]],
                         ["hr/locate/staff.csv", []]]},
        # ZIP+4 in one file, the ZIP alone in another: one address; "Rd" and
        # "Road" one street word.
        "A1": {"detector": "postal_address", "raw": A1,
               # the street word in full, and typed in lower case without commas
               "ask": [A1, A1.lower(), A1.replace("-0147", ""),
                       A1.replace(" Rd,", " Road,"),
                       A1.replace(" Rd,", " road").replace(",", "").lower()],
               "items": [["hr/locate/moving_notice.txt", []],
                         ["finance/locate/address_change.txt", []]]},
    }
    raw = [E1, E1.upper(), "Jane.Roe@Locate-Probe.Example.ORG", E2, C1, grouped(C1, " "),
           grouped(C1, "-"), "9075550147", "(907) 555-0147", "907.555.0147", "907-555-0147",
           "+1 907 555 0147", "+1-907-555-0147"]
    if a.raw_values:
        def norm(v):
            if "@" in v:
                return v.lower()
            d = re.sub(r"\D", "", v)
            return d[1:] if len(d) == 11 and d[0] == "1" else d
        mine = {norm(v) for v in raw + [D_E1, D_E2, D_C, D_P]}
        with open(a.raw_values, encoding="utf-8") as f:
            theirs = {norm(line.strip()) for line in f if line.strip()}
        clash = mine & theirs
        if clash:
            sys.exit("make_locate.py: the generated share already holds %d planted value(s)"
                     % len(clash))
    with open(a.out, "w") as f:
        json.dump({"values": values, "decoys": [D_E1, D_E2, D_C, D_P], "raw": raw}, f, indent=1)


if __name__ == "__main__":
    main()
