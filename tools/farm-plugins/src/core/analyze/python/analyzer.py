"""Static analysis of a FARM plugin's Python code (run by `nx run <plugin>:validate`).

stdin:  {"root": "<workspace root>", "files": [{"path": "<workspace-relative>", "text"?: "<source>"}]}
        (without "text" the file is read from root/path)
stdout: {"files": [<report>, ...]} — see python-report.ts for the shape.

Code is only parsed (ast, tokenize), never imported or run. One process analyzes all the .py
files of a plugin. Rules and their reasons: docs/security.md.
"""
import ast
import io
import json
import os
import posixpath
import sys
import tokenize

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40

EVAL = {
    "eval": "eval() runs a string as Python code",
    "exec": "exec() runs a string as Python code",
    "compile": "compile() turns a string into runnable code",
    "builtins.eval": "eval() runs a string as Python code",
    "builtins.exec": "exec() runs a string as Python code",
    "builtins.compile": "compile() turns a string into runnable code",
}
SPAWN = {
    "os.system": "os.system runs a shell command",
    "os.popen": "os.popen runs a shell command",
    "asyncio.create_subprocess_exec": "asyncio.create_subprocess_exec runs another program",
    "asyncio.create_subprocess_shell": "asyncio.create_subprocess_shell runs a shell command",
    "pty.spawn": "pty.spawn runs another program",
}
SPAWN_PREFIXES = ("os.spawn", "os.exec", "os.posix_spawn")
SPAWN_MODULES = {"subprocess", "pexpect", "sh", "plumbum", "_posixsubprocess", "multiprocessing", "concurrent.futures.process"}
DESERIALIZE = {
    name: "%s can run code hidden in the data it reads" % name
    for name in (
        "pickle.load", "pickle.loads", "pickle.Unpickler", "_pickle.load", "_pickle.loads", "_pickle.Unpickler",
        "cPickle.load", "cPickle.loads", "marshal.load", "marshal.loads", "dill.load", "dill.loads",
        "shelve.open", "jsonpickle.decode", "yaml.unsafe_load", "pandas.read_pickle",
    )
}
DYNAMIC_IMPORT = {
    "__import__": "__import__ loads a module named at run time",
    "builtins.__import__": "__import__ loads a module named at run time",
    "importlib.__import__": "importlib.__import__ loads a module named at run time",
}
SOCKETS = {
    name: "%s opens a raw network connection" % name
    for name in (
        "socket.socket", "socket.create_connection", "socket.create_server", "socket.socketpair", "socket.fromfd",
        "asyncio.open_connection", "asyncio.start_server", "asyncio.open_unix_connection", "ssl.wrap_socket",
    )
}
NETWORK_MODULES = ("httpx", "requests", "aiohttp", "urllib.request", "urllib3", "http.client", "websockets", "websocket")
HTTP_METHODS = {
    "get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "send", "urlopen",
    "Request", "connect", "ws_connect", "build_request",
}
DATABASE_MODULES = ("pymongo", "motor", "farm.database")
OPEN_FUNCTIONS = {"open", "io.open", "codecs.open", "os.open"}
OS_WRITES = {
    "os.remove", "os.unlink", "os.rmdir", "os.removedirs", "os.rename", "os.replace", "os.makedirs", "os.mkdir",
    "os.chmod", "os.chown", "os.truncate", "os.symlink", "os.link", "shutil.rmtree", "shutil.move", "shutil.copy",
    "shutil.copy2", "shutil.copyfile", "shutil.copytree",
}
# Reaching into the interpreter: other modules' state (another plugin's, the runtime gate's own),
# frames, functions' code and defaults, every live object. What the runtime gate judges plugin
# code by runs in the same process, so code that can reach it could change the verdict.
INTROSPECTION = {
    "sys.modules": "sys.modules hands out every loaded module (another plugin's, the runtime gate's)",
    "sys._getframe": "sys._getframe reaches the frames of the code that called it",
    "sys._current_frames": "sys._current_frames reaches every thread's frames",
    "inspect.currentframe": "inspect.currentframe reaches the frames of the code that called it",
    "inspect.stack": "inspect.stack reaches the frames of the code that called it",
    "inspect.trace": "inspect.trace reaches the frames of the code that called it",
    "gc.get_objects": "gc.get_objects hands out every live object of the process",
    "gc.get_referrers": "gc.get_referrers hands out the objects that hold a given one",
    "gc.get_referents": "gc.get_referents hands out the objects a given one holds",
    "sys.setprofile": "sys.setprofile sees every call the process makes",
    "sys.settrace": "sys.settrace sees every line the process runs",
    "threading.setprofile": "threading.setprofile sees every call of every thread",
    "threading.settrace": "threading.settrace sees every line of every thread",
}
INTROSPECTION_ATTRS = {
    "__globals__": "a function's __globals__ is its module's namespace, to read and rebind",
    "__closure__": "a function's __closure__ hands out the values it closed over",
    "__code__": "a function's __code__ is what it runs",
    "__kwdefaults__": "a function's __kwdefaults__ hands out (and replaces) its default values",
    "__defaults__": "a function's __defaults__ hands out (and replaces) its default values",
    "__builtins__": "__builtins__ is every module's fallback namespace",
    "__subclasses__": "__subclasses__ reaches every class derived from a given one",
    "f_globals": "a frame's f_globals is its module's namespace",
    "f_locals": "a frame's f_locals are its function's variables",
    "f_back": "a frame's f_back is its caller's frame",
    "f_builtins": "a frame's f_builtins is its builtins namespace",
    "tb_frame": "a traceback's tb_frame reaches the frames that raised",
    "gi_frame": "a generator's gi_frame reaches its frame",
    "cr_frame": "a coroutine's cr_frame reaches its frame",
    "ag_frame": "an async generator's ag_frame reaches its frame",
}
# Set (or deleted) on any object, these change what it is: its class, a class's bases.
INTROSPECTION_STORES = {
    "__class__": "setting __class__ changes what an object runs, every attribute kept",
    "__bases__": "setting __bases__ changes what a class inherits",
    "__dict__": "setting __dict__ replaces an object's attributes wholesale",
}
# Modules no plugin needs that reach around what the others do: the namespace of every plugin (a
# plugin imports the plugins it uses by name, farm_plugins.<alias>…, and declares them), the
# runtime gate's own modules, and C modules under the standard library's (its fenced functions).
INTROSPECTION_MODULES = {
    "__main__": "imports __main__: the script the process runs (the runtime gate's, when it judges the plugin)",
    "farm_plugins": "imports farm_plugins, the namespace every plugin lives in: import the plugins it uses by name (farm_plugins.<alias>…) and declare them",
    "backend_gate": "imports the runtime gate's own module",
    "_sqlite3": "imports _sqlite3, under sqlite3: use sqlite3",
    "_posixshmem": "imports _posixshmem, which makes shared memory files",
    "readline": "imports readline, which writes history files",
}
INTROSPECTION_PREFIXES = ("farm_gate_",)
# Setting attributes by name through the type machinery, which attribute syntax does not show.
SETTERS = {"setattr", "delattr", "object.__setattr__", "object.__delattr__", "type.__setattr__", "type.__delattr__",
           "builtins.setattr", "builtins.delattr"}
IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException", "builtins.ImportError", "builtins.ModuleNotFoundError"}
OS_READS = {"os.listdir", "os.scandir", "os.walk"}
PATH_CONSTRUCTORS = {"pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.PurePosixPath"}
PATH_READS = {"read_text", "read_bytes", "iterdir", "glob", "rglob"}
PATH_WRITES = {"write_text", "write_bytes", "unlink", "rmdir", "mkdir", "touch", "rename", "replace", "symlink_to", "hardlink_to", "chmod"}


def main():
    request = json.load(sys.stdin)
    root = request.get("root") or "."
    reports = [analyze_entry(root, entry) for entry in request.get("files", [])]
    json.dump({"files": reports}, sys.stdout, ensure_ascii=True)


def analyze_entry(root, entry):
    path = entry["path"]
    text = entry.get("text")
    try:
        if text is None:
            with open(os.path.join(root, path), "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                return failed(path, "larger than %d bytes; not analyzed" % MAX_BYTES, 1, 1)
            text = data.decode("utf-8")
        elif len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            return failed(path, "larger than %d bytes; not analyzed" % MAX_BYTES, 1, 1)
    except (OSError, UnicodeDecodeError) as exc:
        return failed(path, "cannot be read as UTF-8: %s" % exc, 1, 1)
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        return failed(path, "syntax error: %s" % exc.msg, exc.lineno or 1, exc.offset or 1)
    except (ValueError, RecursionError, MemoryError) as exc:
        return failed(path, "cannot be parsed: %s" % (str(exc) or type(exc).__name__), 1, 1)
    try:
        return Analyzer(path, text, tree).report()
    except RecursionError:
        return failed(path, "nested too deeply to analyze", 1, 1)


def failed(path, message, line, column):
    return {"path": path, "error": {"message": message, "line": line, "column": column}}


class Analyzer:
    def __init__(self, path, text, tree):
        self.path = path
        self.tree = tree
        self.lines = text.splitlines()
        self.text = text
        self.findings = []
        self.hosts = []
        self.env = []
        self.files = []
        self.modules = []
        self.imported = []
        self.parents = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
        self.aliases = {}
        self.star = []
        self.network = False
        self.defined = set()
        self.constants = {}
        self.collect_names()

    # --- names -------------------------------------------------------------------------------

    def collect_names(self):
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.aliases[alias.asname] = alias.name
                    else:
                        top = alias.name.split(".")[0]
                        self.aliases[top] = top
            elif isinstance(node, ast.ImportFrom):
                base = "." * node.level + (node.module or "")
                for alias in node.names:
                    if alias.name == "*":
                        self.star.append(base)
                    else:
                        self.aliases[alias.asname or alias.name] = (base + "." if node.module or not node.level else base) + alias.name
        for node in module_statements(self.tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.defined.add(node.name)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.defined.add(target.id)
                        if len(node.targets) == 1:
                            self.constants[target.id] = node.value
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                self.defined.add(node.target.id)
                if node.value is not None:
                    self.constants[node.target.id] = node.value
        imported = [m for m in self.aliases.values() if not m.startswith(".")] + self.star
        self.network = any(module_in(m, NETWORK_MODULES) for m in imported)

    def canonical(self, node):
        """The dotted name a Name / Attribute / getattr(x, "lit") refers to through the imports."""
        parts = []
        while True:
            if isinstance(node, ast.Attribute):
                parts.append(node.attr)
                node = node.value
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
                  and len(node.args) >= 2 and self.string(node.args[1]) is not None):
                parts.append(self.string(node.args[1]))
                node = node.args[0]
            else:
                break
        imported = self.imported_module(node)
        if imported is not None:
            return ".".join([imported] + parts[::-1])
        if not isinstance(node, ast.Name):
            return None
        name = node.id
        if name in self.aliases:
            base = self.aliases[name]
        elif name in self.defined:
            return None
        else:
            base = name
            for module in self.star:
                if module + "." + name in STAR_RESOLVABLE:
                    base = module + "." + name
                    break
        return ".".join([base] + parts[::-1])

    def imported_module(self, node):
        """The module ``importlib.import_module("<name>")`` loads when its name is known here
        (``"o" + "s"`` too), else None."""
        if isinstance(node, ast.Call) and node.args and isinstance(node.func, (ast.Name, ast.Attribute)):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else None
            if name is None or name in self.aliases:
                if self.canonical(func) == "importlib.import_module":
                    return self.string(node.args[0])
        return None

    # --- walk --------------------------------------------------------------------------------

    def report(self):
        for node in ast.walk(self.tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                self.visit_import(node)
            elif isinstance(node, ast.Call):
                self.visit_call(node)
            elif isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, ast.Load):
                self.visit_reference(node)
            if isinstance(node, ast.Attribute):
                self.visit_attribute(node)
        return {
            "path": self.path,
            "findings": sorted(self.findings, key=lambda f: (f["line"], f["column"], f["rule"])),
            "hosts": by_position(self.hosts),
            "env": by_position(self.env),
            "files": by_position(self.files),
            "modules": by_position(self.modules),
            "imported": by_position(self.imported),
            "comments": self.comments(),
            "symbols": self.symbols(),
        }

    def at(self, node):
        line = getattr(node, "lineno", 1)
        offset = getattr(node, "col_offset", 0)
        source = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        column = len(source.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "replace")) + 1
        return {"line": line, "column": column}

    def find(self, node, rule, message):
        at = self.at(node)
        if rule == "introspection" and any(f["rule"] == rule and f["line"] == at["line"] for f in self.findings):
            return  # one a line (``f.__code__ = g.__code__``): one suppression answers for it
        self.findings.append(dict(at, rule=rule, message=message))

    def visit_import(self, node):
        modules = [a.name for a in node.names] if isinstance(node, ast.Import) else ([node.module] if node.module and not node.level else [])
        guarded = self.guarded(node)
        for module in modules:
            self.imported.append(dict(self.at(node), module=module, guarded=guarded))
            self.visit_module_name(node, module)
            if module_in(module, DATABASE_MODULES):
                self.modules.append(dict(self.at(node), module=module))

    def visit_module_name(self, node, module):
        """A module the file loads, by an import statement or importlib.import_module("<name>")."""
        if module.split(".")[0] in SPAWN_MODULES or module in SPAWN_MODULES:
            self.find(node, "process-spawn", "imports %s, which runs other programs" % module)
        elif module in INTROSPECTION_MODULES:
            self.find(node, "introspection", INTROSPECTION_MODULES[module])
        elif module.startswith(INTROSPECTION_PREFIXES):
            self.find(node, "introspection", "imports %s, a module of the runtime gate" % module)

    def guarded(self, node):
        """Whether the code says it copes without the module: inside a ``try`` whose handlers catch
        ImportError (or a parent of it, or everything), or under ``if TYPE_CHECKING``."""
        child, parent = node, self.parents.get(node)
        while parent is not None:
            if isinstance(parent, ast.Try) and child in parent.body:
                for handler in parent.handlers:
                    caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
                    if any(c is None or dotted(c) in IMPORT_ERRORS for c in caught):
                        return True
            if isinstance(parent, ast.If) and child in parent.body and "TYPE_CHECKING" in (dotted(parent.test) or ""):
                return True
            child, parent = parent, self.parents.get(parent)
        return False

    def visit_reference(self, node):
        parent = self.parents.get(node)
        # Only the outermost part of a dotted name is judged (os.system, not os).
        if isinstance(parent, ast.Attribute) and parent.value is node:
            inner = self.canonical(parent)
            if inner is not None and (inner in ALL_DANGEROUS or inner.startswith(SPAWN_PREFIXES) or inner in ("os.environ", "os.environb")):
                return
        name = self.canonical(node)
        if name is None:
            return
        if name in EVAL:
            self.find(node, "eval", EVAL[name])
        elif name in SPAWN or name.startswith(SPAWN_PREFIXES):
            self.find(node, "process-spawn", SPAWN.get(name, "%s runs another program" % name))
        elif name in DESERIALIZE:
            self.find(node, "unsafe-deserialization", DESERIALIZE[name])
        elif name in DYNAMIC_IMPORT:
            self.find(node, "dynamic-import", DYNAMIC_IMPORT[name])
        elif name in SOCKETS:
            self.find(node, "raw-socket", SOCKETS[name])
        elif name in INTROSPECTION:
            self.find(node, "introspection", INTROSPECTION[name])
        elif name in ("os.environ", "os.environb"):
            self.visit_environ(node, parent)

    def visit_attribute(self, node):
        """introspection: an attribute that reaches into functions, frames or classes (read or
        set), one that changes what an object is (set), and an attribute of a module or class the
        file imports from outside its plugin set or deleted (``posixpath.realpath = f``: what every
        plugin and the host call changes)."""
        if node.attr == "__subclasses__":
            # its own classes' subclasses are a registry; object's or a library's reach everything
            base = node.value
            if self.library_root(base) is not None or (isinstance(base, ast.Name) and base.id in ("object", "type")):
                self.find(node, "introspection", INTROSPECTION_ATTRS["__subclasses__"])
        elif node.attr in INTROSPECTION_ATTRS:
            self.find(node, "introspection", INTROSPECTION_ATTRS[node.attr])
        elif isinstance(node.ctx, (ast.Store, ast.Del)) and node.attr in INTROSPECTION_STORES:
            self.find(node, "introspection", INTROSPECTION_STORES[node.attr])
        elif isinstance(node.ctx, (ast.Store, ast.Del)) and self.library_root(node.value) is not None:
            name = self.canonical(node) or node.attr
            self.find(node, "introspection", "%s %s, which every plugin and the host share" % ("deletes" if isinstance(node.ctx, ast.Del) else "rebinds", name))

    def library_root(self, node):
        """The dotted name of an object reached from a module the file imports from outside its
        plugin (``posixpath``, ``fastapi.APIRouter``), else None (its own code, a declared
        plugin's ``farm_plugins.<alias>…``, a local or a parameter)."""
        root = node
        while isinstance(root, (ast.Attribute, ast.Subscript)):  # CONVERTOR_TYPES["int"].convert
            root = root.value
        base = self.aliases.get(root.id) if isinstance(root, ast.Name) else self.imported_module(root)
        if base is None or base.startswith((".", "farm_plugins.")):
            return None
        return self.canonical(node) or base

    def visit_environ(self, node, parent):
        name = None
        if isinstance(parent, ast.Subscript) and parent.value is node:
            name = self.string(parent.slice)
        elif isinstance(parent, ast.Attribute) and parent.attr in ("get", "setdefault", "pop"):
            call = self.parents.get(parent)
            if isinstance(call, ast.Call) and call.func is parent and call.args:
                name = self.string(call.args[0])
        self.env.append(dict(self.at(node), **({"name": name} if name is not None else {})))

    def visit_call(self, node):
        name = self.canonical(node.func)
        if isinstance(node.func, ast.Name) and node.func.id == "getattr":
            dangerous = self.canonical(node)
            if dangerous is not None:
                self.visit_reference_name(node, dangerous)
        getter = isinstance(node.func, ast.Name) and node.func.id == "getattr" and node.func.id not in self.defined
        setter = name in SETTERS and not (isinstance(node.func, ast.Name) and node.func.id in self.defined)
        if (getter or setter) and len(node.args) >= 2:
            attr = self.string(node.args[1])
            if attr in INTROSPECTION_ATTRS or (setter and attr in INTROSPECTION_STORES):
                self.find(node, "introspection", INTROSPECTION_ATTRS.get(attr) or INTROSPECTION_STORES[attr])
            elif setter and self.library_root(node.args[0]) is not None:
                # setattr(LibraryClass, "x", f) is LibraryClass.x = f
                self.find(node, "introspection", "%s %s.%s, which every plugin and the host share" % (
                    "sets" if "set" in name else "deletes", self.library_root(node.args[0]), attr or "<a name computed at run time>"))
        if name == "importlib.import_module" and (not node.args or self.string(node.args[0]) is None):
            self.find(node, "dynamic-import", "importlib.import_module of a name computed at run time: any module can be loaded")
        elif name == "importlib.import_module":
            self.visit_module_name(node, self.string(node.args[0]))
        elif name in ("os.getenv", "os.getenvb"):
            value = self.string(node.args[0]) if node.args else None
            self.env.append(dict(self.at(node), **({"name": value} if value is not None else {})))
        elif name in OPEN_FUNCTIONS:
            self.visit_open(node, name)
        elif name in OS_WRITES or name in OS_READS:
            mode = "write" if name in OS_WRITES else "read"
            for i, arg in enumerate(node.args[:2] if name.startswith("shutil.") or name in ("os.rename", "os.replace", "os.symlink", "os.link") else node.args[:1]):
                self.add_file(arg, "read" if name.startswith("shutil.copy") and i == 0 else mode)
        elif isinstance(node.func, ast.Attribute) and (node.func.attr in PATH_READS or node.func.attr in PATH_WRITES or node.func.attr == "open"):
            self.visit_path_method(node)
        if self.is_network_call(name, node):
            self.visit_network_call(node)

    def visit_reference_name(self, node, name):
        if name in EVAL or name in SPAWN or name.startswith(SPAWN_PREFIXES) or name in DESERIALIZE or name in DYNAMIC_IMPORT or name in SOCKETS:
            message = EVAL.get(name) or SPAWN.get(name) or DESERIALIZE.get(name) or DYNAMIC_IMPORT.get(name) or SOCKETS.get(name) or "%s runs another program" % name
            rule = ("eval" if name in EVAL else "process-spawn" if name in SPAWN or name.startswith(SPAWN_PREFIXES)
                    else "unsafe-deserialization" if name in DESERIALIZE else "dynamic-import" if name in DYNAMIC_IMPORT else "raw-socket")
            self.find(node, rule, "getattr reaches %s: %s" % (name, message))
        elif name in INTROSPECTION:
            self.find(node, "introspection", "getattr reaches %s: %s" % (name, INTROSPECTION[name]))

    def visit_open(self, node, name):
        target = node.args[0] if node.args else keyword(node, "file")
        if target is None:
            return
        if name == "os.open":
            flags = node.args[1] if len(node.args) > 1 else keyword(node, "flags")
            text = ast.dump(flags) if flags is not None else ""
            mode = "write" if any(f in text for f in ("O_WRONLY", "O_RDWR", "O_CREAT", "O_APPEND", "O_TRUNC")) else "read"
        else:
            mode_node = node.args[1] if len(node.args) > 1 else keyword(node, "mode")
            mode_text = "r" if mode_node is None else self.string(mode_node)
            mode = "write" if mode_text is None or any(c in mode_text for c in "wax+") else "read"
        self.add_file(target, mode)

    def visit_path_method(self, node):
        receiver = node.func.value
        value = self.path_value(receiver, 0, require_path_object=True)
        if value is None and not self.looks_like_path(receiver):
            return
        attr = node.func.attr
        if attr == "open":
            mode_node = node.args[0] if node.args else keyword(node, "mode")
            mode_text = "r" if mode_node is None else self.string(mode_node)
            mode = "write" if mode_text is None or any(c in mode_text for c in "wax+") else "read"
        else:
            mode = "write" if attr in PATH_WRITES else "read"
        entry = dict(self.at(node), mode=mode)
        if value is not None:
            entry["path"] = {"anchor": value[0], "path": value[1]}
        self.files.append(entry)

    def looks_like_path(self, node):
        return isinstance(node, ast.Call) and self.canonical(node.func) in PATH_CONSTRUCTORS

    def add_file(self, node, mode):
        value = self.path_value(node, 0)
        entry = dict(self.at(node), mode=mode)
        if value is not None:
            entry["path"] = {"anchor": value[0], "path": value[1]}
        self.files.append(entry)

    def is_network_call(self, name, node):
        if name is not None and module_in(name, NETWORK_MODULES):
            return True
        return self.network and isinstance(node.func, ast.Attribute) and node.func.attr in HTTP_METHODS

    def visit_network_call(self, node):
        values = list(node.args) + [k.value for k in node.keywords if k.arg]
        name = self.canonical(node.func) or ""
        for value in values:
            prefix = self.prefix(value)
            if prefix is None:
                continue
            host = url_host(prefix, self.string(value) is not None)
            if host is None and name.startswith("http.client.") and value is (node.args[0] if node.args else None) and self.string(value) is not None:
                host = prefix.lower() if all(c.isalnum() or c in ".-" for c in prefix) and prefix else None
            if host:
                self.hosts.append(dict(self.at(value), host=host, url=prefix))

    # --- constant folding ------------------------------------------------------------------

    def string(self, node, depth=0):
        """The str an expression always has (literals, f-strings and + of them, module constants)."""
        if node is None or depth > MAX_DEPTH:
            return None
        if is_str(node):
            return node.value
        if isinstance(node, ast.JoinedStr):
            parts = []
            for part in node.values:
                if is_str(part):
                    parts.append(part.value)
                elif isinstance(part, ast.FormattedValue) and part.conversion == -1 and part.format_spec is None:
                    inner = self.string(part.value, depth + 1)
                    if inner is None:
                        return None
                    parts.append(inner)
                else:
                    return None
            return "".join(parts)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self.string(node.left, depth + 1)
            right = self.string(node.right, depth + 1) if left is not None else None
            return None if right is None else left + right
        if isinstance(node, ast.Name) and node.id in self.constants:
            return self.string(self.constants[node.id], depth + 1)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join"
                and is_str(node.func.value) and len(node.args) == 1 and not node.keywords
                and isinstance(node.args[0], (ast.List, ast.Tuple))):
            parts = [self.string(item, depth + 1) for item in node.args[0].elts]
            return None if None in parts else node.func.value.value.join(parts)
        return None

    def prefix(self, node, depth=0):
        """The known start of a str expression (f"https://host/{x}" -> "https://host/")."""
        if node is None or depth > MAX_DEPTH:
            return None
        full = self.string(node, depth)
        if full is not None:
            return full
        if isinstance(node, ast.JoinedStr):
            parts = []
            for part in node.values:
                value = part.value if is_str(part) else (self.string(part.value, depth + 1) if isinstance(part, ast.FormattedValue) else None)
                if value is None:
                    break
                parts.append(value)
            return "".join(parts)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.prefix(node.left, depth + 1)
        return None

    def path_value(self, node, depth, require_path_object=False):
        """(anchor, path) of a path expression: "file" (relative to this file's folder), "abs" or "cwd"."""
        if node is None or depth > MAX_DEPTH:
            return None
        text = None if require_path_object else self.string(node, depth)
        if text is not None:
            return ("abs", text) if text.startswith("/") else ("cwd", text)
        if isinstance(node, ast.Name):
            if node.id == "__file__" and not require_path_object:
                return ("file", posixpath.basename(self.path))
            if node.id in self.constants:
                return self.path_value(self.constants[node.id], depth + 1, require_path_object)
            return None
        if isinstance(node, ast.Attribute):
            if node.attr == "parent":
                inner = self.path_value(node.value, depth + 1, True)
                return dirname(inner) if inner else None
            return None
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "parents":
            inner = self.path_value(node.value.value, depth + 1, True)
            index = node.slice.value if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int) else None
            if inner is None or index is None or index < 0:
                return None
            for _ in range(index + 1):
                inner = dirname(inner)
            return inner
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            left = self.path_value(node.left, depth + 1, True)
            right = self.string(node.right, depth + 1)
            return join(left, [right]) if left and right is not None else None
        if isinstance(node, ast.Call):
            name = self.canonical(node.func)
            if name in PATH_CONSTRUCTORS:
                args = [self.path_value(a, depth + 1) for a in node.args]
                if not args:
                    return ("cwd", ".")
                if any(a is None for a in args):
                    return None
                return join_values(args)
            if require_path_object and isinstance(node.func, ast.Attribute):
                method = node.func.attr
                inner = self.path_value(node.func.value, depth + 1, True)
                if inner is None:
                    return None
                if method in ("resolve", "absolute", "expanduser"):
                    return inner
                if method == "joinpath":
                    parts = [self.string(a, depth + 1) for a in node.args]
                    return None if any(p is None for p in parts) else join(inner, parts)
                if method == "with_name" and node.args:
                    part = self.string(node.args[0], depth + 1)
                    return None if part is None else join(dirname(inner), [part])
                return None
            if require_path_object:
                return None
            if name in ("os.path.dirname",) and len(node.args) == 1:
                inner = self.path_value(node.args[0], depth + 1)
                return dirname(inner) if inner else None
            if name in ("os.path.abspath", "os.path.realpath", "os.path.normpath") and len(node.args) == 1:
                return self.path_value(node.args[0], depth + 1)
            if name == "os.path.join" and node.args:
                args = [self.path_value(a, depth + 1) for a in node.args]
                return None if any(a is None for a in args) else join_values(args)
        return None

    # --- comments and symbols ----------------------------------------------------------------

    def comments(self):
        out = []
        try:
            for token in tokenize.generate_tokens(io.StringIO(self.text).readline):
                if token.type == tokenize.COMMENT:
                    out.append({"line": token.start[0], "text": token.string[1:]})
        except (tokenize.TokenError, IndentationError, SyntaxError):
            pass
        return out

    def symbols(self):
        classes, assignments, functions, imports = [], [], [], []
        for node in module_statements(self.tree):
            if isinstance(node, ast.ClassDef):
                methods, stubs = class_members(node)
                classes.append(dict(self.at(node), name=node.name, bases=[d for d in (dotted(b) for b in node.bases) if d], methods=methods, stubs=stubs))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.append(dict(self.at(node), name=node.name))
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if node.value is None:
                    continue
                value = self.describe_value(node.value)
                for target in targets:
                    if isinstance(target, ast.Name):
                        assignments.append(dict(self.at(target), name=target.id, value=value))
            elif isinstance(node, ast.ImportFrom):
                imports.append({"module": node.module or "", "level": node.level, "line": node.lineno,
                                "names": [{"name": a.name, "asname": a.asname} for a in node.names]})
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    imports.append({"module": alias.name, "level": 0, "line": node.lineno, "names": [], "asname": alias.asname})
        return {"classes": classes, "assignments": assignments, "functions": functions, "imports": imports}

    def describe_value(self, value):
        if isinstance(value, ast.Call):
            written = dotted(value.func)
            return {"kind": "call", "callee": written, "canonical": self.canonical(value.func) or written}
        if isinstance(value, (ast.Name, ast.Attribute)):
            return {"kind": "name", "ref": dotted(value)}
        return {"kind": "other", "type": type(value).__name__}


