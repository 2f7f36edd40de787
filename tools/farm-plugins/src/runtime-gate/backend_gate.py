"""The backend's runtime gate: import the candidate app with the real FastAPI and list its routes.

Run with the backend's Python, cwd = the candidate's ``apps/backend/src``. Writes one JSON object after the line marker ``@@farm-runtime-gate@@``:
``{"ok": true, "routes": [{"path", "methods", "module", "name"}], "plugins": {"imports", "routers"}}``
(``plugins``: what plugin code did to other plugins while imported, farm_gate_watch.py) or
``{"ok": false, "error": {"type", "message", "frames": [{"file", "line"}]}}`` (innermost frame
last), each with ``"seconds": {"warm", "import"}`` (the host warmed, the candidate imported). Nothing is served: importing builds the app (routers included,
middleware added), which is where FastAPI refuses a bad router; then only the plugins' own
startup code runs (farm_gate_startup.py), not the host's lifespan.

With ``--serve`` it judges many candidates in one process (validate's batch): see ``serve``.
"""
import ast
import importlib
import importlib.util
import inspect
import json
import os
import re
import sys
import time
import traceback

from farm_gate_startup import run_plugin_startups
from farm_gate_channel import open_channel, say
from farm_gate_watch import PluginWatch, plugin_of


def failure(exc: BaseException) -> dict:
    frames = [{"file": f.filename, "line": f.lineno or 1} for f in traceback.extract_tb(exc.__traceback__)]
    if isinstance(exc, SyntaxError) and exc.filename:
        frames.append({"file": exc.filename, "line": exc.lineno or 1})
    return {"type": type(exc).__name__, "message": str(exc), "frames": frames}


def report(result: dict) -> None:
    say("", json.dumps(result))


def flat_routes(routes):
    """Every route the app answers, with the module of the router that brought it (None for the
    app's own). FastAPI >= 0.16x keeps an included router as one entry (``_IncludedRouter``) whose
    ``effective_route_contexts()`` are its routes with the include's prefix applied — an APIRoute
    as the context itself, a Starlette ``Route``, websocket route or ``Mount`` as the context's
    ``starlette_route`` (the context's own path is empty then); older versions flatten them into
    ``app.routes`` themselves."""
    owners = router_modules()
    for route in routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if not callable(contexts):
            yield route, None
            continue
        module = owners.get(id(getattr(route, "original_router", None)))
        for context in contexts():
            starlette_route = getattr(context, "starlette_route", None)
            yield (starlette_route if starlette_route is not None and not getattr(context, "path", "") else context), module


def router_modules() -> dict:
    """id of each APIRouter a plugin module holds → that module's name: who brought a route that
    has no endpoint of its own (a Mount) or whose endpoint lives elsewhere."""
    from fastapi import APIRouter  # noqa: PLC0415 — imported with the app, not before the fence

    found = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("farm_plugins."):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, APIRouter):
                found.setdefault(id(value), name)
    return found


# Importing plugin code is the gate's whole job, but that code must not act on the machine while
# it is judged: a PEP 578 audit hook refuses, for the rest of this process, the events below
# (processes, network connections, native code through ctypes) and writes outside the scratch
# folder. Not a sandbox against a determined attacker (code analysis runs first for that); a
# fence that turns `subprocess.run(...)` at import into a located refusal instead of an effect.
REFUSED_EVENTS = {
    "subprocess.Popen": "run a process",
    "os.system": "run a shell command",
    "os.exec": "replace the process",
    "os.posix_spawn": "run a process",
    "os.spawn": "run a process",
    "os.fork": "fork the process",
    "os.forkpty": "fork the process",
    "pty.spawn": "run a process",
    "socket.connect": "open a network connection",
    "ctypes.dlopen": "load native code",
    "os.kill": "signal a process",
}
WRITE_EVENTS = {
    "os.remove",
    "os.rename",
    "os.rmdir",
    "os.mkdir",
    "os.chmod",
    "os.chown",
    "os.utime",
    "os.chflags",
    "os.setxattr",
    "os.removexattr",
    "os.symlink",
    "os.link",
    "shutil.rmtree",
    "os.truncate",
}
# Events whose second argument is a path they create too (the destination: os.rename/replace's,
# os.link's, os.symlink's link), and their *dir_fd arguments (a path relative to an open folder).
TWO_PATH_EVENTS = {"os.rename": (2, 3), "os.link": (2, 3), "os.symlink": (2,)}
# Functions that make a file and raise no audit event (CPython's table has none for them): wrapped.
UNAUDITED_MAKERS = ("mkfifo", "mknod")
# Events whose last argument is a dir_fd: their path may be relative to an open folder.
DIR_FD_LAST = {"os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.utime", "shutil.rmtree"}
# A function's attributes whose change replaces what it runs with (``object.__setattr__`` audits them).
CODE_ATTRIBUTES = ("__code__", "__defaults__", "__kwdefaults__")
# os.open's flags that change a file, O_TRUNC (empties it, even with O_RDONLY) among them.
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | getattr(os, "O_APPEND", 0)


