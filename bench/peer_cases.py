#!/usr/bin/python3
"""Measure piimap's detectors against the labelled peer cases.

The peer cases (one TSV per detector id, see the folder's README.md) are a
yardstick kept outside the project: this script reads them where they are and
never copies them into the repository.  Each selected row's text is written to
its own file in a temporary directory, piimap scans all of them in ONE run and
writes one JSON data map, and the number of occurrences of the row's detector
in that row's file is compared with the row's expected_count.

    python3 bench/peer_cases.py [CASES_DIR] [--piimap BIN] [--tier head]
            [--no-whole-string] [--no-disagree] [--show-misses N]

Scoring per row: tp = min(found, exp), fp = max(0, found - exp),
fn = max(0, exp - found); "exact" means found == exp.

With --peer-regions the phone rows are scanned a second time, each with the
countries its peer was told (`scan --region`): validator.js's locales (where
the row is valid for a 1, where it was tested for a 0), Presidio's region
list (US, GB, DE, FR, IL, IN, CA, BR; +JP, CN or TR where the test says),
US for scrubadub and phileas. Both figures are printed, without and with.
Python 3 standard library only.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import OrderedDict, defaultdict

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DETECTOR_IDS = ["email", "credit_card", "phone", "us_ssn", "iban"]


# --------------------------------------------------------------------------
# TSV reading


def unescape(s):
    r"""Decode the README's escapes: \\ \t \n \r \uXXXX (state machine)."""
    out = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        e = s[i + 1]
        if e == "\\":
            out.append("\\")
            i += 2
        elif e == "t":
            out.append("\t")
            i += 2
        elif e == "n":
            out.append("\n")
            i += 2
        elif e == "r":
            out.append("\r")
            i += 2
        elif e == "u" and i + 6 <= n and all(
                h in "0123456789abcdefABCDEF" for h in s[i + 2:i + 6]):
            out.append(chr(int(s[i + 2:i + 6], 16)))
            i += 6
        else:  # unknown escape: keep it literally
            out.append(c)
            i += 1
    return "".join(out)


def escape(s):
    """Inverse of unescape, for printing texts on one line."""
    out = []
    for c in s:
        o = ord(c)
        if c == "\\":
            out.append("\\\\")
        elif c == "\t":
            out.append("\\t")
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif o < 0x20 or o == 0x7F or 0xD800 <= o <= 0xDFFF:
            out.append("\\u%04x" % o)
        else:
            out.append(c)
    return "".join(out)


def has_surrogate(s):
    return any(0xD800 <= ord(c) <= 0xDFFF for c in s)


class Row(object):
    __slots__ = ("det", "line", "text", "exp", "source", "note", "found",
                 "state", "regions", "found_plain")

    def __init__(self, det, line, text, exp, source, note):
        self.det, self.line, self.text = det, line, text
        self.exp, self.source, self.note = exp, source, note
        self.found = 0
        self.found_plain = None  # the count without regions (--peer-regions)
        self.regions = ()        # the countries the peer was told
        self.state = "ok"   # ok | skipped | error

    @property
    def repo(self):
        return self.source.split(":", 1)[0]


def read_tsv(path, det):
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if lineno == 1 or not line:
                continue  # header
            parts = line.split("\t")
            if len(parts) < 4:
                parts += [""] * (4 - len(parts))
            text, exp, source, note = parts[0], parts[1], parts[2], \
                "\t".join(parts[3:])
            try:
                exp = int(exp)
            except ValueError:
                sys.stderr.write("%s:%d: bad expected_count %r, row skipped\n"
                                 % (path, lineno, exp))
                continue
            rows.append(Row(det, lineno, unescape(text), exp, source,
                            unescape(note)))
    return rows


# --------------------------------------------------------------------------
# piimap


def run(cmd):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True,
                              errors="replace")
    except OSError as e:
        sys.exit("cannot run %s: %s (is it being rebuilt? try again)"
                 % (cmd[0], e))


