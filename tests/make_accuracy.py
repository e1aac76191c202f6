#!/usr/bin/env python3
"""make_accuracy.py — writes tests/data/accuracy.tsv, the labelled accuracy set.

Deterministic (seeded). Each line: detector<TAB>expected count<TAB>text, as in
detectors.tsv; `any` with 0 means no default detector may fire. Positives are
valid values in realistic sentences; hard negatives are what detectors
confuse with them: GUID fragments, floats in scientific notation, timestamps,
long digit runs holding Luhn-valid slices, IBAN-like words, SSN-shaped
invalid numbers, Luhn-invalid cards, impossible phone numbers, versions,
amounts, ISBNs, ZIP+4 codes, hex digests.

usage: make_accuracy.py > tests/data/accuracy.tsv
"""
import random
import string
import uuid

R = random.Random(20261123)
rows = []


def add(det, n, text):
    assert "\t" not in text and "\n" not in text
    rows.append(f"{det}\t{n}\t{text}")


def luhn_digit(s):
    total = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(s):
    return luhn_digit(s[:-1]) == s[-1]


def card(prefix, length):
    body = prefix + "".join(R.choice(string.digits) for _ in range(length - len(prefix) - 1))
    return body + luhn_digit(body)


def group(num, sep, sizes):
    out, i = [], 0
    for s in sizes:
        out.append(num[i:i + s])
        i += s
    return sep.join(out)


FIRST = ["ann", "bob", "cyd", "dana", "eli", "fay", "gus", "hana", "ivo", "jun", "kai", "lea"]
LAST = ["lee", "roy", "fox", "ng", "smith", "garcia", "muller", "rossi", "dubois", "kowalski"]
DOMS = ["example.com", "example.org", "corp.example.net", "mail.example.co.uk", "example.de",
        "example.fr", "example.io", "uni.example.edu"]

# ---- positives -------------------------------------------------------------
for i in range(45):
    f, l, d = R.choice(FIRST), R.choice(LAST), R.choice(DOMS)
    addr = R.choice([f"{f}.{l}@{d}", f"{f}{i}@{d}", f"{f}_{l}+hr@{d}", f"{f[0]}.{l}@{d}".upper()])
    tpl = R.choice(["Contact: {}", "<{}>", "mailto:{}", "\"{}\",", "send it to {}.", "{} wrote:",
                    "cc: {}; bcc: none"])
    add("email", 1, tpl.format(addr))

issuers = [("4", 16, [4, 4, 4, 4]), ("51", 16, [4, 4, 4, 4]), ("2221", 16, [4, 4, 4, 4]),
           ("2720", 16, [4, 4, 4, 4]), ("37", 15, [4, 6, 5]), ("34", 15, [4, 6, 5]),
           ("6011", 16, [4, 4, 4, 4]), ("65", 16, [4, 4, 4, 4]), ("3530", 16, [4, 4, 4, 4]),
           ("36", 14, [4, 6, 4]), ("4", 13, [13]), ("4", 19, [4, 4, 4, 4, 3])]
for i in range(48):
    pre, ln, sizes = issuers[i % len(issuers)]
    num = card(pre, ln)
    form = R.choice(["plain", " ", "-"]) if len(sizes) > 1 else "plain"
    text = num if form == "plain" else group(num, form, sizes)
    tpl = R.choice(["card {}", "PAN={}&amt=10", "{} exp 09/27", "Visa: {}", "\"{}\",ok",
                    "charged to {} today"])
    add("credit_card", 1, tpl.format(text))


