#!/usr/bin/env python3
"""gen_share.py — generate a realistic mixed file share with planted PII.

usage: gen_share.py OUTDIR [--seed N] [--scale S] [--no-self-check]

Writes
  OUTDIR/share/...     the tree to scan: hr/, finance/, it/, sales/, web/, dev/,
                       misc/ with CSV exports, logs, JSON, HTML, Markdown, source,
                       config and YAML files; some UTF-16 (LE with BOM, LE and BE
                       without BOM), some Latin-1, some UTF-8 with BOM, some CRLF;
                       a few multi-megabyte files whose values cross piimap's
                       256 KiB read-buffer boundaries;
  OUTDIR/truth.json    {"files": {"<path relative to share>": {"email": N, ...}},
                        "totals": {...}, "meta": {...}}: every planted occurrence
                       per file and detector (email, credit_card, phone,
                       date_of_birth);
  OUTDIR/raw.txt       every distinct planted raw value, one per line (for the
                       leak check of check_datamap.py --raw-values).

The output depends only on --seed and --scale (Python standard library only).

How the truth is kept honest. Text is built with every planted value wrapped in
a marker (\\x01 KIND value \\x02; KIND E=email, C=card, P=phone, D=date of
birth (a date under a Birthday header: a table's header labels it), N=deliberate
negative that the liberal finders below would flag, e.g. icon@2x.png,
lodash@4.17.21, deploy@10.0.0.5, a 15-digit IMEI starting with 4). Rendering strips the markers and records the spans, so
the truth counts exactly what is in the file. Then a self-check runs liberal
reference finders over the clean text: every email-, card- or phone-shaped
string (Luhn-valid issuer-prefixed digit groups, formatted NANP numbers,
+country-code numbers of 8-15 digits, local@domain.tld) must be a planted value,
lie inside one, or overlap a deliberate negative; every planted value must be
found by them with exactly its own extent and be valid under the rules. A
planted value that could also be read as a different (longer or shifted)
value is an error, so nothing ambiguous is planted. The generator fails if the
self-check finds anything.
"""
import argparse
import bisect
import datetime
import json
import os
import random
import re
import sys
import unicodedata

DETECTORS = ("email", "credit_card", "phone")
KIND = {"E": "email", "C": "credit_card", "P": "phone", "D": "date_of_birth"}
# The truth of this share counts birth dates too (a date under a "Birthday"
# header); the liberal reference finders of the self-check know the first
# three kinds only.
TRUTH_DETECTORS = DETECTORS + ("date_of_birth",)
FOUND_BY_REFERENCE = "ECP"


def E(v):
    return "\x01E" + v + "\x02"


def C(v):
    return "\x01C" + v + "\x02"


def P(v):
    return "\x01P" + v + "\x02"


def N(v):
    return "\x01N" + v + "\x02"


def D(v):
    return "\x01D" + v + "\x02"


MARK_RE = re.compile("\x01([ECPND])(.*?)\x02", re.S)


def render(text):
    """Strips the markers; returns (clean text, [(kind, start, end, value)])."""
    out, spans, pos, n = [], [], 0, 0
    for m in MARK_RE.finditer(text):
        out.append(text[pos:m.start()])
        n += m.start() - pos
        v = m.group(2)
        spans.append((m.group(1), n, n + len(v), v))
        out.append(v)
        n += len(v)
        pos = m.end()
    out.append(text[pos:])
    clean = "".join(out)
    if "\x01" in clean or "\x02" in clean:
        raise ValueError("unbalanced or nested marker")
    return clean, spans


def vlen(s):
    """Visible length of a marked string, in UTF-8 bytes."""
    return len(MARK_RE.sub(lambda m: m.group(2), s).encode("utf-8"))


# ---------------------------------------------------------------------------
# Validation rules (what a correct detector accepts)

def luhn_ok(d):
    s = 0
    for i, ch in enumerate(reversed(d)):
        v = ord(ch) - 48
        if i % 2:
            v *= 2
            if v > 9:
                v -= 9
        s += v
    return s % 10 == 0


def luhn_digit(partial):
    for c in "0123456789":
        if luhn_ok(partial + c):
            return c
    raise AssertionError


# Issuer table of the positives (the brief's rules).
PLANT_ISSUERS = [
    ("4", 1, (13, 16, 19)),
    ((51, 55), 2, (16,)),
    ((2221, 2720), 4, (16,)),
    ("34", 2, (15,)),
    ("37", 2, (15,)),
    ("6011", 4, (16,)),
    ("65", 2, (16,)),
    ((3528, 3589), 4, (16,)),
    ("36", 2, (14,)),
]

# Liberal issuer table for the self-check: every prefix any card scheme uses
# (a superset, so the generator avoids anything a detector might call a card).
LIBERAL_ISSUERS = [
    (4, 4, 1, 13, 19), (51, 55, 2, 16, 16), (2221, 2720, 4, 16, 16), (34, 34, 2, 15, 15),
    (37, 37, 2, 15, 15), (6011, 6011, 4, 16, 19), (644, 649, 3, 16, 19), (65, 65, 2, 16, 19),
    (622126, 622925, 6, 16, 19), (3528, 3589, 4, 16, 19), (300, 305, 3, 14, 19),
    (3095, 3095, 4, 14, 19), (36, 36, 2, 14, 19), (38, 39, 2, 14, 19), (62, 62, 2, 16, 19),
    (2200, 2204, 4, 16, 19), (5018, 5018, 4, 12, 19), (5019, 5019, 4, 16, 16),
    (5020, 5020, 4, 12, 19), (5038, 5038, 4, 12, 19), (5893, 5893, 4, 12, 19),
    (6304, 6304, 4, 12, 19), (6759, 6759, 4, 12, 19), (6761, 6763, 4, 12, 19), (1, 1, 1, 15, 15),
]


def plant_issuer_ok(d):
    for pre, plen, lens in PLANT_ISSUERS:
        p = d[:plen]
        ok = (p == pre) if isinstance(pre, str) else (pre[0] <= int(p) <= pre[1])
        if ok and len(d) in lens:
            return True
    return False


def liberal_layout(lens):
    """Group layouts anyone prints a card number in (a superset of the rules)."""
    if len(lens) == 1:
        return True
    if len(lens) == 3 and lens[0] == 4 and lens[1] == 6 and lens[2] in (4, 5, 6):
        return True
    return len(lens) >= 4 and all(x == 4 for x in lens[:-1]) and 1 <= lens[-1] <= 4


def liberal_card(d):
    n = len(d)
    if n < 12 or n > 19:
        return False
    for lo, hi, plen, mn, mx in LIBERAL_ISSUERS:
        if mn <= n <= mx and lo <= int(d[:plen]) <= hi:
            return luhn_ok(d)
    return False


def card_valid(v):
    groups = re.split(r"[ -]", v)
    seps = set(re.findall(r"[ -]", v))
    if len(seps) > 1 or not all(g.isdigit() for g in groups):
        return False
    d = "".join(groups)
    lay = tuple(len(g) for g in groups)
    ok_lay = {16: [(16,), (4, 4, 4, 4)], 15: [(15,), (4, 6, 5)], 14: [(14,), (4, 6, 4)],
              13: [(13,)], 19: [(19,), (4, 4, 4, 4, 3)]}.get(len(d), [])
    return lay in ok_lay and plant_issuer_ok(d) and luhn_ok(d)


# ITU-T E.164 assigned country calling codes.
CC = set(int(x) for x in """
1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61
62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98 211 212 213 216 218 220 221 222 223 224
225 226 227 228 229 230 231 232 233 234 235 236 237 238 239 240 241 242 243 244 245 246
247 248 249 250 251 252 253 254 255 256 257 258 260 261 262 263 264 265 266 267 268 269
290 291 297 298 299 350 351 352 353 354 355 356 357 358 359 370 371 372 373 374 375 376
377 378 379 380 381 382 383 385 386 387 389 420 421 423 500 501 502 503 504 505 506 507
508 509 590 591 592 593 594 595 596 597 598 599 670 672 673 674 675 676 677 678 679 680
681 682 683 685 686 687 688 689 690 691 692 850 852 853 855 856 880 886 960 961 962 963
964 965 966 967 968 970 971 972 973 974 975 976 977 992 993 994 995 996 998""".split())


def cc_len(d):
    for n in (1, 2, 3):
        if len(d) >= n and int(d[:n]) in CC:
            return n
    return 0


def nanp_ok(d10):
    return (d10[0] >= "2" and d10[3] >= "2" and d10[1:3] != "11" and d10[4:6] != "11")


def intl_digits_ok(d, strict=False):
    """d: all digits after the '+', trunk (0) removed. strict: the national
    number does not start with 0 (a trunk prefix), except in Italy."""
    if not 8 <= len(d) <= 15:
        return False
    n = cc_len(d)
    if not n:
        return False
    if n == 1 and d[0] == "1":
        return len(d) == 11 and nanp_ok(d[1:])
    if strict and d[n] == "0" and d[:n] != "39":
        return False
    return True


NANP_SHAPE = re.compile(r"^(?:\+?1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}$")


def swap(v, table):
    """v, or what table maps it to."""
    return table.get(v, v)


def phone_valid(v):
    if v.startswith("+"):
        d = re.sub(r"\(0\)", "", v)
        if not re.fullmatch(r"\+[1-9][0-9 .()\-]*[0-9]", d):
            return False
        return intl_digits_ok(re.sub(r"\D", "", d), strict=True)
    if not NANP_SHAPE.match(v):
        return False
    d = re.sub(r"\D", "", v)
    if len(d) == 11:
        d = d[1:]
    seps = re.findall(r"[ .-]", v.split(")")[-1])
    if "(" not in v and len(set(seps[-2:])) != 1:
        return False
    return len(d) == 10 and nanp_ok(d)


NOT_TLDS = set("""png jpg jpeg gif svg webp bmp ico tif tiff heic avif css scss less js mjs cjs
jsx ts tsx vue json xml yml yaml toml ini cfg conf txt log csv tsv pdf doc docx xls xlsx ppt
pptx odt ods zip gz tgz bz2 xz rar tar html htm php asp aspx jsp rb go java class jar dll exe
bin dat sql bat ps1 cpp hpp lock map woff woff2 ttf otf eot mp3 mp4 wav avi mkv webm flac ogg
swift kt scala py sh md c h""".split())

EMAIL_STRICT = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,24}")


def email_valid(v):
    if not EMAIL_STRICT.fullmatch(v) or ".." in v or ".@" in v:
        return False
    tld = v.rsplit(".", 1)[1].lower()
    return tld not in NOT_TLDS


# ---------------------------------------------------------------------------
# Self-check: liberal reference finders

EMAIL_LIB = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
DIGSEQ = re.compile(r"(?<![0-9])[0-9]+(?:[ -][0-9]+)*")
NANP_LIB = re.compile(r"(?<![A-Za-z0-9_])(?=((?:\+?1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])"
                      r"\d{3}[ .-]\d{4})(?![0-9]))")
PLUS_LIB = re.compile(r"(?<![A-Za-z0-9_])\+(?=[1-9])")
GROUP_RE = re.compile(r"[ .-]?(?:\((\d{1,4})\)|(\d+))")


def isword(ch):
    return ch.isalnum() or ch == "_"


def suspicious(clean):
    """Every email-, card- or phone-shaped string, liberally: [(kind, s, e)]."""
    out = []
    for m in EMAIL_LIB.finditer(clean):
        out.append(("E", m.start(), m.end()))
    n = len(clean)
    for m in DIGSEQ.finditer(clean):
        groups = [(g.start(), g.end()) for g in re.finditer(r"[0-9]+", m.group(0))]
        base = m.start()
        for i in range(len(groups)):
            d = ""
            for j in range(i, len(groups)):
                s, e = base + groups[i][0], base + groups[j][1]
                d += clean[base + groups[j][0]:base + groups[j][1]]
                if len(d) > 19:
                    break
                if len(d) < 12:
                    continue
                b = clean[s - 1] if s else ""
                a = clean[e] if e < n else ""
                if b and (isword(b) or (b == "." and s > 1 and clean[s - 2].isdigit())):
                    continue
                if a and (isword(a) or (a == "." and e + 1 < n and clean[e + 1].isdigit())):
                    continue
                lens = [b2 - a2 for a2, b2 in groups[i:j + 1]]
                if liberal_layout(lens) and liberal_card(d):
                    out.append(("C", s, e))
    for m in NANP_LIB.finditer(clean):
        v = m.group(1)
        d = re.sub(r"\D", "", v)
        if len(d) == 11:
            if d[0] != "1":
                continue
            d = d[1:]
        if len(d) == 10 and nanp_ok(d):
            e = m.start() + len(v)
            if e < n and isword(clean[e]):
                continue
            out.append(("P", m.start(), e))
    for m in PLUS_LIB.finditer(clean):
        i = m.end()
        first = re.match(r"\d+", clean[i:i + 40])
        digits = first.group(0)
        i += len(digits)
        trunk_ok = True
        while True:
            g = GROUP_RE.match(clean, i)
            if not g or g.end() - i > 40:
                break
            if g.group(1) is not None:
                if g.group(1) == "0" and trunk_ok:
                    trunk_ok = False
                    i = g.end()
                    continue
                digits += g.group(1)
            else:
                digits += g.group(2)
            trunk_ok = False
            i = g.end()
            if len(digits) > 15:
                break
            if 8 <= len(digits) <= 15 and intl_digits_ok(digits):
                if not (i < n and isword(clean[i])):
                    out.append(("P", m.start(), i))
        if 8 <= len(first.group(0)) <= 15 and intl_digits_ok(first.group(0)):
            e = m.end() + len(first.group(0))
            if not (e < n and isword(clean[e])):
                out.append(("P", m.start(), e))
    return out


def boundary_problem(clean, kind, s, e):
    n = len(clean)
    b = clean[s - 1] if s else ""
    b2 = clean[s - 2] if s > 1 else ""
    a = clean[e] if e < n else ""
    a2 = clean[e + 1] if e + 1 < n else ""
    if b and isword(b):
        return "glued before"
    if a and isword(a):
        return "glued after"
    if kind == "E":
        if b and b in "._%+-":
            return "email preceded by %r" % b
        if a == "-" or (a == "." and a2 and isword(a2)):
            return "email followed by %r" % (a + a2)
    else:
        if b == "+":
            return "preceded by +"
        if b and b in ".-/" and b2.isdigit():
            return "preceded by %r after a digit" % b
        if a and a in ".-/" and a2.isdigit():
            return "followed by %r and a digit" % a
    return None


def self_check(relpath, clean, spans):
    probs = []
    pos = [(k, s, e, v) for k, s, e, v in spans if k in FOUND_BY_REFERENCE]
    neg = sorted((s, e) for k, s, e, v in spans if k == "N")
    for k, s, e, v in pos:
        ok = {"E": email_valid, "C": card_valid, "P": phone_valid}[k](v)
        if not ok:
            probs.append("invalid planted %s %r" % (KIND[k], v))
        bp = boundary_problem(clean, k, s, e)
        if bp:
            probs.append("%s %r: %s (%r)" % (KIND[k], v, bp, clean[max(0, s - 20):e + 20]))
    cands = suspicious(clean)
    exact = set((k, s, e) for k, s, e in cands)
    for k, s, e, v in pos:
        if (k, s, e) not in exact:
            probs.append("planted %s %r not found by the reference finder" % (KIND[k], v))
    pstarts = sorted((s, e) for _, s, e, _ in pos)
    pidx = [s for s, _ in pstarts]
    nidx = [s for s, _ in neg]

    def near(lst, idx, s, e):
        return lst[bisect.bisect_left(idx, s - 300):bisect.bisect_right(idx, e)]

    for k, s, e in cands:
        ps = near(pstarts, pidx, s, e)
        if any(a <= s and e <= b for a, b in ps):
            continue
        if any(a < e and s < b for a, b in near(neg, nidx, s, e)):
            continue
        what = "ambiguous (overlaps a planted value)" if any(a < e and s < b for a, b in ps) \
            else "unplanned"
        probs.append("%s %s-shaped text %r in %r" % (what, KIND[k], clean[s:e],
                                                       clean[max(0, s - 30):e + 30]))
    return ["%s: %s" % (relpath, p) for p in probs]