def list_detectors(piimap):
    p = run([piimap, "detectors"])
    if p.returncode != 0:
        sys.exit("piimap detectors failed (exit %d): %s"
                 % (p.returncode, p.stderr.strip()))
    ids = set()
    for line in p.stdout.splitlines():
        if line and not line[0].isspace():
            ids.add(line.split()[0])
    return ids


def run_scan(piimap, tmp, cases_root, extra=()):
    db = os.path.join(tmp, "x.db")
    key = os.path.join(tmp, "k.key")
    out = os.path.join(tmp, "map.json")
    scan = [piimap, "scan", "--quiet", "--db", db, "--key", key] + \
        list(extra) + [cases_root]
    p = run(scan)
    if p.returncode not in (0, 1):
        sys.exit("piimap scan failed (exit %d):\n%s"
                 % (p.returncode, p.stderr.strip()))
    scan_stderr = p.stderr
    rep = [piimap, "report", "--db", db, "--json", out]
    p = run(rep)
    if p.returncode != 0:
        sys.exit("piimap report failed (exit %d):\n%s"
                 % (p.returncode, p.stderr.strip()))
    with open(out, encoding="utf-8") as f:
        return json.load(f), scan_stderr


# --------------------------------------------------------------------------
# the countries each peer was told (--peer-regions)

PRESIDIO_REGIONS = ("US", "GB", "DE", "FR", "IL", "IN", "CA", "BR")
LOCALE_RE = re.compile(r"\b[a-z]{2,3}-([A-Z]{2})\b")
MAX_REGIONS = 16  # PM_PHONE_MAX_REGIONS: a longer list is scanned in parts


def peer_regions(r):
    """The countries r's peer scoped its phone label to, sorted; () if none."""
    if r.det != "phone":
        return ()
    if "validator.js" in r.repo:
        # "valid for locale(s) X; but listed INVALID for Y" (1) or
        # "invalid for locale(s) X" (0): the locales the label speaks of.
        m = re.search(r"(?<![a-zA-Z])(valid|invalid) for locale\(s\) ([^;(]*)",
                      r.note)
        return tuple(sorted(set(LOCALE_RE.findall(m.group(2))))) if m else ()
    if "presidio" in r.repo:
        m = re.search(r"supported_regions=\[([^\]]*)\]", r.note) or \
            re.search(r"regions=\[([^\]]*)\]", r.note)
        if m:
            return tuple(sorted(set(re.findall(r"[A-Z]{2}", m.group(1)))))
        extra = ("JP", "CN") if "+JP,CN" in r.note else ()
        return tuple(sorted(set(PRESIDIO_REGIONS + extra)))
    if "scrubadub" in r.repo or "phileas" in r.repo:
        return ("US",)
    return ()


def write_rows(rows, root, skip_surrogates):
    """One file per row under root/DET/; returns {path: row}."""
    bypath = {}
    for r in rows:
        if has_surrogate(r.text):
            if skip_surrogates:
                r.state = "skipped"
                continue
            data = r.text.encode("utf-8", "surrogatepass")
        else:
            data = r.text.encode("utf-8")
        d = os.path.join(root, r.det)
        os.makedirs(d, exist_ok=True)
        p = os.path.join(d, "%05d.txt" % r.line)
        with open(p, "wb") as f:
            f.write(data)
        bypath[os.path.normpath(p)] = r
    return bypath


def count_found(datamap, tmp, bypath, found):
    """found[row] = occurrences of the row's detector in its file."""
    for fe in datamap.get("files", []):
        r = bypath.get(os.path.normpath(os.path.join(tmp, fe["path"])))
        if r is None:
            continue
        fnd = fe.get("findings", {}).get(r.det)
        if fnd:
            found[r] = found.get(r, 0) + int(fnd.get("occurrences", 0))
    for ee in datamap.get("errors", []):
        r = bypath.get(os.path.normpath(os.path.join(tmp, ee["path"])))
        if r is not None:
            r.state = "error"


