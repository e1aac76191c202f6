#!/usr/bin/python3
"""gen_addresses.py — a small multi-locale share with postal addresses planted
in CSV exports (local headers: one address column, or street, postcode and
city in columns of their own), JSON records (local keys), and letters with
address blocks, in ten locales (US, GB, CA, AU, IN, DE, FR, IT, ES, NL), plus
files of look-alikes (logs, code, number tables, prose with house-number-like
phrases) where no address is.

usage: gen_addresses.py OUTDIR
Writes OUTDIR/share/... and OUTDIR/expected.json: {"<path relative to
share>": N} — how many postal_address findings each file must give (0 for
the look-alikes). What counts as one address (the rules the detector
follows, detect/postal_address.c):
  - a street line with its postcode and city, on one line or across lines,
    or across the cells of one table row: one;
  - a street line alone under an address label or column (no postcode or
    city beside it): one;
  - a postcode, a city or a street line with neither label nor postcode:
    none.
Deterministic: the same share every time. Never real people: the streets
are landmarks and common street names; the names are invented.
"""
import json
import os
import sys

# street line, postcode, city, region (state/province or "")
PLACES = {
    "us": [("742 Evergreen Terrace", "62704", "Springfield", "IL"),
           ("1600 Pennsylvania Ave NW", "20500", "Washington", "DC"),
           ("350 Fifth Avenue", "10118", "New York", "NY"),
           ("4059 Mt Lee Dr", "90068", "Los Angeles", "CA"),
           ("5030 2nd Ave", "97272-1110", "Portland", "OR")],
    "gb": [("221B Baker Street", "NW1 6XE", "London", ""),
           ("10 Downing Street", "SW1A 2AA", "London", ""),
           ("12 Station Road", "M1 1AE", "Manchester", ""),
           ("44 Coventry Road", "B33 8TH", "Birmingham", ""),
           ("7 Queen's Crescent", "G4 9BW", "Glasgow", "")],
    "ca": [("24 Sussex Drive", "K1A 0B1", "Ottawa", "ON"),
           ("100 Queen St W", "M5H 2N2", "Toronto", "ON"),
           ("1055 Canada Place", "V6C 0C3", "Vancouver", "BC")],
    "au": [("1 Macquarie Street", "2000", "Sydney", "NSW"),
           ("200 Bourke Street", "3000", "Melbourne", "VIC")],
    "in": [("12 MG Road", "560001", "Bengaluru", ""),
           ("45 Nehru Marg", "110001", "New Delhi", "")],
    "de": [("Hauptstraße 12a", "10115", "Berlin", ""),
           ("Berliner Straße 5", "60311", "Frankfurt am Main", ""),
           ("Lindenweg 4", "80331", "München", ""),
           ("Goethestr. 7", "04109", "Leipzig", ""),
           ("Königsallee 60", "40212", "Düsseldorf", "")],
    "fr": [("12 rue de la Paix", "75002", "Paris", ""),
           ("5 avenue Foch", "75116", "Paris", ""),
           ("8 boulevard Haussmann", "75009", "Paris", ""),
           ("3 place Bellecour", "69002", "Lyon", ""),
           ("14 quai des Chartrons", "33000", "Bordeaux", "")],
    "it": [("Via Roma 5", "00184", "Roma", ""),
           ("Piazza San Marco 1", "30124", "Venezia", ""),
           ("Corso Buenos Aires 33", "20124", "Milano", ""),
           ("Viale Europa 10", "00144", "Roma", "")],
    "es": [("Calle Mayor 3", "28013", "Madrid", ""),
           ("Calle de Alcalá, 45, 2º B", "28014", "Madrid", ""),
           ("Avenida Diagonal 640", "08017", "Barcelona", ""),
           ("Paseo de Gracia 21", "08007", "Barcelona", ""),
           ("C/ Gran Vía 28", "28013", "Madrid", "")],
    "nl": [("Kerkstraat 12", "1017 GC", "Amsterdam", ""),
           ("Keizersgracht 123", "1015 CJ", "Amsterdam", ""),
           ("Stationsplein 9", "2514 EA", "Den Haag", ""),
           ("Oudegracht 45", "3511 AB", "Utrecht", ""),
           ("Coolsingel 40", "3011 AD", "Rotterdam", "")],
}

NAMES = ["Ann Lee", "Bo Park", "Cas Ruiz", "Dee Moss", "Eli Vance", "Fay Orr", "Gus Hale",
         "Hal Penn", "Ida Wren", "Jo Quist"]