# Assigned North American area codes (libphonenumber holds numbers with
# others invalid): the random area picks one of them, so the random stream,
# and every other row, stays as it was.
AREAS = """201 202 203 205 206 207 208 209 210 212 213 214 215 216 217 218 219 224 225
228 229 231 234 239 240 248 251 252 253 254 256 260 262 267 269 270 276 281 301 302 303 304
305 307 308 309 310 312 313 314 315 316 317 318 319 320 321 323 325 330 334 336 337 339 347
351 352 360 361 385 386 401 402 403 404 405 406 407 408 409 410 412 413 414 415 416 417 418
419 423 424 425 430 432 434 435 440 443 450 469 470 475 478 479 480 484 501 502 503 504 505
506 507 508 509 510 512 513 514 515 516 517 518 519 520 530 540 541 551 559 561 562 563 567
570 571 573 574 575 580 585 586 601 602 603 604 605 606 607 608 609 610 612 613 614 615 616
617 618 619 620 623 626 630 631 636 641 646 647 650 651 660 661 662 678 682 701 702 703 704
705 706 707 708 709 712 713 714 715 716 717 718 719 720 724 727 731 732 734 740 754 757 760
763 765 770 772 773 774 775 778 780 781 785 786 801 802 803 804 805 806 808 810 812 813 814
815 816 817 818 819 828 830 831 832 843 845 847 848 850 856 857 858 859 860 862 863 864 865
870 872 878 901 902 903 904 905 906 907 908 909 910 912 913 914 915 916 917 918 919 920 925
928 931 936 937 940 941 947 949 951 952 954 956 970 971 972 973 978 979 980 985 989""".split()


def nanp():
    area = R.choice("23456789") + R.choice(string.digits) + R.choice(string.digits)
    area = AREAS[int(area) % len(AREAS)]
    ex = R.choice("23456789") + R.choice(string.digits) + R.choice(string.digits)
    while ex[1:] == "11":
        ex = ex[0] + "3" + ex[2]
    return area, ex, "".join(R.choice(string.digits) for _ in range(4))


for i in range(40):
    a, e, s = nanp()
    form = R.choice([f"({a}) {e}-{s}", f"{a}-{e}-{s}", f"{a}.{e}.{s}", f"+1 {a} {e} {s}",
                     f"1-{a}-{e}-{s}", f"+44 20 7946 {s}", f"+49 30 {e}{s}", f"+33 1 {a[1:]} {e[1:]} {s[:2]} {s[2:]}",
                     f"+91 98{e} {s}{a[2]}"])
    tpl = R.choice(["call {}", "tel: {}", "{} (office)", "reach me at {} or by mail", "{},"])
    add("phone", 1, tpl.format(form))


def ssn():
    while True:
        a = R.randint(1, 899)
        if a in (666,) or a == 0:
            continue
        g, s = R.randint(1, 99), R.randint(1, 9999)
        v = f"{a:03d}{g:02d}{s:04d}"
        if v not in ("078051120", "219099999", "123456789"):
            return f"{a:03d}", f"{g:02d}", f"{s:04d}"


for i in range(40):
    a, g, s = ssn()
    sep = R.choice(["-", " ", "-", "."])
    tpl = R.choice(["SSN {}", "social security no. {}", "{} (employee)", "ssn: {};", "{},W2"])
    add("us_ssn", 1, tpl.format(sep.join([a, g, s])))
for i in range(8):
    a, g, s = ssn()
    add("us_ssn", 1, R.choice(["SSN: {}", "SSN# {}", "Social Security Number {}"]).format(a + g + s))


def es_dc(d):
    c = 11 - sum(int(x) * w for x, w in zip(d, [1, 2, 4, 8, 5, 10, 9, 7, 3, 6])) % 11
    return {11: 0, 10: 1}.get(c, c)


def national(cc, bban):
    """The national check digits of BE, ES and NO (as their banks print
    them), written over the random ones: no extra random draws."""
    if cc == "BE":
        r = int(bban[:10]) % 97
        return bban[:10] + f"{r or 97:02d}"
    if cc == "ES":
        return bban[:8] + str(es_dc("00" + bban[:8])) + str(es_dc(bban[10:])) + bban[10:]
    if cc == "NO":
        for i in range(10):  # remainder 10 has no check digit: change the last account digit
            d = bban[:9] + str((int(bban[9]) + i) % 10)
            c = (11 - sum(int(x) * w for x, w in zip(d, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])) % 11) % 11
            if c != 10:
                return d + str(c)
    return bban


