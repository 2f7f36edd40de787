"""What plugin code does to other plugins while the runtime gate imports it (issue 12).

``PluginWatch.start()`` (after the gate's fence, before the candidate is imported) keeps two
records that ``report()`` returns once the app is built:

- ``imports``: each import a plugin's code makes of another plugin's package —
  ``from farm_plugins.ua.routers.r import router``, ``import farm_plugins.ua``,
  ``importlib.import_module("farm_plugins.ua.routers.r")``, a relative import climbing out of its
  own package — with the importing module, file and line (``{"importer", "module", "file",
  "line"}``). Recorded by Python's own import machinery (``builtins.__import__`` and
  ``importlib.import_module`` wrapped), so an import of a module already loaded counts too.
- ``routers``: each ``APIRouter`` a plugin module holds when it has finished executing is that
  plugin's; its routes then are what the plugin answers. A router that differs at the end is
  reported with who changed it and what differs: ``{"module", "attr", "rebound", "by": [{"module",
  "file", "line", "what"?}], "lost", "gained", "replaced": [{"path", "methods"}], "altered":
  [{"path", "methods", "attrs"}], "router": [attr]}`` (paths as the router holds them, before an
  include's prefix). Two watches:

  - its route list (cleared, appended to, an entry replaced, the module's name rebound to another
    router): each change is seen as it is made, ``by`` the innermost plugin frame of a change
    made by another plugin's code, at its line;
  - all of it, once another plugin's code imported a module of its plugin (or of one holding it):
    the router's attributes (prefix, dependencies, tags, ...) and each route's — whatever their
    names: ``endpoint``, ``app``, ``dependencies``, ``response_model`` — and through each route's
    ``dependant`` tree (``dependant.call``, a sub-dependency's call, a dependency appended), as
    a fingerprint (``fingerprint``) compared each time the execution passes from a plugin's code
    that can reach it to another's or the host's: a change is that plugin's doing, ``by`` the
    module that imported the router's plugin (``line`` None), with what it changed (``what``).
    Plugins that reach no other plugin (most) are never compared, so the watch costs nothing
    there; one reaching a foundation costs a fingerprint of the foundation's routers each time
    its code hands back.

  Changes by the plugin itself and by the host (include_router reads a router, it does not
  change it) are its own routes.

Not seen: code that reaches another plugin through ``sys.modules`` or an attribute of an
imported module without importing it (only its route list and endpoints are then compared, and
the change is taken for the doing of the next plugin that reaches it, or of what the change
brings). Changes made at startup are farm_gate_startup.py's.
"""

import builtins
import gc
import importlib
import sys
from importlib.util import resolve_name
from itertools import compress
from operator import attrgetter

from farm_gate_channel import say
from farm_gate_frameworks import FrameworkSnapshot
from farm_gate_modules import ModuleSnapshot

NAMESPACE = "farm_plugins"
PREFIX = NAMESPACE + "."


def plugin_of(module: str | None) -> str | None:
    """``farm_plugins.<alias>.…`` → alias; anything else → None."""
    if not module or not module.startswith(PREFIX):
        return None
    return module.split(".", 2)[1]


def route_key(route) -> tuple:
    """A route as its router holds it: the object, its path and methods."""
    return (id(route), getattr(route, "path", ""), tuple(sorted(getattr(route, "methods", None) or [])))


def shown(keys) -> list:
    return sorted(
        ({"path": key[1], "methods": list(key[2])} for key in keys),
        key=lambda r: (r["path"], r["methods"]),
    )


# A router's fingerprint: ``(router_state, ((route_key, route_state), ...))``. A state is what an
# object is made of — each attribute, whatever its name (``__dict__`` and ``__slots__``), as the
# identity of its value (held alive by the fingerprint's ``keep`` list, so an id is never reused)
# and, where a value is itself made of parts that matter to what the app serves, those parts:
# the items of a list, tuple, dict or set (a dependency appended), a function's code and closure
# (an endpoint's body swapped), and the whole of a FastAPI ``Dependant`` or ``Depends`` (the
# dependant tree through which FastAPI calls the endpoint and its dependencies). Built with C-level
# ``map``s into plain tuples of ints and strings: comparing two is one ``==``; naming what differs
# (``changes``) is done only when they differ.
DEPTH = 24  # a dependant tree deeper than this is compared by identity below it