# ---------------------------------------------------------------------------
# Data pools

FIRST = """James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David
Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Nancy Daniel
Lisa Matthew Betty Anthony Margaret Mark Sandra Priya Wei Hiroshi Fatima Olga Ahmed Chen
Aisha Raj Mei Lars Ingrid Kenji Yuki Carlos Ana Luca Giulia Pierre Camille Noah Emma Liam
Olivia Sofia Mateo Amara Tariq Nadia Grace Ethan Hannah Omar Leila Diego Elena Victor
Rosa Samuel Chloe Isaac Maya Jonas Freya Tom Kate""".split()
FIRST_ACC = """José François Zoë Søren Björn Chloé Renée Gonçalo Inês Jürgen Ángel Andrés Agnès
Hélène Jörg Åsa Øystein Raúl Léa Mónica Françoise Noémie Stéphane Sébastien Núria Joël
Maël Gaëlle Jérôme Márta Dóra Ülle Céline""".split()
LAST = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez
Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White
Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Nguyen
Patel Kim Chen Singh Kowalski Novak Rossi Dubois Jensen Nielsen Schmidt Schneider Fischer
Weber Becker Tanaka Sato Okafor Mensah Hughes Foster Price Bennett Ward Brooks Reyes Ortiz
Murphy Kelly Cooper Bailey Rivera Cruz Howard Ng Haddad Ivanova Petrov""".split() + ["O'Brien"]
LAST_ACC = """Müller García Fernández Martínez Gómez Schäfer Löfgren Jørgensen Pérez Núñez Côté
Lefèvre Brändli Köhler Weiß Strauß Ødegaard Sjöberg Åberg Ibáñez Peña Conceição Gonçalves
Bjørnstad Hämäläinen Dvořák""".split()
LATIN1_LAST = [x for x in LAST_ACC if all(ord(c) < 256 for c in x)]
LATIN1_FIRST = [x for x in FIRST_ACC if all(ord(c) < 256 for c in x)]

COMPANY_DOMAIN = "acme-corp.com"
CUSTOMER_DOMAINS = """globex.com initech.com umbrella-group.co.uk contoso.com northwind.de
fabrikam.io example.com example.org mail.example.org sub.domain.co.uk gmail.com yahoo.com
outlook.com web.de orange.fr hotmail.co.uk wayne-enterprises.com stark-industries.net
hooli.io piedpiper.com vandelay.com soylent.co cyberdyne.ai tyrell.corp.example.com
bluthcompany.com dundermifflin.com gringotts.co.uk planet-express.net monarch.de
acme-labs.org bigcorp.com.au kiwi-farms.co.nz maple-leaf.ca fjord.no tulip-trading.nl
alpenhof.at zurich-partners.ch lusitania.pt studio-nine.agency hello.berlin bakery.london
northwind.consulting pixel.photography nova.tech mail2.example.net ledger.app orbit.shop""".split()
EU_DOMAINS = "web.de gmx.de orange.fr free.fr libero.it telefonica.es sapo.pt northwind.de alpenhof.at zurich-partners.ch".split()
COMPANIES = """Globex Initech Umbrella Contoso Northwind Fabrikam Hooli Vandelay Soylent Cyberdyne
Tyrell Monarch Wayne Stark Gringotts Dunder-Mifflin Bluth Pied-Piper Tulip Alpenhof""".split()

NANP_AREAS = [int(x) for x in """201 202 203 205 206 207 208 210 212 213 214 215 216 217 218
224 225 228 229 231 234 239 240 248 251 252 253 254 256 260 262 267 269 270 276 281 301 302
303 304 305 307 308 309 310 312 313 314 315 316 317 318 319 320 321 323 330 334 336 337 339
347 351 352 360 361 385 386 401 402 404 405 406 407 408 409 410 412 413 414 415 416 417 419
423 425 430 432 434 435 440 443 469 478 479 480 484 501 502 503 504 505 507 508 509 510 512
513 515 516 517 518 520 530 540 541 551 559 561 562 563 567 570 571 573 574 580 585 586 601
602 603 604 605 606 607 608 609 610 612 614 615 616 617 618 619 620 623 626 630 631 636 641
646 647 650 651 657 660 661 662 678 682 701 702 703 704 706 707 708 712 713 714 715 716 717
718 719 720 724 727 731 732 734 740 754 757 760 763 765 770 772 773 774 775 781 785 786 800
801 802 803 804 805 806 808 810 812 813 814 815 816 817 818 828 830 831 832 843 845 847 848
850 856 857 858 859 860 862 863 864 865 870 878 888 901 903 904 906 907 908 909 910 912 913
914 915 916 917 918 919 920 925 928 931 936 937 940 941 947 949 951 952 954 956 970 971 972
973 978 979 980 985 989""".split()]

CITIES = [("San Francisco", "CA", "941"), ("New York", "NY", "100"), ("Chicago", "IL", "606"),
          ("Austin", "TX", "787"), ("Seattle", "WA", "981"), ("Boston", "MA", "021"),
          ("Denver", "CO", "802"), ("Atlanta", "GA", "303"), ("Portland", "OR", "972"),
          ("Miami", "FL", "331")]
STREETS = ["Market St", "Main St", "Oak Ave", "Pine St", "Mission St", "2nd Ave", "Elm St",
           "Broadway", "Maple Dr", "Cedar Ln", "Lake Shore Dr", "Sunset Blvd"]
DEPTS = ["Engineering", "Finance", "Human Resources", "Sales", "Marketing", "Legal",
         "Operations", "IT", "Customer Success", "Procurement"]
TITLES = ["Software Engineer", "Senior Accountant", "HR Generalist", "Account Executive",
          "Marketing Manager", "Counsel", "Operations Analyst", "Systems Administrator",
          "Support Specialist", "Buyer", "Team Lead", "Director", "VP Sales", "Data Analyst"]
WORDS = """the report was reviewed and approved by the committee after the quarterly close
we expect delivery next week pending final sign-off from procurement please update the
tracker before friday migration completed without data loss rollback plan attached the
vendor confirmed pricing for the renewal term budget variance is within tolerance action
items carried over from last meeting customer asked for a follow-up call about onboarding
server maintenance window scheduled overnight team agreed to revisit the roadmap""".split()

SENTENCES = [
    "Please review the attached figures before the Thursday sync.",
    "The renewal was approved at the revised rate.",
    "Action items from last week are still open; see the tracker.",
    "Numbers below are preliminary and may change after the audit.",
    "We agreed to move the deadline by one sprint.",
    "Procurement will confirm the PO once legal signs off.",
    "The migration finished overnight with no data loss.",
    "Facilities asked everyone to clear desks before the move.",
    "Budget variance stays within the 5% tolerance.",
    "Let's revisit this in the next planning cycle.",
    "Customer reported the issue is resolved after the patch.",
    "The vendor shipped the replacement units on schedule.",
    "Training sessions are mandatory for all new starters.",
    "No blockers this week; on track for the release.",
    "The dashboard now refreshes every 15 minutes.",
    "Two candidates moved to the final interview round.",
    "Travel must be booked through the portal at least 14 days ahead.",
    "Quarterly targets were met in three of four regions.",
]


def fold(s):
    s = s.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("æ", "ae")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]", "", s)


# ---------------------------------------------------------------------------
# Generator context

class Person:
    pass


class Gen:
    def __init__(self, seed, scale):
        self.r = random.Random(seed)
        self.scale = scale
        self.next_emp = 10400

    # -- basics
    def ri(self, a, b):
        return self.r.randint(a, b)

    def ch(self, seq):
        return self.r.choice(seq)

    def chance(self, p):
        return self.r.random() < p

    def digits(self, n):
        return "".join(self.ch("0123456789") for _ in range(n))

    def n(self, base):
        """A count scaled by --scale (at least 1)."""
        return max(1, int(round(base * self.scale)))

    @staticmethod
    def keep(v):
        return v

    def words(self, k):
        return " ".join(self.ch(WORDS) for _ in range(k))

    def sentence(self):
        return self.ch(SENTENCES)

    def para(self, k=3):
        return " ".join(self.sentence() for _ in range(k))

    # -- people
    def person(self, accented=None, latin1=False):
        p = Person()
        acc = self.chance(0.25) if accented is None else accented
        if latin1:
            p.first = self.ch(LATIN1_FIRST) if acc and self.chance(0.5) else self.ch(FIRST)
            p.last = self.ch(LATIN1_LAST) if acc else self.ch(LAST)
        else:
            p.first = self.ch(FIRST_ACC) if acc and self.chance(0.5) else self.ch(FIRST)
            p.last = self.ch(LAST_ACC) if acc else self.ch(LAST)
        p.name = p.first + " " + p.last
        self.next_emp += self.ri(1, 7)
        p.emp_id = "E%06d" % self.next_emp
        p.email = self.email_addr(p.first, p.last, COMPANY_DOMAIN if self.chance(0.5) else None)
        p.phone = self.phone_nanp_str()
        p.mobile = self.phone_intl_str() if self.chance(0.4) else self.phone_nanp_str()
        p.dept = self.ch(DEPTS)
        p.title = self.ch(TITLES)
        return p

    def email_addr(self, first=None, last=None, domain=None):
        if first is None:
            first, last = self.ch(FIRST + FIRST_ACC), self.ch(LAST + LAST_ACC)
        f, l = fold(first).lower(), fold(last).lower()
        domain = domain or self.ch(CUSTOMER_DOMAINS)
        style = self.ri(0, 12)
        if style == 12:
            local = f[0]
        elif style == 0:
            local = f[0] + l
        elif style == 1:
            local = f + "_" + l
        elif style == 2:
            local = f + l[0]
        elif style == 3:
            local = "%s.%s%d" % (f, l, self.ri(1, 99))
        elif style == 4:
            local = f[0] + "_" + l + "+" + self.ch(["news", "billing", "tag", "hr", "shop"])
        elif style == 5:
            local = f + "-" + l
        elif style == 6:
            local = f[0] + "." + l
        else:
            local = f + "." + l
        if self.chance(0.05):
            local, domain = local.upper(), ".".join(x.capitalize() if i == 0 else x.upper()
                                                    for i, x in enumerate(domain.split(".")))
        return self.keep(local + "@" + domain)

    def email(self, p=None):
        return E(p.email if p else self.email_addr())

    def role_email(self, domain=COMPANY_DOMAIN):
        return E(self.keep(self.ch(["support", "billing", "hr", "payroll", "it-helpdesk", "noc",
                                    "security", "sales", "info", "privacy", "accounts"])
                           + "@" + domain))

    # -- cards
    def card_digits(self, brand=None):
        brand = brand or self.r.choices(
            ["visa", "visa13", "visa19", "mc", "mc2", "amex", "disc", "disc65", "jcb", "diners"],
            [30, 3, 4, 15, 8, 12, 5, 4, 7, 5])[0]
        if brand == "visa":
            pre, n = "4", 16
        elif brand == "visa13":
            pre, n = "4", 13
        elif brand == "visa19":
            pre, n = "4", 19
        elif brand == "mc":
            pre, n = str(self.ri(51, 55)), 16
        elif brand == "mc2":
            pre, n = str(self.ri(2221, 2720)), 16
        elif brand == "amex":
            pre, n = self.ch(["34", "37"]), 15
        elif brand == "disc":
            pre, n = "6011", 16
        elif brand == "disc65":
            pre, n = "65", 16
        elif brand == "jcb":
            pre, n = str(self.ri(3528, 3589)), 16
        else:
            pre, n = "36", 14
        while True:
            d = pre + self.digits(n - len(pre) - 1)
            d += luhn_digit(d)
            if len(set(d)) > 2:
                return d

    def card_str(self, brand=None, fmt=None, d=None):
        d = d or self.card_digits(brand)
        n = len(d)
        fmt = fmt or self.r.choices(["plain", "space", "dash"], [45, 30, 25])[0]
        if n == 13 or fmt == "plain":
            v = d
        else:
            sep = " " if fmt == "space" else "-"
            lay = {16: (4, 4, 4, 4), 15: (4, 6, 5), 14: (4, 6, 4), 19: (4, 4, 4, 4, 3)}[n]
            parts, i = [], 0
            for g in lay:
                parts.append(d[i:i + g])
                i += g
            v = sep.join(parts)
        assert card_valid(v), v
        return self.keep(v)

    def card(self, brand=None, fmt=None):
        return C(self.card_str(brand, fmt))

    TEST_CARDS = ["4111111111111111", "4012888888881881", "5555555555554444", "5105105105105100",
                  "378282246310005", "371449635398431", "6011111111111117", "6011000990139424",
                  "3530111333300000", "3566002020360505", "2223003122003222", "4242424242424242",
                  "5200828282828210", "36227206271667", "4000056655665556"]

    def test_card(self, fmt="plain"):
        d = self.ch(self.TEST_CARDS)
        return C(self.card_str(d=d, fmt=fmt))

    def bad_card(self):
        """Luhn-invalid number with a card prefix and length (hard negative)."""
        d = self.card_digits(self.ch(["visa", "mc", "mc2", "disc", "jcb"]))
        last = str((int(d[-1]) + self.ri(1, 9)) % 10)
        d = d[:-1] + last
        assert not luhn_ok(d)
        f = self.ri(0, 2)
        if f == 0:
            return d
        sep = " -"[f - 1]
        return sep.join([d[0:4], d[4:8], d[8:12], d[12:16]])

    def masked_card(self):
        d = self.card_digits()
        f = self.ri(0, 4)
        if f == 0:
            return "*" * (len(d) - 4) + d[-4:]
        if f == 1:
            return "%s **** **** %s" % (d[:4], d[-4:])
        if f == 2:
            return "XXXX-XXXX-XXXX-" + d[-4:]
        if f == 3:
            return "%s%s%s" % (d[:6], "X" * (len(d) - 10), d[-4:])
        return "ending in " + d[-4:]

    def embedded_card(self):
        """A Luhn-valid card number inside a longer digit run or an id (negative)."""
        d = self.card_digits(self.ch(["visa", "mc", "amex", "disc"]))
        f = self.ri(0, 5)
        if f == 0:
            return self.digits(self.ri(3, 6)) + d + self.digits(self.ri(2, 5))  # 20+ digits
        if f == 1:
            return "txn_" + d + self.ch(["a", "b", "f", "x"]) + self.digits(2)
        if f == 2 and len(d) == 16:
            return "%08x-%s-%s-%s-%s%s%07x" % (self.r.getrandbits(32), d[:4], d[4:8], d[8:12],
                                               d[12:], self.ch("abcdef"), self.r.getrandbits(28))
        if f in (2, 3):
            return self.ch(["A", "K", "Z", "R"]) + d + self.ch(["B", "Q", "X"])
        if f == 4:
            return "%d.%se%d" % (self.ri(1, 9), d, self.ri(10, 19))
        return "0." + d

    # -- phones
    def nanp_digits(self):
        a = self.ch(NANP_AREAS)
        while True:
            e = self.ri(200, 999)
            if e % 100 != 11:
                break
        if self.chance(0.3):
            e, l = 555, "01%02d" % self.ri(0, 99)
        else:
            l = "%04d" % self.ri(0, 9999)
        return "%03d" % a, "%03d" % e, l

    NANP_FORMATS = ["({a}) {e}-{l}", "{a}-{e}-{l}", "{a}.{e}.{l}", "{a} {e} {l}", "+1 {a} {e} {l}",
                    "1-{a}-{e}-{l}", "+1-{a}-{e}-{l}", "+1 ({a}) {e}-{l}", "({a}){e}-{l}",
                    "+1 {a}-{e}-{l}", "+1{a}{e}{l}", "+1.{a}.{e}.{l}", "+1 {a}.{e}.{l}"]
    NANP_WEIGHTS = [22, 24, 8, 6, 10, 5, 6, 4, 3, 5, 5, 2, 2]

    def phone_nanp_str(self, fmt=None):
        a, e, l = self.nanp_digits()
        fmt = fmt or self.r.choices(self.NANP_FORMATS, self.NANP_WEIGHTS)[0]
        v = fmt.format(a=a, e=e, l=l)
        assert phone_valid(v), v
        return self.keep(v)

    def intl_groups(self):
        """A country code and the groups of a number valid by libphonenumber's
        metadata: where a random prefix may be unassigned, the digits drawn
        are mapped onto assigned ones (the same draws, so the rest of the
        share does not change)."""
        k = self.ri(0, 25)
        D = self.digits
        if k == 0:
            return "44", ["20", str(self.ri(7000, 8999)), D(4)]
        if k == 1:  # 076xx are pagers, mostly unassigned: 075xx
            g = D(3)
            return "44", ["7" + swap(g[0], {"6": "5"}) + g[1:], D(6)]
        if k == 2:
            return "49", ["30", D(6)]
        if k == 3:
            return "49", ["30", str(self.ri(2, 9)) + D(7)]
        if k == 4:  # 0153 and 0154 are not assigned
            return "49", ["15" + swap(str(self.ri(1, 9)), {"3": "5", "4": "7"}), D(8)]
        if k == 5:
            return "49", ["17" + str(self.ri(0, 9)), D(8)]
        if k == 6:  # only 01-03 and 05 are assigned whatever follows
            return "33", [swap(str(self.ri(1, 7)), {"4": "3", "6": "5", "7": "1"}), D(2), D(2),
                          D(2), D(2)]
        if k == 7:
            return "91", [str(self.ri(7, 9)) + D(4), D(5)]
        if k == 8:  # Sydney numbers 02 3-5xxx are partly unassigned
            return "61", ["2", swap(str(self.ri(2, 9)), {"3": "9", "4": "8", "5": "7"}) + D(3),
                          D(4)]
        if k == 9:  # mobiles 040-043 are assigned whatever follows
            g = D(2)
            return "61", ["4" + "0123012301"[int(g[0])] + g[1], D(3), D(3)]
        if k == 10:  # 91, 93, 95, 96 are geographic whatever follows
            g = D(2)
            return "34", ["9" + "1356135613"[int(g[0])] + g[1], D(3), D(3)]
        if k == 11:
            return "39", ["06", D(4), D(4)]
        if k == 12:
            return "31", ["20", D(3), D(4)]
        if k == 13:  # Tokyo 03-0xxx is not assigned
            g = D(4)
            return "81", ["3", swap(g[0], {"0": "1"}) + g[1:], D(4)]
        if k == 14:
            return "55", ["11", "9" + D(4), D(4)]
        if k == 15:
            return "52", ["55", D(4), D(4)]
        if k == 16:
            return "41", ["44", D(3), D(2), D(2)]
        if k == 17:
            return "353", ["1", D(3), D(4)]
        if k == 18:
            return "46", ["8", D(3), D(3), D(2)]
        if k == 19:  # Singapore fixed lines 6xxx (7xxx unassigned, 8/9xxx partly)
            self.ri(6, 9)
            return "65", ["6" + D(3), D(4)]
        if k == 20:
            return "27", ["21", D(3), D(4)]
        if k == 21:
            return "86", ["10", D(4), D(4)]
        if k == 22:  # Faroe numbers 2-5xxxxx are assigned whatever follows
            return "298", ["23452345"[self.ri(2, 9) - 2] + D(5)]
        if k == 23:
            return "43", ["664", D(7)]
        if k == 24:
            return "500", [str(self.ri(2, 5)) + D(4)]
        # Danish numbers 2-7x are assigned whatever follows
        return "45", ["23456723"[self.ri(2, 9) - 2] + D(1), D(2), D(2), D(2)]

    def phone_intl_str(self, fmt=None):
        cc, g = self.intl_groups()
        fmt = fmt or self.r.choices(["space", "dash", "plain", "trunk", "dot"], [60, 10, 20, 5, 5])[0]
        if fmt == "trunk" and cc in ("44", "49", "41", "39", "31", "61", "33"):
            g0 = g[0][1:] if g[0].startswith("0") else g[0]
            v = "+%s (0)%s %s" % (cc, g0, " ".join(g[1:])) if cc != "39" else \
                "+%s %s" % (cc, " ".join(g))
        elif fmt == "dash":
            v = "+%s-%s" % (cc, "-".join(g))
        elif fmt == "plain":
            v = "+" + cc + "".join(g)
        elif fmt == "dot":
            v = "+%s.%s" % (cc, ".".join(g))
        elif cc == "81":
            v = "+81 %s" % "-".join(g)
        elif cc == "55":
            v = "+55 %s %s-%s" % tuple(g)
        else:
            v = "+%s %s" % (cc, " ".join(g))
        assert phone_valid(v), v
        return self.keep(v)

    def phone(self, intl=None):
        if intl is None:
            intl = self.chance(0.35)
        return P(self.phone_intl_str() if intl else self.phone_nanp_str())

    def mobile_de_plain(self):
        """German mobile in E.164 without spaces: 13 digits starting with 4 (a
        Visa-13 look-alike when the digits happen to pass Luhn)."""
        v = "+49" + "1" + self.ch(["51", "52", "57", "59", "60", "62", "63", "70", "71", "72",
                                    "73", "74", "75", "76", "77", "78", "79"]) + self.digits(8)
        assert phone_valid(v), v
        return P(self.keep(v))

    # -- hard negatives
    def date_dt(self, start=2019, end=2025):
        base = datetime.datetime(start, 1, 1)
        span = (datetime.datetime(end, 1, 1) - base).total_seconds()
        return base + datetime.timedelta(seconds=self.r.random() * span)

    def d_iso(self, dt=None):
        return (dt or self.date_dt()).strftime("%Y-%m-%d")

    def d_us(self, dt=None):
        return (dt or self.date_dt()).strftime("%m/%d/%Y")

    def d_eu(self, dt=None):
        return (dt or self.date_dt()).strftime("%d.%m.%Y")

    def t_hms(self, ms=False):
        t = "%02d:%02d:%02d" % (self.ri(0, 23), self.ri(0, 59), self.ri(0, 59))
        return t + (".%03d" % self.ri(0, 999) if ms else "")

    def ts_iso(self, dt=None):
        dt = dt or self.date_dt()
        k = self.ri(0, 4)
        s = dt.strftime("%Y-%m-%dT%H:%M:%S")
        if k == 0:
            return s + "Z"
        if k == 1:
            return s + ".%03dZ" % self.ri(0, 999)
        if k == 2:
            return s + self.ch(["+01:00", "+02:00", "-05:00", "-08:00", "+05:30", "+09:00",
                                "+10:00", "-03:00"])
        if k == 3:
            return s + ".%06d+00:00" % self.ri(0, 999999)
        return s + ".%03d+0100" % self.ri(0, 999)

    def unix_s(self):
        return str(self.ri(1500000000, 1760000000))

    def unix_ms(self):
        return str(self.ri(1500000000000, 1760000000000))

    def ipv4(self, private=None):
        if private if private is not None else self.chance(0.6):
            return self.ch(["10.%d.%d.%d" % (self.ri(0, 255), self.ri(0, 255), self.ri(1, 254)),
                            "192.168.%d.%d" % (self.ri(0, 255), self.ri(1, 254)),
                            "172.%d.%d.%d" % (self.ri(16, 31), self.ri(0, 255), self.ri(1, 254))])
        return "%d.%d.%d.%d" % (self.ri(11, 223), self.ri(0, 255), self.ri(0, 255), self.ri(1, 254))

    def version(self):
        k = self.ri(0, 4)
        v = "%d.%d.%d" % (self.ri(0, 12), self.ri(0, 30), self.ri(0, 40))
        if k == 0:
            return "v" + v
        if k == 1:
            return v + "-rc.%d" % self.ri(1, 5)
        if k == 2:
            return "%d.%d" % (self.ri(1, 20), self.ri(0, 9))
        return v

    def money(self):
        k = self.ri(0, 6)
        x = self.ri(1, 250000) + self.ri(0, 99) / 100.0
        us = "{:,.2f}".format(x)
        eu = us.replace(",", "X").replace(".", ",").replace("X", ".")
        if k == 0:
            return "$" + us
        if k == 1:
            return eu + " EUR"
        if k == 2:
            return "USD " + us
        if k == 3:
            return "€" + eu
        if k == 4:
            return "£" + us
        if k == 5:
            return us + " USD"
        return "$%.2f" % x

    def uuid(self):
        h = "%032x" % self.r.getrandbits(128)
        h = h[:12] + "4" + h[13:16] + self.ch("89ab") + h[17:]
        return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])

    def hexd(self, n):
        h = "%0*x" % (n, self.r.getrandbits(4 * n))
        if n >= 8 and h.isdigit():  # an id of bare digits would be a number
            i = self.ri(1, n - 2)
            h = h[:i] + self.ch("abcdef") + h[i + 1:]
        return h

    def isbn13(self, dashes=None):
        body = "978" + self.digits(9)
        s = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(body))
        d = body + str((10 - s % 10) % 10)
        if dashes if dashes is not None else self.chance(0.5):
            return "%s-%s-%s-%s-%s" % (d[:3], d[3], d[4:7], d[7:12], d[12])
        return d

    def zip4(self):
        return "%05d-%04d" % (self.ri(10000, 99950), self.ri(1, 9999))

    def invoice_id(self):
        return "INV-%d-%06d" % (self.ri(2019, 2025), self.ri(1, 999999))

    def order_no(self):
        k = self.ri(0, 3)
        if k == 0:
            return "ORD-%s-%05d" % (self.date_dt().strftime("%Y%m%d"), self.ri(1, 99999))
        if k == 1:
            return "PO %d" % self.ri(4500000000, 4599999999)
        if k == 2:
            return "SO-%07d" % self.ri(1, 9999999)
        return "#%d" % self.ri(100000, 999999)

    def ssn(self):
        while True:
            a = self.ri(1, 899)
            if a != 666:
                break
        return "%03d-%02d-%04d" % (a, self.ri(1, 99), self.ri(1, 9999))

    def ten_digit(self):
        a, e, l = self.nanp_digits()
        return a + e + l

    def bad_nanp(self):
        k = self.ri(0, 4)
        if k == 0:
            return "123-456-7890"
        if k == 1:
            return "(000) 000-0000"
        if k == 2:
            return "%d%02d-%03d-%04d" % (self.ri(0, 1), self.ri(0, 99), self.ri(200, 999),
                                         self.ri(0, 9999))
        if k == 3:
            return "(%d%02d) %03d-%04d" % (self.ri(0, 1), self.ri(0, 99), self.ri(200, 999),
                                           self.ri(0, 9999))
        return "%d-%d%02d-%03d-%04d" % (1, self.ri(0, 1), self.ri(0, 99), self.ri(200, 999),
                                        self.ri(0, 9999))

    def imei(self):
        """A device IMEI: 15 digits, Luhn check digit (Visa look-alike when it
        starts with 4, but no card scheme issues 15-digit numbers there)."""
        tac = self.ch(["35", "35", "35", "49", "86", "01"]) + self.digits(6)
        d = tac + self.digits(6)
        d += luhn_digit(d)
        return N(d) if liberal_card(d) else d

    def tracking(self):
        return "94001" + self.digits(17)

    def retina(self):
        return N(self.ch(["icon@2x.png", "logo@3x.jpg", "avatar@2x.webp", "hero-banner@2x.jpg",
                          "sprite@2x.png", "logo-dark@2x.svg", "thumb@3x.png", "bg@2x.gif"]))

    def pkg_at(self):
        return N(self.ch(["npm-package@1.2.3", "lodash@4.17.21", "react@18.2.0",
                          "@babel/core@7.23.9", "typescript@5.3.3", "express@4.18.2",
                          "left-pad@1.3.0", "webpack@5.89.0", "eslint@8.56.0"]))

    def localhost(self):
        return self.ch(["user@localhost", "root@localhost", "postgres@localhost",
                        "admin@intranet", "deploy@buildhost", "jenkins@ci-runner-07"])

    def handle(self):
        return "@" + fold(self.ch(FIRST)).lower() + self.ch(["", "_dev", "42", "_ops"])

    def neg(self):
        """One hard negative, in a short realistic phrase."""
        k = self.ri(0, 33)
        if k == 0:
            return "on " + self.d_iso()
        if k == 1:
            return "dated " + self.d_us()
        if k == 2:
            return "am " + self.d_eu()
        if k == 3:
            return "at " + self.t_hms(self.chance(0.5))
        if k == 4:
            return "ts=" + self.ts_iso()
        if k == 5:
            return "epoch " + self.unix_s()
        if k == 6:
            return "created_ms=" + self.unix_ms()
        if k == 7:
            return "from " + self.ipv4()
        if k == 8:
            return "version " + self.version()
        if k == 9:
            return "amount " + self.money()
        if k == 10:
            return "request " + self.uuid()
        if k == 11:
            return "md5 " + self.hexd(32)
        if k == 12:
            return "sha1 " + self.hexd(40)
        if k == 13:
            return "sha256:" + self.hexd(64)
        if k == 14:
            return "ISBN " + self.isbn13()
        if k == 15:
            return "ZIP " + self.zip4()
        if k == 16:
            return "invoice " + self.invoice_id()
        if k == 17:
            return "order " + self.order_no()
        if k == 18:
            return "ref " + self.bad_card()
        if k == 19:
            return "trace " + self.embedded_card()
        if k == 20:
            return "ratio " + self.embedded_card() if self.chance(0.3) else \
                "score %.16f" % self.r.random()
        if k == 21:
            return "asset " + self.retina()
        if k == 22:
            return "dep " + self.pkg_at()
        if k == 23:
            return "as " + self.localhost()
        if k == 24:
            return "SSN " + self.ssn()
        if k == 25:
            return "acct " + self.ten_digit()
        if k == 26:
            return "placeholder " + self.bad_nanp()
        if k == 27:
            return "card " + self.masked_card()
        if k == 28:
            return "tracking " + self.tracking()
        if k == 29:
            return "took %d ms" % self.ri(1, 30000)
        if k == 30:
            return "growth %+.1f%%" % (self.r.random() * 20 - 10)
        if k == 31:
            return "size %d bytes" % self.ri(100, 99999999)
        if k == 32:
            return "at %s.%03d" % (self.t_hms(), self.ri(0, 999))
        return "float %.16e" % (self.r.random() * 10 ** self.ri(5, 12))

    def negs(self, k):
        return ", ".join(self.neg() for _ in range(k))

    def address(self):
        city, st, z3 = self.ch(CITIES)
        return "%d %s, %s, %s %s%02d-%04d" % (self.ri(1, 9999), self.ch(STREETS), city, st, z3,
                                                 self.ri(0, 99), self.ri(1, 9999))


# ---------------------------------------------------------------------------
# File builders. Each returns the marked text.

def csv_field(v):
    if "," in v or '"' in v:
        return '"' + v.replace('"', '""') + '"'
    return v


def hr_employees_csv(g, rows, sep=",", eu=False, latin1=False):
    hdr = ["employee_id", "first_name", "last_name", "email", "work_phone", "mobile",
           "department", "title", "hire_date", "salary", "ssn", "manager_email", "zip",
           "badge_uid", "last_login"]
    lines = [sep.join(hdr)]
    mgrs = [g.person(latin1=latin1) for _ in range(6)]
    for _ in range(rows):
        p = g.person(latin1=latin1)
        mob = P(p.mobile) if g.chance(0.7) else ""
        mgr = E(g.ch(mgrs).email) if g.chance(0.8) else ""
        sal = g.ri(42000, 240000)
        salary = ("{:,.2f}".format(sal).replace(",", "X").replace(".", ",").replace("X", ".")
                  if eu else "%d.00" % sal)
        hire = g.d_eu() if eu else g.d_iso()
        fields = [p.emp_id, p.first, p.last, E(p.email), P(p.phone) if g.chance(0.9) else "",
                  mob, p.dept, p.title, hire, salary, g.ssn(), mgr, g.zip4(),
                  g.hexd(8).upper(), g.ts_iso()]
        if sep == ",":
            fields = [csv_field(f) for f in fields]
        lines.append(sep.join(fields))
    return "\n".join(lines) + "\n"


def outlook_contacts(g, rows):
    hdr = ('"First Name","Last Name","Company","Business Phone","Mobile Phone",'
           '"E-mail Address","E-mail 2 Address","Birthday","Notes"')
    out = [hdr]
    for _ in range(rows):
        p = g.person()
        e2 = E(g.email_addr(p.first, p.last, g.ch(["gmail.com", "outlook.com", "yahoo.com"]))) \
            if g.chance(0.3) else ""
        note = g.ch(["", "met at conference " + g.d_iso(), "prefers email",
                     "ext. %d" % g.ri(100, 999), "v" + g.version().lstrip("v") + " beta tester"])
        out.append('"%s","%s","%s","%s","%s","%s","%s","%s","%s"' % (
            p.first, p.last, g.ch(COMPANIES), P(p.phone), P(p.mobile) if g.chance(0.6) else "",
            E(p.email), e2, D(g.d_us(g.date_dt(1960, 2001))) if g.chance(0.4) else "", note))
    return "\n".join(out) + "\n"


def onboarding_md(g):
    p = g.person()
    buddy = g.person()
    laptop = "SN-%s" % g.hexd(10).upper()
    t = [
        "# Onboarding: %s" % p.name,
        "",
        "- **Start date:** %s" % g.d_iso(),
        "- **Team:** %s (%s)" % (p.dept, p.title),
        "- **Work e-mail:** %s" % E(p.email),
        "- **Phone:** %s" % P(p.phone),
        "- **Buddy:** %s <%s>" % (buddy.name, E(buddy.email)),
        "- **Laptop:** ThinkPad T14, serial %s, asset tag AT-%05d" % (laptop, g.ri(1, 99999)),
        "- **Badge:** issued %s, access level 3" % g.d_us(),
        "",
        "## Checklist",
        "",
        "1. Accounts created in AD and Okta (ticket INC%07d)." % g.ri(1, 9999999),
        "2. VPN profile v%s pushed; gateway %s." % (g.version().lstrip("v"), g.ipv4()),
        "3. Payroll set up; first run on %s, gross %s." % (g.d_iso(), g.money()),
        "4. Benefits enrollment window closes %s." % g.d_us(),
        "5. Equipment: dock (%s), headset." % g.order_no(),
        "",
        "## Notes",
        "",
        g.para(2),
    ]
    if g.chance(0.6):
        t.append("Emergency contact: %s, %s." % (g.person().name, P(g.phone_nanp_str())))
    if g.chance(0.4):
        t.append("Personal address for the welcome pack: %s." % g.address())
    if g.chance(0.5):
        t.append("Questions? Write to %s or call the HR line %s." %
                 (g.role_email(), P(g.phone_nanp_str())))
    t.append("")
    return "\n".join(t), fold(p.first).lower() + "_" + fold(p.last).lower()


def policy_md(g, title):
    t = ["# %s" % title, "", "Version %s, effective %s. Supersedes the policy of %s." %
         (g.version(), g.d_iso(), g.d_us()), ""]
    for sec in range(g.ri(3, 6)):
        t.append("## %d. %s" % (sec + 1, g.ch(["Scope", "Eligibility", "Procedure", "Limits",
                                                "Approvals", "Exceptions", "Records", "Review"])))
        t.append("")
        t.append(g.para(g.ri(2, 4)))
        t.append("")
        if g.chance(0.6):
            t.append("| Item | Limit | Since |")
            t.append("|------|-------|-------|")
            for _ in range(g.ri(2, 5)):
                t.append("| %s | %s | %s |" % (g.ch(["Meals", "Hotel", "Mileage", "Training",
                                                    "Equipment", "Home office"]), g.money(),
                                               g.d_iso()))
            t.append("")
    t.append("Document id POL-%04d rev %d, checksum %s." % (g.ri(1, 9999), g.ri(1, 12),
                                                             g.hexd(40)))
    return "\n".join(t) + "\n"


def review_txt(g):
    p = g.person()
    m = g.person()
    t = ["PERFORMANCE REVIEW %d" % g.ri(2022, 2024),
         "Employee: %s (%s)" % (p.name, p.emp_id),
         "Reviewer: %s" % m.name + (" <%s>" % E(m.email) if g.chance(0.5) else ""),
         "Period: %s to %s" % (g.d_iso(), g.d_iso()),
         "",
         "Summary:",
         g.para(3),
         "",
         "Goals met: %d of %d (%.1f%%). Rating: %s." % (g.ri(2, 6), 6, g.r.random() * 100,
                                                        g.ch(["3.5", "4.0", "4.5", "2.5"])),
         "Merit increase: %s effective %s." % (g.money(), g.d_us()),
         ""]
    if g.chance(0.3):
        t.append("Follow-up call scheduled; reach me on %s." % P(g.phone_nanp_str()))
    return "\n".join(t) + "\n"


def payroll_csv(g, rows):
    out = ["run_id,employee_id,period_start,period_end,gross,tax,net,routing,account,ref"]
    for _ in range(rows):
        gross = g.ri(1500, 15000)
        out.append("PR-%s,E%06d,%s,%s,%d.%02d,%d.%02d,%d.%02d,%09d,%s,%s" % (
            g.ri(100, 999), g.ri(10000, 99999), g.d_iso(), g.d_iso(), gross, g.ri(0, 99),
            gross // 4, g.ri(0, 99), gross - gross // 4, g.ri(0, 99),
            g.ri(10000000, 399999999),
            g.digits(g.ri(8, 11)), g.uuid()))
    return "\n".join(out) + "\n"


def corporate_cards_csv(g, rows):
    out = ["cardholder,email,card_number,expiry,limit,cost_center,issued"]
    for _ in range(rows):
        p = g.person()
        out.append("%s,%s,%s,%02d/%02d,%s,CC-%04d,%s" % (
            csv_field(p.name), E(p.email), g.card(g.ch(["visa", "mc", "amex", "mc2"])),
            g.ri(1, 12), g.ri(25, 30), csv_field(g.money()), g.ri(1000, 9999), g.d_iso()))
    return "\n".join(out) + "\n"


def org_chart(g):
    out = ["ACME Corp organisation (extract %s)" % g.d_iso(), ""]
    for d in DEPTS:
        head = g.person()
        out.append("%s" % d.upper())
        line = "  Head: %s, %s" % (head.name, head.title)
        if g.chance(0.5):
            line += ", %s" % E(head.email)
        out.append(line)
        for _ in range(g.ri(2, 5)):
            p = g.person()
            ext = "x%d" % g.ri(1000, 9999)
            out.append("    - %s (%s) desk %s room %d.%02d" % (p.name, p.title, ext, g.ri(1, 9),
                                                                g.ri(1, 40)))
        out.append("")
    return "\n".join(out)


# -- finance

def payments_log(g, lines, trap_rate=0.02):
    out = []
    dt = g.date_dt(2024, 2025)
    for _ in range(lines):
        dt += datetime.timedelta(seconds=g.ri(1, 600))
        ts = dt.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % g.ri(0, 999)
        k = g.ri(0, 11)
        order = g.order_no()
        if k <= 2:
            out.append("%s INFO  payments.charge order=%s amount=%s card=%s status=approved "
                       "auth=%s ip=%s" % (ts, order, g.money(), g.card(), g.hexd(6).upper(),
                                          g.ipv4(False)))
        elif k == 3:
            out.append("%s WARN  payments.charge order=%s declined card=%s reason=%s "
                       "customer=%s" % (ts, order, g.masked_card(), g.ch(["insufficient_funds",
                                                                        "expired_card",
                                                                        "do_not_honor"]),
                                        g.email()))
        elif k == 4:
            out.append('%s INFO  payments.refund {"order":"%s","amount":"%s","pan":"%s",'
                       '"email":"%s"}' % (ts, order, g.money(), g.card(), g.email()))
        elif k == 5 and g.chance(trap_rate * 20):
            # grouped number followed by a space and the expiry (MM/YY)
            fmt = g.ch(["space", "dash"])
            while True:
                v = g.card_str(g.ch(["visa", "mc", "jcb", "disc"]), fmt)
                exp = "%02d/%02d" % (g.ri(1, 12), g.ri(25, 30))
                # no other reading (longer, or shifted by a group) may be a card
                if all(e <= len(v) for _, s, e in suspicious(v + " " + exp)):
                    break
            out.append("%s DEBUG payments.vault tokenized %s %s cvv=*** token=tok_%s" % (
                ts, C(v), exp, g.hexd(24)))
        elif k == 6:
            out.append("%s INFO  payments.settle batch=%s count=%d total=%s ref=%s" % (
                ts, g.uuid(), g.ri(1, 900), g.money(), g.embedded_card()))
        elif k == 7:
            out.append("%s ERROR payments.gateway timeout after %dms upstream=%s:%d retry=%d "
                       "card=%s" % (ts, g.ri(1000, 30000), g.ipv4(False), g.ch([443, 8443]),
                                    g.ri(1, 3), g.bad_card()))
        elif k == 8:
            out.append("%s INFO  payments.payout vendor=%s amount=%s eta=%s tracking=%s" % (
                ts, g.ch(COMPANIES), g.money(), g.d_iso(), g.tracking()))
        elif k == 9:
            out.append("%s INFO  payments.contact order=%s phone=%s email=%s" % (
                ts, order, g.phone(), g.email()))
        else:
            out.append("%s DEBUG payments.metrics p50=%.3fms p99=%.3fms rate=%.4e build=%s" % (
                ts, g.r.random() * 50, g.r.random() * 900, g.r.random() * 1e6, g.version()))
    return "\n".join(out) + "\n"


def gateway_export_csv(g, rows):
    out = ["txn_id,created_at,amount,currency,card_number,card_brand,customer_email,"
           "customer_phone,billing_zip,status,risk_score"]
    for _ in range(rows):
        brand = g.ch(["visa", "mc", "amex", "disc", "jcb", "diners", "mc2", "visa13", "visa19",
                      "disc65"])
        out.append("%s,%s,%d.%02d,%s,%s,%s,%s,%s,%s,%s,%.4f" % (
            "ch_" + g.hexd(20), g.ts_iso(), g.ri(1, 5000), g.ri(0, 99), g.ch(["USD", "EUR", "GBP"]),
            g.card(brand), brand, E(g.email_addr()) if g.chance(0.9) else "",
            g.phone() if g.chance(0.6) else "", g.zip4(),
            g.ch(["succeeded", "failed", "refunded"]), g.r.random()))
    return "\n".join(out) + "\n"


def invoice_list_csv(g, rows):
    out = ["invoice_id,issued,due,customer_id,po_number,net,vat,gross,currency,isbn,ship_zip,"
           "batch"]
    for _ in range(rows):
        out.append("%s,%s,%s,CUST-%05d,%s,%d.%02d,%d.%02d,%d.%02d,%s,%s,%s,%s" % (
            g.invoice_id(), g.d_iso(), g.d_us(), g.ri(1, 99999), g.order_no(), g.ri(10, 90000),
            g.ri(0, 99), g.ri(1, 9000), g.ri(0, 99), g.ri(10, 99000), g.ri(0, 99),
            g.ch(["USD", "EUR"]), g.isbn13() if g.chance(0.3) else "", g.zip4(), g.unix_ms()))
    return "\n".join(out) + "\n"


def invoice_txt(g, inv):
    cust = g.person()
    t = ["INVOICE %s" % inv,
         "ACME Corp, 500 Market St, San Francisco, CA 94105-2231",
         "VAT DE%09d | Tax ID %02d-%07d" % (g.ri(1, 999999999), g.ri(10, 99), g.ri(1, 9999999)),
         "",
         "Bill to: %s, %s" % (cust.name, g.ch(COMPANIES)),
         "         %s" % g.address()]
    if g.chance(0.7):
        t.append("         %s" % E(cust.email))
    if g.chance(0.5):
        t.append("         Tel. %s" % g.phone())
    t += ["", "Issued: %s   Due: %s   PO: %s" % (g.d_iso(), g.d_iso(), g.order_no()), "",
          "%-40s %8s %12s" % ("Item", "Qty", "Amount")]
    total = 0
    for _ in range(g.ri(2, 8)):
        amt = g.ri(5, 5000)
        total += amt
        item = g.ch(["Consulting hours", "License renewal v%s" % g.version().lstrip("v"),
                     "Book ISBN %s" % g.isbn13(), "Support plan", "Hardware (SN %s)" %
                     g.hexd(8).upper(), "Shipping to %s" % g.zip4()])
        t.append("%-40s %8d %12s" % (item, g.ri(1, 40), "{:,.2f}".format(amt)))
    t += ["", "Total due: ${:,.2f}".format(total), "",
          "Pay by wire: routing %09d, account %s, reference %s." % (g.ri(10000000, 399999999),
                                                                  g.digits(10), inv)]
    if g.chance(0.3):
        t.append("Questions: %s." % g.role_email())
    return "\n".join(t) + "\n"


def finance_report_md(g, title):
    t = ["# %s" % title, "", "_Prepared %s, figures in USD unless noted._" % g.d_iso(), ""]
    t.append("| Region | Revenue | Cost | Margin | YoY |")
    t.append("|---|---|---|---|---|")
    for r in ["NA", "EMEA", "APAC", "LATAM"]:
        t.append("| %s | %s | %s | %.1f%% | %+.1f%% |" % (r, g.money(), g.money(),
                                                        g.r.random() * 40, g.r.random() * 30 - 10))
    t.append("")
    for _ in range(g.ri(2, 4)):
        x = g.negs(3)
        t.append(g.para(2) + " " + x[:1].upper() + x[1:] + ".")
        t.append("")
    return "\n".join(t)


def budget_csv(g, dept):
    out = ["line,account,description,q1,q2,q3,q4,total,updated"]
    for i in range(g.ri(15, 50)):
        qs = [g.ri(0, 90000) for _ in range(4)]
        out.append("%d,%d-%03d,%s,%s,%s" % (i + 1, g.ri(4000, 8999), g.ri(0, 999),
                                            csv_field(g.words(3)), ",".join("%d.00" % q for q in qs),
                                            "%d.00,%s" % (sum(qs), g.d_iso())))
    return "\n".join(out) + "\n"


def refunds_json(g, n):
    recs = []
    for _ in range(n):
        recs.append('  {"refund_id": "re_%s", "created": %s, "amount": %d, "currency": "usd", '
                    '"card": "%s", "customer": {"email": "%s", "phone": "%s"}, '
                    '"reason": "%s", "request_id": "%s"}' % (
                        g.hexd(16), g.unix_s(), g.ri(100, 500000), g.card(), g.email(),
                        g.phone(), g.ch(["duplicate", "fraudulent", "requested_by_customer"]),
                        g.uuid()))
    return "[\n" + ",\n".join(recs) + "\n]\n"


def chargebacks_csv(g, rows):
    out = ["case,opened,card,amount,merchant_ref,contact_phone,deadline"]
    for _ in range(rows):
        out.append("CB-%06d,%s,%s,%s,%s,%s,%s" % (g.ri(1, 999999), g.d_iso(), g.card(),
                                                  csv_field(g.money()), g.invoice_id(),
                                                  g.phone(), g.d_us()))
    return "\n".join(out) + "\n"


def vendors_yaml(g, n):
    out = ["# Vendor master data (export %s)" % g.ts_iso(), "vendors:"]
    for _ in range(n):
        p = g.person()
        out += ["  - id: V-%05d" % g.ri(1, 99999),
                "    name: %s %s" % (g.ch(COMPANIES), g.ch(["GmbH", "Ltd", "Inc.", "SARL", "BV"])),
                "    contact: \"%s\"" % p.name,
                "    email: %s" % E(g.email_addr(p.first, p.last)),
                "    phone: \"%s\"" % g.phone(True),
                "    payment_terms: net-%d" % g.ch([15, 30, 45, 60]),
                "    iban_on_file: true",
                "    since: %s" % g.d_iso(),
                "    last_po: %s" % g.order_no()]
    return "\n".join(out) + "\n"


def test_numbers_doc(g):
    t = ["Payment sandbox: test card numbers", "===================================", "",
         "Use only in the sandbox (gateway %s, API version %s)." % (g.ipv4(), g.version()), ""]
    for _ in range(g.ri(6, 10)):
        t.append("  %-12s %s  exp any future date, CVC any 3 digits" % (
            g.ch(["Visa", "Mastercard", "Amex", "Discover", "JCB"]), g.test_card(
                g.ch(["plain", "space", "dash"]))))
    t += ["", "These numbers fail Luhn and must be rejected: %s, %s, %s." % (
        g.bad_card(), g.bad_card(), g.bad_card()), "",
        "Masked display format: %s. Support: %s." % (g.masked_card(), g.role_email())]
    return "\n".join(t) + "\n"


# -- it

def app_log(g, lines, start=None, pii=1.0):
    out = []
    dt = start or g.date_dt(2024, 2025)
    thr = ["http-nio-8080-exec-%d" % i for i in range(1, 12)] + ["scheduler-1", "kafka-consumer-2"]
    for _ in range(lines):
        dt += datetime.timedelta(milliseconds=g.ri(1, 90000))
        ts = dt.strftime("%Y-%m-%d %H:%M:%S") + ",%03d" % g.ri(0, 999)
        th = g.ch(thr)
        k = g.ri(0, 13)
        if k in (0, 1, 3, 6, 13) and not g.chance(pii):
            k = g.ch([2, 4, 5, 7, 8, 9, 10, 11, 12])
        if k == 0:
            out.append("%s INFO  [%s] c.a.auth.LoginService - login ok user=%s ip=%s session=%s"
                       % (ts, th, g.email(), g.ipv4(), g.uuid()))
        elif k == 1:
            out.append("%s WARN  [%s] c.a.auth.LoginService - failed login for '%s' from %s "
                       "(attempt %d)" % (ts, th, g.email(), g.ipv4(False), g.ri(1, 5)))
        elif k == 2:
            out.append("%s DEBUG [%s] c.a.cache.RedisCache - hit key=user:%d ttl=%d took=%.2fms" % (
                ts, th, g.ri(1, 99999), g.ri(60, 86400), g.r.random() * 5))
        elif k == 3:
            out.append("%s INFO  [%s] c.a.mail.Mailer - sent template=%s to=<%s> msgid=%s.%s"
                       % (ts, th, g.ch(["welcome", "reset", "invoice", "digest"]), g.email(),
                          g.hexd(16), g.unix_ms()))
        elif k == 4:
            out.append("%s ERROR [%s] c.a.api.OrderController - upstream %s returned 503 after "
                       "%dms, request_id=%s" % (ts, th, g.ipv4(False), g.ri(100, 30000), g.uuid()))
        elif k == 5:
            out.append("%s INFO  [%s] c.a.app.Boot - started build %s commit %s in %.3fs pid=%d" % (
                ts, th, g.version(), g.hexd(40), g.r.random() * 30, g.ri(100, 65000)))
        elif k == 6:
            out.append("%s INFO  [%s] c.a.users.ProfileService - updated profile id=%d fields="
                       "[phone,email] phone=%s email=%s" % (ts, th, g.ri(1, 999999), g.phone(),
                                                            g.email()))
        elif k == 7:
            out.append("%s DEBUG [%s] c.a.jobs.Export - wrote %d rows to /exports/%s.csv.gz "
                       "sha256=%s at %s" % (ts, th, g.ri(1, 100000), g.d_iso(), g.hexd(64),
                                            g.unix_ms()))
        elif k == 8:
            out.append("%s INFO  [%s] c.a.assets.Cdn - served %s %s (%d bytes) etag=%s" % (
                ts, th, g.retina(), g.retina(), g.ri(100, 900000), g.hexd(32)))
        elif k == 9:
            out.append("%s WARN  [%s] c.a.billing.Validator - rejected card %s (luhn) order %s" % (
                ts, th, g.bad_card(), g.order_no()))
        elif k == 10:
            out.append("%s INFO  [%s] c.a.sched.Cron - next run %s (epoch %s), tz offset %s" % (
                ts, th, g.ts_iso(), g.unix_s(), g.ch(["+01:00", "+05:30", "-08:00", "+10:00"])))
        elif k == 11:
            out.append("%s DEBUG [%s] c.a.ml.Scorer - model %s score=%.16f emb0=%s" % (
                ts, th, g.version(), g.r.random(), g.embedded_card()))
        elif k == 12:
            out.append("%s INFO  [%s] c.a.audit - %s" % (ts, th, g.negs(3)))
        else:
            out.append("%s INFO  [%s] c.a.notify.Sms - queued sms to %s ref=%s" % (
                ts, th, g.phone(), g.hexd(12)))
    return "\n".join(out) + "\n", dt


def access_log(g, lines):
    out = []
    dt = g.date_dt(2024, 2025)
    paths = ["/", "/login", "/api/v2/orders", "/static/app.%s.js" % g.hexd(8), "/health",
             "/api/v2/users/%d" % g.ri(1, 9999), "/img/logo@2x.png", "/search?q=invoice"]
    for _ in range(lines):
        dt += datetime.timedelta(seconds=g.ri(0, 30))
        p = g.ch(paths)
        if p == "/img/logo@2x.png":
            p = "/img/" + g.retina()
        if g.chance(0.08):
            p = "/api/v2/users?email=%s&page=%d" % (g.email(), g.ri(1, 9))
        if g.chance(0.03):
            p = "/unsubscribe?e=%s" % g.email()
        out.append('%s - - [%s +0000] "%s %s HTTP/1.1" %d %d "-" "Mozilla/5.0 (X11; Linux '
                   'x86_64) Chrome/%d.0.%d.%d"' % (g.ipv4(False), dt.strftime("%d/%b/%Y:%H:%M:%S"),
                                                   g.ch(["GET", "GET", "POST"]), p,
                                                   g.ch([200, 200, 304, 404, 500]),
                                                   g.ri(0, 99999), g.ri(90, 125), g.ri(1000, 6500),
                                                   g.ri(10, 200)))
    return "\n".join(out) + "\n"


def sms_log(g, lines, trap=True):
    out = []
    dt = g.date_dt(2024, 2025)
    for _ in range(lines):
        dt += datetime.timedelta(seconds=g.ri(1, 900))
        ts = dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        k = g.ri(0, 9)
        if k <= 3:
            out.append("%s sms-gw INFO deliver msisdn=%s status=%d msg_id=SM%s parts=%d" % (
                ts, g.phone(), g.ch([200, 202, 400]), g.hexd(32), g.ri(1, 3)))
        elif k == 4:
            out.append("%s sms-gw INFO inbound from %s: \"STOP\" keyword, opted out %s" % (
                ts, g.phone(), g.unix_s()))
        elif k == 5:
            out.append("%s sms-gw INFO deliver msisdn=%s status=200 carrier=%s" % (
                ts, g.mobile_de_plain(), g.ch(["Telekom", "Vodafone", "O2"])))
        elif k == 6 and trap:
            # +1 number written in groups, then a space and the HTTP status: under the
            # NANP rule +1 takes exactly ten more digits, so the status is not part of it.
            v = g.phone_nanp_str(g.ch(["+1 {a} {e} {l}", "+1-{a}-{e}-{l}", "+1 {a}-{e}-{l}"]))
            out.append("%s sms-gw DEBUG callback %s %d %dms" % (ts, P(v), g.ch([200, 204, 500]),
                                                                 g.ri(3, 900)))
        elif k == 7:
            out.append("%s sms-gw WARN invalid number %s rejected (placeholder), ssn-like %s "
                       "ignored" % (ts, g.bad_nanp(), g.ssn()))
        elif k == 8:
            out.append("%s sms-gw INFO otp sent to %s (ttl 300s) code_hash=%s" % (
                ts, g.phone(), g.hexd(40)))
        else:
            out.append("%s sms-gw DEBUG rate %d/min, queue depth %d, version %s, from %s" % (
                ts, g.ri(1, 900), g.ri(0, 5000), g.version(), g.ipv4()))
    return "\n".join(out) + "\n"


def syslog(g, lines):
    out = []
    dt = g.date_dt(2024, 2025)
    for _ in range(lines):
        dt += datetime.timedelta(seconds=g.ri(0, 300))
        host = g.ch(["web01", "web02", "db01", "bastion", "ci-runner-07"])
        k = g.ri(0, 5)
        if k == 0:
            msg = "sshd[%d]: Accepted publickey for deploy from %s port %d ssh2: ED25519 SHA256:%s" % (
                g.ri(1000, 65000), g.ipv4(), g.ri(1024, 65535), g.hexd(43))
        elif k == 1:
            msg = "CRON[%d]: (root) CMD (/usr/local/bin/backup.sh --since %s)" % (
                g.ri(1000, 65000), g.unix_s())
        elif k == 2:
            msg = "kernel: [%d.%06d] eth0: link up, 1000 Mbps, full duplex" % (g.ri(1, 999999),
                                                                            g.ri(0, 999999))
        elif k == 3:
            msg = "postfix/smtp[%d]: %s: to=<%s>, relay=none, status=deferred" % (
                g.ri(1000, 65000), g.hexd(10).upper(), g.localhost())
        elif k == 4:
            msg = "sudo: jsmith : TTY=pts/%d ; PWD=/home/jsmith ; USER=root ; COMMAND=/usr/bin/apt upgrade" % g.ri(0, 9)
        else:
            msg = "systemd[1]: Started Daily apt upgrade (%s)." % g.version()
        out.append("%s %s %s" % (dt.strftime("%b %d %H:%M:%S"), host, msg))
    return "\n".join(out) + "\n"


def config_yaml(g, name):
    t = ["# %s — managed by ansible, do not edit (rev %s)" % (name, g.hexd(7)),
         "service:",
         "  name: %s" % name,
         "  image: registry.acme-corp.com/%s@sha256:%s" % (name, g.hexd(64)),
         "  version: %s" % g.version(),
         "  replicas: %d" % g.ri(1, 6),
         "  listen: %s:%d" % (g.ipv4(), g.ch([8080, 8443, 9000])),
         "  timeout_ms: %d" % g.ri(100, 60000),
         "  started: %s" % g.ts_iso(),
         "database:",
         "  host: %s" % g.ipv4(),
         "  user: %s" % g.ch(["app", "svc_" + name, "readonly"]),
         "  pool: {min: %d, max: %d}" % (g.ri(1, 4), g.ri(8, 64)),
         "dependencies:"]
    for _ in range(g.ri(2, 5)):
        t.append("  - %s" % g.pkg_at())
    if g.chance(0.5):
        t += ["alerts:", "  email: %s" % g.role_email(), "  oncall_phone: \"%s\"" % g.phone()]
    else:
        t += ["alerts:", "  webhook: https://hooks.acme-corp.com/services/%s" % g.hexd(24)]
    return "\n".join(t) + "\n"


def config_ini(g, name):
    t = ["; %s configuration generated %s" % (name, g.d_iso()), "[general]",
         "version = %s" % g.version(), "build_id = %s" % g.unix_ms(),
         "listen = %s" % g.ipv4(), "", "[smtp]", "host = smtp.acme-corp.com", "port = 587",
         "from = %s" % g.role_email(), "bounce = %s" % g.localhost(), "", "[limits]",
         "max_upload = %d" % g.ri(1000000, 99999999), "rate = %.2f" % (g.r.random() * 100),
         "checksum = %s" % g.hexd(40)]
    return "\n".join(t) + "\n"


def dotenv(g):
    t = ["APP_ENV=production", "APP_VERSION=%s" % g.version(),
         "DB_HOST=%s" % g.ipv4(), "DB_PORT=5432",
         "SECRET_KEY_SHA=%s" % g.hexd(64), "SENTRY_RELEASE=%s" % g.hexd(40),
         "ADMIN_EMAIL=%s" % g.role_email(), "MAIL_FROM=%s" % g.role_email(),
         "SUPPORT_PHONE=\"%s\"" % g.phone(False), "BUILD_TS=%s" % g.unix_s(),
         "FEATURE_FLAGS=checkout_v2,new_nav", "LOCAL_USER=%s" % g.localhost()]
    return "\n".join(t) + "\n"


def assets_csv(g, rows):
    out = ["hostname,ip,mac,serial,model,os_version,purchased,warranty_until,owner,cost"]
    for i in range(rows):
        mac = ":".join("%02X" % g.ri(0, 255) for _ in range(6))
        owner = E(g.email_addr(domain=COMPANY_DOMAIN)) if g.chance(0.5) else "pool"
        out.append("%s-%03d,%s,%s,%s,%s,%s,%s,%s,%s,%s" % (
            g.ch(["lt", "ws", "srv", "prn"]), i + 1, g.ipv4(True), mac, g.hexd(10).upper(),
            g.ch(["ThinkPad T14", "Latitude 7440", "MacBook Pro 14", "PowerEdge R650"]),
            g.version(), g.d_iso(), g.d_us(), owner, csv_field(g.money())))
    return "\n".join(out) + "\n"


def mdm_export_csv(g, rows):
    """Mobile device management export: IMEIs (15 digits, Luhn) next to the
    owner's e-mail and phone number."""
    out = ["device_id,owner,phone_number,imei,serial,model,os,enrolled,last_checkin"]
    for i in range(rows):
        p = g.person()
        model = g.ch(["iPhone 14", "iPhone 15 Pro", "Pixel 8", "Galaxy S23", "Galaxy A54"])
        os_ = g.ch(["iOS 17.4.1", "iOS 16.7.2"] if model.startswith("iPhone") else
                   ["Android 14", "Android 13"])
        out.append("MDM-%05d,%s,%s,%s,%s,%s,%s,%s,%s" % (
            g.ri(1, 99999), E(p.email), P(p.mobile) if g.chance(0.8) else "", g.imei(),
            g.hexd(12).upper(), model, os_, g.d_iso(), g.ts_iso()))
    return "\n".join(out) + "\n"


