"""Run a middleware only for some requests (manifest middleware ``conditions`` / router middleware)."""
from __future__ import annotations

from typing import Any, Iterable, Optional


def _matches_path(path: str, prefix: str) -> bool:
    # "/auth" matches "/auth" and "/auth/login" but not "/authors": prefixes are router
    # prefixes, i.e. path segments. A trailing "*" asks for a raw string prefix instead.
    if prefix.endswith("*"):
        return path.startswith(prefix[:-1])
    prefix = prefix.rstrip("/")
    return prefix == "" or path == prefix or path.startswith(prefix + "/")


class ConditionalMiddleware:
    """Pure ASGI wrapper: ``middleware`` sees only http requests whose path starts with one of
    ``paths`` and whose method is in ``methods`` (None = no restriction); everything else —
    including websocket and lifespan traffic — goes straight to ``app``."""

    def __init__(
        self,
        app: Any,
        middleware: Any,
        paths: Optional[Iterable[str]] = None,
        methods: Optional[Iterable[str]] = None,
        **options: Any,
    ) -> None:
        self.app = app
        self.wrapped = middleware(app, **options)
        self.paths = None if paths is None else list(paths)
        self.methods = None if methods is None else {m.upper() for m in methods}

    def applies(self, scope: dict) -> bool:
        if scope.get("type") != "http":
            return False
        if self.methods is not None and scope.get("method", "").upper() not in self.methods:
            return False
        if self.paths is not None:
            path = scope.get("path", "")
            return any(_matches_path(path, p) for p in self.paths)
        return True

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        target = self.wrapped if self.applies(scope) else self.app
        await target(scope, receive, send)
