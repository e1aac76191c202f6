#!/usr/bin/env python3
"""check_datamap.py — check a piimap JSON data map against planted ground truth.

usage: check_datamap.py --truth TRUTH.json --map MAP.json --root DIR
                        [--min-precision 0.97] [--min-recall 0.97] [--exact]
                        [--raw-values RAW.txt --inventory X.db] [--top N]
                        [--detectors email,credit_card,phone]
                        [--min-confidence low|medium|high]

Accuracy. For every file and detector it compares the map's
files[].findings[det].occurrences (map paths have the scan root stripped) with
the planted count from the truth (gen_share.py / make_sample_share.py format:
{"files": {"rel/path": {"email": N, ...}}, "totals": {...}}), counting per file
tp = min(found, planted), fp = max(0, found - planted),
fn = max(0, planted - found) (with --min-confidence, only the occurrences
at or above that level in findings[det].by_confidence count, where the map
has it), and prints TP/FP/FN, precision and recall per
detector and the worst files for FP and FN. It fails if a detector is below
--min-precision or --min-recall, or, with --exact, if any file and detector
differs at all.

Contract. It checks the structure DESIGN.md fixes for schema piimap.datamap/1
(required keys and types of scan, totals, directories, files and errors), that
totals[det].occurrences is the sum over files and totals[det].files the number
of files with that detector (and test_value the sum of the files'), and the
plain consistency rules (distinct <= occurrences, samples <= distinct,
1 <= test_value <= occurrences, every listed file has a finding, paths lie
under a scan root).

Privacy. With --raw-values (one planted raw value per line) it checks that no
raw value -- as written, lower-cased for e-mail, and as bare digits for card and
phone numbers of 12 or more digits -- occurs in the map file or in the
inventory (the --inventory file and its -wal/-shm companions, read as bytes).

Exit status: 0 if every check passed, 1 if any failed, 2 on usage errors.
Standard library only.
"""
import argparse
import json
import os
import re
import sys

DEFAULT_DETECTORS = ("email", "credit_card", "phone")
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$")
MODE_RE = re.compile(r"^0?[0-7]{3,4}$")


class Report:
    def __init__(self):
        self.failures = []
        self.warnings = []

    def fail(self, msg):
        self.failures.append(msg)

    def warn(self, msg):
        self.warnings.append(msg)


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def check_type(rep, where, obj, key, types, nullable=False, nonneg=False):
    if not isinstance(obj, dict):
        rep.fail("%s: not an object" % where)
        return None
    if key not in obj:
        rep.fail("%s: missing key '%s'" % (where, key))
        return None
    v = obj[key]
    if v is None:
        if not nullable:
            rep.fail("%s.%s: null" % (where, key))
        return None
    ok = False
    for t in types:
        if t == "int":
            ok = ok or is_int(v)
        elif t == "str":
            ok = ok or isinstance(v, str)
        elif t == "list":
            ok = ok or isinstance(v, list)
        elif t == "dict":
            ok = ok or isinstance(v, dict)
    if not ok:
        rep.fail("%s.%s: expected %s, got %s %r" % (where, key, "/".join(types),
                                                    type(v).__name__, v if not isinstance(
                                                        v, (list, dict)) else "..."))
        return None
    if nonneg and is_int(v) and v < 0:
        rep.fail("%s.%s: negative (%d)" % (where, key, v))
    return v


