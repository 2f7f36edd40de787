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


def main() -> None:
    sys.path.insert(0, os.getcwd())
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
