#!/usr/bin/python3
"""regen.py — regenerates the name lists in this folder from their sources.

Reads (never imports or runs) the person lists of two MIT-licensed packages:
  - Faker 0.9.3 as Debian packages it (python3-fake-factory): the tuples
    first_names*, last_names of faker/providers/person/<locale>/__init__.py,
    read with ast.literal_eval;
  - @faker-js/faker from the npm registry: its locale definitions
    (person.first_name, person.last_name), dumped to JSON by node.
and Debian's wamerican word list (/usr/share/dict/american-english) to mark
names that are also common lower-case English words (weak.txt).

Usage (see README.md):
  apt-get download python3-fake-factory && dpkg -x python3-fake-factory_*.deb /tmp/ff
  npm pack @faker-js/faker && mkdir /tmp/fj && tar xzf faker-js-faker-*.tgz -C /tmp/fj
  detect/data/names/regen.py /tmp/ff /tmp/fj/package
It writes <LOCALE>.given.txt, <LOCALE>.surnames.txt and weak.txt here; deny.txt
is written by hand. Only Latin-script names are kept (letters, ' and -).
"""
import ast
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# Our locale: (Faker 0.9.3 providers, faker-js locales)
LOCALES = {
    "US": (["en_US", "en"], ["en_US", "en"]),
    "GB": (["en_GB", "en"], ["en_GB", "en"]),
    "DE": (["de_DE"], ["de", "de_AT", "de_CH"]),
    "FR": (["fr_FR"], ["fr", "fr_BE", "fr_CH"]),
    "NL": (["nl_NL"], ["nl", "nl_BE"]),
    "ES": (["es_ES"], ["es"]),
    "IT": (["it_IT"], ["it"]),
    "CA": ([], ["en_CA", "fr_CA", "en", "fr"]),
    "AU": ([], ["en_AU", "en"]),
    "IN": ([], ["en_IN"]),
}
TOKEN = re.compile(r"^[A-Za-z\u00c0-\u017f][A-Za-z\u00c0-\u017f'\u2019-]*$")
PARTICLES = {"van", "der", "den", "de", "la", "le", "von", "di", "del", "della", "da", "dos",
             "das", "du", "ter", "ten", "y", "zu", "vom", "des", "het", "t"}


def faker_py(root, loc):
    path = os.path.join(root, "usr/lib/python3/dist-packages/faker/providers/person", loc,
                        "__init__.py")
    given, last = [], []
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name.startswith("first_names") or name == "last_names":
                val = node.value
                if isinstance(val, ast.Call) and getattr(val.func, "id", "") == "OrderedDict":
                    val = val.args[0]  # weighted: OrderedDict(((name, weight), ...))
                try:
                    v = ast.literal_eval(val)
                except ValueError:
                    continue  # first_names = first_names_male + first_names_female
                if isinstance(v, dict):
                    v = list(v)
                v = [x[0] if isinstance(x, tuple) else x for x in v]
                (last if name == "last_names" else given).extend(v)
    return given, last


JS = """
const m = await import(process.argv[1]);
const p = (m.allLocales[process.argv[2]] || {}).person || {};
const flat = (v) => v == null ? [] : Array.isArray(v) ? v.flatMap(flat)
  : typeof v === 'object' ? Object.values(v).flatMap(flat) : [String(v)];
console.log(JSON.stringify({given: flat(p.first_name), last: flat(p.last_name)}));
"""


def faker_js(root, loc):
    out = subprocess.run(["node", "--input-type=module", "-e", JS,
                          os.path.join(root, "dist/index.js"), loc],
                         check=True, capture_output=True, text=True).stdout
    d = json.loads(out)
    return d["given"], d["last"]


def tokens(names, surname):
    """The Latin-script tokens of each listed name: a surname written with
    particles ("van der Berg", "de la Fuente") gives its last token."""
    out = set()
    for n in names:
        parts = n.split()
        if surname:
            parts = [p for p in parts if p.lower() not in PARTICLES][-1:]
        for p in parts:
            if TOKEN.match(p) and len(p) >= 2:
                out.add(p)
    return out


def write(path, header, names):
    with open(path, "w", encoding="utf-8") as f:
        for h in header:
            f.write("# " + h + "\n")
        for n in sorted(names):
            f.write(n + "\n")


def main():
    ff, fj = sys.argv[1], sys.argv[2]
    fjver = json.load(open(os.path.join(fj, "package.json")))["version"]
    every = set()
    for cc, (pys, jss) in LOCALES.items():
        given, last = set(), set()
        for loc in pys:
            g, l = faker_py(ff, loc)
            given |= tokens(g, False)
            last |= tokens(l, True)
        for loc in jss:
            g, l = faker_js(fj, loc)
            given |= tokens(g, False)
            last |= tokens(l, True)
        src = []
        if pys:
            src.append("Faker 0.9.3 (Debian python3-fake-factory 0.9.3-2), "
                       "faker/providers/person/{%s}" % ",".join(pys))
        src.append("@faker-js/faker %s (npm), locales {%s}" % (fjver, ",".join(jss)))
        for kind, names in (("given", given), ("surnames", last)):
            write(os.path.join(HERE, "%s.%s.txt" % (cc, kind)),
                  ["%s names, locale %s, one a line." % (kind.capitalize(), cc),
                   "Source: " + "; ".join(src) + ".",
                   "Those lists are drawn largely from census and civil-registry frequency",
                   "lists. Licence: MIT (Faker: Copyright (c) 2012 Daniele Faraglia;",
                   "faker-js: Copyright (c) 2022 Faker). Regenerate with regen.py."],
                  names)
        every |= given | last
    words = set()
    for w in open("/usr/share/dict/american-english", encoding="utf-8"):
        w = w.strip()
        if w and w == w.lower() and "'" not in w:
            words.add(w)
    weak = {n for n in every if n.lower() in words}
    write(os.path.join(HERE, "weak.txt"),
          ["Names that are also common lower-case English words (\"Will\", \"Mark\",",
           "\"Rose\", \"Brown\"): every name of the *.txt lists whose lower-case form is",
           "a word of Debian's wamerican (/usr/share/dict/american-english, SCOWL;",
           "public domain / permissive, see /usr/share/doc/wamerican/copyright).",
           "Regenerate with regen.py."],
          {n.lower() for n in weak})


if __name__ == "__main__":
    main()
