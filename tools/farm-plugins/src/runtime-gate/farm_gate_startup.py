"""What plugin code does to other plugins when the backend starts (issue 12; farm_gate_watch.py
judges what it does while the app is imported).

Once uvicorn has imported the app it builds the app's middleware stack and runs its lifespan, and
FastAPI nests in that the ``lifespan_context`` of each router the app includes
(``APIRouter.include_router``): the router's ``lifespan``, else its ``on_startup`` handlers, with
those of the routers it includes. That code receives the app: it can reach every router, route
and ``app.dependency_overrides``, which no import ever runs. ``run_plugin_startups`` does the
same — the stack built, then each plugin router's lifespan entered, in include order — and
compares after each plugin what the others own:

- their routers, whole (farm_gate_watch's ``fingerprint``), reported as the watch reports a
  change made at import, with ``"when": "startup"``. A change to a route list, or an attribute
  set on a router, route or dependant (farm_gate_setters.py), is located as at import: at the
  innermost plugin frame making it, so a plugin adding to its own router when another plugin's
  startup calls its code (an extension point) is its own business, and a function planted in
  another plugin's module is the planter's doing. A change not seen being made (inside a value:
  ``route.tags.append``) is the doing of the plugin whose startup ran, at its startup function;
- the app itself — its route list, each of its routes whole (an included router's
  ``original_router``, a host route's ``app``), its own attributes, and
  ``app.dependency_overrides`` for a dependency the plugin does not own: ``{"module", "file",
  "line", "routes": {"lost", "gained"}, "altered": [what], "overrides": [name]}``. An attribute
  set on one of its routes or its router is located as a plugin router's is; the rest is the
  doing of the plugin whose startup ran.

A startup that raises stops the real app from starting ("Application startup failed"), every
plugin with it: ``{"module", "error": describe_error(exc)}`` — unless the gate's own setting caused
it (see ``caused_by_the_gate``). Before each plugin's startup a line
``@@farm-runtime-gate-starting@@<module>`` goes to stdout, so a startup that ends the process or
outruns the gate's own time limit is still named (run-backend-gate.ts); one that lets neither the
time limit's cancellation nor its alarm end it is ended (``stuck``).

The startup runs as the import did, behind the gate's fence (no process, network or write
outside the scratch folder), against the in-memory database (``FARM_DATABASE=mongomock``,
farm/database.py), each plugin's for at most ``STARTUP_SECONDS``: code that waits longer is
judged on what it did until then. Its shutdown runs once all have started. Code run later — by a
request, a scheduled task, a task or thread the startup started — is not judged.
"""

import asyncio
import contextlib
import inspect
import os
import re
import signal
import sys
import threading
import time
from _thread import start_new_thread

from farm_gate_channel import say
from farm_gate_modules import code_file
from farm_gate_setters import AttributeSetters
from farm_gate_watch import PARTS, changes, difference, fingerprint, object_parts, plugin_of, state

STARTUP_SECONDS = 2.0
# After the alarm (STARTUP_SECONDS + 0.5), how long code that lets neither the time limit's
# cancellation nor the alarm end it may go on before the gate ends the process (``stuck``).
WATCHDOG_SECONDS = 3.0
STUCK_EXIT = 3


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


# Taken before any plugin code runs: code that rebinds them later does not reach the watchdog.
_exit, _monotonic, _sleep, _stderr = os._exit, time.monotonic, time.sleep, sys.__stderr__


def watchdog(seconds: float, grace: float) -> list:
    """Starts a bare thread (``_thread``'s: not in ``threading.enumerate()``, so no ``Timer`` plugin
    code could find and cancel) that calls ``stuck(seconds)`` once ``seconds`` + ``grace`` have
    passed, unless the returned flag is set first (``flag[0] = True``)."""
    flag = [False]
    deadline = _monotonic() + seconds + grace

    def watch() -> None:
        while not flag[0]:
            if _monotonic() >= deadline:
                stuck(seconds)
            _sleep(0.05)

    start_new_thread(watch, ())
    return flag