def ticket_md(g, n):
    p = g.person()
    t = ["# INC%07d: %s" % (n, g.ch(["VPN drops every few minutes", "Cannot print to 3rd floor",
                                      "Outlook keeps asking for password", "Laptop battery swollen",
                                      "Need access to finance share", "Phone forwarding broken"])),
         "", "Opened: %s by %s" % (g.ts_iso(), p.name), "Priority: P%d" % g.ri(1, 4), ""]
    if g.chance(0.7):
        t.append("Reporter e-mail: %s" % E(p.email))
    if g.chance(0.6):
        t.append("Callback number: %s (%s)" % (P(p.phone), g.ch(["desk", "mobile", "home"])))
    t += ["", "## Description", "", g.para(2), "",
          "Client %s, agent %s, MAC %s, last seen %s." % (
              g.ipv4(), g.version(), ":".join("%02x" % g.ri(0, 255) for _ in range(6)),
              g.ts_iso()), "", "## Resolution", "", g.para(1)]
    if g.chance(0.3):
        t.append("Escalated to %s; vendor case %s." % (E(g.email_addr()), g.order_no()))
    if g.chance(0.3):
        t.append("To: %s; %s; [%s]" % (E(g.email_addr()), E(g.email_addr()), E(g.email_addr())))
    if g.chance(0.2):
        t.append("User read out the company card over the phone (%s); it was %s." % (
            g.ch(["please redact", "card blocked", "rotate it"]), g.card()))
    if g.chance(0.2):
        t.append("Device IMEI %s, serial %s, enrolled %s." % (g.imei(), g.hexd(10).upper(),
                                                              g.d_iso()))
    if g.chance(0.2):
        t.append("Jump host: ssh %s -p 2222 (site %.4f, %.4f)" % (
            N("deploy@%s" % g.ipv4()), 37 + g.r.random(), -122 - g.r.random()))
    return "\n".join(t) + "\n"