def iban(cc, length):
    bban = national(cc, "".join(R.choice(string.digits) for _ in range(length - 4)))
    s = bban + cc + "00"
    num = int("".join(str(int(c, 36)) for c in s))
    check = 98 - num % 97
    return f"{cc}{check:02d}{bban}"


for i in range(40):
    cc, ln = R.choice([("DE", 22), ("FR", 27), ("GB", 22), ("NL", 18), ("ES", 24), ("IT", 27),
                       ("BE", 16), ("CH", 21), ("PL", 28), ("NO", 15), ("AT", 20), ("IE", 22)])
    v = iban(cc, ln)
    if cc in ("GB", "NL", "IE"):  # bank codes are letters there
        letters = "".join(R.choice(string.ascii_uppercase) for _ in range(4))
        bban = letters + v[8:]
        s = bban + cc + "00"
        num = int("".join(str(int(c, 36)) for c in s))
        v = f"{cc}{98 - num % 97:02d}{bban}"
    if cc == "IT":  # the CIN, a letter, comes first (from the digit there: same random stream)
        bban = chr(ord("A") + int(v[4])) + v[5:]
        num = int("".join(str(int(c, 36)) for c in bban + cc + "00"))
        v = f"{cc}{98 - num % 97:02d}{bban}"
    text = v if R.random() < 0.5 else " ".join(v[i:i + 4] for i in range(0, len(v), 4))
    add("iban", 1, R.choice(["IBAN {}", "pay to {} by Friday", "{};EUR", "account: {}"]).format(text))

# national identifiers and dates of birth (values checked by their algorithms)
for v in ["AB 12 34 56 C", "JG103759A", "CE 81 22 14 D"]:
    add("uk_nino", 1, f"NI number {v}")
for v in ["130-692-544", "276 493 715", "543-218-762"]:
    add("ca_sin", 1, f"SIN {v}")
for v in ["1 85 05 78 006 084 91", "2 69 01 49 588 157 16"]:
    add("fr_nir", 1, f"n° sécu {v}")
for v in ["12345678Z", "87654321X", "X1234567L", "Y7654321G"]:
    add("es_dni", 1, f"DNI {v}")
add("nl_bsn", 1, "BSN: 111222333")
add("in_aadhaar", 1, "Aadhaar 2345 6789 0124")
add("in_aadhaar", 1, "aadhaar: 4918 2736 4507")
add("de_tax_id", 1, "Steuer-IdNr 86 095 742 719")
add("de_tax_id", 1, "IdNr: 12345678911")
add("it_fiscal_code", 1, "codice fiscale RSSMRA85T10A562S")
add("it_fiscal_code", 1, "CF BNCGPP70A41F205J")
for v in ["DOB: 1980-03-05", "born 5 March 1980", "Date of birth 05/13/1980",
          "Geburtsdatum: 05.03.1980", "birthday: March 5, 1980", "d.o.b. 1975-11-30"]:
    add("date_of_birth", 1, v)

# ---- hard negatives ----------------------------------------------------------
for i in range(40):  # GUIDs and GUID fragments
    u = str(uuid.UUID(int=R.getrandbits(128)))
    add("any", 0, R.choice(["id {}", "request-id: {}", "{}", "guid={}&x=1", "/api/v1/{}/items"])
        .format(u if R.random() < 0.7 else u.replace("-", "")))
for i in range(30):  # scientific notation, including Luhn-valid mantissas
    m = card("4", 16)
    add("any", 0, f"rate={m[0]}.{m[1:]}e{R.choice(['+', '-'])}{R.randint(1, 30):02d}")
