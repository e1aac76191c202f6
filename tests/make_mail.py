#!/usr/bin/env python3
"""make_mail.py — realistic e-mail fixtures (.eml and mbox) with planted values,
and the truth about them.

usage: make_mail.py OUTDIR [--seed N] [--raw FILE]

Writes
  OUTDIR/...           the tree to scan: HR and finance mails as .eml (LF and
                       CRLF), and an mbox of several messages. They use what
                       real mailers use: multipart/alternative with
                       quoted-printable text and HTML, base64 and 8bit bodies,
                       RFC 2047 encoded names and subjects, RFC 2231 encoded
                       file names, a forwarded message (message/rfc822) with
                       its own attachment, a base64 zip attachment holding a
                       CSV, CSV attachments, an inline PNG, mbox ">From "
                       quoting.
  OUTDIR/truth.json    occurrences per detector (email, credit_card, phone):
    "files":  {"rel/path": {...}, "rel/path!member!inner": {...}}
              the keys check_datamap.py builds (tests/documents.sh): a mail's
              own text -- every message's decoded header block (addresses in
              From/To/Cc/Reply-To/Return-Path count) and its text parts,
              forwarded messages included -- under its path; an attachment
              under path!filename; a zip member under path!zipname!member;
    "items":  the same keyed "rel/path|member|inner" (check_items.py format),
    "clean":  ["rel/path|member"]: attachments that must have no findings,
    "errors": {},
    "file_totals": {"rel/path": {...}}: everything inside a file,
    "parts":  {"rel/path": [{"item", "part", counts}]}: where each count lies,
    "totals", "meta".
  FILE (--raw)         every distinct planted raw value, one per line (for
                       check_datamap.py --raw-values; kept out of OUTDIR so a
                       scan of OUTDIR does not see it).

The output depends only on --seed (and on gen_share.py, whose generators it
uses). Python standard library only.

Values, names and the validity rules come from gen_share.py (imported from
this directory), and so does the honesty check: every text that piimap will
see is built with marked values, and gen_share.self_check must find that
every e-mail-, card- or phone-shaped string in it is planted (or a marked
negative, such as the Message-ID, whose domain ends in the undelegated
".internal") and that every planted value stands alone. The counts are taken
from what the mail *decodes to*: each file is parsed back with the email
package (mbox split and ">From " unquoted here), every header block and text
part is looked up in the register of marked texts, and a decoded text that is
not in the register fails the generator.
"""
import argparse
import collections
import datetime
import email
import email.policy
import email.utils
import io
import json
import mailbox
import os
import sys
import zipfile
from email.message import EmailMessage

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_share as gs  # noqa: E402

E, C, P, N = gs.E, gs.C, gs.P, gs.N
DETECTORS = ("email", "credit_card", "phone")

# A 1x1 PNG: an inline logo without personal data.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000100e221bc33000000"
                    "0049454e44ae426082")


class Register:
    """Clean text -> marked text, for header values and text bodies."""

    def __init__(self):
        self.hdr = {}
        self.text = {}

    def header(self, msg, name, marked):
        clean, _ = gs.render(marked)
        msg[name] = clean
        got = str(msg[name])
        if got != clean:
            raise SystemExit("header %s does not round-trip: %r -> %r" % (name, clean, got))
        self.hdr[clean] = marked

    def body(self, marked):
        clean, _ = gs.render(marked)
        self.text[norm(clean)] = marked
        return clean


def norm(text):
    return text.replace("\r\n", "\n").strip("\n")


class Truth:
    def __init__(self):
        self.items = collections.defaultdict(collections.Counter)
        self.files = collections.defaultdict(collections.Counter)
        self.parts = collections.defaultdict(list)
        self.clean = []
        self.raw = {}

    def count(self, rel, item, what, marked):
        clean, spans = gs.render(marked)
        probs = gs.self_check("%s [%s]" % (item, what), clean, spans)
        if probs:
            raise SystemExit("\n".join(probs))
        c = collections.Counter()
        for k, _, _, v in spans:
            if k in gs.KIND:
                c[gs.KIND[k]] += 1
                self.raw.setdefault(v, None)
        self.items[item].update(c)
        self.files[rel].update(c)
        row = {"item": item, "part": what}
        row.update({d: c[d] for d in DETECTORS if c[d]})
        self.parts[rel].append(row)