ALL_DANGEROUS = set(EVAL) | set(SPAWN) | set(DESERIALIZE) | set(DYNAMIC_IMPORT) | set(SOCKETS)
# Names a `from m import *` can bring in that the rules look for.
STAR_RESOLVABLE = ALL_DANGEROUS | OPEN_FUNCTIONS | OS_WRITES | OS_READS | PATH_CONSTRUCTORS | {
    "os.environ", "os.environb", "os.getenv", "os.getenvb", "importlib.import_module",
    "os.spawnl", "os.spawnv", "os.execv", "os.execl", "os.execvp", "os.execlp", "os.posix_spawn",
}


def class_members(node):
    """The names a class body defines (methods and class attributes), and those of them that are
    placeholders, not implementations: an ``@abstractmethod`` or ``= None`` (the last definition
    of a name decides)."""
    methods, stubs = [], {}
    for item in node.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names = [item.name]
            abstract = any((dotted(d) or "").split(".")[-1] == "abstractmethod" for d in item.decorator_list)
            stub = "abstract" if abstract else None
        elif isinstance(item, ast.Assign):
            names = [t.id for t in item.targets if isinstance(t, ast.Name)]
            stub = "None" if is_none(item.value) else None
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) and item.value is not None:
            names = [item.target.id]
            stub = "None" if is_none(item.value) else None
        else:
            continue
        for name in names:
            methods.append(name)
            if stub:
                stubs[name] = {"name": name, "kind": stub, "line": item.lineno}
            else:
                stubs.pop(name, None)
    return methods, list(stubs.values())


