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
  plugin's; its routes then are what the plugin answers. A router whose routes differ at the end
  (cleared, appended to, an entry replaced, an endpoint swapped, the module's name rebound to
  another router) is reported with who changed its list (``by``: the innermost plugin frame of
  each change made by another plugin's code) and what differs: ``{"module", "attr", "by":
  [{"module", "file", "line"}], "lost", "gained", "replaced": [{"path", "methods"}]}`` (paths as
  the router holds them, before an include's prefix). Changes by the plugin itself and by the
  host (include_router reads a router, it does not change it) are its own routes.

Not seen: code that reaches another plugin through ``sys.modules`` or an attribute of an
imported module without importing it, and changes made later than the import (a startup event).
"""

import builtins
import importlib
import sys
from importlib.util import resolve_name

NAMESPACE = "farm_plugins"
PREFIX = NAMESPACE + "."


def plugin_of(module: str | None) -> str | None:
    """``farm_plugins.<alias>.…`` → alias; anything else → None."""
    if not module or not module.startswith(PREFIX):
        return None
    return module.split(".", 2)[1]


def route_key(route) -> tuple:
    """A route as its router holds it: the object, its path, methods and endpoint."""
    return (
        id(route),
        getattr(route, "path", ""),
        tuple(sorted(getattr(route, "methods", None) or [])),
        id(getattr(route, "endpoint", None)),
    )


def shown(keys) -> list:
    return sorted(
        ({"path": path, "methods": list(methods)} for _, path, methods, _ in keys),
        key=lambda r: (r["path"], r["methods"]),
    )


class PluginWatch:
    def __init__(self):
        self.imports = []
        self.imported = set()
        # id(router) → {"router", "alias", "module", "attr", "snapshot": [route_key], "by": [...]}
        self.routers = {}
        # (module, attr) → id(router) bound there by the router's own plugin
        self.bindings = {}
        # alias → the other plugins' modules its code imported (where it could rebind a router)
        self.reached = {}

    def start(self) -> None:
        from fastapi import APIRouter  # noqa: PLC0415 — warmed by the host already

        self.router_type = APIRouter
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
        sys.meta_path.insert(0, PluginModuleFinder(self.executed))

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
            self.imports.append(
                {"importer": importer, "module": target, "file": frame.f_code.co_filename, "line": frame.f_lineno}
            )

    def executed(self, module) -> None:
        """A plugin module finished executing: the routers it holds that no module held before are its plugin's."""
        alias = plugin_of(module.__name__)
        for attr, value in list(vars(module).items()):
            if not isinstance(value, self.router_type):
                continue
            owned = self.routers.get(id(value))
            if owned is None:
                owned = {"router": value, "alias": alias, "module": module.__name__, "attr": attr, "by": []}
                owned["snapshot"] = [route_key(r) for r in value.routes]
                self.routers[id(value)] = owned
                value.routes = WatchedRoutes(value.routes, self, owned)
            if owned["alias"] == alias:
                self.bindings.setdefault((module.__name__, attr), id(value))
        # A router name rebound by this module in a module of another plugin it imported.
        for target in self.reached.get(alias, ()):
            for attr, value in list(vars(sys.modules.get(target) or object()).items()):
                owned = self.routers.get(self.bindings.get((target, attr)))
                if owned is not None and value is not owned["router"]:
                    self.changed(
                        owned, {"module": module.__name__, "file": getattr(module, "__file__", None), "line": None}
                    )

    def changing(self, owned: dict):
        """Who changes ``owned``'s routes now: the innermost plugin frame's module, file and line if
        another plugin's, else None (the plugin itself, or the host)."""
        frame = sys._getframe(2)
        while frame is not None:
            alias = plugin_of(frame.f_globals.get("__name__"))
            if alias is not None:
                if alias == owned["alias"]:
                    return None
                return {"module": frame.f_globals["__name__"], "file": frame.f_code.co_filename, "line": frame.f_lineno}
            frame = frame.f_back
        return None

    def changed(self, owned: dict, by) -> None:
        if by is None and not owned["by"]:
            owned["snapshot"] = [route_key(r) for r in owned["router"].routes]
        elif by is not None and by not in owned["by"]:
            owned["by"].append(by)

    def report(self) -> dict:
        routers = []
        for owned in self.routers.values():
            now = {route_key(r) for r in owned["router"].routes}
            routers.extend(self.difference(owned, now, owned["module"], owned["attr"]))
        for (module, attr), router_id in self.bindings.items():
            value = getattr(sys.modules.get(module), attr, None)
            if id(value) == router_id:
                continue
            now = {route_key(r) for r in value.routes} if isinstance(value, self.router_type) else set()
            routers.extend(self.difference(self.routers[router_id], now, module, attr, rebound=True))
        return {"imports": self.imports, "routers": routers}

    @staticmethod
    def difference(owned: dict, now: set, module: str, attr: str, rebound: bool = False) -> list:
        before = set(owned["snapshot"])
        lost = before - now
        gained = now - before
        if not lost and not gained:
            return []  # changed and changed back: it answers what it did
        urls = lambda keys: {(path, methods) for _, path, methods, _ in keys}  # noqa: E731
        replaced = urls(lost) & urls(gained)
        return [
            {
                "module": module,
                "attr": attr,
                "rebound": rebound,
                "by": owned["by"],
                "lost": shown(k for k in lost if (k[1], k[2]) not in replaced),
                "gained": shown(k for k in gained if (k[1], k[2]) not in replaced),
                "replaced": shown({(0, p, m, 0) for p, m in replaced}),
            }
        ]


class WatchedRoutes(list):
    """A plugin router's route list that tells its watch who changes it."""

    def __init__(self, routes, watch: PluginWatch, owned: dict):
        super().__init__(routes)
        self._watch = watch
        self._owned = owned

    def _change(self, op, *args):
        by = self._watch.changing(self._owned)
        result = op(self, *args)
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

    def __init__(self, executed):
        self.executed = executed

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith(PREFIX):
            return None
        for finder in sys.meta_path:
            find_spec = getattr(finder, "find_spec", None) if finder is not self else None
            spec = find_spec(fullname, path, target) if find_spec is not None else None
            if spec is None:
                continue
            if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                spec.loader = ExecutedLoader(spec.loader, self.executed)
            return spec
        return None

    def invalidate_caches(self) -> None:
        pass


class ExecutedLoader:
    """A module's own loader that reports the module once it has run; everything else is the loader's."""

    def __init__(self, loader, executed):
        self._loader = loader
        self._executed = executed

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        self._executed(module)

    def __getattr__(self, name):
        return getattr(self._loader, name)