def manifest_json(g):
    items = []
    for _ in range(g.ri(10, 40)):
        items.append('    {"path": "/data/%s/%s.tar.zst", "size": %d, "sha256": "%s", "mtime": '
                     '"%s", "epoch_ms": %s}' % (g.ch(["db", "files", "mail", "wiki"]), g.d_iso(),
                                                 g.ri(1000, 10 ** 11), g.hexd(64), g.ts_iso(),
                                                 g.unix_ms()))
    return '{\n  "backup_id": "%s",\n  "host": "%s",\n  "tool": "restic %s",\n  "items": [\n%s\n  ]\n}\n' % (
        g.uuid(), g.ipv4(), g.version(), ",\n".join(items))


def shell_script(g, name):
    t = ["#!/bin/sh", "# %s — %s" % (name, g.sentence()), "set -eu",
         "VERSION=%s" % g.version().lstrip("v"), "SINCE=%s" % g.unix_s(),
         'HOST="%s"' % g.ipv4()]
    if g.chance(0.4):
        t.append('MAILTO="%s"' % g.role_email())
    t += ['tar -czf "/backup/%s-$(date +%%F).tgz" /srv/data' % name,
          'echo "done at $(date -u +%Y-%m-%dT%H:%M:%SZ)"']
    return "\n".join(t) + "\n"


