#!/usr/bin/env python3
"""The layers' arrows point down only (DESIGN.md): every #include of the
project's own headers goes to the file's own layer or one below it, and never
to a header private to another layer. Run by CTest; prints each offence."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])

# Each layer, and what it may include, bottom up. tools/grading is a library of
# its own above reports/; the rest of tools/ (the CLI) sits on top of it.
allowed = {
    "patterns": {"patterns"},
    "scenarios": {"patterns", "scenarios"},
    "sim": {"patterns", "scenarios", "sim"},
    "reports": {"patterns", "scenarios", "sim", "reports"},
    "tools/grading": {"patterns", "scenarios", "sim", "reports", "tools/grading"},
    "tools": {"patterns", "scenarios", "sim", "reports", "tools/grading", "tools"},
}
# Headers that are a layer's own business: only their layer includes them.
private = {
    "scenarios/readers.hpp": "scenarios",
    "scenarios/pattern_fields.hpp": "scenarios",
}

include = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer_of(path: str) -> str:
    for layer in sorted(allowed, key=len, reverse=True):
        if path == layer or path.startswith(layer + "/"):
            return layer
    return ""


offences = []
checked = 0
for layer in allowed:
    for source in sorted((root / layer).rglob("*")):
        if source.suffix not in {".cpp", ".hpp"}:
            continue
        rel = source.relative_to(root).as_posix()
        if layer_of(rel) != layer:
            continue  # a deeper layer's file (tools/grading under tools)
        checked += 1
        for target in include.findall(source.read_text()):
            to = layer_of(target)
            if not to:
                continue  # not one of the project's layers (tests/, a third party)
            if to not in allowed[layer]:
                offences.append(f"{rel}: includes {target}: {layer}/ may not depend on {to}/ (arrows point down)")
            elif target in private and private[target] != layer:
                offences.append(f"{rel}: includes {target}, which is private to {private[target]}/")

for o in offences:
    print(o)
print(f"{checked} files checked, {len(offences)} offences")
sys.exit(1 if offences else 0)