def stuck(seconds: float) -> None:
    """Ends the process: plugin code run at startup or shutdown goes on past its time and lets
    neither the time limit's cancellation nor the alarm end it (it swallows CancelledError, it
    ignores SIGALRM). The real app would never start. The last starting line (``starting``) names
    the plugin (run-backend-gate.ts), this message says why."""
    _stderr.write(
        "plugin code run at startup did not finish within %g s and could not be interrupted"
        " (it ignores the cancellation or the alarm that end a wait)\n" % seconds
    )
    _stderr.flush()
    _exit(STUCK_EXIT)


# The database and network libraries whose own errors say the gate withheld what they reach.
GATE_BOUND_LIBRARIES = frozenset(
    {"pymongo", "motor", "mongomock", "mongomock_motor", "httpx", "httpcore", "aiohttp", "requests", "urllib3"}
)
FENCE_REFUSAL = "the runtime gate does not let"


def caused_by_the_gate(exc: BaseException) -> bool:
    """Whether a startup's exception comes from how the gate runs it, not from the plugin: the
    fence's refusal (a process, the network, a write), an error of a database or network library
    (the in-memory database lacks an operation, the fenced network), an OSError or
    NotImplementedError raised inside one, or an exception raised while handling one of those.
    Anything else the real app would meet too (``bson``'s InvalidId, a KeyError, a TimeoutError
    the plugin raised). The gate's own time limit is told apart where it fires (``bounded``)."""
    if isinstance(exc, PermissionError) and str(exc).startswith(FENCE_REFUSAL):
        return True
    if type(exc).__module__.split(".")[0] in GATE_BOUND_LIBRARIES:
        return True
    if isinstance(exc, (OSError, NotImplementedError)):
        tb = exc.__traceback__
        while tb is not None:
            if (tb.tb_frame.f_globals.get("__name__") or "").split(".")[0] in GATE_BOUND_LIBRARIES | {"socket", "ssl"}:
                return True
            tb = tb.tb_next
    cause = exc.__cause__ or exc.__context__
    return cause is not None and cause is not exc and caused_by_the_gate(cause)




def starting(module: str) -> None:
    """Says to the parent whose startup runs now (empty: none), before it runs (farm_gate_channel.py)."""
    say("-starting", module)