def one_line(cc, p):
    """The address written on one line, as the locale does."""
    street, pc, city, reg = p
    if cc == "us":
        return "%s, %s, %s %s" % (street, city, reg, pc)
    if cc in ("ca", "au"):
        return "%s, %s %s %s" % (street, city, reg, pc)
    if cc in ("gb", "in"):
        return "%s, %s %s" % (street, city, pc)
    return "%s, %s %s" % (street, pc, city)


def block(cc, p):
    """The address as a letter's block of lines."""
    street, pc, city, reg = p
    if cc == "us":
        return [street, "%s, %s %s" % (city, reg, pc)]
    if cc in ("ca", "au"):
        return [street, "%s %s  %s" % (city, reg, pc)]
    if cc == "gb":
        return [street, city.upper() if street.startswith("10 ") else city, pc]
    if cc == "in":
        return [street, "%s - %s" % (city, pc)]
    if cc == "nl":
        return [street, "%s  %s" % (pc, city.upper())]
    return [street, "%s %s" % (pc, city)]


def csv_cell(v, sep):
    if sep in v or '"' in v or "," in v:
        return '"' + v.replace('"', '""') + '"'
    return v


# One address column, local headers.
EXPORT_HEADERS = {"us": ("name", "email", "address"), "gb": ("Name", "Email", "Address"),
                  "ca": ("name", "email", "address"), "au": ("Name", "Email", "Address"),
                  "in": ("Name", "Email", "Address"), "de": ("Name", "E-Mail", "Anschrift"),
                  "fr": ("Nom", "Courriel", "Adresse"), "it": ("Nome", "Email", "Indirizzo"),
                  "es": ("Nombre", "Correo", "Dirección"), "nl": ("Naam", "E-mail", "Adres")}
# Street, postcode and city in columns of their own.
SPLIT = {
    "us": (",", ("name", "street", "city", "state", "zip"),
           lambda n, p: (n, p[0], p[2], p[3], p[1])),
    "gb": (",", ("name", "address", "town", "postcode"), lambda n, p: (n, p[0], p[2], p[1])),
    "ca": (",", ("name", "address", "city", "province", "postal code"),
           lambda n, p: (n, p[0], p[2], p[3], p[1])),
    "de": (";", ("Name", "Straße", "PLZ", "Ort"), lambda n, p: (n, p[0], p[1], p[2])),
    "fr": (";", ("nom", "adresse", "code postal", "ville"), lambda n, p: (n, p[0], p[1], p[2])),
    "it": (";", ("nome", "indirizzo", "cap", "città"), lambda n, p: (n, p[0], p[1], p[2])),
    "es": (";", ("nombre", "dirección", "código postal", "ciudad"),
           lambda n, p: (n, p[0], p[1], p[2])),
    "nl": (";", ("naam", "adres", "postcode", "woonplaats"), lambda n, p: (n, p[0], p[1], p[2])),
}
JSON_KEYS = {"us": "address", "gb": "address", "ca": "address", "au": "address",
             "in": "address", "de": "anschrift", "fr": "adresse", "it": "indirizzo",
             "es": "direccion", "nl": "adres"}
STREET_KEYS = {"us": "street", "gb": "street", "de": "strasse", "fr": "rue", "nl": "straat",
               "it": "indirizzo", "es": "dirección", "ca": "street"}
LETTER = {
    "us": ("Dear Mr. Hale,", "Please find enclosed the signed lease."),
    "gb": ("Dear Ms Wren,", "Thank you for your letter of 3 May 2024."),
    "ca": ("Dear Mr. Penn,", "Your renewal is attached."),
    "au": ("Dear Ms Orr,", "Your policy documents are attached."),
    "in": ("Dear Mr. Vance,", "Please find the invoice attached."),
    "de": ("Sehr geehrte Frau Moss,", "anbei erhalten Sie den Vertrag."),
    "fr": ("Madame,", "Veuillez trouver ci-joint le contrat."),
    "it": ("Gentile Sig. Ruiz,", "In allegato il contratto firmato."),
    "es": ("Estimado Sr. Park:", "Le adjuntamos el contrato firmado."),
    "nl": ("Beste mevrouw Quist,", "Hierbij ontvangt u het contract."),
}

