"""Checks generated Python against the text it was generated from, with the standard library only.

argv[1] is a JSON manifest written by escape.test.ts:
  strings: [{value, literal, docstring, comment}] — pyString, pyDocstring and pyComment of `value`;
  files:   [{path, name, usage}] — exported PyTorch files, the graph name, and the expected usage text.
Prints one JSON object: {"failures": [...]} (empty when everything holds).
"""

import ast
import json
import sys

# What an injected expression would call: builtins by name, os functions by attribute (`model.eval()` is fine).
FORBIDDEN_NAMES = {"__import__", "exec", "eval", "compile", "open"}
FORBIDDEN_ATTRIBUTES = {"system", "popen", "spawn", "exec"}


def check_string(i, s, failures):
    value = s["value"]
    try:
        if ast.literal_eval(s["literal"]) != value:
            failures.append(f"string {i}: pyString does not round-trip")
        for before, after in (("", ""), ("a", "b"), ("\"", "\\\"")):
            doc = ast.literal_eval('"""' + before + s["docstring"] + after + '"""')
            if doc != before.replace("\\", "") + value + after.replace("\\", ""):
                failures.append(f"string {i}: pyDocstring does not round-trip with {before!r}…{after!r}")
        tree = ast.parse("# " + s["comment"] + "\nx = 1\n")
        if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assign):
            failures.append(f"string {i}: pyComment leaks code")
    except (SyntaxError, ValueError) as error:
        failures.append(f"string {i}: {type(error).__name__}: {error}")


def forbidden(call):
    f = call.func
    return (isinstance(f, ast.Name) and f.id in FORBIDDEN_NAMES) or (
        isinstance(f, ast.Attribute) and f.attr in FORBIDDEN_ATTRIBUTES
    )


def check_file(f, failures):
    where = f["path"]
    try:
        with open(where, encoding="utf-8") as handle:
            source = handle.read()
        tree = ast.parse(source, where)
        compile(tree, where, "exec")
    except (SyntaxError, ValueError) as error:
        failures.append(f"{where}: {type(error).__name__}: {error}")
        return
    name = f["name"]
    doc = ast.get_docstring(tree, clean=False) or ""
    if not doc.startswith(name + ": exported from Stride as a PyTorch module."):
        failures.append(f"{where}: the module docstring does not start with the graph name")
    if f["usage"] not in doc:
        failures.append(f"{where}: the usage line does not name the file")
    # Only the module's own statements: the docstring is one expression, nothing runs beside it.
    if not isinstance(tree.body[0], ast.Expr) or not isinstance(tree.body[0].value, ast.Constant):
        failures.append(f"{where}: the first statement is not a plain docstring")
    model = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Model"), None)
    if model is None or not (ast.get_docstring(model, clean=False) or "").startswith(name + " ("):
        failures.append(f"{where}: Model's docstring does not start with the graph name")
    description = None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if forbidden(node):
                failures.append(f"{where}: calls {ast.unparse(node.func)}")
            if isinstance(node.func, ast.Attribute) and node.func.attr == "ArgumentParser":
                for k in node.keywords:
                    if k.arg == "description" and isinstance(k.value, ast.Constant):
                        description = k.value.value
    if description != "Train " + name + " (exported from Stride).":
        failures.append(f"{where}: the argparse description does not hold the graph name")


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        manifest = json.load(handle)
    failures = []
    for i, s in enumerate(manifest["strings"]):
        check_string(i, s, failures)
    for f in manifest["files"]:
        check_file(f, failures)
    print(json.dumps({"failures": failures}))


main()
