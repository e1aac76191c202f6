#!/usr/bin/python3
"""locale_share.py — piimap's precision and recall on a multi-locale customer
share whose values were made and checked by tools independent of piimap.

Values come from Faker (Debian's python3-fake-factory) in ten locales, and
thirteen more (MORE_LOCALES: --locales ten|more|all|LIST); a
value is kept only when an independent validator accepts it: libphonenumber
(python3-phonenumbers) for phones, valid for the locale's country; python-stdnum
(python3-stdnum) for IBANs, SSNs, BSNs, SINs and Italian fiscal codes; Luhn
for cards. Each locale gets what a real share holds:

  - a CRM export (CSV; ';' where the locale's spreadsheets write it) with
    headers in the local language;
  - JSON records with local keys;
  - letters with a salutation, an address block and the values after local
    labels ("Telefon: ...", "IBAN: ...").

With --documents the same letters are also written as DOCX, ODT and PDF and
the CRM exports and id tables as XLSX (LibreOffice, headless, every cell
typed as text as an export would), and each locale's folder is zipped: the
same values again, through the extractors. Needs `apt-get install
libreoffice-writer libreoffice-calc`.

piimap scans the share once (default options: no --region) and writes a JSON
data map; for every file and detector the occurrences found are compared with
the values planted there (tp = min(found, planted)). person_name and
postal_address are scored only when piimap has them (`piimap detectors`).

    apt-get install python3-fake-factory python3-phonenumbers python3-stdnum
    python3 bench/locale_share.py [--piimap build/piimap] [--rows 60] [--seed 7]
                                  [--documents] [--keep DIR] [--show-misses N]
                                  [--locales all] [--by-locale]

Standard library plus those three Debian packages; nothing here is a test
the suite depends on.
"""

import argparse
import collections
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile

try:
    from faker import Faker
    import phonenumbers
    from stdnum import iban as s_iban, luhn as s_luhn
    from stdnum.us import ssn as s_ssn
    from stdnum.nl import bsn as s_bsn
    from stdnum.ca import sin as s_sin
    from stdnum.it import codicefiscale as s_cf
    from stdnum.pl import pesel as s_pesel
    from stdnum.se import personnummer as s_pnr
    from stdnum.br import cpf as s_cpf
except ImportError as e:  # pragma: no cover - told to the user
    sys.exit(f"locale_share.py: {e}; apt-get install python3-fake-factory "
             "python3-phonenumbers python3-stdnum")