# ---------------------------------------------------------------------------
# Building blocks

class Mailer:
    def __init__(self, seed):
        self.g = gs.Gen(seed, 1.0)
        self.reg = Register()
        self.nb = 0

    def date(self, dt=None):
        dt = dt or datetime.datetime(2024, self.g.ri(1, 12), self.g.ri(1, 28), self.g.ri(7, 19),
                                     self.g.ri(0, 59), self.g.ri(0, 59),
                                     tzinfo=datetime.timezone(datetime.timedelta(
                                         hours=self.g.ch([-5, 0, 1]))))
        return email.utils.format_datetime(dt)

    def msgid(self):
        return N("<%s.%s@mx%02d.acme-corp.internal>" % (self.g.hexd(12), self.g.hexd(8),
                                                        self.g.ri(1, 9)))

    def addr(self, p=None, email_=None):
        """A marked address: "Name <e-mail>" or a bare e-mail."""
        if p is None:
            return E(email_)
        return "%s <%s>" % (p.name, E(p.email))

    def new(self, hdrs, subject):
        """A message with the usual headers; hdrs: [(name, marked value)]."""
        m = EmailMessage(policy=email.policy.default)
        for name, v in hdrs:
            self.reg.header(m, name, v)
        self.reg.header(m, "Subject", subject)
        self.reg.header(m, "Date", self.date())
        self.reg.header(m, "Message-ID", self.msgid())
        m["MIME-Version"] = "1.0"
        return m

    def boundaries(self, m):
        """Boundaries of letters only: Python's default ones are digit runs a
        card detector could read as a number."""
        for part in m.walk():
            if part.is_multipart() and part.get_content_maintype() == "multipart":
                self.nb += 1
                letters = "".join(self.g.ch("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz")
                                  for _ in range(16))
                part.set_boundary("----=_Part_%s_%s" % (self.nb * "x", letters))

    def neg(self):
        """A harmless number-like value (no detector must fire on it)."""
        g = self.g
        k = g.ri(0, 7)
        return [lambda: "ref " + g.invoice_id(), lambda: "order " + g.order_no(),
                lambda: "dated " + g.d_iso(), lambda: "amount " + g.money(),
                lambda: "card " + g.masked_card(), lambda: "case " + g.uuid(),
                lambda: "ref " + g.bad_card(), lambda: "logo " + g.retina()][k]()


def sig(p, company="ACME Corp"):
    return "\n-- \n%s\n%s, %s\nPhone: %s\nMobile: %s\n%s\n" % (
        p.name, p.title, company, P(p.phone), P(p.mobile), E(p.email))


# ---------------------------------------------------------------------------
# The mails. Each returns an EmailMessage.

def offer_letter(mk):
    g = mk.g
    hr, cand, mgr = g.person(), g.person(accented=True), g.person()
    m = mk.new([("From", mk.addr(hr)), ("To", mk.addr(cand)), ("Cc", mk.addr(mgr)),
                ("Reply-To", mk.addr(None, "recruiting@" + gs.COMPANY_DOMAIN))],
               "Offer of employment \u2013 %s (%s)" % (cand.name, cand.title))
    personal = g.email_addr(cand.first, cand.last, g.ch(["gmail.com", "outlook.com", "web.de"]))
    text = ("Dear %s,\n\nWe are delighted to offer you the position of %s in %s.\n"
            "Your start date is %s; %s\n\n"
            "Please confirm your personal details by %s:\n"
            "  personal e-mail: %s\n  mobile: %s\n  home phone: %s\n\n"
            "Your manager %s (%s) will call you. %s\n%s" % (
                cand.first, cand.title, cand.dept, g.d_iso(), g.sentence(), g.d_iso(),
                E(personal), P(cand.mobile), P(cand.phone), mgr.name, E(mgr.email), g.para(2),
                sig(hr)))
    html = ("<html><body><p>Dear %s,</p><p>We are delighted to offer you the position of "
            "<b>%s</b>.</p><table><tr><td>E-mail</td><td>%s</td></tr>"
            "<tr><td>Mobile</td><td>%s</td></tr></table><p>Questions: %s or %s.</p>"
            "</body></html>\n" % (cand.first, cand.title, E(personal), P(cand.mobile),
                                  E(hr.email), P(hr.phone)))
    m.set_content(mk.reg.body(text), charset="utf-8", cte="quoted-printable")
    m.add_alternative(mk.reg.body(html), subtype="html", charset="utf-8",
                      cte="quoted-printable")
    return m