def check_structure(rep, m):
    """The schema contract of DESIGN.md. Returns the list of file objects that
    are well-formed enough to count."""
    if not isinstance(m, dict):
        rep.fail("map: top level is not an object")
        return []
    if m.get("schema") != "piimap.datamap/1":
        rep.fail("map: schema is %r, expected 'piimap.datamap/1'" % m.get("schema"))
    tool = m.get("tool")
    if not isinstance(tool, dict) or not isinstance(tool.get("name"), str) or \
            not isinstance(tool.get("version"), str):
        rep.fail("map: tool must be an object with string name and version")

    scan = check_type(rep, "map", m, "scan", ["dict"])
    if scan is not None:
        check_type(rep, "scan", scan, "id", ["int"])
        st = check_type(rep, "scan", scan, "status", ["str"])
        if st is not None and st not in ("complete", "interrupted", "running"):
            rep.fail("scan.status: unexpected value %r" % st)
        if st is not None and st != "complete":
            rep.fail("scan.status is %r, expected 'complete'" % st)
        for k in ("started_at", "finished_at"):
            v = check_type(rep, "scan", scan, k, ["str"], nullable=(k == "finished_at" and
                                                                    st != "complete"))
            if isinstance(v, str) and not ISO_RE.match(v):
                rep.fail("scan.%s: not an ISO 8601 time: %r" % (k, v))
        roots = check_type(rep, "scan", scan, "roots", ["list"])
        if roots is not None and not all(isinstance(r, str) for r in roots):
            rep.fail("scan.roots: every root must be a string")
        for k in ("files_seen", "files_scanned", "bytes_scanned", "errors"):
            check_type(rep, "scan", scan, k, ["int"], nonneg=True)
        fs, fsc = scan.get("files_seen"), scan.get("files_scanned")
        if is_int(fs) and is_int(fsc) and fsc > fs:
            rep.fail("scan: files_scanned (%d) > files_seen (%d)" % (fsc, fs))

    totals = check_type(rep, "map", m, "totals", ["dict"])
    if totals is not None:
        for det, t in totals.items():
            w = "totals[%s]" % det
            if not isinstance(t, dict):
                rep.fail("%s: not an object" % w)
                continue
            for k in ("occurrences", "distinct", "files"):
                check_type(rep, w, t, k, ["int"], nonneg=True)
            if is_int(t.get("distinct")) and is_int(t.get("occurrences")) and \
                    t["distinct"] > t["occurrences"]:
                rep.fail("%s: distinct %d > occurrences %d" % (w, t["distinct"], t["occurrences"]))

    dirs = check_type(rep, "map", m, "directories", ["list"])
    if dirs is not None:
        for i, d in enumerate(dirs):
            w = "directories[%d]" % i
            if not isinstance(d, dict):
                rep.fail("%s: not an object" % w)
                continue
            p = check_type(rep, w, d, "path", ["str"])
            if p:
                w = "directories[%s]" % p
            nf = check_type(rep, w, d, "files", ["int"], nonneg=True)
            nw = check_type(rep, w, d, "files_with_pii", ["int"], nonneg=True)
            if is_int(nf) and is_int(nw) and nw > nf:
                rep.fail("%s: files_with_pii %d > files %d" % (w, nw, nf))
            f = check_type(rep, w, d, "findings", ["dict"])
            for det, x in (f or {}).items():
                ww = "%s.findings[%s]" % (w, det)
                if not isinstance(x, dict):
                    rep.fail("%s: not an object" % ww)
                    continue
                o = check_type(rep, ww, x, "occurrences", ["int"], nonneg=True)
                ds = check_type(rep, ww, x, "distinct", ["int"], nonneg=True)
                if is_int(o) and is_int(ds) and ds > o:
                    rep.fail("%s: distinct %d > occurrences %d" % (ww, ds, o))
                tt = (totals or {}).get(det)
                if is_int(o) and isinstance(tt, dict) and is_int(tt.get("occurrences")) and \
                        o > tt["occurrences"]:
                    rep.fail("%s: occurrences %d > totals %d" % (ww, o, tt["occurrences"]))

    files = check_type(rep, "map", m, "files", ["list"])
    good = []
    for i, f in enumerate(files or []):
        w = "files[%d]" % i
        if not isinstance(f, dict):
            rep.fail("%s: not an object" % w)
            continue
        p = check_type(rep, w, f, "path", ["str"])
        if p:
            w = "files[%s]" % p
        mem = check_type(rep, w, f, "members", ["list"])
        if mem is not None and not all(isinstance(x, str) for x in mem):
            rep.fail("%s.members: every member must be a string" % w)
        check_type(rep, w, f, "mime", ["str"])
        check_type(rep, w, f, "size", ["int"], nonneg=True)
        mt = check_type(rep, w, f, "mtime", ["str"])
        if isinstance(mt, str) and not ISO_RE.match(mt):
            rep.fail("%s.mtime: not an ISO 8601 time: %r" % (w, mt))
        check_type(rep, w, f, "owner", ["str"], nullable=True)
        check_type(rep, w, f, "group", ["str"], nullable=True)
        mode = check_type(rep, w, f, "mode", ["str"])
        if isinstance(mode, str) and not MODE_RE.match(mode):
            rep.fail("%s.mode: not an octal mode string: %r" % (w, mode))
        fnd = check_type(rep, w, f, "findings", ["dict"])
        ok = p is not None and fnd is not None
        if fnd is not None and not fnd:
            rep.fail("%s: listed with no findings" % w)
        for det, x in (fnd or {}).items():
            ww = "%s.findings[%s]" % (w, det)
            if not isinstance(x, dict):
                rep.fail("%s: not an object" % ww)
                ok = False
                continue
            o = check_type(rep, ww, x, "occurrences", ["int"], nonneg=True)
            ds = check_type(rep, ww, x, "distinct", ["int"], nonneg=True)
            sm = check_type(rep, ww, x, "samples", ["list"])
            if o is None:
                ok = False
            if is_int(o) and o < 1:
                rep.fail("%s: occurrences %d < 1" % (ww, o))
            if is_int(o) and is_int(ds) and (ds > o or (o > 0 and ds < 1)):
                rep.fail("%s: distinct %d inconsistent with occurrences %d" % (ww, ds, o))
            if sm is not None:
                if not all(isinstance(s, str) for s in sm):
                    rep.fail("%s.samples: every sample must be a string" % ww)
                if is_int(ds) and len(sm) > ds:
                    rep.fail("%s: %d samples > %d distinct" % (ww, len(sm), ds))
                if is_int(o) and o > 0 and not sm:
                    rep.fail("%s: no samples" % ww)
            tv = x.get("test_value")
            if tv is not None and not (is_int(tv) and 1 <= tv <= (o if is_int(o) else 0)):
                rep.fail("%s: test_value %r not within 1..occurrences" % (ww, tv))
        if ok:
            good.append(f)

    errs = check_type(rep, "map", m, "errors", ["list"])
    for i, e in enumerate(errs or []):
        w = "errors[%d]" % i
        check_type(rep, w, e, "path", ["str"])
        mem = check_type(rep, w, e, "members", ["list"])
        if mem is not None and not all(isinstance(x, str) for x in mem):
            rep.fail("%s.members: every member must be a string" % w)
        check_type(rep, w, e, "error", ["str"])

    # Totals agree with the files.
    if totals is not None and files is not None:
        occ, nfiles, tvs = {}, {}, {}
        for f in good:
            for det, x in f["findings"].items():
                if isinstance(x, dict) and is_int(x.get("occurrences")):
                    occ[det] = occ.get(det, 0) + x["occurrences"]
                    nfiles[det] = nfiles.get(det, 0) + 1
                    if is_int(x.get("test_value")):
                        tvs[det] = tvs.get(det, 0) + x["test_value"]
        for det in sorted(set(occ) | set(totals)):
            t = totals.get(det)
            if not isinstance(t, dict):
                rep.fail("totals: detector %s appears in files but not in totals" % det)
                continue
            if t.get("occurrences") != occ.get(det, 0):
                rep.fail("totals[%s].occurrences = %r but files sum to %d" % (
                    det, t.get("occurrences"), occ.get(det, 0)))
            if t.get("files") != nfiles.get(det, 0):
                rep.fail("totals[%s].files = %r but %d files have it" % (
                    det, t.get("files"), nfiles.get(det, 0)))
            if t.get("test_value", 0) != tvs.get(det, 0):
                rep.fail("totals[%s].test_value = %r but files sum to %d" % (
                    det, t.get("test_value"), tvs.get(det, 0)))
    if errs:
        rep.warn("map lists %d errors, e.g. %s" % (len(errs), json.dumps(errs[0])))
    return good