stdnum_pl_pesel, stdnum_se_pnr, stdnum_br_cpf = s_pesel.is_valid, s_pnr.is_valid, s_cpf.is_valid
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# locale -> country, CSV delimiter, header words, salutation, id (detector,
# Faker method, validator, header)
LOCALES = {
    "en_US": dict(cc="US", sep=",", phone="Phone", email="Email", name="Full Name",
                  addr="Address", dob="Date of Birth", dear="Dear {}",
                  nid=("us_ssn", "ssn", s_ssn.is_valid, "SSN")),
    "en_GB": dict(cc="GB", sep=",", phone="Telephone", email="Email", name="Name",
                  addr="Address", dob="Date of birth", dear="Dear {}", nid=None),
    "de_DE": dict(cc="DE", sep=";", phone="Telefon", email="E-Mail", name="Name",
                  addr="Anschrift", dob="Geburtsdatum", dear="Sehr geehrte Damen und Herren, {}",
                  nid=None),
    "fr_FR": dict(cc="FR", sep=";", phone="Téléphone", email="Courriel", name="Nom",
                  addr="Adresse", dob="Date de naissance", dear="Madame, Monsieur {},", nid=None),
    "nl_NL": dict(cc="NL", sep=";", phone="Telefoon", email="E-mail", name="Naam",
                  addr="Adres", dob="Geboortedatum", dear="Beste {},",
                  nid=("nl_bsn", "ssn", s_bsn.is_valid, "BSN")),
    "es_ES": dict(cc="ES", sep=";", phone="Teléfono", email="Correo", name="Nombre",
                  addr="Dirección", dob="Fecha de nacimiento", dear="Estimado/a {}:", nid=None),
    "it_IT": dict(cc="IT", sep=";", phone="Telefono", email="Email", name="Nome",
                  addr="Indirizzo", dob="Data di nascita", dear="Gentile {},",
                  nid=("it_fiscal_code", "ssn", s_cf.is_valid, "Codice fiscale")),
    "en_CA": dict(cc="CA", sep=",", phone="Phone", email="Email", name="Name",
                  addr="Address", dob="Date of Birth", dear="Dear {}",
                  nid=("ca_sin", "ssn", s_sin.is_valid, "SIN")),
    "en_AU": dict(cc="AU", sep=",", phone="Phone", email="Email", name="Name",
                  addr="Address", dob="Date of Birth", dear="Dear {}", nid=None),
    "hi_IN": dict(cc="IN", sep=",", phone="Phone", email="Email", name="Name",
                  addr="Address", dob="Date of Birth", dear="Dear {}", nid=None),
}
# More of Europe, the Americas and Asia, as far as Debian's Faker (0.9.3) has
# the locale (it has no fr_BE, en_IN, da_DK, nb_NO: no_NO stands for Norway).
# Each also has a mobile column (mob) and an IBAN where the country has them;
# priv is how a letter writes the phone label with a qualifier. Where
# Faker's phone provider is its en_US fallback (lpn=True: de_AT, de_CH,
# en_IE), the phones are drawn from libphonenumber's own example ranges and
# written in its national format instead. person_name and postal_address
# are not scored here: piimap claims them for the ten locales above only.
MORE_LOCALES = {
    "pl_PL": dict(abbr=("Tel.", "Tel. kom."), cc="PL", sep=";", phone="Nr telefonu", mob="Tel. komórkowy", email="E-mail",
                  name="Imię i nazwisko", addr="Adres", dob="Data urodzenia",
                  dear="Szanowni Państwo, {}", priv="Telefon (domowy)",
                  nid=("pl_pesel", "ssn", stdnum_pl_pesel, "PESEL")),
    "sv_SE": dict(abbr=("Tel", "Mobiltelefon"), cc="SE", sep=";", phone="Telefonnummer", mob="Mobil", email="E-post",
                  name="Namn", addr="Adress", dob="Födelsedatum", dear="Hej {},",
                  priv="Telefon (hem)",
                  nid=("se_personnummer", "ssn", stdnum_se_pnr, "Personnummer")),
    "pt_BR": dict(abbr=("Fone", "Cel."), cc="BR", sep=";", phone="Telefone", mob="Celular", email="E-mail",
                  name="Nome", addr="Endereço", dob="Data de nascimento", dear="Prezado(a) {},",
                  priv="Telefone (residencial)", iban=False,
                  nid=("br_cpf", "cpf", stdnum_br_cpf, "CPF")),
    "pt_PT": dict(abbr=("Tel.", "Telem."), cc="PT", sep=";", phone="Telefone", mob="Telemóvel", email="Correio eletrónico",
                  name="Nome", addr="Morada", dob="Data de nascimento", dear="Caro(a) {},",
                  priv="Telefone (casa)", nid=None),
    "de_AT": dict(abbr=("Tel.", "Mobil"), cc="AT", sep=";", phone="Telefon", mob="Handy", email="E-Mail", name="Name",
                  addr="Adresse", dob="Geburtsdatum", dear="Sehr geehrte Damen und Herren, {}",
                  priv="Telefon (privat)", lpn=True, nid=None),
    "de_CH": dict(abbr=("Tel.", "Mobile"), cc="CH", sep=";", phone="Telefon", mob="Natel", email="E-Mail", name="Name",
                  addr="Adresse", dob="Geburtsdatum", dear="Grüezi {},",
                  priv="Telefon (Geschäft)", lpn=True, nid=None),
    "fr_CH": dict(abbr=("Tél.", "Mobile"), cc="CH", sep=";", phone="Téléphone", mob="Natel", email="E-mail", name="Nom",
                  addr="Adresse", dob="Date de naissance", dear="Madame, Monsieur {},",
                  priv="Téléphone (privé)", nid=None),
    "nl_BE": dict(abbr=("Tel.", "Gsm-nummer"), cc="BE", sep=";", phone="Telefoonnummer", mob="GSM", email="E-mailadres",
                  name="Naam", addr="Adres", dob="Geboortedatum", dear="Beste {},",
                  priv="Telefoon (thuis)", nid=None),
    "en_IE": dict(abbr=("Tel.", "Mob."), cc="IE", sep=",", phone="Phone", mob="Mobile", email="Email", name="Name",
                  addr="Address", dob="Date of Birth", dear="Dear {}", priv="Phone (home)",
                  lpn=True, nid=None),
    "no_NO": dict(abbr=("Tlf.", "Mobiltelefon"), cc="NO", sep=";", phone="Telefon", mob="Mobilnummer", email="E-post",
                  name="Navn", addr="Adresse", dob="Fødselsdato", dear="Hei {},",
                  priv="Telefon (privat)", nid=None),
    "fi_FI": dict(abbr=("Puh.", "GSM"), cc="FI", sep=";", phone="Puhelin", mob="Matkapuhelin", email="Sähköposti",
                  name="Nimi", addr="Osoite", dob="Syntymäaika", dear="Hyvä {},",
                  priv="Puhelinnumero (koti)", nid=None),
    "cs_CZ": dict(abbr=("Tel.", "Mobilní telefon"), cc="CZ", sep=";", phone="Telefon", mob="Mobil", email="E-mail",
                  name="Jméno", addr="Adresa", dob="Datum narození", dear="Vážený pane / Vážená paní {},",
                  priv="Telefon (domů)", nid=None),
    "ja_JP": dict(abbr=("TEL", "携帯番号"), cc="JP", sep=",", phone="電話番号", mob="携帯電話", email="メールアドレス",
                  name="氏名", addr="住所", dob="生年月日", dear="{} 様", priv="自宅電話",
                  iban=False, nid=None),
}
# The SWIFT registry's BBAN of the new countries: (n digits, a letters, c either).
BBAN = {"PL": "24n", "SE": "20n", "PT": "21n", "AT": "16n", "CH": "5n12n", "BE": "12n",
        "IE": "4a14n", "NO": "11n", "FI": "14n", "CZ": "20n"}
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
}
DATE_WORDS = {"en": "{m} {d}, {y}", "de": "{d}. {m} {y}", "fr": "{d} {m} {y}",
              "nl": "{d} {m} {y}", "es": "{d} de {m} de {y}", "it": "{d} {m} {y}"}