def state(obj, keep: list, depth: int = 0, skip: tuple = ()) -> tuple:
    """``(names, ids, ((index, parts), ...))`` of ``obj``'s attributes."""
    attrs = getattr(obj, "__dict__", None)
    if attrs is not None and type(attrs) is dict:
        names, values = tuple(attrs), tuple(attrs.values())
    else:
        names, values = (), ()
    slots = slot_names(type(obj))
    if slots:
        try:
            read = SLOT_READERS[slots](obj)
            names, values = names + slots, values + (read if len(slots) > 1 else (read,))
        except AttributeError:  # a slot never set
            present = tuple(name for name in slots if hasattr(obj, name))
            names, values = names + present, values + tuple(getattr(obj, name) for name in present)
    if skip:
        kept = [i for i, name in enumerate(names) if name not in skip]
        names, values = tuple(names[i] for i in kept), tuple(values[i] for i in kept)
    # Its class too: ``route.__class__ = Mine`` keeps every attribute and changes what it runs.
    names, values = names + ("__class__",), values + (type(obj),)
    keep.append(values)
    return (names, tuple(map(id, values)), parts_of(values, keep, depth))


def parts_of(values: tuple, keep: list, depth: int) -> tuple:
    kinds = tuple(map(PARTS.get, map(type, values)))
    if not any(kinds):
        return ()
    return tuple([(i, kinds[i](values[i], keep, depth)) for i in compress(range(len(values)), kinds)])


SLOTS = {}


def slot_names(cls) -> tuple:
    names = SLOTS.get(cls)
    if names is None:
        names = []
        for klass in cls.__mro__:
            declared = klass.__dict__.get("__slots__", ())
            for name in (declared,) if isinstance(declared, str) else declared:
                if name not in ("__dict__", "__weakref__") and name not in names:
                    names.append(name)
        names = SLOTS[cls] = tuple(names)
        if names:
            SLOT_READERS[names] = attrgetter(*names)
    return names


SLOT_READERS = {}


def items_parts(value, keep: list, depth: int) -> tuple:
    if not value:
        return EMPTY
    items = tuple(value)
    keep.append(items)
    return ("items", tuple(map(id, items)), parts_of(items, keep, depth))


EMPTY = ("items", (), ())


def mapping_parts(value, keep: list, depth: int) -> tuple:
    keys, items = tuple(value), tuple(value.values())
    keep.append((keys, items))
    # The values' own parts too: a value changed in place (``responses[404]["description"]``).
    return ("map", tuple(map(id, keys)), tuple(map(id, items)), parts_of(items, keep, depth))


def set_parts(value, keep: list, depth: int) -> tuple:
    return ("set", frozenset(value))


def function_parts(value, keep: list, depth: int) -> tuple:
    cells = []
    for cell in value.__closure__ or ():
        try:
            contents = cell.cell_contents
        except ValueError:
            contents = None
        keep.append(contents)
        cells.append(id(contents))
    keep.append((value.__code__, value.__defaults__, value.__kwdefaults__))
    return ("function", id(value.__code__), id(value.__defaults__), id(value.__kwdefaults__), tuple(cells))


def object_parts(value, keep: list, depth: int) -> tuple | None:
    return ("object", state(value, keep, depth + 1)) if depth < DEPTH else None


PARTS = {list: items_parts, tuple: items_parts, dict: mapping_parts, set: set_parts, frozenset: set_parts}


def watch_fastapi_types() -> None:
    """The FastAPI types whose parts are compared (imported once the host warmed FastAPI)."""
    import types  # noqa: PLC0415

    from fastapi import params  # noqa: PLC0415
    from fastapi.dependencies.models import Dependant  # noqa: PLC0415

    PARTS[types.FunctionType] = function_parts
    for cls in (Dependant, params.Depends, *params.Depends.__subclasses__()):
        PARTS[cls] = object_parts


def fingerprint(router, full: bool, keep: list) -> tuple:
    """A router and its routes: all their parts (``full``, for a router another plugin's code can
    reach), else its route list and each route's endpoint (what the list-level watch compares).
    The garbage collector waits meanwhile: the many small tuples made would otherwise start its
    full collections, each walking every object of a thousand plugins (10x the fingerprint's cost)."""
    if gc.isenabled():
        gc.disable()
        try:
            return fingerprint(router, full, keep)
        finally:
            gc.enable()
    routes = list(router.routes)
    keep.append(routes)
    if not full:
        for route in routes:
            keep.append(getattr(route, "endpoint", None))
        return (
            None,
            tuple((route_key(r), (("endpoint",), (id(getattr(r, "endpoint", None)),), ())) for r in routes),
        )
    return (
        state(router, keep, skip=("routes", "_routes_version")),  # the version counts list changes
        tuple((route_key(r), state(r, keep)) for r in routes),
    )