# Files where no address is: each line a look-alike.
LOOKALIKES = {
    "logs/app.log": "\n".join(
        ["2024-01-05 12:%02d:01 INFO Worker %d started on 10.0.%d.5 port 8080 Way %d Done"
         % (i, i, i, i + 3) for i in range(40)] +
        ["2024-01-05 13:00:00 WARN address: 0x7fff5fbff8c8 freed twice",
         "2024-01-05 13:00:01 INFO listening on address 192.168.1.10 port 8080",
         "2024-01-05 13:00:02 INFO 3 Main St requests served in 12 ms, Close 10115 Berlin",
         "2024-01-05 13:00:03 DEBUG route 66 via proxy 3, 10115 entries"]) + "\n",
    "docs/notes.txt": "\n".join([
        "5 Street Fighter II was released in 1991.",
        "See Section 12 Road Traffic Act 1988 for details.",
        "The meeting on 12 May 2020 in Berlin was moved.",
        "Suite 100 passed, 3 failed.",
        "1 Main St is where we first met.",
        "Upgrade to version 2.4.1 Drive before 10115 Berlin goes live.",
        "Chapter 3 Place the cover on, then 75002 Paris tests.",
        "We ran 12 rounds. Section 10115 applies.",
        "Hauptstraße 12 in Berlin is nice.",
    ]) + "\n",
    "finance/numbers.csv": "order,amount,qty,code\n" + "".join(
        "%d,%d.%02d,%d,%05d\n" % (1000 + i, 10115 + i, i, i % 7, 75000 + i) for i in range(60)),
    "src/geo.c": "\n".join([
        "/* address: 0x7fff */",
        "int st = way(10115, Berlin);",
        "for (int i = 0; i < 12; i++) street[i] = road(i, 62704);",
        "static const char *city = \"Springfield, IL 62704\";",
        "#define VIA_PORT 5 /* via 5 */",
    ]) + "\n",
}


def main():
    out = sys.argv[1]
    share = os.path.join(out, "share")
    expected = {}

    def put(rel, text, n):
        path = os.path.join(share, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        expected[rel] = n

    for cc, places in PLACES.items():
        # Export: one address column.
        hdr = EXPORT_HEADERS[cc]
        rows = [",".join(hdr)]
        for i, p in enumerate(places):
            n = NAMES[i % len(NAMES)]
            rows.append(",".join(csv_cell(v, ",") for v in
                                 (n, n.split()[0].lower() + "@example.com", one_line(cc, p))))
        put("exports/%s_customers.csv" % cc, "\r\n".join(rows) + "\r\n", len(places))
        # Export: street, postcode and city in columns of their own.
        if cc in SPLIT:
            sep, hdr, row = SPLIT[cc]
            rows = [sep.join(hdr)]
            for i, p in enumerate(places):
                rows.append(sep.join(csv_cell(v, sep) for v in row(NAMES[i], p)))
            put("exports/%s_split.csv" % cc, "\n".join(rows) + "\n", len(places))
        # Dutch and German exports keep the house number in a column of its own.
        if cc in ("nl", "de"):
            sep = ";"
            hdr = ("naam;straat;huisnummer;postcode;woonplaats" if cc == "nl" else
                   "Name;Straße;Hausnummer;PLZ;Ort")
            rows = [hdr]
            for i, p in enumerate(places):
                street = p[0].rsplit(" ", 1)
                rows.append(sep.join((NAMES[i], street[0], street[1], p[1], p[2])))
            put("exports/%s_housenumber.csv" % cc, "\n".join(rows) + "\n", len(places))
        # JSON records: the whole address under one local key, and (where
        # the locale has a street key) the street line alone under it.
        recs = [{"id": i + 1, "name": NAMES[i], JSON_KEYS[cc]: one_line(cc, p)}
                for i, p in enumerate(places)]
        n = len(recs)
        if cc in STREET_KEYS:
            for i, p in enumerate(places):
                recs.append({"id": 100 + i, "name": NAMES[-1 - i], STREET_KEYS[cc]: p[0]})
            n += len(places)
        put("records/%s.json" % cc, json.dumps(recs, indent=2, ensure_ascii=False) + "\n", n)
        # Letters: sender and recipient blocks, a salutation, a body.
        for k in range(2):
            a, b = places[k % len(places)], places[(k + 1) % len(places)]
            sal, body = LETTER[cc]
            lines = ([NAMES[k]] + block(cc, a) + ["", NAMES[k + 2]] + block(cc, b) +
                     ["", "12 March 2024" if cc in ("gb", "au", "in") else "2024-03-12", "",
                      sal, "", body, "Ref. 12 / 2024, page 1 of 2.", "", "Kind regards", NAMES[k]])
            put("letters/%s_letter_%d.txt" % (cc, k + 1), "\n".join(lines) + "\n", 2)
    for rel, text in LOOKALIKES.items():
        put(rel, text, 0)
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
    print("%d files, %d addresses" % (len(expected), sum(expected.values())))


if __name__ == "__main__":
    main()