def staff_csv(mk, rows):
    g = mk.g
    lines = ["employee_id,name,department,email,phone,corporate_card"]
    for _ in range(rows):
        p = g.person()
        lines.append(",".join([p.emp_id, gs.csv_field(p.name), p.dept, E(p.email), P(p.phone),
                               C(g.card_str(fmt=g.ch(["plain", "space", "dash"])))]))
    return "\r\n".join(lines) + "\r\n"


def staff_export(mk):
    g = mk.g
    hr, pay = g.person(), g.person()
    m = mk.new([("From", mk.addr(None, "hr-systems@" + gs.COMPANY_DOMAIN)),
                ("To", mk.addr(pay)), ("Cc", mk.addr(hr)),
                ("Return-Path", "<%s>" % E("bounces@" + gs.COMPANY_DOMAIN))],
               "Nightly staff export %s" % g.d_iso())
    m.set_content(mk.reg.body(
        "Hello %s,\n\nAttached is the nightly staff export (%s).\n"
        "Questions go to %s. %s\n" % (pay.first, mk.neg(), E("it-helpdesk@" + gs.COMPANY_DOMAIN),
                                      g.sentence())), cte="7bit")
    m.make_mixed()
    csv = mk.reg.body(staff_csv(mk, 25))
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("staff.csv", (2024, 1, 5, 2, 0, 0)), csv)
    m.add_attachment(z.getvalue(), maintype="application", subtype="zip",
                     filename="staff_export_2024-01.zip")
    m.add_attachment(PNG, maintype="image", subtype="png", filename="logo.png",
                     disposition="inline")
    return m


def card_dispute(mk):
    g = mk.g
    cust, agent = g.person(latin1=True), g.person()
    card = g.card_str()
    m = mk.new([("From", mk.addr(cust)), ("To", mk.addr(None, "disputes@" + gs.COMPANY_DOMAIN)),
                ("Reply-To", mk.addr(cust))],
               "Dispute: charge on card %s" % g.masked_card())
    text = ("Hello,\n\nI do not recognise a charge of %s on my card %s (%s).\n"
            "Please call me on %s or write to %s.\n\nRegards,\n%s\n" % (
                g.money(), C(card), mk.neg(), P(cust.phone), E(cust.email), cust.name))
    m.set_content(mk.reg.body(text), charset="iso-8859-1", cte="base64")
    rows = ["date;merchant;amount;card;contact"]
    for _ in range(6):
        rows.append(";".join([g.d_iso(), g.ch(gs.COMPANIES), g.money(), C(card),
                              E(agent.email)]))
    m.add_attachment(mk.reg.body("\n".join(rows) + "\n"), subtype="csv", charset="utf-8",
                     cte="base64", filename="Uberweisungen J\u00e4nner 2024.csv")
    return m


