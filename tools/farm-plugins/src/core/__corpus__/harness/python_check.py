"""Corpus / fuzz check of generated Python: py_compile every file, then report what its AST
contains, so the spec can check that nothing appears that the manifest (or the emitter's fixed
text) did not put there. stdin: {"files": [{"path", "text"}]}; stdout: [{"path", ...facts}]."""
import ast
import json
import os
import py_compile
import sys
import tempfile


def main():
    files = json.load(sys.stdin)["files"]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, f in enumerate(files):
            source = os.path.join(tmp, "m%d.py" % i)
            with open(source, "w", encoding="utf-8", errors="surrogatepass") as handle:
                handle.write(f["text"])
            try:
                py_compile.compile(source, cfile=os.path.join(tmp, "m%d.pyc" % i), doraise=True)
            except py_compile.PyCompileError as exc:
                out.append({"path": f["path"], "error": exc.msg.replace(source, f["path"])})
                continue
            out.append(dict(path=f["path"], **facts(ast.parse(f["text"]))))
    sys.stdout.write(json.dumps(out, ensure_ascii=True))


def facts(tree):
    strings, names, literals, imports, shadowing = [], [], [], [], []
    module_names = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            module_names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            module_names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.Assign):
            module_names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.append(node.value)
        elif isinstance(node, ast.Name):
            names.append(node.id)
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
        elif isinstance(node, ast.keyword) and node.arg:
            names.append(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, ast.arg):
            names.append(node.arg)
        elif isinstance(node, ast.ImportFrom):
            imports.append("." * node.level + (node.module or ""))
            names.extend(a.asname or a.name for a in node.names)
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            imports.extend(a.name for a in node.names)
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                targets = item.targets if isinstance(item, ast.Assign) else [item.target] if isinstance(item, ast.AnnAssign) else []
                shadowing.extend(t.id for t in targets if isinstance(t, ast.Name) and t.id in module_names)
        value = literal(node)
        if value is not _NO and literal(parents.get(node)) is _NO:
            literals.append(json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":")))
    defined = set(module_names)
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            defined.add(node.name)
            for item in node.body:
                targets = item.targets if isinstance(item, ast.Assign) else [item.target] if isinstance(item, ast.AnnAssign) else []
                defined.update(t.id for t in targets if isinstance(t, ast.Name))
    return {"strings": strings, "names": names, "literals": literals, "imports": imports, "shadowing": shadowing, "defined": sorted(defined)}


_NO = object()


def literal(node):
    if not isinstance(node, (ast.Constant, ast.List, ast.Tuple, ast.Dict, ast.UnaryOp)):
        return _NO
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _NO
    return to_json(value)


def to_json(value):
    if isinstance(value, tuple):
        return [to_json(v) for v in value]
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()} if all(isinstance(k, str) for k in value) else _NO_JSON
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return _NO_JSON


_NO_JSON = "\u0000not-json"


if __name__ == "__main__":
    main()