def run_plugin_startups(app, watch, describe_error, seconds: float = STARTUP_SECONDS) -> dict:
    """Runs the plugins' startup code (see the module's doc) and returns ``{"routers": [...],
    "app": [...], "modules": [...], "failed": [...], "slow": [by], "started": [alias]}`` (slow:
    the startups the time limit cut short, where the app would wait; started: the plugins whose
    startup code ran); empty lists when no plugin has startup code (most).
    ``describe_error(exc)``: the gate's account of an exception (backend_gate.failure)."""
    startups = plugin_startups(app, watch)
    if not startups:
        return {"routers": [], "app": [], "modules": [], "failed": [], "slow": [], "started": []}
    previous_database = os.environ.get("FARM_DATABASE")
    os.environ["FARM_DATABASE"] = "mongomock"
    loop = asyncio.new_event_loop()
    comparison = StartupComparison(app, watch, seconds, describe_error)
    loop.set_task_factory(comparison.task_started)
    # Route-list changes are located by the frame making them, as at import (farm_gate_watch).
    watch.on_change = comparison.route_list_changed
    try:
        return loop.run_until_complete(comparison.run(startups))
    except Deadline:
        # The alarm found the loop waiting: the startup was cancelled and did not end.
        stuck(seconds)
    finally:
        watch.on_change = None
        starting("")
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
        # As uvicorn's first call does (Starlette.__call__): middleware added at startup then fails.
        if getattr(app, "middleware_stack", True) is None:
            app.middleware_stack = app.build_middleware_stack()
        self.first = {key: self.print(owned) for key, owned in watch.routers.items()}
        self.last = dict(self.first)
        self.by = {}  # id(router) → [{"module", "file", "line", "what"}]
        # id(router) → [by]: the other plugins' frames seen changing its route list in this
        # startup (empty: only its own plugin's code, or the host's, changed it)
        self.seen = {}
        # id(router) → {attribute name: [by]}: who set which attribute of the router, a route or
        # a dependant of it in this startup (farm_gate_setters.py; [] for its own plugin's code)
        self.set_by = {}
        self.setters = AttributeSetters(watch, self.attribute_set)
        # The app's router as the setters watch it: any plugin's frame setting one of its attributes.
        self.app_owned = {"router": app.router, "alias": None}
        self.app_changes = []
        self.module_changes = []
        self.expired = False  # whether the time limit cut the last awaited startup short (bounded)
        self.slow = []  # {"module", "file", "line"}: a startup the time limit cut short
        self.tasks = []  # (task, alias): the tasks plugin code started, by the innermost plugin frame
        self.ran = set()  # the plugins whose code was called during the startup that runs (profile)
        self.modules_by_file = watch.modules_by_file

    def task_started(self, loop, coro, **kwargs):
        """The loop's task factory: a task as asyncio makes it, noted with the plugin whose code
        started it (``busy``)."""
        task = asyncio.Task(coro, loop=loop, **kwargs)
        module, _ = self.watch.innermost_plugin(sys._getframe(1))
        if module is not None:
            self.tasks.append((task, plugin_of(module)))
        return task

    def profile(self, frame, event, arg) -> None:
        """``sys.setprofile``'s hook while a startup runs: notes each plugin whose code is called
        (``ran``) — another plugin's startup may call it (``app.openapi()`` runs every model's
        schema hooks), and what it then rebinds in its own modules may be its own doing."""
        if event == "call":
            module = self.modules_by_file.get(frame.f_code.co_filename)
            if module is not None:
                self.ran.add(plugin_of(module))

    def busy(self, since: int) -> set:
        """The plugins whose own code may run now besides the startup that runs: a task their code
        started that is pending or started after ``since`` (an index in ``tasks``), a callback of
        theirs the loop holds (``call_later``), a thread running their code."""
        busy = {alias for i, (task, alias) in enumerate(self.tasks) if i >= since or not task.done()}
        loop = asyncio.get_running_loop()
        for handle in [*getattr(loop, "_ready", ()), *getattr(loop, "_scheduled", ())]:
            file, _ = code_file(getattr(handle, "_callback", None))
            busy.add(plugin_of(self.modules_by_file.get(file)))
        for ident, frame in sys._current_frames().items():
            if ident != threading.get_ident():
                busy.add(plugin_of(self.watch.innermost_plugin(frame)[0]))
        busy.discard(None)
        return busy

    def print(self, owned) -> tuple:
        return fingerprint(owned["router"], True, self.keep)

    def route_list_changed(self, owned: dict, by) -> None:
        """farm_gate_watch's ``on_change``: a plugin router's route list changed, ``by`` the
        innermost frame of another plugin's code (None: its own plugin's, or the host's)."""
        seen = self.seen.setdefault(id(owned["router"]), [])
        if by is not None and by not in seen:
            seen.append(by)

    def attribute_set(self, owned: dict, by, name: str) -> None:
        """farm_gate_setters' ``on_set``: an attribute ``name`` of ``owned``'s router, a route or a
        dependant of it is set, ``by`` the innermost frame of another plugin's code (None: its own
        plugin's, or the host's)."""
        setters = self.set_by.setdefault(id(owned["router"]), {}).setdefault(name, [])
        if by is not None and by not in setters:
            setters.append(by)

    async def run(self, startups: list) -> dict:
        stack = contextlib.AsyncExitStack()
        try:
            with self.setters:
                before = self.app_print()
                for owned, router in startups:
                    self.setters.index([*self.watch.routers.values(), self.app_owned])
                    since, busy = len(self.tasks), self.busy(len(self.tasks))
                    starting(owned["module"])
                    self.ran = set()
                    sys.setprofile(self.profile)
                    try:
                        error = await self.bounded(stack.enter_async_context(router.lifespan_context(self.app)))
                    finally:
                        sys.setprofile(None)
                    if error is not None:
                        self.failed.append({"module": owned["module"], "error": self.describe_error(error)})
                    file, line = startup_code(router)
                    by = {"module": owned["module"], "file": file, "line": line}
                    if self.expired:
                        self.slow.append(by)
                    self.compare(owned["alias"], by)
                    before = self.compare_app(owned["alias"], by, before)
                    self.module_changes += self.watch.modules.changes(by, busy | self.busy(since) | self.ran)
                    self.seen, self.set_by = {}, {}
        finally:
            starting("")
            await self.bounded(stack.aclose())  # a shutdown's failure stops nothing from serving
        started = sorted({owned["alias"] for owned, _ in startups})
        return {
            "routers": self.router_changes(),
            "app": self.app_changes,
            "modules": self.module_changes,
            "failed": self.failed,
            "slow": self.slow,
            "started": started,
        }

    async def bounded(self, awaitable) -> BaseException | None:
        """Awaits within ``seconds``, a blocking call too (an interval timer raises in it): what it
        raised that the gate did not cause (its time limit, ``caused_by_the_gate``), else None.
        SystemExit counts: uvicorn stops on it too. ``expired``: whether the time limit cut it short."""

        def expired(signum, frame):
            raise Deadline()

        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, self.seconds + 0.5)
        done = watchdog(self.seconds, 0.5 + WATCHDOG_SECONDS)
        timeout = asyncio.timeout(self.seconds)
        self.expired = False
        try:
            async with timeout:
                await awaitable
            return None
        except (Exception, SystemExit, asyncio.CancelledError) as exc:  # noqa: BLE001
            self.expired = isinstance(exc, Deadline) or timeout.expired()
            return None if self.expired or caused_by_the_gate(exc) else exc
        finally:
            done[0] = True
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def compare(self, alias: str, by: dict) -> None:
        """The routers of the other plugins that changed during ``alias``'s startup, each change
        the doing of the plugin frames seen making it (farm_gate_watch's ``on_change`` for a route
        list, farm_gate_setters for an attribute): none but the router's own plugin's, no one's.
        A change not seen made (a list replaced through ``__dict__``, a value changed inside) is
        ``alias``'s, at its startup function."""
        for key, owned in self.watch.routers.items():
            now = self.print(owned)
            if now == self.last[key]:
                continue
            what = difference(self.last[key], now)
            self.last[key] = now
            if owned["alias"] == alias or what is None:
                continue
            listed = dict(what, altered=[], router=[])
            in_place = dict(what, lost=[], gained=[], replaced=[])
            set_by = self.set_by.get(key, {})
            seen = self.seen.get(key, set_by.get("routes"))
            blamed = []
            if listed["lost"] or listed["gained"] or listed["replaced"]:
                blamed += [dict(b, what=listed) for b in seen] if seen is not None else [dict(by, what=listed)]
            if in_place["altered"] or in_place["router"]:
                paths = [attr for route in in_place["altered"] for attr in route["attrs"]] + in_place["router"]
                setters, unseen = self.setters_of(key, paths, by)
                blamed += [dict(b, what=in_place) for b in setters + unseen]
            self.by.setdefault(key, []).extend(blamed)

    def setters_of(self, key: int, paths: list, by: dict) -> tuple:
        """``(setters, unseen)`` of a change in place to router ``key`` (the attributes ``paths``
        changed, as ``changes`` names them) in this startup: the other plugins' frames seen setting
        those attributes, and ``[by]`` (the startup that ran) when an attribute changed that no
        code was seen setting and ``by``'s plugin is not among the setters already."""
        set_by = self.set_by.get(key, {})
        names = attribute_names(paths)
        setters = []
        for name in sorted(names):
            setters += [b for b in set_by.get(name, []) if b not in setters]
        seen_all = names <= set_by.keys() or any(b["module"] == by["module"] for b in setters)
        return setters, [] if seen_all else [by]

    def app_print(self) -> dict:
        """The app as the startup can change it: its routes by id, each whole; its own attributes
        and its router's (but the route list, and the overrides compared apart); its overrides."""
        routes = {}
        for route in self.app.router.routes:
            context = getattr(route, "include_context", None)
            if context is not None:
                PARTS.setdefault(type(context), object_parts)  # an include's prefix, dependencies
            routes[id(route)] = (route, state(route, self.keep))
        return {
            "routes": routes,
            # (the OpenAPI schema and the routes' version it was built for: FastAPI's cache of app.openapi())
            "app": state(self.app, self.keep, skip=("dependency_overrides", "openapi_schema", "_openapi_routes_version")),
            "router": state(self.app.router, self.keep, skip=("routes", "_routes_version")),
            "overrides": (self.app.dependency_overrides, dict(self.app.dependency_overrides)),
        }

    def compare_app(self, alias: str, by: dict, before: dict) -> dict:
        """Records what ``alias``'s startup changed in the app since ``before`` (an ``app_print``)
        and returns the app as it is now, the next startup's ``before``."""
        after = self.app_print()
        lost = [self.describe(r) for key, (r, _) in before["routes"].items() if key not in after["routes"]]
        gained = [self.describe(r) for key, (r, _) in after["routes"].items() if key not in before["routes"]]
        # A route or the app's router changed in place: the doing of the code seen setting it.
        in_place = [
            ("%s (%s)" % (self.describe(route), ", ".join(paths)), paths)
            for key, (route, now) in after["routes"].items()
            for was in [before["routes"].get(key, (None, now))[1]]
            if was != now
            for paths in [changes(was, now)]
        ]
        in_place += [("app.router.%s" % name, [name]) for name in changes(before["router"], after["router"])]
        altered = []  # by ``by``
        located = {}  # (module, file, line) → (by, [altered]): by the code of another plugin, or at a line
        for text, paths in in_place:
            setters, unseen = self.setters_of(id(self.app.router), paths, by)
            for b in setters:
                located.setdefault((b["module"], b["file"], b["line"]), (b, []))[1].append(text)
            altered += [text] if unseen else []
        altered += ["app.%s" % name for name in changes(before["app"], after["app"])]
        mapping, overrides = before["overrides"]
        if self.app.dependency_overrides is not mapping or type(self.app.dependency_overrides) is not dict:
            altered.append("app.dependency_overrides (replaced)")
        now = dict(self.app.dependency_overrides)
        overridden = sorted(
            dependency_name(key, self.watch)
            for key in set(now) | set(overrides)
            if now.get(key) is not overrides.get(key) and plugin_of(dependency_module(key, self.watch)) != alias
        )
        if lost or gained or altered or overridden:
            self.app_changes.append(
                dict(by, routes={"lost": lost, "gained": gained}, altered=altered, overrides=overridden)
            )
        for at, texts in located.values():
            self.app_changes.append(dict(at, routes={"lost": [], "gained": []}, altered=texts, overrides=[]))
        return after

    def describe(self, route) -> str:
        """``GET /path`` for a route of the app, ``router farm_plugins.x.y.router`` for an included one."""
        if hasattr(route, "original_router"):
            owned = self.watch.routers.get(id(route.original_router))
            return "router %s.%s" % (owned["module"], owned["attr"]) if owned else "a router"
        methods = ", ".join(sorted(m for m in getattr(route, "methods", None) or [] if m != "HEAD"))
        return " ".join(filter(None, (methods, getattr(route, "path", ""))))

    def router_changes(self) -> list:
        changes_ = []
        for key, owned in self.watch.routers.items():
            if self.last[key] == self.first[key]:
                continue
            what = difference(self.first[key], self.last[key])
            by = self.by.get(key)
            if what is not None and by:
                changes_.append({"module": owned["module"], "attr": owned["attr"], "rebound": False, "when": "startup", "by": by, **what})
            # A session's next candidate compares its import with what the app serves now.
            self.watch.rebase(owned)
        return changes_


def attribute_names(paths: list) -> set:
    """The attributes set by a change in place, from the paths ``changes`` names:
    ``dependant.call`` → ``call``, ``dependencies[1]`` → ``dependencies``, ``prefix``."""
    return {re.sub(r"\[\d+\]$", "", path).rsplit(".", 1)[-1] for path in paths}


def dependency_module(dependency, watch) -> str | None:
    """The plugin module whose file holds the dependency's code — not its ``__module__``, which any
    code can set — by the watch's record of plugin modules' files (as frames are told apart: its
    ``module_of``), else its ``__module__`` (a class, a callable object, the host's or a
    library's function)."""
    try:
        code = getattr(inspect.unwrap(dependency), "__code__", None)
    except ValueError:
        code = None
    found = watch.modules_by_file.get(code.co_filename) if code is not None else None
    return found or getattr(dependency, "__module__", None)


def dependency_name(dependency, watch) -> str:
    return "%s.%s" % (dependency_module(dependency, watch) or "?", getattr(dependency, "__qualname__", repr(dependency)))