for i in range(30):  # timestamps
    t = R.randint(1_000_000_000, 1_900_000_000)
    add("any", 0, R.choice([f"ts={t}", f"ts={t}{R.randint(100, 999)}", f"{t}{R.randint(100000, 999999)} ns",
                            f"2024-0{R.randint(1, 9)}-1{R.randint(0, 9)}T1{R.randint(0, 9)}:0{R.randint(0, 9)}:00.{R.randint(100, 999)}Z",
                            f"2024-03-0{R.randint(1, 9)} 10:{R.randint(10, 59)}:{R.randint(10, 59)},{R.randint(100, 999)}"]))
for i in range(40):  # long digit runs that hold Luhn-valid card slices
    c = card(R.choice(["4", "51", "37", "6011"]), 16)
    pad1 = "".join(R.choice(string.digits) for _ in range(R.randint(2, 8)))
    pad2 = "".join(R.choice(string.digits) for _ in range(R.randint(2, 8)))
    add("any", 0, R.choice(["tracking {}", "ref:{}", "{}"]).format(pad1 + c + pad2))
for i in range(30):  # Luhn-invalid card numbers with real prefixes
    c = card(R.choice(["4", "51", "6011", "3530"]), 16)
    bad = c[:-1] + str((int(c[-1]) + R.randint(1, 9)) % 10)
    assert not luhn_ok(bad)
    add("credit_card", 0, R.choice(["card {}", "{}", "{} exp 09/27"]).format(
        bad if R.random() < 0.5 else group(bad, " ", [4, 4, 4, 4])))
for i in range(30):  # IBAN-like words that fail mod-97 or the country length
    cc, ln = R.choice([("DE", 22), ("FR", 27), ("NL", 18), ("ES", 24)])
    v = iban(cc, ln)
    bad = v[:2] + f"{(int(v[2:4]) + R.randint(1, 9)) % 97:02d}" + v[4:]
    if R.random() < 0.3:
        bad = v[:-1]  # one character short
    add("iban", 0, R.choice(["IBAN {}", "code {}", "{}"]).format(bad))
for i in range(10):  # IBAN-shaped hex ids
    add("iban", 0, "build " + R.choice(["de", "be", "fr"]) + "".join(R.choice("0123456789abcdef")
                                                                     for _ in range(14)))
for i in range(30):  # SSN-shaped but impossible
    a, g, s = ssn()
    # a 9xx area with an IRS group (70-88, 90-92, 94-99) is an ITIN: keep the group out of those
    ng = g if int(g) < 70 or int(g) in (89, 93) else f"{int(g) - 30:02d}"
    bad = R.choice([f"000-{g}-{s}", f"666-{g}-{s}", f"9{a[1:]}-{ng}-{s}", f"{a}-00-{s}",
                    f"{a}-{g}-0000", "078-05-1120", "219-09-9999", f"{a}-{g} {s}"])
    # the famous samples are found, flagged as known test numbers (test_value)
    known = bad in ("078-05-1120", "219-09-9999")
    add("us_ssn", 1 if known else 0, R.choice(["SSN {}", "{}", "ref {}"]).format(bad))
for i in range(20):  # bare nine digits without a label
    a, g, s = ssn()
    add("us_ssn", 0, R.choice(["order {}", "qty 3 sku {}", "{}"]).format(a + g + s))
for i in range(30):  # impossible or unformatted phone numbers
    a, e, s = nanp()
    add("phone", 0, R.choice([f"{R.choice('01')}{a[1:]}-{e}-{s}", f"{a}-{R.choice('01')}{e[1:]}-{s}",
                              f"{a}-911-{s}", f"id {a}{e}{s}", f"{a}-{e}.{s}", f"+0 {a} {e} {s}",
                              f"{a}{e}{s}"]))