def code_owner(function):
    """Whose code a function is: ``farm_plugins.<alias>``'s alias, ``"framework"`` for FastAPI's and
    Starlette's, else None (the host's, a library's: not the fence's to keep)."""
    module = getattr(function, "__module__", None) or ""
    if module.startswith("farm_plugins."):
        return module.split(".")[1]
    return "framework" if module.split(".")[0] in ("fastapi", "starlette") else None


# The process's PluginWatch, once made: it knows each plugin module's file (``module_of``).
WATCHES = []


def setting_plugin():
    """The alias of the innermost plugin frame running now (the audit hook's caller's), else None:
    a frame is the code of the module whose file it runs, as the watch knows them."""
    if not WATCHES:
        return None
    module, _ = WATCHES[0].innermost_plugin(sys._getframe(2))
    return plugin_of(module)


def sqlite_file(database):
    """The file ``sqlite3.connect(database)`` opens — None for an in-memory database (``:memory:``,
    ``""``, a ``file:`` URI with ``mode=memory``); a ``file:`` URI's path otherwise (SQLite's URI
    filenames: https://sqlite.org/uri.html)."""
    name = os.fsdecode(database) if isinstance(database, (str, bytes, os.PathLike)) else ""
    if name in ("", ":memory:"):
        return None
    if name.startswith("file:"):
        path, _, query = name[5:].partition("?")
        if "mode=memory" in query or path in ("", ":memory:"):
            return None
        if path.startswith("//"):
            path = "/" + path[2:].partition("/")[2]  # file://localhost/x or file:///x
        return path
    return name


# SQLite's authorizer codes (sqlite3.h), without importing sqlite3 for a gate that needs none.
SQLITE_OK, SQLITE_DENY, SQLITE_ATTACH = 0, 1, 24
AT_FDCWD = getattr(os, "AT_FDCWD", -100)  # a dir_fd that means the working directory (Linux: -100)