def changes(before: tuple, now: tuple, prefix: str = "") -> list:
    """The names of the attributes that differ between two states (``dependant.call``,
    ``dependencies``, ``dependant.dependencies[0].call``)."""
    old, new = named(before), named(now)
    names = []
    for name in list(old) + [n for n in new if n not in old]:
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        if a is None or b is None or a[0] != b[0] or a[1] is None or b[1] is None or a[1][0] != b[1][0]:
            names.append(prefix + name)
        elif a[1][0] == "object":
            names.extend(changes(a[1][1], b[1][1], "%s%s." % (prefix, name)))
        elif a[1][0] == "items" and a[1][1] == b[1][1]:
            # The same items, one of them changed inside (a sub-dependant's call).
            x, y = dict(a[1][2]), dict(b[1][2])
            for i in sorted(set(x) | set(y)):
                if x.get(i) == y.get(i):
                    continue
                if x.get(i) is None or y.get(i) is None or x[i][0] != "object" or y[i][0] != "object":
                    names.append("%s%s[%d]" % (prefix, name, i))
                else:
                    names.extend(changes(x[i][1], y[i][1], "%s%s[%d]." % (prefix, name, i)))
        else:
            names.append(prefix + name)
    return names


def named(state_: tuple) -> dict:
    """A state as ``{name: (id, parts or None)}``."""
    names, ids, parts = state_
    by_index = dict(parts)
    return {name: (ids[i], by_index.get(i)) for i, name in enumerate(names)}