def oncall_csv(g, rows):
    out = ["week,primary,primary_phone,secondary,secondary_phone,escalation"]
    for _ in range(rows):
        a, b = g.person(), g.person()
        out.append("%s,%s,%s,%s,%s,%s" % (g.d_iso(), E(a.email), P(a.phone), E(b.email),
                                          P(b.mobile), g.role_email()))
    return "\n".join(out) + "\n"


# -- sales

def leads_csv(g, rows, region):
    out = ["lead_id,name,company,email,phone,country,source,value,created,score"]
    for _ in range(rows):
        p = g.person()
        intl = region != "na" and g.chance(0.8)
        if region == "emea" and g.chance(0.1):
            ph = g.mobile_de_plain()
        else:
            ph = g.phone(intl)
        out.append("L-%06d,%s,%s,%s,%s,%s,%s,%s,%s,%.2f" % (
            g.ri(1, 999999), csv_field(p.name), g.ch(COMPANIES),
            E(g.email_addr(p.first, p.last)), ph,
            g.ch(["US", "CA"]) if region == "na" else g.ch(["DE", "FR", "UK", "IN", "AU", "JP"]),
            g.ch(["webinar", "trade show", "referral", "inbound"]), csv_field(g.money()),
            g.d_iso(), g.r.random() * 100))
    return "\n".join(out) + "\n"


