"""Plugin code that rebinds what another plugin's modules hold (issue 12).

A plugin's backend code reads its module globals and its classes' attributes when it runs: rebinding
``deps.get_current_user`` or ``Paging.__init__`` changes what its routes do without touching a
route, which the router watch (farm_gate_watch.py) compares. Code that imports the other plugin's
module to do so must declare that plugin (FARM_E145), and then it is monkeypatching, how one plugin
extends another. Reached without an import — through the app at startup
(``route.endpoint.__globals__``, a dependency's class) or through ``sys.modules`` — it is compared
here. ``ModuleSnapshot`` holds the identity of each global of each plugin module that finished
executing, and of each attribute of the classes such a module defines; ``changes()`` lists what
differs since: ``[{"name", "module", "by": {"module", "file", "line"}, "when"}]`` — the dotted name rebound,
deleted, or gained where it shadows a builtin (a module's global) or can override what the class
inherited (a function or descriptor), the plugin module holding it, and who did it:

- a value whose code is in a plugin module's file (a function planted, a class, a method) is that
  module's doing, at its first line — at import or at startup, whoever calls it;
- any other change (data, a deletion, a library's function) is, at startup only, the doing of the
  plugin whose startup ran (``by``), unless the holder's own code ran meanwhile (a task it started,
  a callback it scheduled, a thread it runs, or its code called by the startup — ``app.openapi()``
  runs every model's schema hooks: ``busy``), where it may be its own doing; at import it is not
  judged, since no frame says whose it is.

A change to a plugin's own modules is its own business; one inside a value (``CONFIG["admin"] =
True``) is not seen.
"""

import builtins
import inspect
import sys
from types import ModuleType

from farm_gate_frameworks import dunder, overrides

BUILTIN_NAMES = frozenset(vars(builtins))
ABSENT = object()  # an attribute not there (gained, or deleted)


def code_file(value):
    """``(file, line)`` of the code a value runs — a function's, a method's, a wrapper's wrapped
    one's, a class's ``__init__`` (or its module's file) — else ``(None, None)``."""
    target = getattr(value, "__func__", value)
    if isinstance(target, ModuleType):
        return getattr(target, "__file__", None), None
    if isinstance(target, type):
        init = target.__dict__.get("__init__")
        if init is not None and hasattr(init, "__code__"):
            target = init
        else:
            module = sys.modules.get(getattr(target, "__module__", None) or "")
            return getattr(module, "__file__", None), None
    try:
        target = inspect.unwrap(target)
    except ValueError:
        pass
    code = getattr(target, "__code__", None)
    return (code.co_filename, code.co_firstlineno) if code is not None else (None, None)


class ModuleSnapshot:
    def __init__(self, modules_by_file: dict, plugin_of):
        """``modules_by_file``: a plugin module's file → its name (farm_gate_watch's, filled as
        modules start); ``plugin_of``: a module name → its plugin's alias, else None."""
        self.modules_by_file = modules_by_file
        self.plugin_of = plugin_of
        # dotted name → (holder module, namespace, is_class, {attr: value}); the values held, so
        # that no id is reused meanwhile
        self.taken = {}

    def take(self, module) -> None:
        """Adds (or takes anew) a plugin module's globals and its classes' attributes."""
        name = module.__name__
        self.taken[name] = (name, vars(module), False, dict(vars(module)))
        for attr, value in list(vars(module).items()):
            if isinstance(value, type) and getattr(value, "__module__", None) == name:
                self.taken["%s.%s" % (name, attr)] = (name, value.__dict__, True, dict(value.__dict__))

    def changes(self, by=None, busy=frozenset()) -> list:
        """What changed since taken (see the module's doc), and takes it anew. ``by``: the
        startup that ran (``{"module", "file", "line"}``), None at import; ``busy``: the aliases
        whose own code may have run meanwhile."""
        plugin_of = self.plugin_of
        found = []
        for name, (holder, attrs, is_class, before) in list(self.taken.items()):
            now = dict(attrs)  # a class's namespace is a mappingproxy
            if len(now) == len(before) and all(before.get(a, now) is v for a, v in now.items()):
                continue  # by identity only: == on a plugin's values may run its code
            self.taken[name] = (holder, attrs, is_class, now)
            owner = plugin_of(holder)
            for attr in sorted(set(before) | set(now), key=str):
                if attr in before and attr in now and before[attr] is now[attr]:
                    continue
                was, value = before.get(attr, ABSENT), now.get(attr, ABSENT)
                if not self.counts(attr, was, value, is_class):
                    continue
                doer = self.doer(value, owner, by, busy)
                if doer is not None and plugin_of(doer["module"]) != owner:
                    when = "import" if by is None else "startup"
                    found.append({"name": "%s.%s" % (name, attr), "module": holder, "by": doer, "when": when})
        return found

    @staticmethod
    def counts(attr, was, value, is_class: bool) -> bool:
        """Whether a change of ``attr`` from ``was`` to ``value`` (either ``ABSENT``) can change what the
        holder's code does. A module gaining a name matters where it shadows a builtin (not a
        submodule imported: the package gains it); a class, where a function or descriptor may
        override what it inherited. A class's dunder data (``__pydantic_validator__`` rebuilt,
        copyreg's ``__slotnames__``) is its library's bookkeeping."""
        if is_class:
            if value is ABSENT:
                return not dunder(attr)
            if dunder(attr):  # ``__init__ = f``, not pydantic's ``__signature__`` or ``__slotnames__``
                return code_file(value)[0] is not None
            return was is not ABSENT or overrides(value)
        if was is ABSENT:
            return attr in BUILTIN_NAMES and not dunder(attr) and not isinstance(value, ModuleType)
        return True

    def doer(self, value, owner: str, by, busy):
        """Whose doing a new value (``ABSENT``: deleted) is: the plugin module whose file holds its
        code, else the startup that ran (``by``) unless the holder ``owner`` is busy, else nobody."""
        file, line = code_file(value) if value is not ABSENT else (None, None)
        module = self.modules_by_file.get(file) if file is not None else None
        if module is not None:
            return {"module": module, "file": file, "line": line}
        return by if by is not None and owner not in busy else None