# how a letter writes a phone label with a qualifier
PHONE_PRIVATE = {"en": "Phone (home)", "de": "Telefon (privat)", "fr": "Téléphone (fixe)",
                 "nl": "Telefoon (privé)", "es": "Teléfono (móvil)", "it": "Telefono (casa)"}
DOB_FMT = {"US": "%m/%d/%Y", "DE": "%d.%m.%Y", "NL": "%d-%m-%Y", "FR": "%d/%m/%Y",
           "ES": "%d/%m/%Y", "IT": "%d/%m/%Y",
           "PL": "%d.%m.%Y", "SE": "%Y-%m-%d", "BR": "%d/%m/%Y", "PT": "%d/%m/%Y",
           "AT": "%d.%m.%Y", "CH": "%d.%m.%Y", "BE": "%d/%m/%Y", "IE": "%d/%m/%Y",
           "NO": "%d.%m.%Y", "FI": "%d.%m.%Y", "CZ": "%d.%m.%Y", "JP": "%Y/%m/%d"}


def phone_ok(num, cc):
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(num, cc))
    except phonenumbers.NumberParseException:
        return False


def draw(fake, method, ok, tries=200):
    for _ in range(tries):
        v = str(getattr(fake, method)())
        if ok(v):
            return v
    return None


def person(fake, loc, cfg):
    """One customer: every value checked by its independent validator."""
    cc = cfg["cc"]
    p = {"name": fake.name() if loc != "hi_IN" else None,
         "email": fake.email(),
         "phone": draw(fake, "phone_number", lambda v: phone_ok(v, cc)),
         "iban": None, "card": draw(fake, "credit_card_number",
                                    lambda v: v.isdigit() and 13 <= len(v) <= 19 and s_luhn.is_valid(v)),
         "dob": None, "born": fake.date_of_birth(),
         "addr": fake.address() if loc != "hi_IN" else None, "nid": None}
    p["dob"] = p["born"].strftime(DOB_FMT.get(cc, "%Y-%m-%d"))
    if loc in ("de_DE", "fr_FR", "it_IT", "nl_NL", "en_GB"):
        p["iban"] = draw(fake, "iban", lambda v: v[:2] == cc and s_iban.is_valid(v))
    if cfg["nid"]:
        det, method, ok, _ = cfg["nid"]
        p["nid"] = draw(fake, method, ok)
    return p


