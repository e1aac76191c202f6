#!/usr/bin/env bash
# realtree.sh — no noise from where no person is: this machine's own
# shared data, documentation, headers, configuration, Python trees and
# package database (/usr/share, /usr/include, /etc, /usr/lib/python3*,
# /var/lib/dpkg), where nobody planted anything, must give no card, national-id or
# birth-date finding outside the reviewed list (tests/data/realtree-reviewed.tsv).
# E-mails, phones and people's names are left out: documentation names its
# authors and maintainers with their addresses, which is real personal data.
# Postal addresses found there are real addresses (the Free Software
# Foundation's in licence texts, vendors' in copyright files): they are
# counted and listed, not failed on, as e-mail and phones are left out.
# Scans what the machine has: what a fresh Debian 12 with .ci/setup's
# packages holds is a subset of a developer's machine.
set -euo pipefail
. "$(dirname "$0")/lib.sh" realtree "$1"
ids=$("$BUILD/piimap" detectors --json | "$PYTHON" -c '
import json, sys
d = json.load(sys.stdin)
print(",".join(x["id"] for x in d["detectors"]
               if x["id"] not in ("email", "phone", "ipv4", "ipv6", "person_name")))')
roots=()
# /usr/share whole (man pages, locales and their collation tables, fonts,
# icons, perl, zoneinfo, /usr/share/doc among them), the Python trees and
# dpkg's database: what an outside tester would scan first.
# Sanitizer builds (REALTREE_QUICK, set by tests/CMakeLists.txt) read a
# third of it: /usr/share/doc, /usr/include and /etc, which took ASan over
# five minutes whole.
all=(/usr/share /usr/include /etc /usr/lib/python3 /usr/lib/python3.11 /var/lib/dpkg)
[ -n "${REALTREE_QUICK:-}" ] && all=(/usr/share/doc /usr/include /etc)
for r in "${all[@]}"; do
    [ -d "$r" ] && roots+=("$r")
done
# Unreadable files under /etc (when not root) are errors, not failures here.
"$BUILD/piimap" scan --quiet --threads 2 --only "$ids" --db "$T/i.db" --key "$T/k" "${roots[@]}" || [ $? -eq 4 ]
"$BUILD/piimap" report --db "$T/i.db" --json "$T/map.json" 2>/dev/null
"$PYTHON" - "$T/map.json" "$HERE/data/realtree-reviewed.tsv" <<'PY'
import fnmatch, json, sys
m = json.load(open(sys.argv[1]))
rules = []
for line in open(sys.argv[2]):
    if line.startswith("#") or not line.strip():
        continue
    glob, dets, why = line.rstrip("\n").split("\t")
    rules.append((glob, dets.split(",")))
bad, reviewed, tests = [], 0, 0
addr, addr_files, addr_samples = 0, 0, {}
for f in m["files"]:
    where = " > ".join([f["path"]] + f["members"])
    for det, c in f["findings"].items():
        if det == "postal_address":
            addr += c["occurrences"]
            addr_files += 1
            for s in c.get("samples", []):
                addr_samples[s] = addr_samples.get(s, 0) + 1
            continue
        # Known test numbers are flagged as such (detect/testvalue.c): the
        # data map tells them apart, so they are counted, not failed on.
        if c.get("test_value", 0) == c["occurrences"]:
            tests += c["occurrences"]
            continue
        if any(fnmatch.fnmatch(where, g) and ("*" in ds or det in ds) for g, ds in rules):
            reviewed += c["occurrences"]
            continue
        bad.append((c["occurrences"], det, where, c.get("samples", [])))
print(f"realtree: {m['scan']['files_scanned']} files, {m['scan']['bytes_scanned'] >> 20} MiB; "
      f"{reviewed} reviewed findings, {tests} known test numbers, {sum(b[0] for b in bad)} others")
print(f"postal_address (listed, not failed on): {addr} in {addr_files} files; "
      "most common: " + "; ".join(f"{s} ({n} files)" for s, n in
                                  sorted(addr_samples.items(), key=lambda x: -x[1])[:6]))
for n, det, where, samples in sorted(bad, reverse=True):
    print(f"  {det} x{n}: {where} {samples[:3]}")
sys.exit(1 if bad else 0)
PY