def fence(allowed_root: str):
    allowed = os.path.realpath(allowed_root) + os.sep
    # Taken now: plugin code that rebinds ``posixpath.realpath`` does not change what is inside.
    realpath, fsdecode, readlink, join, isabs = os.path.realpath, os.fsdecode, os.readlink, os.path.join, os.path.isabs

    def inside(path) -> bool:
        try:
            return realpath(fsdecode(path)).startswith(allowed)
        except (TypeError, ValueError):
            return False

    def located(path, folder=None):
        """The path a call acts on: an open file's (a descriptor), or one relative to an open folder
        (``dir_fd``); None when it cannot be told (refused)."""
        try:
            if isinstance(path, int):
                return readlink("/proc/self/fd/%d" % path)
            if isinstance(folder, int) and folder != AT_FDCWD and not isabs(fsdecode(path)):
                return join(readlink("/proc/self/fd/%d" % folder), fsdecode(path))
        except (OSError, TypeError, ValueError):
            return None
        return path

    def hook(event, args):
        if event in REFUSED_EVENTS:
            raise PermissionError("the runtime gate does not let plugin code %s while it is imported (%s)" % (REFUSED_EVENTS[event], event))
        if event == "open" and len(args) >= 2 and isinstance(args[1], str) and any(c in args[1] for c in "wax+") and not inside(args[0]):
            raise PermissionError("the runtime gate does not let plugin code write %s while it is imported" % (args[0],))
        if event == "open" and len(args) >= 3 and isinstance(args[2], int) and args[2] & WRITE_FLAGS and not inside(args[0]):
            raise PermissionError("the runtime gate does not let plugin code write %s while it is imported" % (args[0],))
        if event in WRITE_EVENTS and args and not (isinstance(args[0], int) and event == "os.truncate"):
            # (os.truncate of an open file, by its descriptor: a file opened through the fence)
            if event in TWO_PATH_EVENTS:
                folders = [args[i] if i < len(args) else None for i in TWO_PATH_EVENTS[event]]
                # rename/link: (src, dst, src_dir_fd, dst_dir_fd); symlink: (target, link, dir_fd), the
                # link made (where it points is read through it, fenced then)
                pairs = [(args[1], folders[0])] if event == "os.symlink" else list(zip(args[:2], folders, strict=False))
            else:
                pairs = [(args[0], args[-1] if event in DIR_FD_LAST and len(args) > 1 else None)]
            for path, folder in pairs:
                if not inside(located(path, folder)):
                    raise PermissionError("the runtime gate does not let plugin code change %s while it is imported (%s)" % (path, event))
        if event == "socket.bind" and len(args) >= 2 and isinstance(args[1], (str, bytes)) and args[1][:1] not in ("", "\0", b"\0") and not inside(args[1]):
            # a Unix socket's address is a file it makes (one starting with NUL is abstract: no file)
            raise PermissionError("the runtime gate does not let plugin code make the socket %s while it is imported" % (args[1],))
        if event == "object.__setattr__" and len(args) >= 2 and args[1] in CODE_ATTRIBUTES:
            owner = code_owner(args[0])
            if owner is not None and owner != setting_plugin():
                # Worded apart from the fence's refusals: those are excused at startup (the real app
                # would let the code reach the network), this one is the plugin's doing either way.
                raise PermissionError(
                    "plugin code may not replace the code of %s.%s, which is not its own"
                    " (another plugin's, or FastAPI's: what their routes run)"
                    % (getattr(args[0], "__module__", "?"), getattr(args[0], "__qualname__", "?"))
                )
        if event == "sqlite3.connect" and args:
            path = sqlite_file(args[0])
            if path is not None and not inside(path):
                raise PermissionError("the runtime gate does not let plugin code open the SQLite database %s while it is imported" % (path,))

    def attach_authorizer(action, name, *_):
        if action == SQLITE_ATTACH and sqlite_file(name or "") is not None and not inside(name):
            return SQLITE_DENY
        return SQLITE_OK

    sys.addaudithook(hook)
    import posix  # noqa: PLC0415 — os re-exports its functions: both names are wrapped

    def fenced_maker(name, original):
        # The original in a closure, not a default argument (``__kwdefaults__`` hands it out).
        def fenced(path, *args, dir_fd=None, **kwargs):
            if dir_fd is not None or not inside(path):
                raise PermissionError("the runtime gate does not let plugin code make %s while it is imported (os.%s)" % (path, name))
            return original(path, *args, **kwargs)

        return fenced

    for name in UNAUDITED_MAKERS:
        original = getattr(posix, name, None)
        if original is not None:
            setattr(posix, name, fenced_maker(name, original))
            setattr(os, name, fenced_maker(name, original))

    # os.open's audit event has no dir_fd: a path relative to an open folder is checked here.
    posix_open = posix.open

    def fenced_open(path, flags, mode=0o777, *, dir_fd=None):
        if dir_fd is not None and flags & WRITE_FLAGS and not inside(located(path, dir_fd)):
            raise PermissionError("the runtime gate does not let plugin code write %s while it is imported" % (path,))
        return posix_open(path, flags, mode, dir_fd=dir_fd)

    posix.open = os.open = fenced_open

    # subprocess's own way to start a process, which raises no audit event (os.fork and
    # os.posix_spawn do): code that reaches it directly starts none.
    import _posixsubprocess  # noqa: PLC0415

    def fenced_fork_exec(*args, **kwargs):
        raise PermissionError("the runtime gate does not let plugin code run a process while it is imported (_posixsubprocess.fork_exec)")

    _posixsubprocess.fork_exec = fenced_fork_exec

    # SQL writes files too: ATTACH DATABASE '<file>', VACUUM INTO '<file>'. SQLite asks a
    # connection's authorizer for both (SQLITE_ATTACH, with the file's name), so each connection
    # ``sqlite3.connect`` makes gets one (~7 ms to import sqlite3; ``sqlite3.connect/handle`` comes
    # before the connection can take it). A ``sqlite3.Connection`` made directly has none.
    import sqlite3  # noqa: PLC0415

    connect = sqlite3.connect

    def fenced_connect(*args, **kwargs):
        connection = connect(*args, **kwargs)
        connection.set_authorizer(attach_authorizer)
        return connection

    import _sqlite3  # noqa: PLC0415 — sqlite3.connect is _sqlite3's: both names are wrapped

    sqlite3.connect = sqlite3.dbapi2.connect = _sqlite3.connect = fenced_connect


