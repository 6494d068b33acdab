"""Measures a Python submission for the design part of the rubric.

    python3 design_signals.py FILE.py ...

prints one JSON object: the files and lines measured, and per function (or
method) its name, file, first line, length in lines and cyclomatic complexity
(1 + its decisions: if, loops, except, and/or, conditional expressions,
comprehension conditions, match cases). Parsing only: nothing is run.
"""
import ast
import json
import sys

DECISIONS = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.IfExp, ast.ExceptHandler, ast.Assert)


def complexity(function):
    count = 1
    for node in ast.walk(function):
        if node is not function and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, DECISIONS):
            count += 1
        elif isinstance(node, ast.BoolOp):
            count += len(node.values) - 1
        elif isinstance(node, ast.comprehension):
            count += len(node.ifs)
        elif hasattr(ast, "match_case") and isinstance(node, ast.match_case):
            count += 1
    return count


def functions_of(tree, path):
    found = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.append({"name": prefix + child.name, "file": path, "line": child.lineno,
                              "lines": child.end_lineno - child.lineno + 1, "complexity": complexity(child)})
                visit(child, prefix + child.name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def main(paths):
    result = {"files": 0, "lines": 0, "functions": [], "errors": []}
    for path in paths:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            result["files"] += 1
            result["lines"] += text.count("\n") + (0 if text.endswith("\n") or not text else 1)
            result["functions"] += functions_of(ast.parse(text, filename=path), path)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
            result["errors"].append("%s: %s" % (path, type(e).__name__))
    print(json.dumps(result))


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    main(sys.argv[1:])