class PluginWatch:
    def __init__(self):
        self.imports = []
        self.imported = set()
        # id(router) → {"router", "alias", "module", "attr", "by": [...], "base", "last", ...}
        self.routers = {}
        # (module, attr) → id(router) bound there by the router's own plugin
        self.bindings = {}
        # alias → the other plugins' modules its code imported (where it could rebind a router)
        self.reached = {}
        # alias → the other plugins whose modules its code imported
        self.reached_plugins = {}
        # the plugins whose modules another plugin's code imported
        self.reached_by_others = set()
        # alias → {id(router): owned}: the routers its modules hold (its own, or re-exported)
        self.held = {}
        # alias → {id(router): owned}: its own routers that another plugin's code can reach
        self.watched = {}
        # the plugin modules executing now, innermost last
        self.stack = []
        # (alias, other) → the module of alias that first imported one of other's: {"module", "file", "line"}
        self.reachers = {}
        # while plugins start: called with each route-list change and who made it (farm_gate_startup.py)
        self.on_change = None
        # a plugin module's file → its name: a frame is the code of the module whose file it runs,
        # whatever name its globals claim (a function rebuilt with another module's globals)
        self.modules_by_file = {}
        # what each plugin module holds once it has executed: another plugin's code rebinding it
        self.modules = ModuleSnapshot(self.modules_by_file, plugin_of)

    def start(self) -> None:
        from fastapi import APIRouter  # noqa: PLC0415 — warmed by the host already

        self.router_type = APIRouter
        watch_fastapi_types()
        self.frameworks = FrameworkSnapshot()
        original_import = builtins.__import__
        original_import_module = importlib.import_module
        watch = self

        def watched_import(name, globals=None, locals=None, fromlist=(), level=0):
            # Called for every import statement run from now on: only an absolute import of the
            # namespace or a relative one can reach another plugin, and only a plugin's is judged.
            if (level or name.startswith(NAMESPACE)) and isinstance(globals, dict):
                importer = globals.get("__name__")
                if isinstance(importer, str) and importer.startswith(PREFIX):
                    watch.saw_import(importer, globals, name, fromlist or (), level, sys._getframe(1))
            return original_import(name, globals, locals, fromlist, level)

        def watched_import_module(name, package=None):
            caller = sys._getframe(1)
            importer = caller.f_globals.get("__name__")
            if plugin_of(importer) is not None:
                relative = len(name) - len(name.lstrip("."))
                watch.saw_import(importer, {"__package__": package}, name.lstrip("."), (), relative, caller)
            return original_import_module(name, package)

        builtins.__import__ = watched_import
        importlib.import_module = watched_import_module
        sys.meta_path.insert(0, PluginModuleFinder(self))

    def saw_import(self, importer: str, globals: dict, name: str, fromlist, level: int, frame) -> None:
        own = plugin_of(importer)
        try:
            if level:
                package = globals.get("__package__")
                if package is None:
                    package = importer if "__path__" in globals else importer.rpartition(".")[0]
                if level < package.count("."):
                    return  # stays inside farm_plugins.<own alias>
                name = resolve_name("." * level + name, package)
        except (ImportError, ValueError, TypeError):
            return  # the import itself raises; the gate reports that
        targets = [name]
        if name == NAMESPACE:
            targets.extend("%s.%s" % (NAMESPACE, item) for item in fromlist if isinstance(item, str) and item != "*")
        for target in targets:
            alias = plugin_of(target)
            key = (importer, target, frame.f_code.co_filename, frame.f_lineno)
            if alias is None or alias == own or key in self.imported:
                continue
            self.imported.add(key)
            self.reached.setdefault(own, set()).add(target)
            self.reach(own, alias, importer, frame.f_code.co_filename)
            self.imports.append(
                {"importer": importer, "module": target, "file": frame.f_code.co_filename, "line": frame.f_lineno}
            )

    def reach(self, own: str, alias: str, importer: str, file: str) -> None:
        """``own``'s code imported a module of ``alias``: from now on, ``alias``'s routers (and those
        its modules hold) are compared whole at each edge of ``own``'s modules' execution."""
        reached = self.reached_plugins.setdefault(own, set())
        if alias in reached:
            return
        reached.add(alias)
        self.reached_by_others.add(alias)
        self.reachers[(own, alias)] = {"module": importer, "file": file, "line": None}
        for owned in self.held.get(alias, {}).values():
            self.watch_whole(owned)

    def watch_whole(self, owned: dict) -> None:
        """Compare all of ``owned``'s parts from now on: until another plugin's code could reach it,
        what changed it was its own plugin's or the host's code."""
        if owned["full"]:
            return
        owned["full"] = True
        self.watched.setdefault(owned["alias"], {})[id(owned["router"])] = owned
        keep = []
        owned["last"] = fingerprint(owned["router"], True, keep)
        owned["last_keep"] = keep
        if not owned["by"]:
            owned["base"], owned["base_keep"] = owned["last"], keep

    def executed(self, module) -> None:
        """A plugin module finished executing: the routers it holds that no module held before are its plugin's."""
        alias = plugin_of(module.__name__)
        self.modules.take(module)
        for attr, value in list(vars(module).items()):
            if not isinstance(value, self.router_type):
                continue
            owned = self.routers.get(id(value))
            if owned is None:
                owned = {"router": value, "alias": alias, "module": module.__name__, "attr": attr, "by": []}
                owned["full"] = False
                self.routers[id(value)] = owned
                value.routes = WatchedRoutes(value.routes, self, owned)
                self.rebase(owned)
            if owned["alias"] == alias:
                self.bindings.setdefault((module.__name__, attr), id(value))
            self.held.setdefault(alias, {})[id(value)] = owned
            if alias in self.reached_by_others:
                self.watch_whole(owned)
        # A router name rebound by this module in a module of another plugin it imported.
        for target in self.reached.get(alias, ()):
            for attr, value in list(vars(sys.modules.get(target) or object()).items()):
                owned = self.routers.get(self.bindings.get((target, attr)))
                if owned is not None and value is not owned["router"]:
                    self.changed(
                        owned, {"module": module.__name__, "file": getattr(module, "__file__", None), "line": None}
                    )

    def rebase(self, owned: dict) -> None:
        """What ``owned`` answers now is its plugin's own doing."""
        keep = []
        owned["base"] = owned["last"] = fingerprint(owned["router"], owned["full"], keep)
        owned["base_keep"] = owned["last_keep"] = keep

    def compared(self, alias: str) -> dict:
        """The routers compared at an edge of the execution of ``alias``'s code: its own that
        another plugin's code can reach, and all those held by the plugins its code imported —
        ``{id(router): (owned, by)}``, ``by`` the module of ``alias`` that first imported the
        holder (None for its own)."""
        routers = {key: (owned, None) for key, owned in self.watched.get(alias, {}).items()}
        for other in self.reached_plugins.get(alias, ()):
            by = self.reachers[(alias, other)]
            for key, owned in self.held.get(other, {}).items():
                if key not in routers:
                    routers[key] = (owned, by)
        return routers

    def entering(self, module) -> None:
        """A plugin module starts executing: if another plugin's code ran until now, what it changed is its doing."""
        file = getattr(module, "__file__", None)
        if file:
            self.modules_by_file[file] = module.__name__
        alias = plugin_of(module.__name__)
        ending = plugin_of(self.stack[-1].__name__) if self.stack else None
        self.stack.append(module)
        if ending != alias:
            self.edge(ending, alias)

    def leaving(self, module) -> None:
        """A plugin module stops executing (done, or raised): if another plugin's code runs next, what
        changed since the last edge is this one's doing."""
        self.stack.pop()
        alias = plugin_of(module.__name__)
        starting = plugin_of(self.stack[-1].__name__) if self.stack else None
        if starting != alias:
            self.edge(alias, starting)

    def edge(self, ending, starting) -> None:
        """The execution passes from the code of plugin ``ending`` (None: the host's) to that of
        ``starting``: the routers ``ending``'s code can reach that changed since compared are its
        doing. Compared at each such edge, not each module's: a plugin of many modules costs what
        one of one does, and one reaching no other plugin (most) costs nothing. A change made by
        code not seen (through ``sys.modules``) is taken for the doing of the next plugin whose code
        reaches the router, or, if none, of the plugins a change brings (plugin-effects.ts)."""
        if ending is not None and (ending in self.reached_plugins or ending in self.watched):
            self.check(self.compared(ending), ending)

    def check(self, routers: dict, who: str) -> None:
        """Compares each router (``{id: (owned, by)}``) with what it was when last compared; a
        change is plugin ``who``'s: to its own router, its own; to one it imported, by ``by``."""
        for owned, by in routers.values():
            if not owned["full"]:
                continue
            keep = []
            now = fingerprint(owned["router"], True, keep)
            last = owned["last"]
            if now == last:
                continue
            owned["last"], owned["last_keep"] = now, keep
            if who == owned["alias"]:
                if not owned["by"]:
                    owned["base"], owned["base_keep"] = now, keep
            elif by is not None and not any(plugin_of(b["module"]) == who for b in owned["by"]):
                # (a change to its list by this plugin was located at its line already)
                owned["by"].append(dict(by, what=difference(last, now)))

    def changing(self, owned: dict):
        """Who changes ``owned``'s routes now: the innermost plugin frame's module, file and line if
        another plugin's, else None (the plugin itself, or the host)."""
        module, frame = self.innermost_plugin(sys._getframe(2))
        if module is None or plugin_of(module) == owned["alias"]:
            return None
        return {"module": module, "file": frame.f_code.co_filename, "line": frame.f_lineno}

    def innermost_plugin(self, frame) -> tuple:
        """``(module, frame)``: the innermost frame from ``frame`` outwards that runs a plugin
        module's code (``module_of``), else ``(None, None)`` (only the host's or libraries' code)."""
        while frame is not None:
            module = self.module_of(frame)
            if plugin_of(module) is not None:
                return module, frame
            frame = frame.f_back
        return None, None

    def module_of(self, frame) -> str | None:
        """The plugin module whose file a frame runs, else the name its globals give (the host's,
        a library's)."""
        return self.modules_by_file.get(frame.f_code.co_filename) or frame.f_globals.get("__name__")

    def changed(self, owned: dict, by) -> None:
        if by is None and not owned["by"]:
            self.rebase(owned)
        elif by is not None and by not in owned["by"]:
            owned["by"].append(by)

    def report(self) -> dict:
        routers = []
        for owned in self.routers.values():
            keep = []
            now = fingerprint(owned["router"], owned["base"][0] is not None, keep)
            routers.extend(self.difference(owned, now, owned["module"], owned["attr"]))
        for (module, attr), router_id in self.bindings.items():
            value = getattr(sys.modules.get(module), attr, None)
            if id(value) == router_id:
                continue
            keep = []
            now = fingerprint(value, False, keep) if isinstance(value, self.router_type) else (None, ())
            routers.extend(self.difference(self.routers[router_id], now, module, attr, rebound=True))
        frameworks, modules = self.frameworks.changes(), self.modules.changes()
        return {"imports": self.imports, "routers": routers, "frameworks": frameworks, "modules": modules}

    @staticmethod
    def difference(owned: dict, now: tuple, module: str, attr: str, rebound: bool = False) -> list:
        base = owned["base"]
        if rebound:
            base = (None, tuple((key, None) for key, _ in base[1]))
            now = (None, tuple((key, None) for key, _ in now[1]))
        what = difference(base, now)
        if what is None:
            return []  # changed and changed back: it answers what it did
        return [{"module": module, "attr": attr, "rebound": rebound, "by": owned["by"], **what}]


