#!/usr/bin/python3
"""gen_names.py — a small multi-locale share with planted people's names, for
tests/names.sh (person_name end to end).

usage: gen_names.py SHARE_DIR SRC_DIR

For each of ten locales (US, GB, DE, FR, NL, ES, IT, CA, AU, IN) it writes
  - a CSV export with the locale's own headers (given-name and surname
    columns side by side, or one full-name column): one name per row;
  - a JSON file of records keyed in the locale's language ("naam", "nombre",
    "fullName", "customer_name"): one name per record;
  - a letter: a salutation with the surname, the full name once in the body,
    the sender's full name under the closing: three names;
and one file of look-alikes (cities, streets, fonts, companies, code,
headings, common words) holding none, and an XML data file whose name
attributes name languages, regions and types (two people: a comment's
author and an <author name=...>). Names are drawn (seed 11) from the
repository's lists, detect/data/names/. In running text (the letters' body
and signature) the generator leaves out the one kind of real name the
detector is documented not to count there: a given name and a surname that
are both common English words at the start of a line (weak.txt: "Will
Smith"). It writes expected.json: {file: person_name occurrences}.
"""
import json
import os
import random
import sys

LOCALES = ["US", "GB", "DE", "FR", "NL", "ES", "IT", "CA", "AU", "IN"]
# CSV headers: (delimiter, header cells, kind) where kind says which cells
# hold the name: "split" given + surname, "rsplit" surname + given, "full".
CSV = {
    "US": (",", ["id", "first_name", "last_name", "email", "city"], "split"),
    "GB": (",", ["id", "Full Name", "Email", "Town"], "full"),
    "DE": (";", ["Kundennummer", "Nachname", "Vorname", "E-Mail", "Ort"], "rsplit"),
    "FR": (";", ["id", "Prénom", "Nom", "Courriel", "Ville"], "split"),
    "NL": (";", ["klantnr", "voornaam", "achternaam", "email", "plaats"], "split"),
    "ES": (";", ["id", "nombre", "apellidos", "email", "ciudad"], "split"),
    "IT": (";", ["id", "nome", "cognome", "email", "città"], "split"),
    "CA": (",", ["id", "customer_name", "email", "province"], "full"),
    "AU": (",", ["id", "given_name", "surname", "email", "state"], "split"),
    "IN": (",", ["id", "name", "email", "city"], "full"),
}
JSON_KEY = {"US": "fullName", "GB": "name", "DE": "Name", "FR": "nom", "NL": "naam",
            "ES": "nombre", "IT": "nome", "CA": "customer_name", "AU": "full_name",
            "IN": "name"}
CITY = {"US": "Springfield", "GB": "Leeds", "DE": "Köln", "FR": "Lyon", "NL": "Utrecht",
        "ES": "Sevilla", "IT": "Torino", "CA": "Ontario", "AU": "Victoria", "IN": "Pune"}
# (salutation with {s}, body with {n}, closing)
LETTER = {
    "US": ("Dear Mr. {s},", "Last week I spoke with {n} about your account.", "Sincerely,"),
    "GB": ("Dear Ms {s},", "Our adviser, {n}, will call you on Monday.", "Kind regards,"),
    "DE": ("Sehr geehrter Herr {s},", "Ihre Ansprechpartnerin ist {n} aus unserem Team.",
           "Mit freundlichen Grüßen"),
    "FR": ("Madame {s},", "Votre dossier est suivi par {n} depuis mars.", "Cordialement,"),
    "NL": ("Geachte heer {s},", "Uw dossier wordt behandeld door {n} van onze afdeling.",
           "Met vriendelijke groet,"),
    "ES": ("Estimada Sra. {s}:", "Su solicitud la gestiona {n} desde el lunes.", "Atentamente,"),
    "IT": ("Gentile Sig.ra {s},", "La sua pratica è seguita da {n} del nostro ufficio.",
           "Cordiali saluti,"),
    "CA": ("Dear Mrs. {s},", "Your file was reviewed by {n} this morning.", "Best regards,"),
    "AU": ("Dear Dr {s},", "I have copied {n} on this message.", "Cheers,"),
    "IN": ("Dear Mr. {s},", "Please contact {n} for the next steps.", "Regards,"),
}
FORWARDED = """-------- Forwarded Message --------
Subject: Paris, France
Date: Monday, June 3, 2024 10:00
From: "Roe, Jane" <jane.roe@example.com>
To: Müller, Anna <anna.mueller@example.de>, "Doe, John A." <john.doe@example.com>
Cc: Smith, Jones and Co <info@example.com>

Washington, DC and Paris, France were on the list: Smith, Jones, Brown.
"""
LOOKALIKES = """Paris, France is lovely in spring; Jordan, Georgia and Victoria are places.
The office moved from Rose Street to Thomas Street, then to Grant Park.
font-family: "Times New Roman", "Lucida Grande", "Franklin Gothic", serif;
He worked for Morgan Stanley and later for Wells Fargo.
We walked along the Jordan River to Victoria Station.
Will you be there? Mark the date. Grant access to all.
## Getting Started With Emily Johnson Tutorials And Guides
String n = customer.getName(); user.Mark Johnson = null; $Emily Johnson
def Emily_Johnson(): return self.name
Name: Acme Corp
Dear Sir or Madam,
Sehr geehrte Damen und Herren,
product_name: Widget Pro
"""
# An XML data file (extract/ex_markup.c): the name attributes of elements
# that are no person name languages, regions, currencies and types
# (iso-codes, cppcheck's configuration), whatever their words; the
# author's name attribute and a sentence in an element are people.
LOOKALIKES_XML = """<?xml version="1.0" encoding="UTF-8"?>
<codes>
\t<!-- maintained by Emily Johnson -->
\t<iso_639_3_entry
\t\tid="ari"
\t\treference_name="Ari"
\t\tname="Ari" />
\t<iso_3166_2_entry
\t\tcode="AG-03"\tname="Saint George" />
\t<iso_639_3_entry
\t\tinverted_name="Ar\u00e1ra, Mato Grosso"
\t\tname="Ar\u00e1ra, Mato Grosso" />
\t<iso_3166_entry
\t\tname="Sierra Leone"
\t\tofficial_name="Republic of Sierra Leone" />
\t<iso_4217_entry letter_code="BAM" currency_name="Convertible Mark" />
\t<platformtype name="LONG" value="long">
\t\t<platform type="win32A"/>
\t</platformtype>
\t<author name="Daniel Frey"/>
</codes>
"""