def crm_json(g, n):
    recs = []
    for _ in range(n):
        p = g.person()
        contacts = []
        for _ in range(g.ri(1, 3)):
            q = g.person()
            contacts.append('{"name": "%s", "email": "%s", "phone": "%s", "title": "%s"}' % (
                q.name, E(q.email), g.phone(), q.title))
        recs.append('    {"account_id": "%s", "name": "%s", "owner": "%s", "created": "%s", '
                    '"arr": "%s", "contacts": [%s], "tags": ["%s"], "logo": "%s"}' % (
                        g.uuid(), g.ch(COMPANIES), E(p.email), g.ts_iso(), g.money(),
                        ", ".join(contacts), g.ch(["smb", "enterprise", "partner"]),
                        g.retina()))
    return '{\n  "export": {"created": "%s", "version": "%s"},\n  "accounts": [\n%s\n  ]\n}\n' % (
        g.ts_iso(), g.version(), ",\n".join(recs))


def call_notes_md(g, company):
    p = g.person()
    t = ["# Call with %s — %s" % (company, g.d_iso()), "",
         "Attendees: %s (%s), %s" % (p.name, company, g.person().name), ""]
    t.append(g.para(2))
    t.append("")
    k = g.ri(0, 4)
    if k == 0:
        t.append("%s asked us to call back on %s after %s." % (p.first, P(p.phone), g.t_hms()))
    elif k == 1:
        t.append("Direct line: %s; mobile %s. E-mail: %s." % (P(p.phone), P(p.mobile), E(p.email)))
    elif k == 2:
        t.append("Send the quote (%s, valid until %s) to %s, cc %s." % (
            g.money(), g.d_us(), E(p.email), E(g.email_addr())))
    elif k == 3:
        t.append("Their office: %s. Switchboard %s." % (g.address(), g.phone(True)))
    t.append("")
    t.append("Next steps: %s" % g.para(1))
    t.append("")
    return "\n".join(t)


def contract_txt(g):
    a = g.person()
    t = ["MASTER SERVICES AGREEMENT No. MSA-%d-%04d" % (g.ri(2019, 2024), g.ri(1, 9999)), "",
         "This agreement is made on %s between ACME Corp and %s (the Customer)." % (
             g.d_iso(), g.ch(COMPANIES)), ""]
    for i in range(g.ri(4, 8)):
        t.append("%d.%d %s" % (i + 1, g.ri(1, 9), g.para(2)))
        t.append("")
    t.append("Fees: %s per year, payable within 30 days of invoice (%s)." % (g.money(),
                                                                             g.invoice_id()))
    t.append("Term: %s to %s." % (g.d_us(), g.d_us()))
    if g.chance(0.6):
        t.append("Notices to: %s, %s." % (a.name, E(a.email)))
    return "\n".join(t) + "\n"


def partners_latin1_csv(g, rows):
    out = ["Partner;Kontakt;E-Mail;Telefon;Stadt;Umsatz;Seit"]
    for _ in range(rows):
        p = g.person(accented=True, latin1=True)
        out.append("%s;%s;%s;%s;%s;%s;%s" % (
            g.ch(COMPANIES) + " " + g.ch(["GmbH", "AG", "S.A.", "SARL", "S.L."]), p.name,
            E(g.email_addr(p.first, p.last, g.ch(EU_DOMAINS))), g.phone(True),
            g.ch(["München", "Köln", "Zürich", "Málaga", "Besançon", "Genève", "Göteborg"]),
            "{:,.2f} EUR".format(g.ri(1000, 900000)).replace(",", "X").replace(".", ",")
            .replace("X", "."), g.d_eu()))
    return "\n".join(out) + "\n"


def forecast_csv(g):
    out = ["month,region,pipeline,commit,best_case,closed,updated"]
    for m in range(1, 13):
        for r in ["NA", "EMEA", "APAC"]:
            out.append("2024-%02d,%s,%d,%d,%d,%d,%s" % (m, r, g.ri(1, 9) * 10 ** 6, g.ri(1, 9) * 10 ** 5,
                                                       g.ri(1, 9) * 10 ** 6, g.ri(0, 9) * 10 ** 5,
                                                       g.ts_iso()))
    return "\n".join(out) + "\n"


def contacts_txt(g, rows):
    out = ["APAC CONTACT LIST (exported %s)" % g.d_iso(), ""]
    for _ in range(rows):
        p = g.person()
        out.append("%s | %s | %s | %s" % (p.name, g.ch(COMPANIES), P(g.phone_intl_str()),
                                          E(p.email) if g.chance(0.7) else "-"))
    return "\n".join(out) + "\n"


def badges_csv(g, rows):
    out = ["badge,name,company,email,scanned_at,booth"]
    for _ in range(rows):
        p = g.person()
        out.append("%d,%s,%s,%s,%s,B%d" % (g.ri(100000, 999999), csv_field(p.name),
                                           g.ch(COMPANIES), E(g.email_addr(p.first, p.last)),
                                           g.ts_iso(), g.ri(1, 99)))
    return "\n".join(out) + "\n"


# -- web

def html_page(g, title, kind):
    imgs = ['<img src="/img/%s" srcset="/img/%s 2x" alt="">' % (g.retina(), g.retina())
            for _ in range(g.ri(1, 3))]
    body = []
    if kind == "team":
        for _ in range(g.ri(4, 10)):
            p = g.person()
            body.append('<div class="member"><h3>%s</h3><p>%s</p>'
                        '<a href="mailto:%s">%s</a> &middot; <a href="tel:%s">%s</a></div>' % (
                            p.name, p.title, E(p.email), E(p.email),
                            P(g.phone_nanp_str("+1{a}{e}{l}")), P(p.phone)))
    elif kind == "contact":
        body.append("<p>Sales: <a href=\"mailto:%s?subject=Quote%%20request\">%s</a></p>" % (
            g.role_email(), g.role_email()))
        body.append("<p>Press: &lt;%s&gt;</p>" % g.role_email())
        body.append("<p>Call us: %s (US) or %s (UK), Mon&ndash;Fri.</p>" % (g.phone(False),
                                                                            g.phone(True)))
        body.append("<address>%s</address>" % g.address())
        body.append("<table><tr><th>Office</th><th>Phone</th><th>Fax</th></tr>")
        for _ in range(g.ri(2, 4)):
            body.append("<tr><td>%s</td><td>%s</td><td>%s</td></tr>" % (
                g.ch(["London", "Berlin", "New York", "Paris", "Sydney"]), g.phone(),
                g.phone()))
        body.append("</table>")
    elif kind == "blog":
        body.append("<p>Posted %s &middot; v%s released.</p>" % (g.d_iso(), g.version().lstrip("v")))
        body.append("<p>%s</p>" % g.para(4))
        if g.chance(0.5):
            body.append("<p>Questions? Write to the author, %s.</p>" % E(g.email_addr()))
    else:
        body.append("<p>%s</p>" % g.para(3))
        body.append("<p>Updated %s. Build %s.</p>" % (g.d_us(), g.hexd(7)))
    return """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>%s | ACME Corp</title>
<link rel="stylesheet" href="/css/site.css?v=%s">
<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/%s/dist/css/bootstrap.min.css">
<link rel="icon" href="/img/%s">
</head>
<body>
<header>%s</header>
<main>
<h1>%s</h1>
%s
</main>
<footer>&copy; 2024 ACME Corp &middot; <a href="/privacy">Privacy</a></footer>
<script src="/js/app.js?v=%s"></script>
</body>
</html>
""" % (title, g.version(), N("bootstrap@5.%d.%d" % (g.ri(0, 3), g.ri(0, 9))), g.retina(),
       "\n".join(imgs), title, "\n".join(body), g.hexd(8))


def css_file(g):
    t = ["/* site styles v%s */" % g.version().lstrip("v"), "@charset \"utf-8\";",
         "@import url(\"fonts.css\");", ".logo { background: url(/img/%s) no-repeat; }" % g.retina(),
         "@media (min-width: 768px) and (max-width: 1199px) {",
         "  .hero { background-image: url(\"/img/%s\"); }" % g.retina(), "}",
         "@media (-webkit-min-device-pixel-ratio: 2) {",
         "  .icon { background-image: url(/img/%s); }" % g.retina(), "}",
         "@font-face { font-family: Inter; src: url(/fonts/inter.woff2); }",
         ".price::after { content: \"%s\"; }" % g.money()]
    return "\n".join(t) + "\n"


def js_file(g):
    t = ["/*! app bundle %s | built %s */" % (g.version(), g.ts_iso()), "'use strict';",
         "const API = 'https://api.acme-corp.com/v2';",
         "const BUILD = %s; // ms since epoch" % g.unix_ms(),
         "export function fmt(n) { return n.toLocaleString('en-US', {minimumFractionDigits: 2}); }",
         "const RETINA = ['%s', '%s'];" % (g.retina(), g.retina()),
         "// tracks %s" % g.uuid(),
         "export const MAX = 1.7976931348623157e308, EPS = 2.220446049250313e-16;",
         "function isValid(user) { return /^[^@\\s]+@[^@\\s]+$/.test(user.email); }"]
    return "\n".join(t) + "\n"


def subscribers_csv(g, rows):
    out = ["email,subscribed_at,source,confirmed,ip"]
    for _ in range(rows):
        out.append("%s,%s,%s,%s,%s" % (E(g.email_addr()), g.ts_iso(),
                                       g.ch(["footer", "blog", "checkout"]),
                                       g.ch(["true", "false"]), g.ipv4(False)))
    return "\n".join(out) + "\n"


def submissions_jsonl(g, rows):
    out = []
    for _ in range(rows):
        p = g.person()
        msg = g.ch(["Please call me back", "Pricing question", "Need a demo",
                    "Invoice %s looks wrong" % g.invoice_id()])
        phone = '"%s"' % P(p.phone) if g.chance(0.6) else "null"
        out.append('{"id": "%s", "ts": %s, "name": "%s", "email": "%s", "phone": %s, '
                   '"message": "%s", "ua": "Mozilla/5.0 Chrome/%d.0", "ip": "%s"}' % (
                       g.uuid(), g.unix_ms(), p.name, E(p.email), phone, msg, g.ri(100, 125),
                       g.ipv4(False)))
    return "\n".join(out) + "\n"


def team_json(g, n):
    recs = []
    for _ in range(n):
        p = g.person()
        recs.append('  {"name": "%s", "role": "%s", "email": "%s", "avatar": "/img/team/%s"}' % (
            p.name, p.title, E(p.email), g.retina()))
    return "[\n" + ",\n".join(recs) + "\n]\n"


def sitemap_xml(g):
    urls = ["  <url><loc>https://www.acme-corp.com/%s</loc><lastmod>%s</lastmod>"
            "<priority>0.%d</priority></url>" % (g.ch(["", "about", "pricing", "blog/%d" %
                                                       g.ri(1, 300)]), g.ts_iso(), g.ri(1, 9))
            for _ in range(g.ri(10, 40))]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
            'schemas/sitemap/0.9">\n%s\n</urlset>\n' % "\n".join(urls))


# -- dev

def py_source(g, name):
    t = ['"""%s — %s"""' % (name, g.sentence()), "import logging", "from decimal import Decimal", "",
         "log = logging.getLogger(__name__)", "__version__ = \"%s\"" % g.version().lstrip("v"), "",
         "", "class %sService:" % name.capitalize(), "    TIMEOUT_MS = %d" % g.ri(100, 30000),
         "    EPOCH = %s" % g.unix_s(), "", "    @property", "    def ready(self):",
         "        return True", "", "    @staticmethod", "    def ratio(a, b):",
         "        return a / b if b else 1.4111111111111111e10", "",
         "    @retry(times=3, backoff=%.1f)" % (g.r.random() * 5),
         "    def fetch(self, order_id):",
         "        # e.g. order_id = '%s', request %s" % (g.order_no(), g.uuid()),
         "        log.debug('fetching %%s at %%s', order_id, '%s')" % g.ts_iso(),
         "        return Decimal('%d.%02d')" % (g.ri(1, 9999), g.ri(0, 99)), ""]
    if g.chance(0.2):
        t.insert(1, "# Maintainer: %s <%s>" % (g.person().name, E(g.email_addr())))
    return "\n".join(t) + "\n"


def py_test(g):
    t = ["import pytest", "from payments.card import luhn_ok, brand", "", "",
         "@pytest.mark.parametrize('number', ["]
    for _ in range(g.ri(3, 7)):
        t.append("    '%s'," % g.test_card(g.ch(["plain", "plain", "space", "dash"])))
    t += ["])", "def test_valid(number):", "    assert luhn_ok(number)", "", "",
          "@pytest.mark.parametrize('number', ["]
    for _ in range(g.ri(2, 5)):
        t.append("    '%s'," % g.bad_card())
    t += ["])", "def test_invalid(number):", "    assert not luhn_ok(number)", "", "",
          "def test_contact():",
          "    user = make_user(email='%s', phone='%s')" % (E(g.email_addr(domain="example.com")),
                                                          P(g.phone_nanp_str())),
          "    assert user.id == '%s'" % g.uuid(), ""]
    return "\n".join(t)


def package_json(g):
    deps = ",\n".join('    "%s": "^%d.%d.%d"' % (n, g.ri(0, 20), g.ri(0, 30), g.ri(0, 20))
                      for n in ["react", "react-dom", "lodash", "axios", "dayjs", "zod"])
    p = g.person()
    return """{
  "name": "@acme/webapp",
  "version": "%s",
  "private": true,
  "author": "%s <%s>",
  "contributors": ["%s (https://github.com/%s)"],
  "scripts": {"build": "vite build", "test": "vitest"},
  "dependencies": {
%s
  },
  "overrides": {"%s": "1.0.1"},
  "engines": {"node": ">=18.17.0"},
  "packageManager": "%s"
}
""" % (g.version().lstrip("v"), p.name, E(p.email), g.person().name,
       fold(p.first).lower(), deps, g.pkg_at(), N("pnpm@8.15.1"))


def lockfile(g):
    out = ["lockfileVersion: '6.0'", "", "packages:", ""]
    for _ in range(g.ri(30, 80)):
        name = g.ch(["lodash", "react", "zod", "dayjs", "axios", "tslib", "chalk", "semver"])
        v = "%d.%d.%d" % (g.ri(0, 20), g.ri(0, 30), g.ri(0, 20))
        out += ["  /%s@%s:" % (name, v) if False else "  /%s/%s:" % (name, v),
                "    resolution: {integrity: sha512-%s}" % g.hexd(86),
                "    dev: %s" % g.ch(["true", "false"]), ""]
    return "\n".join(out)