def difference(base: tuple, now: tuple) -> dict | None:
    """What differs between two fingerprints of a router: routes ``lost``, ``gained``, ``replaced``
    (same path and methods, another object), ``altered`` (the same object, its parts named) and the
    router's own attributes that changed (``router``); None when nothing does."""
    if base == now:
        return None
    before, after = dict(base[1]), dict(now[1])
    lost = [k for k in before if k not in after]
    gained = [k for k in after if k not in before]
    urls = lambda keys: {(path, methods) for _, path, methods in keys}  # noqa: E731
    replaced = urls(lost) & urls(gained)
    altered = []
    for key, route_state in after.items():
        previous = before.get(key)
        if previous is not None and previous != route_state:
            altered.append({"path": key[1], "methods": list(key[2]), "attrs": changes(previous, route_state)})
    return {
        "lost": shown(k for k in lost if (k[1], k[2]) not in replaced),
        "gained": shown(k for k in gained if (k[1], k[2]) not in replaced),
        "replaced": shown({(0, p, m) for p, m in replaced}),
        "altered": sorted(altered, key=lambda r: (r["path"], r["methods"])),
        "router": changes(base[0], now[0]) if base[0] is not None and now[0] is not None else [],
    }


class WatchedRoutes(list):
    """A plugin router's route list that tells its watch who changes it."""

    def __init__(self, routes, watch: PluginWatch, owned: dict):
        super().__init__(routes)
        self._watch = watch
        self._owned = owned

    def _change(self, op, *args):
        by = self._watch.changing(self._owned)
        result = op(self, *args)
        if self._watch.on_change is not None:
            self._watch.on_change(self._owned, by)
        else:
            self._watch.changed(self._owned, by)
        return result

    def append(self, *args):
        return self._change(list.append, *args)

    def extend(self, *args):
        return self._change(list.extend, *args)

    def insert(self, *args):
        return self._change(list.insert, *args)

    def remove(self, *args):
        return self._change(list.remove, *args)

    def pop(self, *args):
        return self._change(list.pop, *args)

    def clear(self, *args):
        return self._change(list.clear, *args)

    def sort(self, *args, **kwargs):
        return self._change(lambda routes: list.sort(routes, **kwargs))

    def reverse(self, *args):
        return self._change(list.reverse, *args)

    def __setitem__(self, *args):
        return self._change(list.__setitem__, *args)

    def __delitem__(self, *args):
        return self._change(list.__delitem__, *args)

    def __iadd__(self, other):
        self._change(list.extend, other)
        return self