def forwarded_chargeback(mk):
    g = mk.g
    fin, bank = g.person(), g.person()
    inner = mk.new([("From", mk.addr(bank)), ("To", mk.addr(fin))],
                   "Chargeback notice %s" % g.invoice_id())
    inner.set_content(mk.reg.body(
        "Chargeback received for card %s, amount %s.\nCardholder phone: %s\n"
        "Respond to %s within 10 days.\n" % (C(g.card_str()), g.money(), P(g.phone_nanp_str()),
                                             E(bank.email))), cte="quoted-printable")
    rows = ["case,card,email"]
    for _ in range(4):
        rows.append("%s,%s,%s" % (g.uuid(), C(g.card_str(fmt="plain")), E(g.email_addr())))
    inner.add_attachment(mk.reg.body("\n".join(rows) + "\n"), subtype="csv",
                         filename="chargebacks.csv")
    outer = mk.new([("From", mk.addr(fin)), ("To", mk.addr(None, "disputes@" +
                                                         gs.COMPANY_DOMAIN))],
                   "Fwd: Chargeback notice")
    outer.set_content(mk.reg.body("See the forwarded notice below. %s\n%s" % (
        g.sentence(), sig(fin))))
    outer.add_attachment(inner, filename="chargeback.eml")
    return outer


def mbox_messages(mk):
    g = mk.g
    out = []
    a, b = g.person(), g.person()
    m = mk.new([("From", mk.addr(a)), ("To", mk.addr(None, "hr@" + gs.COMPANY_DOMAIN))],
               "Leave request")
    m.set_content(mk.reg.body(
        "Hi,\n\nI would like to take leave from %s to %s.\n\n"
        "From the 3rd I can be reached on %s.\n%s" % (g.d_iso(), g.d_iso(), P(a.mobile), sig(a))),
        cte="8bit")
    out.append(m)
    m = mk.new([("From", mk.addr(b)), ("To", "%s, %s" % (mk.addr(a), mk.addr(g.person())))],
               "Payroll correction for %s" % a.name)
    m.set_content(mk.reg.body(
        "The reimbursement goes to the corporate card %s.\nAccount contact: %s, %s.\n" % (
            C(g.card_str()), E(a.email), P(a.phone))), cte="quoted-printable")
    out.append(m)
    m = mk.new([("From", mk.addr(g.person())), ("To", mk.addr(b))], "Updated contact list")
    m.set_content(mk.reg.body("Updated list attached. %s\n" % g.sentence()))
    rows = ["name,email,phone"]
    for _ in range(8):
        p = g.person()
        rows.append("%s,%s,%s" % (gs.csv_field(p.name), E(p.email), P(p.phone)))
    m.add_attachment(mk.reg.body("\n".join(rows) + "\n"), subtype="csv",
                     filename="contacts_q1.csv")
    out.append(m)
    m = mk.new([("From", mk.addr(a)), ("To", mk.addr(b))], "=?broken subject From a list")
    m.set_content(mk.reg.body("Numbers for the on-call rota: %s, %s, %s.\n" % (
        P(g.phone_intl_str()), P(g.phone_nanp_str()), P(g.phone_nanp_str()))), cte="base64")
    out.append(m)
    return out


# ---------------------------------------------------------------------------
# Reading back: what piimap will see

def is_attachment(part):
    return (part.get_filename() is not None or part.get_content_disposition() == "attachment"
            or part.get_content_maintype() != "text")


def account(truth, reg, rel, msg):
    """Counts a parsed message: header block, text parts, attachments."""
    block = "".join("%s: %s\n" % (k, reg.hdr.get(str(v), str(v))) for k, v in msg.items())
    truth.count(rel, rel, "headers", block)
    for part in msg.iter_parts() if msg.is_multipart() else [msg]:
        account_part(truth, reg, rel, part)


def account_part(truth, reg, rel, part):
    ct = part.get_content_type()
    if ct == "message/rfc822":
        account(truth, reg, rel, part.get_content())
    elif part.get_content_maintype() == "multipart":
        for sub in part.iter_parts():
            account_part(truth, reg, rel, sub)
    elif is_attachment(part):
        name = part.get_filename()
        data = part.get_content()
        item = rel + "|" + name
        if ct == "application/zip":
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for zi in zf.infolist():
                    text = zf.read(zi).decode("utf-8")
                    truth.count(rel, item + "|" + zi.filename, "zip member",
                                lookup(reg, text, item + "|" + zi.filename))
        elif part.get_content_maintype() == "text":
            truth.count(rel, item, "attachment " + ct, lookup(reg, data, item))
        else:
            truth.clean.append(item)
    else:
        truth.count(rel, rel, ct, lookup(reg, part.get_content(), rel + " " + ct))


