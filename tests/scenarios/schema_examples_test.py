"""Every example scenario validates against the JSON Schema (Draft 2020-12)."""
import json
import pathlib
import sys

import jsonschema

schema = json.loads(pathlib.Path(sys.argv[1]).read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
examples = sorted(pathlib.Path(sys.argv[2]).glob("*.json"))
failed = 0
for path in examples:
    errors = list(validator.iter_errors(json.loads(path.read_text())))
    for e in errors:
        print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    failed += bool(errors)
print(f"{len(examples) - failed} passed, {failed} failed")
sys.exit(1 if failed or not examples else 0)
