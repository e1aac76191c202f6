#!/usr/bin/env python3
"""validate_schema.py — validates a JSON document against a JSON Schema
(python3-jsonschema, installed by .ci/setup). usage: validate_schema.py SCHEMA DOC"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
validator = jsonschema.Draft202012Validator(schema)
errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
for e in errors[:20]:
    print(f"{sys.argv[2]}: {'/'.join(map(str, e.path))}: {e.message}")
sys.exit(1 if errors else 0)