class PluginModuleFinder:
    """First on sys.meta_path: finds a ``farm_plugins.*`` module with the finders after it and
    calls ``executed(module)`` once the module has run."""

    def __init__(self, watch):
        self.watch = watch

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith(PREFIX):
            return None
        for finder in sys.meta_path:
            find_spec = getattr(finder, "find_spec", None) if finder is not self else None
            spec = find_spec(fullname, path, target) if find_spec is not None else None
            if spec is None:
                continue
            if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                spec.loader = ExecutedLoader(spec.loader, self.watch)
            return spec
        return None

    def invalidate_caches(self) -> None:
        pass


class ExecutedLoader:
    """A module's own loader that reports the module once it has run; everything else is the loader's."""

    def __init__(self, loader, watch):
        self._loader = loader
        self._watch = watch

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        importing(module.__name__)
        self._watch.entering(module)
        try:
            self._loader.exec_module(module)
            self._watch.executed(module)
        finally:
            self._watch.leaving(module)
            importing(self._watch.stack[-1].__name__ if self._watch.stack else "")

    def __getattr__(self, name):
        return getattr(self._loader, name)


def importing(module: str) -> None:
    """Says to the parent which plugin module executes now (empty: none), so that an import that
    ends the process or hangs is still named (run-backend-gate.ts; farm_gate_channel.py)."""
    say("-importing", module)