def ascii_key(h):
    """A header as a JSON key in ASCII: "Data urodzenia" -> data_urodzenia,
    "Födelsedatum" -> fodelsedatum, "Tel. komórkowy" -> tel_komorkowy."""
    import re
    import unicodedata
    k = h.lower().translate(str.maketrans({"ø": "o", "æ": "ae", "ł": "l", "ß": "ss"}))
    k = "".join(c for c in unicodedata.normalize("NFKD", k) if not unicodedata.combining(c))
    k = re.sub(r"[^0-9a-z]+", "_", k).strip("_")
    return k or h  # a Japanese header stays as it is


def lpn_phone(cc, ntype):
    """A number libphonenumber calls valid and of type ntype for the country:
    its example number's first digits, the rest drawn; its national form."""
    ex = phonenumbers.example_number_for_type(cc, ntype)
    nsn = phonenumbers.national_significant_number(ex)
    keep = min(3, len(nsn) - 5)
    for _ in range(500):
        cand = nsn[:keep] + digits(len(nsn) - keep)
        num = phonenumbers.parse(cand, cc)
        if phonenumbers.is_valid_number(num) and phonenumbers.number_type(num) == ntype:
            return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
    return None


def gen_iban(cc):
    """An IBAN of the country's BBAN layout that python-stdnum accepts."""
    lay = BBAN[cc]
    for _ in range(3000):
        bban, i = "", 0
        while i < len(lay):
            j = i
            while lay[j].isdigit():
                j += 1
            n, kind = int(lay[i:j]), lay[j]
            alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            bban += "".join(random.choice(alpha if kind == "a" else "0123456789")
                            for _ in range(n))
            i = j + 1
        v = cc + s_iban.calc_check_digits(cc + "00" + bban) + bban
        if s_iban.is_valid(v):
            return v
    return None


def person_more(fake, cfg):
    """One customer of MORE_LOCALES: a phone, a mobile, an IBAN, an id."""
    cc = cfg["cc"]
    if cfg.get("lpn"):
        phone = lpn_phone(cc, phonenumbers.PhoneNumberType.FIXED_LINE)
    else:
        phone = draw(fake, "phone_number", lambda v: phone_ok(v, cc))
    p = {"name": fake.name(), "email": fake.email(), "phone": phone,
         "mob": lpn_phone(cc, phonenumbers.PhoneNumberType.MOBILE),
         "iban": gen_iban(cc) if cfg.get("iban", True) else None,
         "card": draw(fake, "credit_card_number",
                      lambda v: v.isdigit() and 13 <= len(v) <= 19 and s_luhn.is_valid(v)),
         "born": fake.date_of_birth(), "addr": fake.address(), "nid": None}
    p["dob"] = p["born"].strftime(DOB_FMT[cc])
    if cfg["nid"]:
        det, method, ok, _ = cfg["nid"]
        p["nid"] = draw(fake, method, ok)
    return p


def planted_counts(people, has):
    c = collections.Counter()
    for p in people:
        for key, det in (("email", "email"), ("phone", "phone"), ("mob", "phone"), ("iban", "iban"),
                         ("card", "credit_card"), ("dob", "date_of_birth"),
                         ("name", "person_name"), ("addr", "postal_address")):
            if p.get(key) and det in has:
                c[det] += 1
        if p.get("nid"):
            c[p["nid_det"]] += 1
    return c