def app_routes(app) -> list:
    """``[{"path", "methods", "module", "name", "kind"}]``: kind ``mount`` (answers every URL below
    its path), ``websocket`` or ``http``; module: the endpoint's, else the router's that brought it."""
    from starlette.routing import Mount, WebSocketRoute  # noqa: PLC0415
    from fastapi.routing import APIWebSocketRoute  # noqa: PLC0415

    routes = []
    for route, router_module in flat_routes(app.routes):
        endpoint = getattr(route, "endpoint", None)
        kind = "mount" if isinstance(route, Mount) else "websocket" if isinstance(route, (WebSocketRoute, APIWebSocketRoute)) else "http"
        routes.append(
            {
                "path": getattr(route, "path", ""),
                "methods": sorted(getattr(route, "methods", None) or []),
                "module": getattr(endpoint, "__module__", None) or router_module,
                "name": getattr(route, "name", None),
                "kind": kind,
            }
        )
    return routes


def endpoint_calls(app) -> list:
    """AI endpoints whose handler cannot be called the way the host calls it —
    ``handler(payload, ai, request)`` (docs/manifest.md) — as Python's own ``inspect`` binds the
    three arguments: ``[{"name", "message"}]``. A handler without a signature is not judged."""
    ai = getattr(app.state, "ai", None)
    refused = []
    for name, entry in sorted((getattr(ai, "_endpoints", None) or {}).items()):
        try:
            inspect.signature(entry["handler"]).bind({}, ai, None)
        except TypeError as exc:
            refused.append({"name": name, "message": "handler%s cannot be called as handler(payload, ai, request): %s" % (inspect.signature(entry["handler"]), exc)})
        except ValueError:
            pass
    return refused


# The generated wiring is the only code that differs between two candidates of one session; the
# plugins' own modules (farm_plugins.*), the host's (farm.*) and the libraries stay imported, so a
# plugin shared by many candidates is imported once (a foundation of 1,000 plugins, by validate).
CANDIDATE_MODULES = ("main", "plugins")


def forget_candidate() -> None:
    for name in [n for n in sys.modules if n.split(".")[0] in CANDIDATE_MODULES]:
        del sys.modules[name]


def built(app, watch: PluginWatch) -> dict:
    """The verdict on an app that imported: its routes and AI endpoints as the import built them,
    then what plugin code did to other plugins while imported and when the app starts (each
    plugin's startup code run, farm_gate_startup.py). When startup code ran, the routes are listed
    again after it: a route a plugin adds to its own router at startup is served too, and URL
    ownership judges it."""
    outcome = {"ok": True, "routes": app_routes(app), "endpoints": endpoint_calls(app), "plugins": watch.report()}
    started = run_plugin_startups(app, watch, failure)
    if started["started"]:
        outcome["routes"] = app_routes(app)
    outcome["plugins"]["routers"] += started.pop("routers")
    outcome["plugins"]["modules"] += started.pop("modules")
    outcome["plugins"].update(started)  # app, failed, started
    if started["started"]:
        outcome["plugins"]["frameworks"] = watch.frameworks.changes()  # at startup too
    return outcome


def judge_candidate(path: str, watch: PluginWatch) -> dict:
    """Imports the app with ``path`` (a folder holding a generated ``plugins`` package) first on
    sys.path, the host's own src after it: the outcome of one candidate. ``plugins``: what plugin
    code did to other plugins since the session started (a plugin's modules run once a session)."""
    forget_candidate()
    sys.path.insert(0, path)
    try:
        import main as host  # noqa: PLC0415 — the candidate app, by design imported late
        return built(host.app, watch)
    except BaseException as exc:  # SystemExit from a plugin's module is a failure too
        return {"ok": False, "error": failure(exc)}
    finally:
        sys.path.remove(path)


