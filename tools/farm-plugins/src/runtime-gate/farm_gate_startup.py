"""What plugin code does to other plugins when the backend starts (issue 12; farm_gate_watch.py
judges what it does while the app is imported).

Once uvicorn has imported the app it runs the app's lifespan, and FastAPI nests in it the
``lifespan_context`` of each router the app includes (``APIRouter.include_router``): the router's
``lifespan``, else its ``on_startup`` handlers, with those of the routers it includes. That code
receives the app: it can reach every router, route and ``app.dependency_overrides``, which no
import ever runs. ``run_plugin_startups`` runs each plugin router's, in include order, as the
app's startup would, and compares after each plugin what the others own:

- their routers, whole (farm_gate_watch's ``fingerprint``): a change is reported as the watch
  reports one made at import, with ``"when": "startup"`` and ``by`` the plugin whose startup ran,
  at its startup function's file and line;
- the app's own route list (a route added there escapes URL ownership, which is judged on the
  routes the import built) and ``app.dependency_overrides`` for a dependency the plugin does not
  own: ``{"module", "file", "line", "routes": {"lost", "gained"}, "overrides": [name]}``.

A startup that raises stops the real app from starting ("Application startup failed"), every
plugin with it: ``{"module", "error": describe_error(exc)}`` — unless the gate's own setting caused
it (see ``caused_by_the_gate``).

The startup runs as the import did, behind the gate's fence (no process, network or write
outside the scratch folder), against the in-memory database (``FARM_DATABASE=mongomock``,
farm/database.py), each plugin's for at most ``STARTUP_SECONDS``: code that waits longer (or
raises) is judged on what it did until then. Its shutdown runs once all have started. Code run
later — by a request, a scheduled task, a task or thread the startup started — is not judged.
"""

import asyncio
import contextlib
import inspect
import os
import signal

from farm_gate_watch import difference, fingerprint, plugin_of

STARTUP_SECONDS = 2.0


def plugin_startups(app, watch) -> list:
    """``[(owned, router)]``: each router of a plugin (farm_gate_watch's record of it) that the app
    includes and that has startup code, in include order. FastAPI >= 0.16x keeps an included
    router as one route (``original_router``); older versions merge it away and are not judged."""
    startups = []
    for route in app.router.routes:
        router = getattr(route, "original_router", None)
        owned = watch.routers.get(id(router))
        if owned is not None and has_startup(router):
            startups.append((owned, router))
    return startups


def has_startup(router) -> bool:
    return bool(router.on_startup) or type(router.lifespan_context).__name__ != "_DefaultLifespan"


def startup_code(router):
    """``(file, line)`` of the router's startup function when it is one of plugin code, else
    ``(None, None)`` (a lifespan merged from included routers is FastAPI's function)."""
    context = router.lifespan_context
    functions = router.on_startup if type(context).__name__ == "_DefaultLifespan" else [context]
    for function in map(inspect.unwrap, functions):
        code = getattr(function, "__code__", None)
        if code is not None and plugin_of(getattr(function, "__module__", None)):
            return code.co_filename, code.co_firstlineno
    return None, None


class Deadline(Exception):
    """A startup ran past its time without awaiting (a blocking call, a busy loop)."""


# Where a startup meets what the gate withholds — a database, the network — and fails for that.
GATE_BOUND_LIBRARIES = frozenset(
    {"pymongo", "motor", "mongomock", "mongomock_motor", "bson", "socket", "ssl", "httpx", "httpcore", "aiohttp", "requests", "urllib3", "anyio"}
)


def caused_by_the_gate(exc: BaseException) -> bool:
    """Whether a startup's exception comes from how the gate runs it, not from the plugin: its time
    cut short, the fence's refusal (a process, the network, a write), or a database or network
    library failing on the in-memory database or the fenced network (a frame of one in the traceback)."""
    if isinstance(exc, (Deadline, TimeoutError, asyncio.CancelledError)):
        return True
    if isinstance(exc, PermissionError) and str(exc).startswith("the runtime gate does not let"):
        return True
    tb = exc.__traceback__
    while tb is not None:
        module = tb.tb_frame.f_globals.get("__name__") or ""
        if module.split(".")[0] in GATE_BOUND_LIBRARIES:
            return True
        tb = tb.tb_next
    context = exc.__context__
    return context is not None and context is not exc and caused_by_the_gate(context)


def run_plugin_startups(app, watch, describe_error, seconds: float = STARTUP_SECONDS) -> dict:
    """Runs the plugins' startup code (see the module's doc) and returns ``{"routers": [...],
    "app": [...], "failed": [...], "started": [alias]}`` (started: the plugins whose startup code
    ran); empty lists when no plugin has startup code (most).
    ``describe_error(exc)``: the gate's account of an exception (backend_gate.failure)."""
    startups = plugin_startups(app, watch)
    if not startups:
        return {"routers": [], "app": [], "failed": [], "started": []}
    previous_database = os.environ.get("FARM_DATABASE")
    os.environ["FARM_DATABASE"] = "mongomock"
    watch.muted = True  # the route-list watch locates import-time changes; these are compared here
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(StartupComparison(app, watch, seconds, describe_error).run(startups))
    finally:
        watch.muted = False
        for task in asyncio.all_tasks(loop):
            task.cancel()
        with contextlib.suppress(BaseException):
            loop.run_until_complete(asyncio.sleep(0))
        loop.close()
        if previous_database is None:
            os.environ.pop("FARM_DATABASE", None)
        else:
            os.environ["FARM_DATABASE"] = previous_database


