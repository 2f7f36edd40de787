"""Plugin code that patches the web framework every plugin's routes go through (issue 12).

Rebinding an attribute of FastAPI or Starlette — ``fastapi.routing.APIRouter.add_api_route =
wrapper``, ``starlette.routing.Route.matches = …`` — changes how every plugin's routes are built or
matched, those of plugins imported later included, where no router watch can see it (the routes
are built changed: they are their plugins' own from the start). ``FrameworkSnapshot`` takes, before
any plugin code runs, the identity of each attribute of the framework's modules and of the classes
they define, and of each entry of their modules' tables (``CONVERTOR_TYPES["int"]``: an entry
replaced or removed; one added is what ``register_url_convertor`` does), and ``changes()`` lists
what differs since: ``[{"name", "file", "line"}]`` — the dotted name (or ``table['key']``) rebound
or deleted, and where the new value's code is (a function's, a wrapper's wrapped one's, an
object's class's; None when it has none), by which the change is located at a plugin (the host's
own code, by its file, is the host's business).
"""

import inspect
import sys

FRAMEWORKS = ("fastapi", "starlette")


def framework_modules() -> list:
    return [
        (name, module)
        for name, module in list(sys.modules.items())
        if module is not None and name.split(".")[0] in FRAMEWORKS
    ]


def namespaces() -> dict:
    """``{dotted name: (namespace, is_class)}``: each framework module and each class it defines."""
    found = {}
    for name, module in framework_modules():
        attrs = getattr(module, "__dict__", None)
        if type(attrs) is not dict:
            continue
        found[name] = (attrs, False)
        for attr, value in list(attrs.items()):
            if isinstance(value, type) and getattr(value, "__module__", None) == name:
                found["%s.%s" % (name, attr)] = (value.__dict__, True)
    return found


def code_of(value):
    """``(file, line)`` of the code a new value runs — a function's, a wrapper's wrapped one's, else
    the first method its class defines (a convertor object) — else ``(None, None)``."""
    target = getattr(value, "__func__", value)
    try:
        target = inspect.unwrap(target)
    except ValueError:
        pass
    code = getattr(target, "__code__", None)
    if code is None and not isinstance(value, type):
        code = next((f.__code__ for f in vars(type(value)).values() if inspect.isfunction(f)), None)
    if code is None:
        return None, None
    return code.co_filename, code.co_firstlineno


# Attributes the standard library caches on classes (copyreg: when an instance is copied or pickled).
CACHES = frozenset({"__slotnames__"})


def overrides(value) -> bool:
    """Whether a value set on a class can change what its instances do: a function, a method or
    any other descriptor (``__get__``), or a callable."""
    return callable(value) or hasattr(type(value), "__get__")


def instance_attributes(value) -> bool:
    """Whether a table's entry is an object with attributes of its own (a convertor), not a class."""
    return not isinstance(value, type) and type(getattr(value, "__dict__", None)) is dict


def dunder(name) -> bool:
    return isinstance(name, str) and name.startswith("__") and name.endswith("__")


class FrameworkSnapshot:
    def __init__(self):
        # name → (namespace, is_class, {attr: value}): the values held, so no id is reused meanwhile
        self.taken = {name: (attrs, is_class, dict(attrs)) for name, (attrs, is_class) in namespaces().items()}
        # "module.NAME" → (the dict, its items): a module's tables (Starlette's CONVERTOR_TYPES,
        # FastAPI's ENCODERS_BY_TYPE), where an entry replaced changes every plugin's routes alike;
        # an entry added is their registration API (``register_url_convertor``), a cache is no table
        self.tables = {}
        seen = set()  # a table re-exported (starlette.routing's CONVERTOR_TYPES) is named once
        for name, (attrs, is_class, _) in self.taken.items():
            for attr, value in [] if is_class else list(attrs.items()):
                if type(value) is dict and not dunder(attr) and "cache" not in attr.lower() and id(value) not in seen:
                    seen.add(id(value))
                    # and each entry's own attributes: CONVERTOR_TYPES["int"].convert = f
                    inside = {key: dict(vars(entry)) for key, entry in value.items() if instance_attributes(entry)}
                    self.tables["%s.%s" % (name, attr)] = (value, dict(value), inside)

    def changes(self) -> list:
        found = []
        for name, (attrs, is_class, before) in self.taken.items():
            now = dict(attrs)  # a class's namespace is a mappingproxy
            for attr in sorted(set(before) | set(now), key=str):
                if attr in before and attr in now and before[attr] is now[attr]:
                    continue
                if attr not in before and not (is_class and overrides(now[attr])):
                    continue  # a module gaining a name (a lazy import, a cache) changes nothing it had,
                    # nor a class gaining data (copyreg's ``__slotnames__``, cached when a
                    # FastAPI param is copied); a function or descriptor may override what it inherited
                if attr in CACHES or (is_class and dunder(attr) and attr in now and code_of(now[attr])[0] is None):
                    continue  # pydantic completing a FastAPI model (``__pydantic_validator__``): no code of anyone's
                file, line = code_of(now[attr]) if attr in now else (None, None)
                found.append({"name": "%s.%s" % (name, attr), "file": file, "line": line})
        for name, (table, before, inside) in self.tables.items():
            for key, value in list(before.items()):
                if table.get(key, self) is not value:
                    file, line = code_of(table[key]) if key in table else (None, None)
                    found.append({"name": "%s[%r]" % (name, key), "file": file, "line": line})
                elif key in inside:
                    now = vars(value)
                    for attr in sorted(set(inside[key]) | set(now), key=str):
                        if inside[key].get(attr, self) is not now.get(attr, self):
                            file, line = code_of(now[attr]) if attr in now else (None, None)
                            found.append({"name": "%s[%r].%s" % (name, key, attr), "file": file, "line": line})
        return found