def is_none(node):
    return isinstance(node, ast.Constant) and node.value is None


def by_position(items):
    return sorted(items, key=lambda item: (item["line"], item["column"]))


def module_statements(tree):
    """Module-level statements, including those inside top-level if / try / with blocks."""
    pending = list(tree.body)
    while pending:
        node = pending.pop(0)
        yield node
        if isinstance(node, ast.If):
            pending.extend(node.body + node.orelse)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            pending.extend(node.body + node.orelse + node.finalbody)
            for handler in node.handlers:
                pending.extend(handler.body)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            pending.extend(node.body)


def dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if isinstance(node, ast.Subscript):  # Generic[T] as a base
        return dotted(node.value)
    return None


def keyword(call, name):
    for k in call.keywords:
        if k.arg == name:
            return k.value
    return None


def is_str(node):
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def module_in(name, modules):
    return any(name == m or name.startswith(m + ".") for m in modules)


def url_host(prefix, complete):
    scheme_end = prefix.find("://")
    if scheme_end <= 0 or not prefix[:scheme_end].replace("+", "").replace(".", "").replace("-", "").isalnum():
        return None
    rest = prefix[scheme_end + 3:]
    end = min([i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0] or [-1])
    if end < 0 and not complete:
        return None
    authority = rest if end < 0 else rest[:end]
    host = authority.rsplit("@", 1)[-1]
    if host.startswith("["):
        host = host[1:host.find("]")] if "]" in host else ""
    else:
        host = host.split(":")[0]
    return host.lower().rstrip(".") or None


def dirname(value):
    anchor, path = value
    path = posixpath.normpath(path) if path else "."
    if anchor == "file" and (path == "." or path == ".." or path.endswith("/..")):
        return (anchor, posixpath.join(path, ".."))
    return (anchor, posixpath.dirname(path) or ".")


def join(value, parts):
    return join_values([value] + [("abs", p) if p.startswith("/") else ("cwd", p) for p in parts])


def join_values(values):
    """os.path.join semantics: an absolute part restarts the path."""
    result = values[0]
    for anchor, path in values[1:]:
        if anchor in ("abs", "file"):
            result = (anchor, path)
        else:
            result = (result[0], posixpath.join(result[1], path))
    return (result[0], posixpath.normpath(result[1]))


if __name__ == "__main__":
    main()