class StartupComparison:
    def __init__(self, app, watch, seconds: float, describe_error):
        self.app = app
        self.watch = watch
        self.seconds = seconds
        self.describe_error = describe_error
        self.failed = []
        self.keep = []  # the fingerprints' values, alive so that no id is reused meanwhile
        self.first = {key: self.print(owned) for key, owned in watch.routers.items()}
        self.last = dict(self.first)
        self.by = {}  # id(router) → [{"module", "file", "line", "what"}]
        self.app_changes = []

    def print(self, owned) -> tuple:
        return fingerprint(owned["router"], True, self.keep)

    async def run(self, startups: list) -> dict:
        stack = contextlib.AsyncExitStack()
        try:
            for owned, router in startups:
                routes, overrides = list(self.app.router.routes), dict(self.app.dependency_overrides)
                error = await self.bounded(stack.enter_async_context(router.lifespan_context(self.app)))
                if error is not None:
                    self.failed.append({"module": owned["module"], "error": self.describe_error(error)})
                file, line = startup_code(router)
                by = {"module": owned["module"], "file": file, "line": line}
                self.compare(owned["alias"], by)
                self.compare_app(owned["alias"], by, routes, overrides)
        finally:
            await self.bounded(stack.aclose())  # a shutdown's failure stops nothing from serving
        started = sorted({owned["alias"] for owned, _ in startups})
        return {"routers": self.router_changes(), "app": self.app_changes, "failed": self.failed, "started": started}

    async def bounded(self, awaitable) -> BaseException | None:
        """Awaits within ``seconds``, a blocking call too (an interval timer raises in it): what it
        raised that the gate did not cause (``caused_by_the_gate``), else None. SystemExit counts:
        uvicorn stops on it too."""

        def expired(signum, frame):
            raise Deadline()

        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, self.seconds + 0.5)
        try:
            async with asyncio.timeout(self.seconds):
                await awaitable
            return None
        except (Exception, Deadline, SystemExit, asyncio.CancelledError) as exc:  # noqa: BLE001
            return None if caused_by_the_gate(exc) else exc
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def compare(self, alias: str, by: dict) -> None:
        """The routers of the other plugins that changed since the last comparison: ``alias``'s doing."""
        for key, owned in self.watch.routers.items():
            now = self.print(owned)
            if now == self.last[key]:
                continue
            if owned["alias"] != alias:
                self.by.setdefault(key, []).append(dict(by, what=difference(self.last[key], now)))
            self.last[key] = now

    def compare_app(self, alias: str, by: dict, routes: list, overrides: dict) -> None:
        before, after = set(map(id, routes)), set(map(id, self.app.router.routes))
        lost = [self.describe(r) for r in routes if id(r) not in after]
        gained = [self.describe(r) for r in self.app.router.routes if id(r) not in before]
        overridden = [
            dependency_name(key)
            for key, value in self.app.dependency_overrides.items()
            if overrides.get(key, None) is not value and plugin_of(getattr(key, "__module__", None)) != alias
        ]
        overridden += [dependency_name(key) for key in overrides if key not in self.app.dependency_overrides]
        if lost or gained or overridden:
            self.app_changes.append(dict(by, routes={"lost": lost, "gained": gained}, overrides=sorted(overridden)))

    def describe(self, route) -> str:
        """``GET /path`` for a route of the app, ``router farm_plugins.x.y.router`` for an included one."""
        if hasattr(route, "original_router"):
            owned = self.watch.routers.get(id(route.original_router))
            return "router %s.%s" % (owned["module"], owned["attr"]) if owned else "a router"
        methods = ", ".join(sorted(m for m in getattr(route, "methods", None) or [] if m != "HEAD"))
        return " ".join(filter(None, (methods, getattr(route, "path", ""))))

    def router_changes(self) -> list:
        changes = []
        for key, by in self.by.items():
            owned = self.watch.routers[key]
            what = difference(self.first[key], self.last[key])
            if what is None:
                continue  # changed and changed back: it answers what it did
            changes.append({"module": owned["module"], "attr": owned["attr"], "rebound": False, "when": "startup", "by": by, **what})
            # A session's next candidate compares its import with what the app serves now.
            self.watch.rebase(owned)
        return changes


def dependency_name(dependency) -> str:
    return "%s.%s" % (getattr(dependency, "__module__", "?"), getattr(dependency, "__qualname__", repr(dependency)))
