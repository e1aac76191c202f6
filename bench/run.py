#!/usr/bin/python3
"""run.py — piimap against ripgrep on generated corpora; bench/bench.sh runs it.

Generates the corpora with bench/gen_corpus.py (seeded), warms the page cache,
then times piimap (`scan --quiet --threads N`, a fresh inventory in a temp
directory each run, with a key file) and ripgrep (`rg -j N -c --no-ignore
--hidden` with the patterns in bench/rg.patterns; `-z` on the mixed share)
on the same files, alternating, after one untimed run of each. Every run goes
through `/usr/bin/time -f %M` for its peak RSS. It prints medians, MB/s, the
piimap / rg time ratio per workload, 1 -> N thread scaling, files/s, peak
RSS, a table of time per GB at several sizes, the issue's targets met or not,
and whether piimap's totals equal the values gen_corpus.py planted; the same
figures go to a JSON file.

Workloads (--workloads, comma-separated; default all but rescan):
  text     text-only corpus of --size (logs, CSV, JSON lines, TSV)
  mixed    mixed share of --size: piimap opens archives, Office files and
           PDFs; rg runs with -z
  onelog   one digit-dense log of --log-size, one thread each
  scaling  piimap on the text corpus with 1 and with --threads threads
  small    a tree of --files small files (1-8 KB): files/s
  linear   the text corpus at each of --linear sizes: seconds per GB
  rescan   full scan against an unchanged incremental rescan (text corpus)

It measures, it does not judge the machine: the load average before and after
is printed, and a busy machine is said to be one. Standard library only.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from gen_corpus import DETECTORS, generator_hash, parse_size  # noqa: E402

ALL = ("text", "mixed", "onelog", "scaling", "small", "linear", "rescan")
DEFAULT = ALL[:-1]
TARGETS = (  # (key, what, limit, higher is better) from issue 9
    ("text_ratio", "text-only: piimap / rg time", 0.7, False),
    ("mixed_ratio", "mixed share: piimap / rg -z time", 1.0, False),
    ("scaling", "1 -> N threads speed-up", 1.7, True),
    ("small_files_per_s", "small files per second", 20000, True),
    ("peak_rss_mb", "piimap peak RSS, any corpus (MB)", 200, False),
)


def load():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


class Bench:
    def __init__(self, a):
        self.a = a
        self.tmp = tempfile.mkdtemp(prefix="piimap-bench.")
        self.corpora = a.corpora or os.path.join(self.tmp, "corpora")
        os.makedirs(self.corpora, exist_ok=True)
        self.key = os.path.join(self.tmp, "bench.key")
        self.db = os.path.join(self.tmp, "run.db")
        self.rss = os.path.join(self.tmp, "rss")
        self.rg_base = ["rg", "-c", "--no-ignore", "--hidden", "--no-messages",
                        "-f", os.path.join(HERE, "rg.patterns")]
        self.res = {"workloads": {}, "linear": [], "found": {}}
        self.failed = []

    # -------------------------------------------------------------- corpora
    def corpus(self, mode, size=None, files=None, seed=1):
        """Path and manifest of a corpus, generated unless --corpora holds it."""
        tag = f"{mode}-{size or files}-s{seed}"
        path = os.path.join(self.corpora, tag)
        man = path + ".manifest.json"
        stale = True
        if os.path.exists(man):
            with open(man) as f:
                stale = json.load(f).get("generator") != generator_hash()
        if stale:
            shutil.rmtree(path, ignore_errors=True)
            if os.path.isfile(path):
                os.unlink(path)
            cmd = [sys.executable, os.path.join(HERE, "gen_corpus.py"), path, "--mode", mode,
                   "--seed", str(seed)]
            cmd += ["--size", size] if size else ["--files", str(files)]
            print(f"bench: generating {tag} ...", flush=True)
            subprocess.run(cmd, check=True)
        with open(man) as f:
            return path, json.load(f)

    def drop(self, path):
        """Free the disk of a corpus nobody asked to keep."""
        if self.a.corpora:
            return
        shutil.rmtree(path, ignore_errors=True)
        if os.path.isfile(path):
            os.unlink(path)
        os.unlink(path + ".manifest.json")

    @staticmethod
    def warm(path):
        """Read every byte once, so the runs measure a warm page cache."""
        paths = [path] if os.path.isfile(path) else \
            (os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs)
        for p in paths:
            with open(p, "rb", buffering=0) as f:
                while f.read(1 << 20):
                    pass

    # -------------------------------------------------------------- runs
    def piimap(self, threads, path, extra=()):
        return [self.a.piimap, "scan", "--quiet", "--threads", str(threads), "--db", self.db,
                "--key", self.key, *extra, path]

    def rg(self, threads, path, z=False):
        return self.rg_base[:1] + ["-j", str(threads)] + (["-z"] if z else []) + self.rg_base[1:] + [path]

    def fresh_db(self):
        for s in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(self.db + s)
            except FileNotFoundError:
                pass

    def timed(self, cmd, fresh):
        """Wall seconds and peak RSS (KB) of one run."""
        if fresh:
            self.fresh_db()
        t = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", self.rss] + cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        secs = time.perf_counter() - t
        ok = p.returncode == 0 or (cmd[0] == "rg" and p.returncode == 1)
        if not ok:
            sys.exit(f"bench: {' '.join(cmd)} exited {p.returncode}: {p.stderr.decode()[-400:]}")
        with open(self.rss) as f:
            return secs, int(f.read().split()[-1])

    def alternate(self, tools):
        """tools: [(name, cmd, fresh_db)]. One untimed run each, then runs
        round robin so that a noisy machine slows every tool alike."""
        for _, cmd, fresh in tools:
            self.timed(cmd, fresh)
        got = {name: [] for name, _, _ in tools}
        for _ in range(self.a.runs):
            for name, cmd, fresh in tools:
                got[name].append(self.timed(cmd, fresh))
        out = {}
        for name, runs in got.items():
            ts = [t for t, _ in runs]
            out[name] = {"median_s": statistics.median(ts), "runs_s": [round(t, 4) for t in ts],
                         "peak_rss_mb": max(k for _, k in runs) / 1024}
        return out

    def datamap(self, scan=None):
        """The JSON data map of the last (or the given) scan in the run inventory."""
        mp = os.path.join(self.tmp, "map.json")
        subprocess.run([self.a.piimap, "report", "--db", self.db, "--json", mp]
                       + (["--scan", str(scan)] if scan else []), check=True, stdout=subprocess.DEVNULL)
        with open(mp) as f:
            return json.load(f)

    def found(self, label, manifest):
        """piimap's totals from the last run's inventory against what was planted."""
        totals = self.datamap()["totals"]
        got = {d: totals.get(d, {}).get("occurrences", 0) for d in DETECTORS}
        want = manifest["planted"]
        other = {d: v["occurrences"] for d, v in totals.items() if d not in DETECTORS}
        self.res["found"][label] = {"planted": want, "found": got, "other": other, "ok": got == want}
        if got != want:
            self.failed.append(label)

    def compare(self, key, label, path, man, piimap_cmd, rg_cmd):
        nbytes, nfiles = man["bytes"], man["files"]
        self.warm(path)
        before = load()
        r = self.alternate([("piimap", piimap_cmd, True), ("rg", rg_cmd, False)])
        self.found(label, man)
        w = {"label": label, "bytes": nbytes, "files": nfiles, "load_before": before, "load_after": load()}
        for tool in ("piimap", "rg"):
            m = r[tool]
            m["mb_per_s"] = nbytes / 1e6 / m["median_s"]
            m["files_per_s"] = nfiles / m["median_s"]
            w[tool] = m
        w["ratio"] = r["piimap"]["median_s"] / r["rg"]["median_s"]
        self.res["workloads"][key] = w
        self.row(w, key == "small")
        return w

    # -------------------------------------------------------------- workloads
    def run(self):
        a, n = self.a, self.a.threads
        wl = a.workloads
        if {"text", "scaling", "rescan"} & wl or ("linear" in wl and a.size in a.linear):
            path, man = self.corpus("text", size=a.size)
            if "text" in wl or ("linear" in wl and a.size in a.linear):
                w = self.compare("text", f"text files only, {n} threads", path, man,
                                 self.piimap(n, path), self.rg(n, path))
                if "linear" in wl and a.size in a.linear:
                    self.linear_row(a.size, w)
            if "scaling" in wl:
                self.scaling(path, man)
            if "rescan" in wl:
                self.rescan(path)
            self.drop(path)
        if "linear" in wl:
            for size in a.linear:
                if size == a.size:
                    continue
                path, man = self.corpus("text", size=size)
                w = self.compare(f"text_{size}", f"text files only, {size}, {n} threads", path, man,
                                 self.piimap(n, path), self.rg(n, path))
                self.linear_row(size, w)
                self.drop(path)
        if "mixed" in wl:
            path, man = self.corpus("mixed", size=a.size)
            self.compare("mixed", f"mixed share (rg -z), {n} threads", path, man,
                         self.piimap(n, path), self.rg(n, path, z=True))
            self.drop(path)
        if "onelog" in wl:
            path, man = self.corpus("log", size=a.log_size, seed=3)
            self.compare("onelog", "one digit-dense log, 1 thread", path, man,
                         self.piimap(1, path), self.rg(1, path))
            self.drop(path)
        if "small" in wl:
            path, man = self.corpus("small", files=a.files)
            self.compare("small", f"{a.files} small files, {n} threads", path, man,
                         self.piimap(n, path), self.rg(n, path))
            self.drop(path)

    def scaling(self, path, man):
        n = self.a.threads
        self.warm(path)
        r = self.alternate([("piimap_1", self.piimap(1, path), True),
                            (f"piimap_{n}", self.piimap(n, path), True)])
        t1, tn = r["piimap_1"]["median_s"], r[f"piimap_{n}"]["median_s"]
        w = {"label": f"piimap 1 -> {n} threads, text", "bytes": man["bytes"], "threads": n,
             "one_s": t1, "n_s": tn, "speedup": t1 / tn,
             "peak_rss_mb": max(r["piimap_1"]["peak_rss_mb"], r[f"piimap_{n}"]["peak_rss_mb"])}
        self.res["workloads"]["scaling"] = w
        mb = man["bytes"] / 1e6
        print(f"{w['label']:<40} 1 thread {t1:7.2f} s {mb / t1:7.1f} MB/s   {n} threads {tn:7.2f} s "
              f"{mb / tn:7.1f} MB/s   speed-up {t1 / tn:4.2f}x", flush=True)

    def rescan(self, path):
        self.warm(path)
        full = self.piimap(self.a.threads, path, ["--full"])
        self.fresh_db()
        subprocess.run(full, check=True)  # the inventory the rescans start from
        tf = statistics.median(self.timed(full, False)[0] for _ in range(self.a.runs))
        ti = statistics.median(self.timed(self.piimap(self.a.threads, path), False)[0]
                               for _ in range(self.a.runs))
        first, last = self.datamap(1), self.datamap()
        same = first["totals"] == last["totals"]
        if not same:
            self.failed.append("rescan totals")
        self.res["workloads"]["rescan"] = {"label": "unchanged rescan (incremental), text",
                                           "full_s": tf, "rescan_s": ti, "speedup": tf / ti,
                                           "totals_identical": same,
                                           "files_unchanged": last["scan"].get("files_unchanged"),
                                           "files_seen": last["scan"]["files_seen"]}
        print(f"{'unchanged rescan (incremental), text':<40} full {tf:7.2f} s   rescan {ti:7.2f} s   "
              f"{tf / ti:5.1f}x faster   totals identical: {same}   files carried forward: "
              f"{last['scan'].get('files_unchanged')}/{last['scan']['files_seen']}", flush=True)

    def linear_row(self, size, w):
        gb = w["bytes"] / 1e9
        self.res["linear"].append({"size": size, "bytes": w["bytes"],
                                   "piimap_s": w["piimap"]["median_s"], "rg_s": w["rg"]["median_s"],
                                   "piimap_s_per_gb": w["piimap"]["median_s"] / gb,
                                   "rg_s_per_gb": w["rg"]["median_s"] / gb})

    # -------------------------------------------------------------- output
    @staticmethod
    def row(w, per_file):
        p, r = w["piimap"], w["rg"]
        files = f"   {p['files_per_s']:.0f} files/s (rg {r['files_per_s']:.0f})" if per_file else ""
        print(f"{w['label']:<40} {w['bytes'] / 1e6:8.1f} MB   piimap {p['median_s']:7.2f} s "
              f"{p['mb_per_s']:7.1f} MB/s {p['peak_rss_mb']:5.0f} MB RSS   rg {r['median_s']:7.2f} s "
              f"{r['mb_per_s']:7.1f} MB/s {r['peak_rss_mb']:5.0f} MB RSS   piimap/rg {w['ratio']:6.2f}x"
              + files, flush=True)

    def summary(self):
        res, wl = self.res, self.res["workloads"]
        if res["linear"]:
            print("\nlinearity (text corpus, piimap and rg, median seconds per GB):")
            print(f"  {'size':>6} {'MB':>9} {'piimap s':>9} {'s/GB':>7} {'rg s':>8} {'s/GB':>7}")
            base = None
            for row in sorted(res["linear"], key=lambda x: x["bytes"]):
                base = base or row["piimap_s_per_gb"]
                print(f"  {row['size']:>6} {row['bytes'] / 1e6:9.1f} {row['piimap_s']:9.2f} "
                      f"{row['piimap_s_per_gb']:7.2f} {row['rg_s']:8.2f} {row['rg_s_per_gb']:7.2f}"
                      f"   piimap s/GB {row['piimap_s_per_gb'] / base:4.2f}x the smallest")
        got = {}
        if "text" in wl:
            got["text_ratio"] = wl["text"]["ratio"]
        if "mixed" in wl:
            got["mixed_ratio"] = wl["mixed"]["ratio"]
        if "scaling" in wl:
            got["scaling"] = wl["scaling"]["speedup"]
        if "small" in wl:
            got["small_files_per_s"] = wl["small"]["piimap"]["files_per_s"]
        rss = [w["piimap"]["peak_rss_mb"] for w in wl.values() if "piimap" in w] + \
              [w["peak_rss_mb"] for w in wl.values() if "peak_rss_mb" in w]
        if rss:
            got["peak_rss_mb"] = max(rss)
        res["targets"] = []
        if got:
            print("\ntargets (issue 9):")
        for key, what, limit, higher in TARGETS:
            if key not in got:
                continue
            ok = got[key] >= limit if higher else got[key] <= limit
            res["targets"].append({"target": key, "what": what, "value": got[key], "limit": limit,
                                   "met": ok})
            print(f"  {what:<40} {got[key]:10.2f}  {'>=' if higher else '<='} {limit:<8} "
                  f"{'met' if ok else 'NOT met'}")
        if res["found"]:
            print("\nplanted values found (piimap totals = gen_corpus.py manifest):")
        for label, f in res["found"].items():
            detail = "" if f["ok"] else "   found " + json.dumps(f["found"]) + " planted " + json.dumps(f["planted"])
            other = f"; other detectors: {json.dumps(f['other'])}" if f["other"] else ""
            print(f"  {label:<40} {sum(f['planted'].values()):7d} planted   "
                  f"{'found exactly' if f['ok'] else 'MISMATCH'}{detail}{other}")

    def machine(self):
        ver = subprocess.run([self.a.piimap, "--version"], capture_output=True, text=True).stdout.strip()
        rgv = subprocess.run(["rg", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
        cpu = ""
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        return {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "cores": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
                "piimap": ver, "piimap_binary": self.a.piimap, "ripgrep": rgv, "load_start": load()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--build", default="build", help="build directory holding piimap (build)")
    ap.add_argument("--piimap", help="the piimap binary (default BUILD/piimap)")
    ap.add_argument("--size", default="1G", help="text and mixed corpus size (1G)")
    ap.add_argument("--log-size", default="25M", help="the single log's size (25M)")
    ap.add_argument("--files", type=int, default=100_000, help="files in the small-file tree")
    ap.add_argument("--linear", default="100M,1G", help="text corpus sizes for the linearity table")
    ap.add_argument("--with-4g", action="store_true", help="add 4G to --linear (4 GB more disk; "
                    "generating and scanning it takes minutes)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workloads", help=f"any of {','.join(ALL)} (all but rescan; --smoke: all)")
    ap.add_argument("--corpora", help="keep corpora here and reuse them (default: a temp dir, removed)")
    ap.add_argument("--json", default="bench-results.json", help="machine-readable results")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 unless piimap found exactly the planted values (not speed)")
    ap.add_argument("--smoke", action="store_true", help="a few MB, one run each, with --check (CI)")
    a = ap.parse_args()
    if a.smoke:
        a.size, a.log_size, a.files, a.linear, a.runs, a.check = "3M", "1M", 300, "1M,3M", 1, True
    a.piimap = os.path.abspath(a.piimap or os.path.join(a.build, "piimap"))
    a.linear = [s.strip() for s in a.linear.split(",") if s.strip()] + (["4G"] if a.with_4g else [])
    a.workloads = set((a.workloads or ",".join(ALL if a.smoke else DEFAULT)).split(","))
    if a.workloads - set(ALL):
        ap.error(f"unknown workloads: {','.join(sorted(a.workloads - set(ALL)))}")
    for tool in (a.piimap, shutil.which("rg"), "/usr/bin/time"):
        if not tool or not os.access(tool, os.X_OK):
            sys.exit(f"bench: need {tool or 'rg'} (apt-get install ripgrep time; build piimap)")
    for s in a.linear + [a.size, a.log_size]:
        parse_size(s)
    b = Bench(a)
    try:
        b.res["machine"] = m = b.machine()
        b.res["params"] = {"size": a.size, "log_size": a.log_size, "files": a.files, "threads": a.threads,
                           "runs": a.runs, "linear": a.linear, "workloads": sorted(a.workloads)}
        print(f"bench: {m['piimap']} against {m['ripgrep']}; {a.threads} threads, median of {a.runs}; "
              f"{m['cores']} cores ({m['cpu']}), load average {m['load_start']:.2f}", flush=True)
        b.run()
        m["load_end"] = load()
        b.summary()
        busy = max(m["load_start"], m["load_end"]) > 0.5 * (m["cores"] or 1)
        if busy:
            print(f"\nbench: load average {m['load_start']:.2f} -> {m['load_end']:.2f} on {m['cores']} "
                  "cores: the machine was busy, so these figures are taken under load")
        m["under_load"] = busy
        with open(a.json, "w") as f:
            json.dump(b.res, f, indent=1)
        print(f"bench: results in {a.json}")
    finally:
        shutil.rmtree(b.tmp, ignore_errors=True)
    if a.check and b.failed:
        print(f"bench: piimap's totals differ from the planted values in: {', '.join(b.failed)}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