def scan_with_regions(piimap, rows, tmp, skip_surrogates):
    """Scans each row again with its peer's countries (one scan per list of
    countries, a list longer than MAX_REGIONS in parts: the row counts what
    the part that finds most finds) and sets r.found to that count."""
    groups = OrderedDict()
    for r in rows:
        regs = r.regions
        for i in range(0, len(regs), MAX_REGIONS):
            groups.setdefault(",".join(regs[i:i + MAX_REGIONS]), []).append(r)
    best = {}
    for gi, (regs, grows) in enumerate(groups.items()):
        sub = os.path.join(tmp, "r%03d" % gi)
        root = os.path.join(sub, "cases")
        bypath = write_rows(grows, root, skip_surrogates)
        found = {}
        datamap, _ = run_scan(piimap, sub, root, ["--region", regs])
        count_found(datamap, sub, bypath, found)
        for r in grows:
            best[r] = max(best.get(r, 0), found.get(r, 0))
    for r in rows:
        r.found_plain = r.found
        r.found = best.get(r, 0)
    return len(groups)


# --------------------------------------------------------------------------
# scoring and output


class Tally(object):
    __slots__ = ("rows", "exact", "pos", "neg", "tp", "fp", "fn",
                 "pos_exact", "neg_exact")

    def __init__(self):
        for k in self.__slots__:
            setattr(self, k, 0)

    def add(self, exp, found):
        self.rows += 1
        self.exact += found == exp
        if exp > 0:
            self.pos += 1
            self.pos_exact += found == exp
        else:
            self.neg += 1
            self.neg_exact += found == exp
        self.tp += min(found, exp)
        self.fp += max(0, found - exp)
        self.fn += max(0, exp - found)


def pct(a, b):
    return "%5.1f" % (100.0 * a / b) if b else "    -"


HEADER = ("  %-28s %5s %6s | %4s %6s | %4s %6s | %5s %4s %4s %6s %6s"
          % ("source", "rows", "exact%", "pos", "exact%", "neg", "exact%",
             "tp", "fp", "fn", "prec%", "recall"))


def fmt_tally(name, t):
    prec = pct(t.tp, t.tp + t.fp)
    rec = pct(t.tp, t.tp + t.fn)
    return ("  %-28s %5d  %s | %4d  %s | %4d  %s | %5d %4d %4d  %s  %s"
            % (name[:28], t.rows, pct(t.exact, t.rows), t.pos,
               pct(t.pos_exact, t.pos), t.neg, pct(t.neg_exact, t.neg),
               t.tp, t.fp, t.fn, prec, rec))


def trunc(s, n):
    return s if len(s) <= n else s[:n - 1] + "…"


def pick_misses(misses, n):
    """Up to n misses, round-robin over sources so one source cannot fill
    the list, in file order within a source."""
    by_src = OrderedDict()
    for r in misses:
        by_src.setdefault(r.repo, []).append(r)
    queues = list(by_src.values())
    picked = []
    while len(picked) < n and any(queues):
        for q in queues:
            if q and len(picked) < n:
                picked.append(q.pop(0))
    return sorted(picked, key=lambda r: r.line)


def print_region_summary(rows, dets, nscans):
    """Exact agreement without regions and with the peers' regions."""
    ok = [r for r in rows if r.state == "ok"]
    print()
    print("== agreement without and with the peers' regions (%d scans with "
          "--region; only phone rows have one)" % nscans)
    print("  %-34s %5s %9s %9s" % ("rows", "n", "without%", "with%"))

    def line(name, sel):
        n = len(sel)
        plain = sum((r.found if r.found_plain is None else r.found_plain)
                    == r.exp for r in sel)
        scoped = sum(r.found == r.exp for r in sel)
        print("  %-34s %5d     %s     %s" % (name[:34], n, pct(plain, n),
                                              pct(scoped, n)))
    for det in dets:
        line(det, [r for r in ok if r.det == det])
        if det == "phone":
            srcs = OrderedDict()
            for r in ok:
                if r.det == det:
                    srcs.setdefault(r.repo, []).append(r)
            for repo, sel in sorted(srcs.items(), key=lambda kv: -len(kv[1])):
                line("  phone " + repo, sel)
    line("ALL", ok)