for i in range(20):  # versions, IPs, amounts, ISBNs, ZIP+4, invoice ids, digests
    add("any", 0, R.choice([
        f"v{R.randint(1, 20)}.{R.randint(0, 99)}.{R.randint(0, 999)}",
        f"{R.randint(1, 223)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
        f"${R.randint(1, 999)},{R.randint(100, 999)}.{R.randint(10, 99)}",
        f"ISBN 978-{R.randint(0, 9)}-{R.randint(10, 99)}-{R.randint(100000, 999999)}-{R.randint(0, 9)}",
        f"ZIP {R.randint(10000, 99999)}-{R.randint(1000, 9999)}",
        f"INV-2024-{R.randint(0, 999999):06d}",
        "sha256 " + "".join(R.choice("0123456789abcdef") for _ in range(64))]))
for v in ["icon@2x.png", "logo@3x.jpg", "user@localhost", "npm i lodash@4.17.21",
          "http://admin:secret@intranet.example.com/", "x@y.invalidtld", "@decorator(x)"]:
    add("email", 0, v)
for v in ["invoice date 1980-03-05", "DOB: 1980-02-30", "born in 1980", "released 05/13/1980"]:
    add("date_of_birth", 0, v)

# National formats (issue 10): after a label in the writer's language they
# count; bare, or under a word that is not a label, they do not. A second
# generator, so that the rows above stay as they were.
N = random.Random(20261129)


def digits(k):
    return "".join(N.choice(string.digits) for _ in range(k))


NATIONAL = [  # (labels, number); every number valid by libphonenumber
    (["Telefon:", "Tel.:", "Handy:"], lambda: f"(09075) {N.randint(2, 9)}{digits(5)}"),
    (["Telefon:", "Tel.:", "Rufnummer"], lambda: f"030 {N.randint(2, 9)}{digits(7)}"),
    (["Handy:", "Mobil:"], lambda: f"0151 {digits(8)}"),
    (["Tel:", "Phone:", "Telephone:"], lambda: f"0116 496 {digits(4)}"),
    (["Tel:", "Phone:"], lambda: f"020 7946 {digits(4)}"),
    (["Téléphone :", "Tél. :", "Portable :"], lambda: "06 " + " ".join(digits(2) for _ in range(4))),
    (["Téléphone :", "Tél :"], lambda: "01." + ".".join(digits(2) for _ in range(4))),
    (["Telefoon:", "Tel.:"], lambda: f"(038) {N.randint(2, 9)}{digits(6)}"),
    (["Telefoon:", "Mobiel:"], lambda: f"06-{N.randint(1, 9)}{digits(7)}"),
    (["Teléfono:", "Móvil:"], lambda: f"6{digits(2)} {digits(3)} {digits(3)}"),
    (["Teléfono:", "Tel.:"], lambda: f"91 {N.randint(2, 9)}{digits(2)} {digits(2)} {digits(2)}"),
    (["Telefono:", "Cellulare:"], lambda: f"333 {digits(3)} {digits(4)}"),
    (["Telefono:", "Tel."], lambda: f"06 {N.randint(2, 9)}{digits(3)} {digits(4)}"),
    (["Phone:", "Ph:"], lambda: f"(02) 9{digits(3)} {digits(4)}"),
    (["Mobile:", "Mob:"], lambda: f"0412 {digits(3)} {digits(3)}"),
    (["Phone:", "Tel:"], lambda: f"011 2{digits(3)} {digits(4)}"),
]
for i in range(48):
    labels, number = NATIONAL[i % len(NATIONAL)]
    add("phone", 1, f"{N.choice(labels)} {number()}")
for i in range(16):
    labels, number = NATIONAL[i % len(NATIONAL)]
    add("phone", 0, N.choice(["ref {}", "{}", "order {} shipped", "id={}"]).format(number()))
for i in range(16):  # dates, times and addresses after a label
    d, m = N.randint(1, 28), N.randint(1, 12)
    add("phone", 0, N.choice(["Tel: {:02d}.{:02d}.20{:02d}", "Telefon: 20{2:02d}-{1:02d}-{0:02d} 10:00",
                              "Téléphone : {:02d}/{:02d}/19{:02d}", "Tel: 10.{}.{}.{}"]).format(
        d, m, N.randint(0, 99)))

for r in rows:
    print(r)