def importable(name: str) -> bool:
    """Whether a top-level module can be imported here (the venv, the stdlib, the host's src):
    find_spec of a top-level name locates it without running it."""
    if name in sys.modules:
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def serve() -> None:
    """Session mode (``--serve``): one JSON request a line on stdin, one report each —
    ``{"candidates": [{"id", "path"}], "modules": [name]}`` →
    ``{"candidates": {id: outcome}, "modules": {name: importable}, "distributions": [name]}``
    (distributions: installed, names normalized as PEP 503 does). Ends at end of input."""
    import importlib.metadata  # noqa: PLC0415 — ~80 ms that the single-candidate mode does not need

    fence(os.environ.get("FARM_GATE_WRITABLE") or os.getcwd())
    sys.stdout = sys.stderr
    watch = PluginWatch()
    WATCHES.append(watch)
    watch.start()
    distributions = sorted({re.sub(r"[-_.]+", "-", (d.metadata["Name"] or "")).lower() for d in importlib.metadata.distributions()})
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        outcomes = {c["id"]: judge_candidate(c["path"], watch) for c in request.get("candidates", [])}
        modules = {name: importable(name) for name in request.get("modules", [])}
        report({"candidates": outcomes, "modules": modules, "distributions": distributions})


def host_imports(entry: str = "main.py") -> list:
    """The absolute modules the host's app module imports at its top level (``fastapi.responses``,
    ``pymongo.errors``, ``farm.ai.router``), not the generated candidate's (``plugins``): read from
    its syntax tree, nothing run. Empty when it cannot be read (the candidate import reports that)."""
    try:
        with open(entry, encoding="utf-8") as source:
            tree = ast.parse(source.read(), entry)
    except (OSError, SyntaxError, ValueError):
        return []
    names = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return [name for name in names if name.split(".")[0] not in CANDIDATE_MODULES]


def warm_host() -> None:
    """Imports the host's own package (``farm``), what its app module imports (``host_imports``:
    FastAPI, pymongo, ...) and so the libraries they use, before the fence, with bytecode written as
    any run of the backend writes it (the venv and the host's __pycache__, which git ignores): uv
    installs without bytecode (unless told to, as sync-venv now does), so each gate process
    compiled what no run had compiled — pymongo from main.py's ``pymongo.errors`` alone cost
    ~0.5 s a gate. Plugin code is imported later, after the fence, and leaves no bytecode in the
    plugin folders. A host module that fails here fails again, reported, when the candidate
    imports it."""
    import pkgutil  # noqa: PLC0415

    sys.dont_write_bytecode = False
    try:
        for name in host_imports():
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 — reported by the candidate's own import
                pass
        import farm  # noqa: PLC0415

        for info in pkgutil.walk_packages(farm.__path__, "farm."):
            importlib.import_module(info.name)
    except Exception:  # noqa: BLE001
        pass
    finally:
        sys.dont_write_bytecode = True


def hide_gate_modules() -> None:
    """The gate's modules, loaded by now, are not importable by name from here on: plugin code
    importing ``farm_gate_channel`` (to write a report of its own) or ``backend_gate`` meets a
    ModuleNotFoundError, as it would in the real app."""
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    for name in [n for n in sys.modules if n.startswith("farm_gate_") or n == "backend_gate"]:
        del sys.modules[name]


def main() -> None:
    started = time.perf_counter()
    open_channel()  # before any code but the gate's runs (farm_gate_channel.py)
    hide_gate_modules()
    sys.path.insert(0, os.getcwd())
    warm_host()
    if "--serve" in sys.argv:
        serve()
        return
    warmed = time.perf_counter()
    fence(os.environ.get("FARM_GATE_WRITABLE") or os.environ.get("FARM_WORKSPACE_ROOT") or os.getcwd())
    sys.stdout = sys.stderr  # a plugin printing at import must not corrupt the report

    def seconds() -> dict:
        # Where the process's time went (bench/gate-cost.mjs prints it with FARM_GATE_TIMINGS).
        return {"warm": round(warmed - started, 3), "import": round(time.perf_counter() - warmed, 3)}

    # What each plugin's code does to the others while it is imported (farm_gate_watch.py).
    watch = PluginWatch()
    WATCHES.append(watch)
    watch.start()
    try:
        import main as host  # noqa: PLC0415 — the candidate app, by design imported late

        app = host.app
    except BaseException as exc:  # SystemExit from a plugin's module is a failure too
        report({"ok": False, "error": failure(exc), "seconds": seconds()})
        return
    report({**built(app, watch), "seconds": seconds()})


if __name__ == "__main__":
    main()
    # A thread plugin code started (at import or startup) must not keep the gate alive once it
    # has answered: the report is written (and flushed), nothing else is owed.
    sys.__stderr__.flush()
    os._exit(0)