def default_cases():
    """../shared/peer-cases next to the repo, or next to a folder above it
    (a git worktree kept in a sub-folder)."""
    d = REPO
    for _ in range(3):
        d = os.path.dirname(d)
        c = os.path.join(d, "shared", "peer-cases")
        if os.path.isdir(c):
            return c
    return os.path.join(REPO, "..", "shared", "peer-cases")


def main():
    ap = argparse.ArgumentParser(
        description="Agreement of piimap's detectors with the peer cases.")
    ap.add_argument("cases", nargs="?",
                    default=default_cases(),
                    help="folder with the peer TSVs "
                         "(default: ../shared/peer-cases next to the repo)")
    ap.add_argument("--piimap", default=os.path.join(REPO, "build", "piimap"),
                    help="piimap binary (default: build/piimap in the repo)")
    ap.add_argument("--tier", metavar="T",
                    help="only rows whose note contains tier=T (e.g. head)")
    ap.add_argument("--no-whole-string", action="store_true",
                    help="drop rows tagged validate-whole-string")
    ap.add_argument("--no-disagree", action="store_true",
                    help="drop rows tagged DISAGREE or DISAGREE?")
    ap.add_argument("--source", metavar="SUBSTR",
                    help="only rows whose source contains SUBSTR")
    ap.add_argument("--detector", action="append", metavar="ID",
                    help="only this detector id (repeatable)")
    ap.add_argument("--skip-surrogates", action="store_true",
                    help="skip rows whose text has lone surrogates instead "
                         "of writing them with 'surrogatepass'")
    ap.add_argument("--show-misses", type=int, default=0, metavar="N",
                    help="print up to N disagreeing rows per detector")
    ap.add_argument("--dump-misses", metavar="FILE",
                    help="write every disagreeing row to FILE (TSV, escaped "
                         "like the input; outside the repo is a good idea)")
    ap.add_argument("--peer-regions", action="store_true",
                    help="also score each phone row with the countries its "
                         "peer names (scan --region), and print both figures")
    ap.add_argument("--keep-temp", action="store_true",
                    help="keep the temporary directory and print its path")
    args = ap.parse_args()

    cases_dir = os.path.abspath(args.cases)
    piimap = os.path.abspath(args.piimap)
    if not os.path.isdir(cases_dir):
        ap.error("no peer-case folder at %s" % cases_dir)
    if not os.access(piimap, os.X_OK):
        ap.error("no piimap binary at %s (build it first)" % piimap)

    available = list_detectors(piimap)
    wanted = args.detector or DETECTOR_IDS
    dets, notes = [], []
    for det in wanted:
        tsv = os.path.join(cases_dir, det + ".tsv")
        if det not in available:
            notes.append("%s: not listed by 'piimap detectors', skipped" % det)
        elif not os.path.isfile(tsv):
            notes.append("%s: no %s, skipped" % (det, tsv))
        else:
            dets.append(det)

    # ---- select rows
    rows, filtered = [], defaultdict(int)
    for det in dets:
        for r in read_tsv(os.path.join(cases_dir, det + ".tsv"), det):
            if args.tier and ("tier=" + args.tier) not in r.note:
                filtered[det] += 1
            elif args.no_whole_string and "validate-whole-string" in r.note:
                filtered[det] += 1
            elif args.no_disagree and "DISAGREE" in r.note:
                filtered[det] += 1
            elif args.source and args.source not in r.source:
                filtered[det] += 1
            else:
                rows.append(r)

    # ---- write one file per row, scan once, report once
    tmp = tempfile.mkdtemp(prefix="piimap-peer-")
    try:
        cases_root = os.path.join(tmp, "cases")
        for det in dets:
            os.makedirs(os.path.join(cases_root, det))
        bypath = write_rows(rows, cases_root, args.skip_surrogates)
        datamap, scan_stderr = run_scan(piimap, tmp, cases_root)
        found = {}
        count_found(datamap, tmp, bypath, found)
        for r in rows:
            r.found = found.get(r, 0)
        if args.peer_regions:
            for r in rows:
                r.regions = peer_regions(r)
            scoped = [r for r in rows if r.regions and r.state == "ok"]
            nscans = scan_with_regions(piimap, scoped, tmp,
                                       args.skip_surrogates)
    finally:
        if args.keep_temp:
            sys.stderr.write("temporary directory kept: %s\n" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    # ---- print
    scan = datamap.get("scan", {})
    flt = [s for s, on in (("tier=%s" % args.tier, args.tier),
                           ("no-whole-string", args.no_whole_string),
                           ("no-disagree", args.no_disagree),
                           ("source~%s" % args.source, args.source)) if on]
    print("piimap %s  (%s)" % (datamap.get("tool", {}).get("version", "?"),
                               piimap))
    print("peer cases: %s   filters: %s" % (cases_dir,
                                            ", ".join(flt) or "none"))
    print("scan: %s files seen, %s scanned, %s skipped, %s errors"
          % (scan.get("files_seen"), scan.get("files_scanned"),
             scan.get("files_skipped", "?"), scan.get("errors")))
    for n in notes:
        print("note: " + n)
    if scan_stderr.strip():
        lines = scan_stderr.strip().splitlines()
        print("scan stderr (%d lines): %s" % (len(lines),
                                             trunc(lines[0], 100)))

    dump = []
    total = Tally()
    for det in dets:
        drows = [r for r in rows if r.det == det]
        scored = [r for r in drows if r.state == "ok"]
        skipped = sum(r.state == "skipped" for r in drows)
        errors = sum(r.state == "error" for r in drows)
        t, per = Tally(), OrderedDict()
        for r in scored:
            t.add(r.exp, r.found)
            total.add(r.exp, r.found)
            per.setdefault(r.repo, Tally()).add(r.exp, r.found)
        print()
        print("== %s: %d rows scored (%d filtered out, %d skipped, "
              "%d scan errors)" % (det, len(scored), filtered[det], skipped,
                                   errors))
        print(HEADER)
        print(fmt_tally("ALL", t))
        for repo in sorted(per, key=lambda k: -per[k].rows):
            print(fmt_tally(repo, per[repo]))
        misses = [r for r in scored if r.found != r.exp]
        dump.extend(misses)
        if args.show_misses > 0 and misses:
            pick = pick_misses(misses, args.show_misses)
            print("  misses (%d of %d): exp found | source | text | note"
                  % (len(pick), len(misses)))
            for r in pick:
                print("    %3d %3d | %-14s | %s | %s"
                      % (r.exp, r.found, trunc(r.repo.split("/")[-1], 14),
                         trunc(escape(r.text), 70),
                         trunc(escape(r.note), 60)))
        if errors:
            print("  scan errors on lines: %s" % ", ".join(
                str(r.line) for r in drows if r.state == "error"))

    if len(dets) > 1:
        print()
        print("== all detectors" + (" (phone with the peers' regions)"
                                    if args.peer_regions else ""))
        print(HEADER)
        print(fmt_tally("ALL", total))
    if args.peer_regions:
        print_region_summary(rows, dets, nscans)

    if args.dump_misses:
        with open(args.dump_misses, "w", encoding="utf-8",
                  errors="surrogatepass") as f:
            f.write("detector\tline\texpected\tfound\tsource\ttext\tnote"
                    "\tregions\n")
            for r in dump:
                f.write("%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\n"
                        % (r.det, r.line, r.exp, r.found, r.source,
                           escape(r.text), escape(r.note),
                           ",".join(r.regions)))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # e.g. piped into head
        sys.stderr.close()
        sys.exit(0)