def names(src, cc, kind):
    path = os.path.join(src, "detect/data/names", "%s.%s.txt" % (cc, kind))
    return [ln.strip() for ln in open(path, encoding="utf-8")
            if ln.strip() and not ln.startswith("#")]


def main():
    share, src = sys.argv[1], sys.argv[2]
    rnd = random.Random(11)
    weak = {ln.strip() for ln in open(os.path.join(src, "detect/data/names/weak.txt"),
                                      encoding="utf-8")
            if ln.strip() and not ln.startswith("#")}
    deny = {ln.strip().lower() for ln in open(os.path.join(src, "detect/data/names/deny.txt"),
                                              encoding="utf-8")
            if ln.strip() and not ln.startswith("#")}
    expected = {}
    os.makedirs(share, exist_ok=True)
    for cc in LOCALES:
        given = [g for g in names(src, cc, "given") if g.lower() not in deny]
        sur = [s for s in names(src, cc, "surnames") if s.lower() not in deny]

        def person(free=False):
            while True:
                g, s = rnd.choice(given), rnd.choice(sur)
                if not (free and g.lower() in weak and s.lower() in weak):
                    return g, s

        d = os.path.join(share, cc.lower())
        os.makedirs(d, exist_ok=True)
        delim, header, kind = CSV[cc]
        rows = [delim.join(header)]
        for i in range(6):
            g, s = person()
            cells = {"split": [g, s], "rsplit": [s, g], "full": ["%s %s" % (g, s)]}[kind]
            email = "%s.%s@example.com" % (i, cc.lower())
            rows.append(delim.join([str(100 + i)] + cells + [email, CITY[cc]]))
        open(os.path.join(d, "customers.csv"), "w", encoding="utf-8").write("\n".join(rows) + "\n")
        expected[cc.lower() + "/customers.csv"] = 6
        recs = []
        for i in range(4):
            g, s = person()
            recs.append({"id": i + 1, JSON_KEY[cc]: "%s %s" % (g, s),
                         "email": "user%d@example.org" % i, "city": CITY[cc]})
        with open(os.path.join(d, "records.json"), "w", encoding="utf-8") as f:
            json.dump(recs, f, ensure_ascii=False, indent=1)
        expected[cc.lower() + "/records.json"] = 4
        sal, body, closing = LETTER[cc]
        _, s1 = person()
        g2, s2 = person(free=True)
        g3, s3 = person(free=True)
        text = "\n".join([sal.format(s=s1), "", body.format(n="%s %s" % (g2, s2)), "",
                          closing, "%s %s" % (g3, s3), ""])
        open(os.path.join(d, "letter.txt"), "w", encoding="utf-8").write(text)
        expected[cc.lower() + "/letter.txt"] = 3
    open(os.path.join(share, "lookalikes.txt"), "w", encoding="utf-8").write(LOOKALIKES)
    expected["lookalikes.txt"] = 0
    open(os.path.join(share, "codes.xml"), "w", encoding="utf-8").write(LOOKALIKES_XML)
    expected["codes.xml"] = 2
    # A forwarded e-mail's headers: display names written "Surname, Given"
    # are one name each (Roe is also a given name); a company, a subject, a
    # date and a list of surnames are none.
    os.makedirs(os.path.join(share, "mail"), exist_ok=True)
    open(os.path.join(share, "mail", "forwarded.txt"), "w", encoding="utf-8").write(FORWARDED)
    expected["mail/forwarded.txt"] = 3
    with open(os.path.join(share, "..", "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