def write_locale(root, loc, cfg, people, has):
    """Writes the three files of one locale; returns {relpath: Counter}."""
    d = os.path.join(root, loc)
    os.makedirs(os.path.join(d, "letters"), exist_ok=True)
    exp = {}
    nid_h = cfg["nid"][3] if cfg["nid"] else None
    cols = [("name", cfg["name"]), ("email", cfg["email"]), ("phone", cfg["phone"]),
            ("mob", cfg.get("mob")), ("dob", cfg["dob"]), ("iban", "IBAN"),
            ("card", cfg.get("card", "Card number")),
            ("addr", cfg["addr"]), ("nid", nid_h)]
    cols = [(k, h) for k, h in cols if h and any(p.get(k) for p in people)]
    with open(os.path.join(d, "crm_export.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=cfg["sep"])
        w.writerow(["id"] + [h for _, h in cols])
        for i, p in enumerate(people):
            w.writerow([1000 + i] + [(p.get(k) or "").replace("\n", ", ") for k, _ in cols])
    exp[f"{loc}/crm_export.csv"] = planted_counts(people, has)
    keys = {k: h.lower().replace(" ", "_") for k, h in cols}
    if "priv" in cfg:  # MORE_LOCALES: keys as programmers write them, in ASCII
        keys = {k: ascii_key(h) for k, h in cols}
    recs = [{keys[k]: p[k].replace("\n", ", ") for k, _ in cols if p.get(k)} for p in people]
    with open(os.path.join(d, "records.json"), "w", encoding="utf-8") as f:
        json.dump(recs, f, ensure_ascii=False, indent=1)
    exp[f"{loc}/records.json"] = planted_counts(people, has)
    for i, p in enumerate(people[:10]):
        lines = []
        if p.get("name"):
            lines.append(p["name"])
        if p.get("addr"):
            lines.extend(p["addr"].split("\n"))
        lines.append("")
        lines.append(cfg["dear"].format(p["name"] or ""))
        lines.append("")
        lang = loc[:2] if loc[:2] in MONTHS else "en"
        if "priv" in cfg:  # MORE_LOCALES: dates in words only where piimap claims them
            lang = loc[:2] if loc[:2] in MONTHS else None
        for k, h in cols:
            if k in ("name", "addr") or not p.get(k):
                continue
            v = p[k]
            if i % 3 == 2 and k in ("phone", "mob") and "abbr" in cfg:
                h = cfg["abbr"][0 if k == "phone" else 1]  # "Tel.", "Tlf.", "Puh."
            if i % 2 == 1:  # as people also print them
                if k in ("iban", "card"):
                    v = " ".join(v[j:j + 4] for j in range(0, len(v), 4))
                elif k == "dob" and lang:
                    b = p["born"]
                    v = DATE_WORDS[lang].format(d=b.day, y=b.year,
                                                m=MONTHS[lang].split()[b.month - 1])
                elif k == "phone" and "priv" in cfg:
                    h = cfg["priv"]
                elif k == "phone" and lang != "en" or k == "phone" and cfg["cc"] == "GB":
                    h = PHONE_PRIVATE[lang]
            lines.append(f"{h}: {v}")
        lines.append("")
        with open(os.path.join(d, "letters", f"letter_{i:02d}.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        c = planted_counts([p], has)
        if p.get("name") and "person_name" in has:
            c["person_name"] += 1  # the name also in the salutation
        exp[f"{loc}/letters/letter_{i:02d}.txt"] = c
    return exp


def digits(n):
    return "".join(random.choice("0123456789") for _ in range(n))


def gen_nir():
    v = random.choice("12") + digits(2) + "%02d" % random.randint(1, 12) + \
        "%02d" % random.randint(1, 95) + digits(6)
    return v + "%02d" % (97 - int(v) % 97)


def gen_dni():
    n = random.randint(10000000, 99999999)
    return "%d%s" % (n, "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23])


def gen_personnummer():
    return "%02d%02d%02d-%s" % (random.randint(40, 99), random.randint(1, 12),
                                random.randint(1, 28), digits(4))


def gen_nino():
    """HMRC's rules (no independent validator in python-stdnum): D F I Q U V
    never, O never second, BG GB NK KN TN NT ZZ never allocated."""
    while True:
        first = random.choice("ABCEGHJKLMNOPRSTWXYZ")
        second = random.choice("ABCEGHJKLMNPRSTWXYZ")
        if first + second not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            break
    d = digits(6)
    return f"{first}{second} {d[:2]} {d[2:4]} {d[4:]} {random.choice('ABCD')}"


def stdnum_ok(module):
    import importlib
    mod = importlib.import_module("stdnum." + module)
    return mod.is_valid


# detector, generator, independent validator (None: the format's own rules),
# header and letter label, a grouped print form
IDS = [
    ("fr_nir", gen_nir, stdnum_ok("fr.nir"), "Numéro de sécurité sociale",
     lambda v: f"{v[0]} {v[1:3]} {v[3:5]} {v[5:7]} {v[7:10]} {v[10:13]} {v[13:]}"),
    ("es_dni", gen_dni, stdnum_ok("es.dni"), "DNI", lambda v: v),
    ("de_tax_id", lambda: str(random.randint(1, 9)) + digits(10), stdnum_ok("de.idnr"),
     "Steuer-ID", lambda v: f"{v[:2]} {v[2:5]} {v[5:8]} {v[8:]}"),
    ("in_aadhaar", lambda: str(random.randint(2, 9)) + digits(11), stdnum_ok("in_.aadhaar"),
     "Aadhaar", lambda v: f"{v[:4]} {v[4:8]} {v[8:]}"),
    ("uk_nhs", lambda: digits(10), stdnum_ok("gb.nhs"), "NHS number",
     lambda v: f"{v[:3]} {v[3:6]} {v[6:]}"),
    ("pl_pesel", lambda: "%02d%02d%02d%s" % (random.randint(40, 99), random.randint(1, 12),
                                             random.randint(1, 28), digits(5)),
     stdnum_ok("pl.pesel"), "PESEL", lambda v: v),
    ("br_cpf", lambda: digits(11), stdnum_ok("br.cpf"), "CPF",
     lambda v: f"{v[:3]}.{v[3:6]}.{v[6:9]}-{v[9:]}"),
    ("se_personnummer", gen_personnummer, stdnum_ok("se.personnummer"), "Personnummer",
     lambda v: v),
    ("au_tfn", lambda: digits(9), stdnum_ok("au.tfn"), "TFN",
     lambda v: f"{v[:3]} {v[3:6]} {v[6:]}"),
    ("us_itin", lambda: "9" + digits(2) + random.choice(["70", "78", "80", "88", "90", "92"])
     + digits(4), stdnum_ok("us.itin"), "ITIN", lambda v: f"{v[:3]}-{v[3:5]}-{v[5:]}"),
    ("uk_nino", gen_nino, None, "National Insurance number", lambda v: v),
]


def write_ids(root, has, rows):
    """One CSV (the id under its header, the same shape under order_id),
    one JSON file and letters per identifier; returns {relpath: Counter}."""
    exp = {}
    d = os.path.join(root, "ids")
    os.makedirs(d, exist_ok=True)
    for det, gen, ok, header, grouped in IDS:
        if det not in has:
            continue
        vals = []
        while len(vals) < rows:
            v = gen()
            if ok is None or ok(v):
                vals.append(v)
        with open(os.path.join(d, f"{det}.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["row", header, "amount"])
            for i, v in enumerate(vals):
                w.writerow([i + 1, v if i % 2 else grouped(v), "%d.%02d" % (i * 37, i % 100)])
        exp[f"ids/{det}.csv"] = collections.Counter({det: rows})
        key = header.lower().replace(" ", "_")
        with open(os.path.join(d, f"{det}.json"), "w", encoding="utf-8") as f:
            json.dump([{"customer": 1000 + i, key: v} for i, v in enumerate(vals)], f,
                      ensure_ascii=False, indent=1)
        exp[f"ids/{det}.json"] = collections.Counter({det: rows})
        with open(os.path.join(d, f"{det}_letter.txt"), "w", encoding="utf-8") as f:
            f.write("To whom it may concern,\n\n")
            for v in vals[:5]:
                f.write(f"{header}: {grouped(v)}\n\n")
        exp[f"ids/{det}_letter.txt"] = collections.Counter({det: 5})
    return exp


def soffice(args, what):
    r = subprocess.run(["soffice", "--headless"] + args, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"locale_share.py: LibreOffice could not convert {what}: {r.stderr[-300:]}")


def documents(share, exp):
    """Copies of the letters (DOCX, ODT, PDF), of the CSV tables (XLSX, every
    cell text) and a zip of each locale's folder; adds their counts to exp."""
    if not shutil.which("soffice"):
        sys.exit("locale_share.py: --documents needs LibreOffice "
                 "(apt-get install libreoffice-writer libreoffice-calc)")
    flat = tempfile.mkdtemp(prefix="piimap-locales-flat-")
    srcs = {}
    for rel in sorted(exp):
        if rel.endswith(".txt") or rel.endswith(".csv"):
            name = rel.replace("/", "__")
            shutil.copyfile(os.path.join(share, rel), os.path.join(flat, name))
            srcs[name] = rel
    texts = sorted(n for n in srcs if n.endswith(".txt"))
    for fmt in ("docx", "odt", "pdf"):
        out = os.path.join(share, "documents", fmt)
        soffice(["--infilter=Text (encoded):UTF8", "--convert-to", fmt, "--outdir", out]
                + [os.path.join(flat, n) for n in texts], f"the letters to {fmt}")
        for n in texts:
            exp[f"documents/{fmt}/{n[:-4]}.{fmt}"] = exp[srcs[n]]
    text_cols = "/".join(f"{c}/2" for c in range(1, 17))
    for sep in (",", ";"):
        names = []
        for n in sorted(x for x in srcs if x.endswith(".csv")):
            with open(os.path.join(flat, n), encoding="utf-8") as f:
                head = f.readline()
            if (";" in head) == (sep == ";"):
                names.append(n)
        if names:
            out = os.path.join(share, "documents", "xlsx")
            soffice([f"--infilter=CSV:{ord(sep)},34,76,1,{text_cols}", "--convert-to", "xlsx",
                     "--outdir", out] + [os.path.join(flat, n) for n in names],
                    "the tables to xlsx")
            for n in names:
                exp[f"documents/xlsx/{n[:-4]}.xlsx"] = exp[srcs[n]]
    shutil.rmtree(flat)
    os.makedirs(os.path.join(share, "archives"), exist_ok=True)
    for loc in sorted({rel.split("/")[0] for rel in list(exp) if "/" in rel} - {"documents"}):
        z = os.path.join(share, "archives", f"{loc}.zip")
        with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
            for rel in sorted(r for r in list(exp) if r.startswith(loc + "/")):
                member = rel[len(loc) + 1:]
                zf.write(os.path.join(share, rel), member)
                exp[f"archives/{loc}.zip::{member}"] = exp[rel]


def pr_rc(tp, fp, fn):
    pr = tp / (tp + fp) if tp + fp else 1.0
    rc = tp / (tp + fn) if tp + fn else 1.0
    return f"{pr:9.3f} {rc:7.3f}"


def locale_of(rel):
    """The locale a planted file belongs to ("ids" for the id tables)."""
    parts = rel.split("/")
    if parts[0] == "documents":
        return parts[2].split("__")[0]
    if parts[0] == "archives":
        return parts[1].split(".zip")[0]
    return parts[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--piimap", default=os.path.join(REPO, "build", "piimap"))
    ap.add_argument("--rows", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", help="write the share here and keep it")
    ap.add_argument("--documents", action="store_true",
                    help="also DOCX/ODT/PDF letters, XLSX tables and zips (LibreOffice)")
    ap.add_argument("--show-misses", type=int, default=0)
    ap.add_argument("--locales", default="all",
                    help="ten (the first ten), more (the others), all, or a list: pl_PL,sv_SE")
    ap.add_argument("--by-locale", action="store_true",
                    help="also each locale's totals and its detectors that miss")
    a = ap.parse_args()
    dets = subprocess.run([a.piimap, "detectors", "--json"], capture_output=True, text=True)
    has = {d["id"] for d in json.loads(dets.stdout)["detectors"]} if dets.returncode == 0 else set()
    root = a.keep or tempfile.mkdtemp(prefix="piimap-locales-")
    if a.keep:
        shutil.rmtree(root, ignore_errors=True)
        os.makedirs(root)
    share = os.path.join(root, "share")
    exp = {}
    every = list(LOCALES.items()) + list(MORE_LOCALES.items())
    want = {"ten": set(LOCALES), "more": set(MORE_LOCALES),
            "all": set(LOCALES) | set(MORE_LOCALES)}.get(a.locales, set(a.locales.split(",")))
    for n, (loc, cfg) in enumerate(every):
        if loc not in want:
            continue
        fake = Faker(loc)
        fake.seed_instance(a.seed * 100 + n)
        random.seed(a.seed * 100 + n)
        people = []
        more = loc in MORE_LOCALES
        for _ in range(a.rows):
            p = person_more(fake, cfg) if more else person(fake, loc, cfg)
            if cfg["nid"]:
                p["nid_det"] = cfg["nid"][0]
            people.append(p)
        exp.update(write_locale(share, loc, cfg, people,
                                has - {"person_name", "postal_address"} if more else has))
    random.seed(a.seed)
    exp.update(write_ids(share, has, a.rows))
    if a.documents:
        documents(share, exp)
    db, key, out = (os.path.join(root, x) for x in ("scan.db", "key", "map.json"))
    with open(key, "wb") as f:
        f.write(os.urandom(32))
    os.chmod(key, 0o600)
    subprocess.run([a.piimap, "scan", "--quiet", "--db", db, "--key", key, share], check=False)
    subprocess.run([a.piimap, "report", "--db", db, "--json", out], check=True,
                   capture_output=True)
    found = {}
    for f in json.load(open(out))["files"]:
        rel = os.path.relpath(f["path"], share)
        if f.get("members"):
            rel += "::" + "::".join(f["members"])
        found[rel] = {d: v["occurrences"] for d, v in f["findings"].items()}
    score = collections.defaultdict(lambda: [0, 0, 0])
    by_loc = collections.defaultdict(lambda: collections.defaultdict(lambda: [0, 0, 0]))
    misses = []
    for rel in sorted(set(exp) | set(found)):
        e, g = exp.get(rel, collections.Counter()), found.get(rel, {})
        loc = locale_of(rel)
        for det in set(e) | set(g):
            if det not in has or det in ("ipv4", "ipv6"):
                continue
            if loc in MORE_LOCALES and det in ("person_name", "postal_address"):
                continue  # not claimed for these locales
            x, y = e.get(det, 0), g.get(det, 0)
            for s in (score[det], by_loc[loc][det], by_loc[loc]["(all)"]):
                s[0] += min(x, y)
                s[1] += max(0, y - x)
                s[2] += max(0, x - y)
            if x != y:
                misses.append((rel, det, x, y))
    print(f"{'detector':16} {'tp':>6} {'fp':>5} {'fn':>5} {'precision':>9} {'recall':>7}")
    for det, (tp, fp, fn) in sorted(score.items()):
        print(f"{det:16} {tp:6} {fp:5} {fn:5} {pr_rc(tp, fp, fn)}")
    if a.by_locale:
        print(f"\n{'locale':8} {'detector':16} {'tp':>6} {'fp':>5} {'fn':>5} "
              f"{'precision':>9} {'recall':>7}")
        for loc in sorted(by_loc):
            for det, (tp, fp, fn) in sorted(by_loc[loc].items()):
                if det == "(all)" or fp or fn:
                    print(f"{loc:8} {det:16} {tp:6} {fp:5} {fn:5} {pr_rc(tp, fp, fn)}")
    for m in misses[:a.show_misses]:
        print("  %-32s %-15s planted %3d found %3d" % m)
    if not a.keep:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