def rel_path(p, roots):
    """The path relative to the first scan root that holds it, or None."""
    for r in roots:
        r2 = r.rstrip("/") or "/"
        if p == r2:
            return ""
        pre = r2 if r2.endswith("/") else r2 + "/"
        if p.startswith(pre):
            return p[len(pre):]
    return None


CONF_LEVELS = ("low", "medium", "high")


def counted(x, min_conf):
    """Occurrences of one finding at or above min_conf."""
    bc = x.get("by_confidence")
    if min_conf == "low" or not isinstance(bc, dict):
        return x["occurrences"]
    keep = CONF_LEVELS[CONF_LEVELS.index(min_conf):]
    return sum(v for k, v in bc.items() if k in keep and is_int(v))


def compare(rep, truth, files, roots, dets, exact, top, min_p, min_r, min_conf="low"):
    tfiles = truth.get("files", {})
    found = {}  # rel -> det -> count
    outside = []
    for f in files:
        rel = rel_path(f["path"], roots)
        if rel is None:
            outside.append(f["path"])
            continue
        key = rel if not f.get("members") else rel + "!" + "!".join(f["members"])
        d = found.setdefault(key, {})
        for det, x in f["findings"].items():
            if isinstance(x, dict) and is_int(x.get("occurrences")):
                d[det] = d.get(det, 0) + counted(x, min_conf)
    if outside:
        rep.fail("%d map paths lie outside the root(s) %s, e.g. %s" % (len(outside), roots,
                                                                      outside[0]))
    other = {}
    for rel, d in found.items():
        for det, c in d.items():
            if det not in dets:
                other[det] = other.get(det, 0) + c
    keys = sorted(set(found) | set(tfiles))
    stats = {det: [0, 0, 0] for det in dets}
    rows = []
    for rel in keys:
        for det in dets:
            fd = found.get(rel, {}).get(det, 0)
            pl = tfiles.get(rel, {}).get(det, 0)
            if fd == 0 and pl == 0:
                continue
            tp, fp, fn = min(fd, pl), max(0, fd - pl), max(0, pl - fd)
            stats[det][0] += tp
            stats[det][1] += fp
            stats[det][2] += fn
            if fp or fn:
                rows.append((rel, det, fd, pl, fp, fn))
    print("%-12s %8s %8s %8s %9s %9s" % ("detector", "TP", "FP", "FN", "precision", "recall"))
    for det in dets:
        tp, fp, fn = stats[det]
        prec = tp / (tp + fp) if tp + fp else 1.0
        rec = tp / (tp + fn) if tp + fn else 1.0
        print("%-12s %8d %8d %8d %9.4f %9.4f" % (det, tp, fp, fn, prec, rec))
        if prec < min_p:
            rep.fail("%s: precision %.4f < %.4f" % (det, prec, min_p))
        if rec < min_r:
            rep.fail("%s: recall %.4f < %.4f" % (det, rec, min_r))
    for det, c in sorted(other.items()):
        print("%-12s %8d occurrences (not in the truth; ignored)" % (det, c))
    for title, idx in (("false positives", 4), ("false negatives", 5)):
        worst = sorted((r for r in rows if r[idx]), key=lambda r: (-r[idx], r[0], r[1]))
        if worst:
            print("\nworst files for %s (%d file/detector pairs):" % (title, len(worst)))
            print("  %6s %6s  %-12s %s" % ("found", "planted", "detector", "path"))
            for rel, det, fd, pl, fp, fn in worst[:top]:
                print("  %6d %6d  %-12s %s" % (fd, pl, det, rel))
    if exact and rows:
        for rel, det, fd, pl, fp, fn in rows:
            rep.fail("exact: %s %s: found %d, expected %d" % (rel, det, fd, pl))
    return stats