def lookup(reg, text, where):
    marked = reg.text.get(norm(text))
    if marked is None:
        raise SystemExit("%s: decoded text is not the planted text:\n%r" % (where, text[:300]))
    return marked


def split_mbox(data):
    """Messages of an mbox, ">From " unquoted (mboxrd rule)."""
    msgs, cur = [], None
    prev_blank = True
    for line in data.split(b"\n"):
        if prev_blank and line.startswith(b"From "):
            cur = []
            msgs.append(cur)
        elif cur is not None:
            s = line.lstrip(b">")
            cur.append(line[1:] if s is not line and s.startswith(b"From ") and
                       line.startswith(b">") else line)
        prev_blank = line in (b"", b"\r")
    return [b"\n".join(m).rstrip(b"\n") + b"\n" for m in msgs]


# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=20240105)
    ap.add_argument("--raw", metavar="FILE", help="write the planted raw values here")
    args = ap.parse_args()
    mk = Mailer(args.seed)
    root = args.outdir
    truth = Truth()
    written = []

    def write(rel, data):
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        written.append(rel)

    lf, crlf = email.policy.default, email.policy.SMTP
    files = [("hr/offers/offer_letter_2024-0412.eml", offer_letter, lf),
             ("hr/exports/staff_export_nightly.eml", staff_export, lf),
             ("finance/disputes/dispute_0001.eml", card_dispute, crlf),
             ("finance/disputes/dispute_0002.eml", card_dispute, lf),
             ("finance/disputes/fwd_chargeback.eml", forwarded_chargeback, crlf)]
    for rel, make, pol in files:
        m = make(mk)
        mk.boundaries(m)
        data = m.as_bytes(policy=pol)
        write(rel, data)
        account(truth, mk.reg, rel, email.message_from_bytes(data, policy=email.policy.default))

    rel = "hr/archive/hr-inbox-2024.mbox"
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    box = mailbox.mbox(path, create=True)
    for i, m in enumerate(mbox_messages(mk)):
        mk.boundaries(m)
        mm = mailbox.mboxMessage(m)
        mm.set_from("MAILER-DAEMON", (2024, 2, i + 1, 9, 30, 0, 0, 0, 0))
        box.add(mm)
    box.flush()
    box.close()
    written.append(rel)
    with open(path, "rb") as f:
        data = f.read()
    if b"\n>From the 3rd" not in data:
        raise SystemExit("mbox: the body's From line was not quoted")
    for raw in split_mbox(data):
        account(truth, mk.reg, rel, email.message_from_bytes(raw, policy=email.policy.default))

    def counts(c):
        return {d: c[d] for d in DETECTORS if c[d]}

    totals = collections.Counter()
    for c in truth.files.values():
        totals.update(c)
    items = {k: counts(v) for k, v in sorted(truth.items.items()) if counts(v)}
    doc = {
        "files": {k.replace("|", "!"): v for k, v in items.items()},
        "items": items,
        "clean": sorted(truth.clean),
        "errors": {},
        "file_totals": {rel: counts(truth.files[rel]) for rel in written},
        "parts": {rel: truth.parts[rel] for rel in written},
        "totals": counts(totals),
        "meta": {"generator": "make_mail.py", "seed": args.seed, "detectors": list(DETECTORS)},
    }
    with open(os.path.join(args.outdir, "truth.json"), "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    if args.raw:
        with open(args.raw, "w") as f:
            f.write("".join(v + "\n" for v in truth.raw))
    print("make_mail: %d files, %s" % (len(written), ", ".join(
        "%s %d" % (d, totals[d]) for d in DETECTORS)))


if __name__ == "__main__":
    main()
