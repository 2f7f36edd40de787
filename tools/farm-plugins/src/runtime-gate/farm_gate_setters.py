"""Who sets an attribute of a plugin's router while plugins start (issue 12; farm_gate_startup.py).

A change in place — ``route.endpoint = …``, ``route.dependant.call = …``, ``router.prefix = …`` —
is an attribute set on an object a plugin router holds. While ``AttributeSetters`` is entered, the
classes of those objects (Starlette's ``BaseRoute`` and ``Router``, FastAPI's ``Dependant``: every
route, router and dependant whose class does not define its own ``__setattr__``) set attributes
through a hook that tells ``on_set(owned, by, name)`` which plugin router's object is set, by whom —
the innermost plugin frame (of a plugin other than the router's), located as a change to a route
list is (``PluginWatch.changing``) — and which attribute. The app's own router and routes are
watched so too. So a change made by one plugin's code that another plugin's startup happens
to call (a function planted in the victim's module, a dependency's extension point) is located
at the code that makes it, not at the startup that ran.

Not seen: a change made inside a value (``route.tags.append``, ``route.responses[404] = …``) or
through ``object.__setattr__`` / ``__dict__``; the comparison then blames the startup that ran.
The hook exists only while plugins start, and only when some plugin has startup code.
"""

def router_parts(router) -> list:
    """The objects a change in place to ``router`` sets an attribute of: the router, its routes
    and each route's dependant tree."""
    parts = [router]
    seen = set()
    for route in list(router.routes):
        parts.append(route)
        pending = [getattr(route, "dependant", None)]
        while pending:
            dependant = pending.pop()
            if dependant is None or id(dependant) in seen:
                continue
            seen.add(id(dependant))
            parts.append(dependant)
            pending.extend(getattr(dependant, "dependencies", None) or ())
    return parts


class AttributeSetters:
    def __init__(self, watch, on_set):
        self.watch = watch
        self.on_set = on_set
        self.owners = {}
        self.hooked = []

    def index(self, routers) -> None:
        """Which router (``owned``: farm_gate_watch's record of a plugin's, or the app's with alias
        None) each watched object belongs to, now (call before each startup: a route gained
        meanwhile is watched too). The index holds the objects, so that no id is reused by another
        object while it is in use."""
        self.owners = {id(part): (owned, part) for owned in routers for part in router_parts(owned["router"])}

    def __enter__(self):
        from fastapi.dependencies.models import Dependant  # noqa: PLC0415 — loaded by the app
        from starlette.routing import BaseRoute, Router  # noqa: PLC0415

        owners, watch, on_set = self, self.watch, self.on_set

        def setattr_hook(obj, name, value):
            entry = owners.owners.get(id(obj))
            if entry is not None and entry[1] is obj:
                on_set(entry[0], watch.changing(entry[0]), name)
            object.__setattr__(obj, name, value)

        for cls in (BaseRoute, Router, Dependant):
            # Not a class that defines its own (FastAPI's do not): a change through it is then
            # blamed on the startup that ran, as a change inside a value is.
            if all("__setattr__" not in klass.__dict__ for klass in cls.__mro__[:-1]):
                cls.__setattr__ = setattr_hook
                self.hooked.append(cls)
        return self

    def __exit__(self, *exc) -> None:
        for cls in self.hooked:
            del cls.__setattr__
        self.hooked = []
