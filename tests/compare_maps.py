#!/usr/bin/env python3
"""compare_maps.py — are two piimap JSON outputs (data maps, diffs, scans,
locate) the same once scan ids and timestamps are left out?

Used to check that the PostgreSQL inventory gives what the SQLite one gives
for the same scans. Prints the first differences and exits 1 if they differ.
usage: compare_maps.py [--ignore KEY]... A.json B.json
(--ignore host --ignore hosts: a distributed scan's map against one host's)
"""
import json
import sys

DROP = {"id", "started_at", "finished_at", "incremental_from", "generated_at"}


def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k not in DROP}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x


def walk(a, b, where, out):
    if len(out) >= 10:
        return
    if type(a) is not type(b):
        out.append(f"{where}: {a!r:.200} != {b!r:.200}")
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{where}.{k}: only in {'B' if k not in a else 'A'}")
            else:
                walk(a[k], b[k], f"{where}.{k}", out)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append(f"{where}: {len(a)} items != {len(b)} items")
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{where}[{i}]", out)
    elif a != b:
        out.append(f"{where}: {a!r:.200} != {b!r:.200}")


def main():
    args = sys.argv[1:]
    while len(args) > 2 and args[0] == "--ignore":
        DROP.add(args[1])
        args = args[2:]
    a, b = (strip(json.load(open(p, encoding="utf-8"))) for p in args[:2])
    if a == b:
        return 0
    out = []
    walk(a, b, "$", out)
    print(f"{args[0]} and {args[1]} differ:")
    print("\n".join(out))
    return 1


if __name__ == "__main__":
    sys.exit(main())