def js_source(g, name):
    t = ["import { Component, Input } from '@angular/core';", "",
         "@Component({", "  selector: 'app-%s'," % name,
         "  templateUrl: './%s.component.html'," % name, "})",
         "export class %sComponent {" % name.capitalize(), "  @Input() id = '%s';" % g.uuid(),
         "  logo = 'assets/%s';" % g.retina(), "  since = new Date('%s');" % g.ts_iso(),
         "  limit = %d;" % g.ri(1, 1000), "}", ""]
    return "\n".join(t)


def java_source(g, name):
    t = ["package com.acme.%s;" % name.lower(), "",
         "import org.springframework.stereotype.Service;", "",
         "/**", " * %s" % g.sentence(), " * @since %s" % g.version().lstrip("v"), " */",
         "@Service", "public class %s {" % name,
         "    private static final long EPOCH_MS = %sL;" % g.unix_ms(),
         "    private static final String SCHEMA = \"%s\";" % g.uuid(),
         "", "    @Override", "    public String toString() {",
         "        return \"%s[\" + EPOCH_MS + \"]\";" % name, "    }", "", "    @Deprecated",
         "    public double ratio() { return 4.532015112830366E15; }", "}", ""]
    return "\n".join(t)


def c_source(g, name):
    t = ["/* %s.c — %s */" % (name, g.sentence()), "#include <stdio.h>", "",
         "#define VERSION \"%s\"" % g.version().lstrip("v"),
         "#define MAGIC 0x%sULL" % g.hexd(16), "static const double K = %.17g;" % g.r.random(),
         "", "int main(void)", "{",
         "    printf(\"%%s built %s\\n\", VERSION);" % g.d_iso(), "    return 0;", "}", ""]
    return "\n".join(t)


