"""The backend's runtime gate: import the candidate app with the real FastAPI and list its routes.

Run with the backend's Python, cwd = the candidate's ``apps/backend/src``. Writes one JSON object after the line marker ``@@farm-runtime-gate@@``:
``{"ok": true, "routes": [{"path", "methods", "module", "name"}]}`` or
``{"ok": false, "error": {"type", "message", "frames": [{"file", "line"}]}}`` (innermost frame
last). Nothing is served and no lifespan runs: importing builds the app (routers included,
middleware added), which is where FastAPI refuses a bad router.
"""
import json
import os
import sys
import traceback


def failure(exc: BaseException) -> dict:
    frames = [{"file": f.filename, "line": f.lineno or 1} for f in traceback.extract_tb(exc.__traceback__)]
    if isinstance(exc, SyntaxError) and exc.filename:
        frames.append({"file": exc.filename, "line": exc.lineno or 1})
    return {"type": type(exc).__name__, "message": str(exc), "frames": frames}


def report(result: dict) -> None:
    sys.__stdout__.write("\n" + MARKER + json.dumps(result) + "\n")


MARKER = "@@farm-runtime-gate@@"


def flat_routes(routes):
    """Every route the app answers. FastAPI >= 0.16x keeps an included router as one entry
    (``_IncludedRouter``) whose ``effective_route_contexts()`` are its routes with the include's
    prefix applied; older versions flatten them into ``app.routes`` themselves."""
    for route in routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if callable(contexts):
            yield from contexts()
        else:
            yield route


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
WRITE_EVENTS = {"os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.chmod", "os.symlink", "os.link", "shutil.rmtree", "os.truncate"}


def fence(allowed_root: str):
    allowed = os.path.realpath(allowed_root) + os.sep

    def inside(path) -> bool:
        try:
            return os.path.realpath(os.fsdecode(path)).startswith(allowed)
        except (TypeError, ValueError):
            return False

    def hook(event, args):
        if event in REFUSED_EVENTS:
            raise PermissionError("the runtime gate does not let plugin code %s while it is imported (%s)" % (REFUSED_EVENTS[event], event))
        if event == "open" and len(args) >= 2 and isinstance(args[1], str) and any(c in args[1] for c in "wax+") and not inside(args[0]):
            raise PermissionError("the runtime gate does not let plugin code write %s while it is imported" % (args[0],))
        if event == "open" and len(args) >= 3 and isinstance(args[2], int) and args[2] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and not inside(args[0]):
            raise PermissionError("the runtime gate does not let plugin code write %s while it is imported" % (args[0],))
        if event in WRITE_EVENTS and args and not inside(args[0]):
            raise PermissionError("the runtime gate does not let plugin code change %s while it is imported (%s)" % (args[0], event))

    sys.addaudithook(hook)


def main() -> None:
    sys.path.insert(0, os.getcwd())
    fence(os.environ.get("FARM_GATE_WRITABLE") or os.environ.get("FARM_WORKSPACE_ROOT") or os.getcwd())
    sys.stdout = sys.stderr  # a plugin printing at import must not corrupt the report
    try:
        import main as host  # noqa: PLC0415 — the candidate app, by design imported late

        app = host.app
    except BaseException as exc:  # SystemExit from a plugin's module is a failure too
        report({"ok": False, "error": failure(exc)})
        return
    routes = []
    for route in flat_routes(app.routes):
        endpoint = getattr(route, "endpoint", None)
        routes.append(
            {
                "path": getattr(route, "path", ""),
                "methods": sorted(getattr(route, "methods", None) or []),
                "module": getattr(endpoint, "__module__", None),
                "name": getattr(route, "name", None),
            }
        )
    report({"ok": True, "routes": routes})


if __name__ == "__main__":
    main()