def leak_check(rep, raw_path, blobs):
    vals = []
    try:
        with open(raw_path, encoding="utf-8") as f:
            for line in f:
                v = line.rstrip("\r\n")
                if v:
                    vals.append(v)
    except OSError as e:
        rep.fail("raw values: %s" % e)
        return
    needles = {}
    for v in vals:
        forms = {v}
        if "@" in v:
            forms.add(v.lower())
        else:
            d = re.sub(r"\D", "", v)
            if len(d) >= 12:
                forms.add(d)
        for x in forms:
            needles.setdefault(x.encode("utf-8"), v)
    # Case-insensitive scan: every form lower-cased, each blob lower-cased once,
    # candidates found by their first K bytes (one pass per blob).
    K = 6
    index, short = {}, []
    for n, v in needles.items():
        n = n.lower()
        if len(n) >= K:
            index.setdefault(n[:K], []).append((n, v))
        else:
            short.append((n, v))
    leaks = []
    for name, data in blobs:
        low = data.lower()
        hits = set()
        get = index.get
        for i in range(len(low) - K + 1):
            lst = get(low[i:i + K])
            if lst:
                for n, v in lst:
                    if low.startswith(n, i) and (n, v) not in hits:
                        hits.add((n, v))
                        leaks.append((name, v, n.decode()))
        for n, v in short:
            if n in low:
                leaks.append((name, v, n.decode()))
    for name, v, form in leaks[:20]:
        rep.fail("leak: raw value %r (as %r) found in %s" % (v, form, name))
    if len(leaks) > 20:
        rep.fail("leak: ... %d more" % (len(leaks) - 20))
    print("leak check: %d raw values (%d forms) against %s: %d leaks" % (
        len(vals), len(needles), ", ".join("%s (%d bytes)" % (n, len(d)) for n, d in blobs),
        len(leaks)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--truth", required=True)
    ap.add_argument("--map", required=True, dest="map_path")
    ap.add_argument("--root", action="append", default=None,
                    help="scan root as given to piimap scan (repeatable; default: scan.roots)")
    ap.add_argument("--min-precision", type=float, default=0.97)
    ap.add_argument("--min-recall", type=float, default=0.97)
    ap.add_argument("--exact", action="store_true",
                    help="require found == planted for every file and detector")
    ap.add_argument("--raw-values")
    ap.add_argument("--inventory")
    ap.add_argument("--detectors", default=",".join(DEFAULT_DETECTORS))
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--min-confidence", choices=CONF_LEVELS, default="low",
                    help="count only occurrences at or above this confidence "
                         "(default low: every occurrence)")
    a = ap.parse_args()
    if a.raw_values and not a.inventory:
        ap.error("--raw-values needs --inventory")
    rep = Report()
    try:
        with open(a.truth, encoding="utf-8") as f:
            truth = json.load(f)
        with open(a.map_path, "rb") as f:
            map_bytes = f.read()
        m = json.loads(map_bytes.decode("utf-8"))
    except (OSError, ValueError) as e:
        print("check_datamap: %s" % e, file=sys.stderr)
        return 1
    dets = [d for d in a.detectors.split(",") if d]
    files = check_structure(rep, m)
    scan = m.get("scan") if isinstance(m, dict) else None
    roots = [r for r in (a.root or (scan or {}).get("roots") or []) if isinstance(r, str)]
    variants = []
    for r in roots:
        for x in (r, os.path.normpath(r), os.path.abspath(r), os.path.realpath(r)):
            if x not in variants:
                variants.append(x)
    if isinstance(scan, dict):
        ts = truth.get("meta", {}).get("files")
        if is_int(ts) and is_int(scan.get("files_seen")) and scan["files_seen"] != ts:
            rep.warn("scan.files_seen is %d but the share holds %d files" % (scan["files_seen"],
                                                                             ts))
        if is_int(scan.get("errors")) and scan["errors"]:
            rep.warn("scan.errors is %d" % scan["errors"])
    compare(rep, truth, files, variants, dets, a.exact, a.top, a.min_precision, a.min_recall,
            a.min_confidence)
    if a.raw_values:
        blobs = [(a.map_path, map_bytes)]
        for suffix in ("", "-wal", "-shm", "-journal"):
            p = a.inventory + suffix
            if os.path.exists(p):
                with open(p, "rb") as f:
                    blobs.append((p, f.read()))
            elif suffix == "":
                rep.fail("inventory %s does not exist" % p)
        leak_check(rep, a.raw_values, blobs)
    print()
    for w in rep.warnings:
        print("WARN: " + w)
    for x in rep.failures[:100]:
        print("FAIL: " + x)
    if len(rep.failures) > 100:
        print("FAIL: ... %d more" % (len(rep.failures) - 100))
    print("check_datamap: %s (%d failures, %d warnings)" % (
        "FAILED" if rep.failures else "OK", len(rep.failures), len(rep.warnings)))
    return 1 if rep.failures else 0


if __name__ == "__main__":
    sys.exit(main())