def changelog_md(g):
    t = ["# Changelog", ""]
    dt = g.date_dt(2021, 2022)
    for i in range(g.ri(8, 20)):
        dt += datetime.timedelta(days=g.ri(5, 60))
        t.append("## [%d.%d.%d] - %s" % (2 + i // 6, i % 6, g.ri(0, 9), g.d_iso(dt)))
        t.append("")
        for _ in range(g.ri(1, 4)):
            t.append("- %s (#%d)" % (g.ch(["Fix rounding of %s" % g.money(),
                                           "Bump %s" % g.pkg_at(), "Retina assets %s" % g.retina(),
                                           "Faster export (%d ms)" % g.ri(10, 999),
                                           "Drop support for Node %d" % g.ri(10, 16)]),
                                     g.ri(100, 2000)))
        if g.chance(0.15):
            t.append("- Thanks to %s for the report." % E(g.email_addr()))
        t.append("")
    return "\n".join(t)


def readme_md(g, project):
    p = g.person()
    t = ["# %s" % project, "", g.para(2), "", "## Install", "", "```sh",
         "pip install %s==%s" % (project, g.version().lstrip("v")), "```", "",
         "## Contact", "", "Maintainer: %s <%s>. Security reports: %s." % (
             p.name, E(p.email), g.role_email()), ""]
    return "\n".join(t)


def users_fixture_json(g, n):
    recs = []
    for i in range(n):
        p = g.person()
        recs.append('  {"id": %d, "name": "%s", "email": "%s", "phone": "%s", "created": "%s"}' % (
            i + 1, p.name, E(p.email), g.phone(), g.ts_iso()))
    return "[\n" + ",\n".join(recs) + "\n]\n"


def seed_sql(g, n):
    out = ["-- seed data for local development (%s)" % g.d_iso(), "BEGIN;"]
    for i in range(n):
        p = g.person()
        out.append("INSERT INTO customers (id, name, email, phone, card, created_at) VALUES "
                   "(%d, '%s', '%s', '%s', '%s', '%s');" % (
                       i + 1, p.name.replace("'", "''"), E(p.email), g.phone(),
                       g.test_card() if g.chance(0.5) else g.card(fmt="plain"),
                       g.ts_iso()))
    out.append("INSERT INTO settings VALUES ('smtp_user', '%s'), ('build', '%s');" % (
        g.localhost(), g.version()))
    out.append("COMMIT;")
    return "\n".join(out) + "\n"


# -- misc

def note_txt(g, pii):
    t = [g.ch(["Notes", "TODO", "Misc", "Scratch", "Reminder"]) + " " + g.d_us(), ""]
    for _ in range(g.ri(3, 10)):
        k = g.ri(0, 5) if pii else 9
        if k == 0:
            t.append("- call %s at %s re: %s" % (g.ch(FIRST), g.phone(), g.invoice_id()))
        elif k == 1:
            t.append("- email %s about the %s renewal" % (g.email(), g.money()))
        elif k == 2:
            t.append("- dentist %s (%s), ref %s" % (P(g.phone_nanp_str()), g.t_hms(), g.ssn()))
        else:
            t.append("- %s; %s" % (g.sentence(), g.neg()))
    return "\n".join(t) + "\n"


def minutes_md(g):
    people = [g.person() for _ in range(g.ri(3, 7))]
    t = ["# Weekly sync — %s" % g.d_iso(), "", "Present: " + ", ".join(p.name for p in people), "",
         "## Updates", ""]
    for p in people:
        t.append("- **%s**: %s" % (p.first, g.sentence()))
    t += ["", "## Decisions", "", "- " + g.sentence(), "- Budget: %s; %s" % (g.money(), g.neg()),
          ""]
    if g.chance(0.4):
        t += ["Minutes go to the usual list, cc: %s," % E(g.email_addr()),
              "and to the sponsor, %s." % E(g.email_addr()), ""]
    t += ["## Actions", ""]
    for _ in range(g.ri(1, 4)):
        p = g.ch(people)
        if g.chance(0.4):
            t.append("- [ ] %s to follow up with %s (%s)" % (p.first, E(g.email_addr()),
                                                             g.phone()))
        elif g.chance(0.3):
            t.append("- [ ] %s: send the draft to “%s” – or call %s\u00a0today" % (
                p.first, E(g.email_addr()), g.phone()))
        else:
            t.append("- [ ] %s: %s by %s" % (p.first, g.sentence().lower(), g.d_us()))
    return "\n".join(t) + "\n"


def reading_list(g):
    t = ["Reading list", ""]
    for _ in range(g.ri(8, 20)):
        t.append("* %s — ISBN %s (%s)" % (g.words(3).title(), g.isbn13(), g.money()))
    return "\n".join(t) + "\n"


def itinerary(g):
    t = ["TRAVEL ITINERARY — booking %s" % g.hexd(6).upper(), "",
         "Flight LH%d %s %s -> %s, seat %d%s" % (g.ri(100, 999), g.d_iso(), g.t_hms(), g.t_hms(),
                                                 g.ri(1, 40), g.ch("ABCDEF")),
         "Hotel: Alpenhof, check-in %s, phone %s" % (g.d_eu(), g.phone(True)),
         "Confirmation %d, total %s" % (g.ri(10 ** 8, 10 ** 9), g.money()),
         "Frequent flyer no. %s" % g.digits(10), ""]
    return "\n".join(t)


def latin1_contacts(g, rows):
    out = ["Adressbuch (Stand %s)" % g.d_eu(), ""]
    for _ in range(rows):
        p = g.person(accented=True, latin1=True)
        out.append("%s, %s | Tel. %s | %s | geb. %s" % (
            p.last, p.first, g.phone(True), E(g.email_addr(p.first, p.last, g.ch(EU_DOMAINS))),
            g.d_eu(g.date_dt(1950, 2000))))
    return "\n".join(out) + "\n"


def phone_list(g, rows):
    out = ["EXTENSION / DIRECT DIAL LIST", ""]
    for _ in range(rows):
        p = g.person()
        if g.chance(0.2):
            out.append("%-28s main %s ext. %d" % (p.name, P(p.phone), g.ri(100, 9999)))
        else:
            out.append("%-28s ext %-5d direct %s" % (p.name, g.ri(100, 9999), P(p.phone)))
    return "\n".join(out) + "\n"


def sticky_note(g):
    """A tiny note: often just the value, no trailing newline."""
    k = g.ri(0, 5)
    if k == 0:
        return g.email()
    if k == 1:
        return g.phone()
    if k == 2:
        return "call back " + g.phone()
    if k == 3:
        return "%s\n%s" % (g.phone(), g.email())
    if k == 4:
        return g.ch(["card for the hotel: %s exp %02d/%02d" % (g.card(), g.ri(1, 12), g.ri(25, 30)),
                     "paid the deposit with card #%s." % g.card(),
                     "(%s) = Amex for travel" % g.card("amex")])
    return "wifi: guest / %s, printer %s" % (g.hexd(10), g.ipv4())


def minified_json(g, target, boundary=262144):
    """One line of minified JSON, larger than the read buffer; e-mails straddle
    the 256 KiB edges."""
    parts, size, nxt, i = ['{"v":"%s","docs":[' % g.version()], 0, boundary, 0
    size = vlen(parts[0])
    while size < target:
        i += 1
        if size + 400 >= nxt:
            em = g.email_addr()
            head = ',{"id":%d,"title":"' % i
            mid = '","author":"'
            pad = nxt - size - len(head) - len(mid) - len(em) // 2
            if pad < 5:
                nxt += boundary
                continue
            title = (g.words(60))[:pad].replace('"', "")
            title += "x" * (pad - len(title))
            rec = head + title + mid + E(em) + '","ts":%s}' % g.unix_ms()
            nxt += boundary
        else:
            rec = (',' if i > 1 else '') + '{"id":%d,"title":"%s","author":%s,"ts":%s,"tags":["%s"]}' % (
                i, g.words(g.ri(3, 9)), '"%s"' % E(g.email_addr()) if g.chance(0.08) else "null",
                g.unix_ms(), g.uuid())
        parts.append(rec)
        size += vlen(rec)
    parts.append("]}")
    return "".join(parts)


def chat_export(g, lines):
    """A chat export with emoji (surrogate pairs in UTF-16)."""
    people = [g.person() for _ in range(4)]
    out = ["Chat export: #facilities (%s)" % g.d_iso(), ""]
    dt = g.date_dt(2024, 2025)
    for _ in range(lines):
        dt += datetime.timedelta(seconds=g.ri(5, 900))
        p = g.ch(people)
        k = g.ri(0, 6)
        if k == 0:
            msg = "call me on %s 👍" % g.phone()
        elif k == 1:
            msg = "📧 %s has the keys" % g.email()
        elif k == 2:
            msg = "invoice %s paid ✅ (%s)" % (g.invoice_id(), g.money())
        elif k == 3:
            msg = "🎉🎉 %s %s" % (g.handle(), g.sentence())
        else:
            msg = g.sentence() + " " + g.ch(["🙂", "🚀", "", "☕"])
        out.append("[%s] %s: %s" % (dt.strftime("%H:%M"), p.name, msg))
    return "\n".join(out) + "\n"


def word_export_cp1252(g):
    """Notes saved by an old word processor: Windows-1252 smart quotes."""
    t = ["Minutes of the works council, %s" % g.d_eu(), ""]
    for _ in range(g.ri(4, 8)):
        if g.chance(0.4):
            t.append("“Please contact %s” – %s …" % (g.email(), g.sentence()))
        elif g.chance(0.3):
            t.append("Hotline: %s – Budget %s – %s" % (g.phone(), "{:,.2f} €".format(
                g.ri(100, 99999)).replace(",", "X").replace(".", ",").replace("X", "."), g.d_eu()))
        else:
            t.append("• " + g.sentence())
    return "\n".join(t) + "\n"


def crashed_log(g):
    text, _ = app_log(g, g.ri(30, 80), pii=0.5)
    return text + "\0" * g.ri(1000, 6000)


def prose_doc(g):
    t = [g.ch(["Project charter", "Lessons learned", "Draft proposal", "Retrospective",
               "Office move FAQ", "Style guide"]), ""]
    for _ in range(g.ri(3, 9)):
        t.append(g.para(g.ri(2, 5)))
        t.append("")
        if g.chance(0.5):
            t.append("(" + g.negs(g.ri(1, 3)) + ")")
            t.append("")
    return "\n".join(t)


# ---------------------------------------------------------------------------
# Big files (values straddle 256 KiB read-buffer edges)

def big_log(g, target_bytes, boundary=262144):
    """An ASCII log of about target_bytes; a planted value straddles every
    multiple of `boundary` (and of boundary/2)."""
    parts = []
    size = 0
    nxt = boundary // 2
    dt = g.date_dt(2024, 2025)
    while size < target_bytes:
        if size + 600 >= nxt:
            # pad up to the edge, then a line whose value straddles it
            ts = dt.strftime("%Y-%m-%d %H:%M:%S") + ",%03d" % g.ri(0, 999)
            k = g.ri(0, 2)
            val = [g.email, g.card, g.phone][k]()
            clean_val, _ = render(val)
            head = "%s INFO  [edge] c.a.audit.Trail - value=" % ts
            pad_needed = nxt - size - len(head) - len(clean_val) // 2
            filler_head = "%s DEBUG [edge] c.a.util.Pad - " % ts
            fill = pad_needed - len(filler_head) - 1
            if fill < 10:
                nxt += boundary // 2
                continue
            body = "warmed %d keys:" % g.ri(1, 999)
            while len(body) < fill:
                body += " " + g.ch(["user", "order", "session", "cart", "price", "geo"]) + \
                    ":" + str(g.ri(1, 99999))
            body = body[:fill]
            line1 = filler_head + body + "\n"
            line2 = head + val + " end\n"
            parts.append(line1)
            parts.append(line2)
            size += len(line1) + vlen(line2)
            nxt += boundary // 2
            continue
        chunk, dt = app_log(g, 1, dt, pii=0.04)
        parts.append(chunk)
        size += vlen(chunk)
    return "".join(parts)


def big_crm_tsv(g, target_chars):
    parts = ["account\tcontact\temail\tphone\tcard_on_file\tupdated\tnotes\n"]
    size = len(parts[0])
    while size < target_chars:
        p = g.person()
        line = "%s\t%s\t%s\t%s\t%s\t%s\t%s\n" % (
            g.ch(COMPANIES), p.name, E(p.email) if g.chance(0.02) else "(on file)",
            g.phone() if g.chance(0.015) else "", g.card() if g.chance(0.007) else g.masked_card(),
            g.ts_iso(), g.negs(2))
        parts.append(line)
        size += vlen(line)
    return "".join(parts)


def big_transactions_csv(g, target_chars):
    out = ["txn_id,ts,amount,card,email,phone,merchant,mcc,ref\n"]
    size = len(out[0])
    while size < target_chars:
        line = "%s,%s,%d.%02d,%s,%s,%s,%s,%d,%s\n" % (
            g.hexd(16), g.ts_iso(), g.ri(1, 9999), g.ri(0, 99),
            g.card() if g.chance(0.01) else g.bad_card() if g.chance(0.3) else g.masked_card(),
            E(g.email_addr()) if g.chance(0.01) else "", g.phone() if g.chance(0.007) else "",
            csv_field(g.ch(COMPANIES)), g.ri(1000, 9999), g.embedded_card() if g.chance(0.3)
            else g.order_no())
        out.append(line)
        size += vlen(line)
    return "".join(out)


# ---------------------------------------------------------------------------
# The plan of the share

def plan(g):
    """Yields (relpath, text, encoding, eol)."""
    S = g.n
    # hr
    yield "hr/exports/employees_2023.csv", hr_employees_csv(g, 45), "utf-8", "lf"
    yield "hr/exports/employees_2024.csv", hr_employees_csv(g, 60), "utf-8-sig", "crlf"
    yield "hr/exports/employees_de_2024.csv", hr_employees_csv(g, 50, ";", True, True), "latin-1", "crlf"
    yield "hr/exports/outlook_contacts.csv", outlook_contacts(g, 60), "utf-16le-bom", "crlf"
    yield "hr/exports/contacts_backup_2022.csv", outlook_contacts(g, 30), "utf-16le", "crlf"
    for i in range(S(14)):
        text, who = onboarding_md(g)
        yield "hr/onboarding/%s_%d.md" % (who, i), text, "utf-8", "lf"
    policies = ["Travel and Expenses", "Remote Work", "Code of Conduct", "Leave", "Equipment",
                "Information Security", "Data Retention", "Overtime", "Relocation", "Training"]
    for i in range(S(12)):
        yield ("hr/policies/%02d_%s.md" % (i, policies[i % len(policies)].lower().replace(" ", "_")),
               policy_md(g, policies[i % len(policies)]), "utf-8", g.ch(["lf", "crlf"]))
    for i in range(S(22)):
        yield "hr/reviews/2024/review_%03d.txt" % i, review_txt(g), "utf-8", g.ch(["lf", "crlf"])
    for m in range(1, 13):
        yield "hr/payroll/payroll_2024-%02d.csv" % m, payroll_csv(g, g.ri(40, 120)), "utf-8", "lf"
    yield "hr/corporate_cards.csv", corporate_cards_csv(g, 30), "utf-8", "crlf"
    yield "hr/org_chart.txt", org_chart(g), "utf-8", "lf"
    yield "hr/benefits/enrollment_2024.csv", hr_employees_csv(g, 40), "utf-16be", "lf"
    yield "hr/README.txt", "HR share. Exports are refreshed nightly at 02:00 (see %s).\n" % \
        g.invoice_id(), "utf-8", "lf"

    # finance
    for m in range(1, 13):
        yield ("finance/payments/payments-2024-%02d.log" % m, payments_log(g, g.ri(60, 120)),
               "utf-8", "lf")
    for q in range(1, 5):
        yield ("finance/payments/gateway_export_2024Q%d.csv" % q, gateway_export_csv(g, 50),
               "utf-8", "crlf" if q % 2 else "lf")
    yield "finance/invoices/invoice_list_2024.csv", invoice_list_csv(g, 400), "utf-8", "lf"
    for i in range(S(30)):
        inv = "INV-2024-%06d" % (100 + i)
        yield "finance/invoices/%s.txt" % inv, invoice_txt(g, inv), "utf-8", g.ch(["lf", "crlf"])
    for q in range(1, 5):
        yield ("finance/reports/q%d_2024_summary.md" % q,
               finance_report_md(g, "Q%d 2024 summary" % q), "utf-8", "lf")
    yield "finance/reports/annual_2023.md", finance_report_md(g, "Annual report 2023"), "utf-8", "lf"
    for d in DEPTS[:S(8)] if S(8) <= len(DEPTS) else DEPTS:
        yield ("finance/budget/budget_2024_%s.csv" % d.lower().replace(" ", "_"),
               budget_csv(g, d), "utf-8", "lf")
    yield "finance/refunds_2024.json", refunds_json(g, 40), "utf-8", "lf"
    yield "finance/chargebacks.csv", l1(chargebacks_csv(g, 30)), "latin-1", "crlf"
    yield "finance/vendors.yaml", vendors_yaml(g, 25), "utf-8", "lf"
    yield "finance/card_test_numbers.txt", test_numbers_doc(g), "utf-8", "lf"
    yield ("finance/archive/transactions_2023_full.csv",
           big_transactions_csv(g, int(3.2e6 * g.scale)), "utf-8", "lf")

    # it
    for i in range(S(20)):
        text, _ = app_log(g, g.ri(80, 250), pii=0.25)
        yield "it/logs/app/app-2024-02-%02d.log" % (i + 1), text, "utf-8", "lf"
    for i in range(S(8)):
        yield "it/logs/nginx/access.log.%d" % (i + 1), access_log(g, g.ri(300, 900)), "utf-8", "lf"
    for i in range(S(6)):
        yield ("it/logs/sms/sms-gateway-2024-%02d.log" % (i + 1), sms_log(g, g.ri(40, 100)),
               "utf-8", "lf")
    for name in ["syslog", "syslog.1", "auth.log", "mail.log"]:
        yield "it/logs/system/%s" % name, syslog(g, g.ri(200, 800)), "utf-8", "lf"
    yield "it/logs/big/app-full-2024-01.log", big_log(g, int(5.5e6 * g.scale)), "utf-8", "lf"
    for name in ["billing-api", "auth-service", "notifier", "reporting", "gateway", "search",
                 "scheduler", "exporter"][:S(8)]:
        yield "it/config/%s.yaml" % name, config_yaml(g, name), "utf-8", "lf"
    for name in ["mailer", "proxy", "backup", "ldap-sync"]:
        yield "it/config/%s.ini" % name, config_ini(g, name), "utf-8", g.ch(["lf", "crlf"])
    yield "it/config/.env.production", dotenv(g), "utf-8", "lf"
    yield "it/config/.env.staging", dotenv(g), "utf-8", "lf"
    yield "it/inventory/assets.csv", assets_csv(g, 220), "utf-8", "lf"
    yield "it/inventory/mdm_devices_export.csv", mdm_export_csv(g, 60), "utf-8", "crlf"
    for i in range(S(16)):
        n = 4400000 + g.ri(1, 99999)
        yield "it/tickets/INC%07d.md" % n, ticket_md(g, n), "utf-8", g.ch(["lf", "crlf"])
    for i in range(S(6)):
        yield "it/backups/manifest-%02d.json" % i, manifest_json(g), "utf-8", "lf"
    for name in ["backup", "rotate-logs", "sync-ldap", "cleanup-tmp"]:
        yield "it/scripts/%s.sh" % name, shell_script(g, name), "utf-8", "lf"
    yield "it/oncall_rota.csv", oncall_csv(g, 26), "utf-16le-bom", "crlf"

    # sales
    for region in ["na", "emea", "apac"]:
        for q in range(1, 4):
            yield ("sales/leads/leads_%s_2024q%d.csv" % (region, q),
                   leads_csv(g, g.ri(20, 50), region), "utf-8", g.ch(["lf", "crlf"]))
    yield "sales/crm/crm_export_2024.json", crm_json(g, 30), "utf-8", "lf"
    yield ("sales/crm/crm_full_export.txt", big_crm_tsv(g, int(1.6e6 * g.scale)),
           "utf-16le-bom", "crlf")
    for i in range(S(22)):
        co = g.ch(COMPANIES)
        yield ("sales/call_notes/%s_%s_%02d.md" % (g.d_iso(), co.lower(), i),
               call_notes_md(g, co), "utf-8", "lf")
    yield "sales/partners_eu.csv", partners_latin1_csv(g, 45), "latin-1", "crlf"
    for i in range(S(10)):
        yield "sales/contracts/contract_%03d.txt" % i, contract_txt(g), "utf-8", g.ch(["lf", "crlf"])
    yield "sales/forecast_2024.csv", forecast_csv(g), "utf-8", "lf"
    yield "sales/contacts_apac.txt", contacts_txt(g, 40), "utf-16be", "crlf"
    yield "sales/trade_show_badges.csv", badges_csv(g, 70), "utf-16le", "lf"

    # web
    pages = [("index", "home"), ("about", "other"), ("contact", "contact"), ("team", "team"),
             ("careers", "other"), ("privacy", "other"), ("pricing", "other"),
             ("support", "contact"), ("leadership", "team")]
    for name, kind in pages:
        yield "web/site/%s.html" % name, html_page(g, name.capitalize(), kind), "utf-8", "lf"
    for i in range(S(10)):
        yield "web/site/blog/post-%03d.html" % (i + 1), html_page(g, "Blog", "blog"), "utf-8", "lf"
    for name in ["site", "print", "fonts", "legacy"]:
        yield "web/site/css/%s.css" % name, css_file(g), "utf-8", "lf"
    for name in ["app", "vendor", "analytics", "polyfills"]:
        yield "web/site/js/%s.js" % name, js_file(g), "utf-8", "lf"
    yield "web/site/data/team.json", team_json(g, 25), "utf-8", "lf"
    yield "web/site/sitemap.xml", sitemap_xml(g), "utf-8", "lf"
    yield ("web/site/data/search-index.min.json", minified_json(g, int(700000 * g.scale)),
           "utf-8", "lf")
    yield "web/newsletter/subscribers_export.csv", subscribers_csv(g, 100), "utf-8-sig", "crlf"
    yield "web/forms/contact_submissions_2024.jsonl", submissions_jsonl(g, 80), "utf-8", "lf"

    # dev
    for name in ["orders", "refunds", "customers", "ledger", "export", "webhooks", "fraud",
                 "tokens", "settlement", "reports"][:S(10)]:
        yield "dev/payments-service/src/payments/%s.py" % name, py_source(g, name), "utf-8", "lf"
    for name in ["card", "refund", "customer", "ledger"]:
        yield "dev/payments-service/tests/test_%s.py" % name, py_test(g), "utf-8", "lf"
    yield "dev/payments-service/README.md", readme_md(g, "payments-service"), "utf-8", "lf"
    yield ("dev/payments-service/requirements.txt",
           "\n".join("%s==%d.%d.%d" % (n, g.ri(0, 9), g.ri(0, 30), g.ri(0, 9)) for n in
                     ["flask", "requests", "sqlalchemy", "pydantic", "pytest"]) + "\n", "utf-8", "lf")
    yield "dev/webapp/package.json", package_json(g), "utf-8", "lf"
    yield "dev/webapp/pnpm-lock.yaml", lockfile(g), "utf-8", "lf"
    for name in ["header", "cart", "checkout", "profile", "search", "footer", "login",
                 "orders"][:S(8)]:
        yield "dev/webapp/src/app/%s.component.ts" % name, js_source(g, name), "utf-8", "lf"
    yield "dev/webapp/CHANGELOG.md", changelog_md(g), "utf-8", "lf"
    for name in ["OrderService", "LedgerService", "AuditService", "ExportJob", "RateLimiter",
                 "TokenStore"][:S(6)]:
        yield ("dev/ledger/src/main/java/com/acme/ledger/%s.java" % name, java_source(g, name),
               "utf-8", "lf")
    for name in ["parse", "crc", "ring", "hash"]:
        yield "dev/tools/%s.c" % name, c_source(g, name), "utf-8", "lf"
    yield "dev/fixtures/users.json", users_fixture_json(g, 30), "utf-8", "lf"
    yield "dev/db/seed.sql", seed_sql(g, 40), "utf-8", "lf"
    yield "dev/.gitignore", "node_modules/\n*.log\n.env*\nbuild/\n", "utf-8", "lf"
    yield "dev/Makefile", "VERSION := %s\nall:\n\tcc -O2 -o tool tools/*.c\n" % \
        g.version().lstrip("v"), "utf-8", "lf"

    # misc
    for i in range(S(18)):
        yield ("misc/notes/note_%03d.txt" % i, note_txt(g, g.chance(0.45)), "utf-8",
               g.ch(["lf", "crlf"]))
    for i in range(S(12)):
        yield "misc/meeting_minutes/%s.md" % g.d_iso(), minutes_md(g), "utf-8", "lf"
    yield "misc/reading_list.md", reading_list(g), "utf-8", "lf"
    yield "misc/travel/itinerary_%s.txt" % g.d_iso(), itinerary(g), "utf-8", "crlf"
    yield "misc/old_contacts_latin1.txt", latin1_contacts(g, 40), "latin-1", "crlf"
    yield "misc/phone_list.txt", phone_list(g, 50), "utf-16be", "lf"
    yield "misc/phone_list_2019.txt", phone_list(g, 40), "utf-16be-bom", "crlf"
    for i in range(S(25)):
        yield "misc/docs/doc_%03d.txt" % i, prose_doc(g), "utf-8", g.ch(["lf", "crlf"])
    yield "misc/chat/facilities_export.txt", chat_export(g, 120), "utf-16le-bom", "crlf"
    yield "misc/chat/facilities_2023.txt", chat_export(g, 60), "utf-8", "lf"
    yield "misc/works_council_minutes.txt", word_export_cp1252(g), "cp1252", "crlf"
    yield "misc/empty.txt", "", "utf-8", "lf"
    yield "dev/webapp/src/.gitkeep", "", "utf-8", "lf"
    yield "it/logs/app/app-crash-2024-02-29.log", crashed_log(g), "utf-8", "lf"
    for i in range(S(10)):
        yield ("misc/desktop/sticky_%02d.txt" % i, sticky_note(g),
               g.ch(["utf-8", "utf-8", "utf-16le-bom", "utf-16le", "utf-16be", "latin-1"]), "lf")


def l1(text):
    """Makes text Latin-1 encodable (the planted values are ASCII)."""
    return text.replace("€", "EUR ").replace("—", "-").replace("–", "-")


ENC_FORCE = [("utf-16le-bom", 0.02), ("utf-16le", 0.015), ("utf-16be", 0.015), ("latin-1", 0.03)]


def encode(clean, enc, eol):
    if eol == "crlf":
        clean = clean.replace("\n", "\r\n")
    if enc == "utf-8":
        return clean.encode("utf-8")
    if enc == "utf-8-sig":
        return b"\xef\xbb\xbf" + clean.encode("utf-8")
    if enc == "latin-1":
        return clean.encode("latin-1")
    if enc == "cp1252":
        return clean.encode("cp1252")
    if enc == "utf-16le-bom":
        return b"\xff\xfe" + clean.encode("utf-16-le")
    if enc == "utf-16le":
        return clean.encode("utf-16-le")
    if enc == "utf-16be":
        return clean.encode("utf-16-be")
    if enc == "utf-16be-bom":
        return b"\xfe\xff" + clean.encode("utf-16-be")
    raise ValueError(enc)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--no-self-check", action="store_true",
                    help="skip the reference self-check of the planted truth")
    a = ap.parse_args()
    if a.scale <= 0:
        ap.error("--scale must be > 0")
    share = os.path.join(a.outdir, "share")
    if os.path.exists(share) and os.listdir(share):
        print("gen_share: %s exists and is not empty" % share, file=sys.stderr)
        return 2
    os.makedirs(share, exist_ok=True)
    g = Gen(a.seed, a.scale)
    truth = {}
    totals = {d: 0 for d in TRUTH_DETECTORS}
    problems = []
    nfiles = nbytes = 0
    enc_count = {}
    seen = set()
    raw = {}  # planted raw values, in order of first appearance
    for rel, text, enc, eol in plan(g):
        if rel in seen:
            base, ext = os.path.splitext(rel)
            rel = "%s_%d%s" % (base, len(seen), ext)
        seen.add(rel)
        clean, spans = render(text)
        if enc == "utf-8" and not rel.endswith(".log") and len(clean) < 400000:
            x = g.r.random()
            for e2, p in ENC_FORCE:
                if x < p:
                    if e2 != "latin-1" or all(ord(c) < 256 for c in clean):
                        enc = e2
                    break
                x -= p
        if enc == "latin-1" and any(ord(c) > 255 for c in clean):
            raise SystemExit("gen_share: %s: not Latin-1 encodable" % rel)
        if enc == "cp1252":
            clean.encode("cp1252")  # fails loudly if not encodable
        if not a.no_self_check:
            problems += self_check(rel, clean, spans)
        data = encode(clean, enc, eol)
        path = os.path.join(share, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        mt = g.date_dt(2019, 2025).timestamp()
        os.utime(path, (mt, mt))
        counts = {}
        for k, s, e, v in spans:
            if k in KIND:
                counts[KIND[k]] = counts.get(KIND[k], 0) + 1
                raw.setdefault(v, None)
        if counts:
            truth[rel] = {d: counts[d] for d in TRUTH_DETECTORS if d in counts}
            for d, c in counts.items():
                totals[d] += c
        nfiles += 1
        nbytes += len(data)
        enc_count[enc] = enc_count.get(enc, 0) + 1
    if problems:
        for p in problems[:200]:
            print("gen_share: self-check: " + p, file=sys.stderr)
        print("gen_share: self-check failed with %d problems" % len(problems), file=sys.stderr)
        return 1
    out = {"files": dict(sorted(truth.items())), "totals": totals,
           "meta": {"generator": "gen_share.py", "seed": a.seed, "scale": a.scale,
                    "files": nfiles, "bytes": nbytes, "files_with_pii": len(truth),
                    "encodings": dict(sorted(enc_count.items()))}}
    with open(os.path.join(a.outdir, "truth.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=False)
        f.write("\n")
    with open(os.path.join(a.outdir, "raw.txt"), "w", encoding="utf-8") as f:
        for v in raw:
            f.write(v + "\n")
    print("gen_share: %d files (%d with PII), %.1f MB, planted %s; encodings %s" % (
        nfiles, len(truth), nbytes / 1e6,
        ", ".join("%s=%d" % (d, totals[d]) for d in TRUTH_DETECTORS),
        ", ".join("%s=%d" % kv for kv in sorted(enc_count.items()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
