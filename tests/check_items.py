#!/usr/bin/env python3
"""check_items.py — compares a data map with make_archives.py's truth, item by
item (file path + member chain), exactly, and checks the expected errors.

usage: check_items.py TRUTH.json MAP.json SHARE_ROOT
"""
import json
import sys

truth = json.load(open(sys.argv[1]))
m = json.load(open(sys.argv[2]))
root = sys.argv[3].rstrip("/") + "/"
passed = failed = 0


def ok(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def key(path, members):
    assert path.startswith(root), path
    return "|".join([path[len(root):]] + members)


found = {}
for f in m["files"]:
    found[key(f["path"], f["members"])] = {d: v["occurrences"] for d, v in f["findings"].items()}
for k, want in sorted(truth["items"].items()):
    got = found.get(k, {})
    ok(got == want, f"{k}: found {got}, planted {want}")
for k in truth["clean"]:
    ok(k not in found, f"{k}: should have no findings, found {found.get(k)}")
for k, got in sorted(found.items()):
    if k not in truth["items"]:
        ok(False, f"{k}: unexpected findings {got}")
errs = {}
for e in m["errors"]:
    errs.setdefault(key(e["path"], e["members"]), []).append(e["error"])
for k, text in sorted(truth["errors"].items()):
    ok(any(text in e for e in errs.get(k, [])), f"{k}: expected an error with '{text}', got {errs.get(k)}")
t = m["totals"]
for det, v in t.items():
    ok(v["occurrences"] == sum(f["findings"].get(det, {}).get("occurrences", 0) for f in m["files"]),
       f"totals[{det}] is not the sum over files")
print(f"check_items: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
