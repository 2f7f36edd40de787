"""Database access for plugins, and index creation for the collections their manifests declare.

Plugin code must run on motor (async: the server, on MongoDB or the local FerretDB of
docs/database.md) and on mongomock/pymongo (sync: unit tests, FARM_DATABASE=mongomock), hence
``maybe_await`` / ``to_list``.
"""
from __future__ import annotations

import asyncio
import inspect
import logging
import os
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Dict, List, Optional, Sequence, Tuple

from .lifespan import add_lifespan

log = logging.getLogger("farm.database")

DIRECTIONS = (1, -1, "text", "hashed", "2dsphere")
INDEX_OPTIONS = ("unique", "sparse", "name", "expireAfterSeconds")

_mock_client = None
_motor_clients: Dict[Tuple[str, int], Any] = {}


def _backend() -> str:
    backend = os.environ.get("FARM_DATABASE", "").strip().lower()
    if backend in ("", "mongodb", "motor"):
        return "motor"
    if backend == "mongomock":
        return "mongomock"
    raise ValueError("FARM_DATABASE=%r: expected 'mongomock' or 'mongodb'" % backend)


def get_database() -> Any:
    """The app database: process-wide mongomock when FARM_DATABASE=mongomock, else motor."""
    name = os.environ.get("FARM_DATABASE_NAME") or "farm"
    if _backend() == "mongomock":
        global _mock_client
        if _mock_client is None:
            import mongomock

            _mock_client = mongomock.MongoClient()
        return _mock_client[name]

    from motor.motor_asyncio import AsyncIOMotorClient

    url = os.environ.get("FARM_MONGODB_URL", "mongodb://127.0.0.1:27017")
    # A motor client is bound to the event loop it was created on; keep one per loop.
    key = (url, _loop_id())
    if key not in _motor_clients:
        _motor_clients[key] = AsyncIOMotorClient(url)
    return _motor_clients[key][name]


def close_database() -> None:
    """Close the running loop's motor clients (the app's shutdown). Idle pooled connections
    would otherwise stay open, and a later loop could reuse the id of this one."""
    loop_id = _loop_id()
    for key in [k for k in _motor_clients if k[1] == loop_id]:
        _motor_clients.pop(key).close()


def _loop_id() -> int:
    try:
        return id(asyncio.get_running_loop())
    except RuntimeError:
        return 0


def reset_database() -> None:
    """Forget the mongomock client (tests start from an empty database)."""
    global _mock_client
    _mock_client = None


async def maybe_await(value: Any) -> Any:
    """Await motor results; pass pymongo/mongomock results through."""
    if inspect.isawaitable(value):
        return await value
    return value


async def to_list(cursor: Any, length: Optional[int] = None) -> List[Any]:
    """Materialise a motor cursor (``to_list``) or a sync pymongo/mongomock cursor."""
    if hasattr(cursor, "to_list"):
        return await cursor.to_list(length=length)
    items = list(cursor)
    return items if length is None else items[:length]


def index_spec(entry: Any) -> Tuple[List[Tuple[str, Any]], Dict[str, Any]]:
    """Manifest index entry -> (keys, options) for ``create_index``.

    ``"email"`` is an ascending index; ``{"keys": {"at": -1}, "unique": true, "name": "..."}``
    is the full form (key order is kept, so compound indexes work).
    """
    if isinstance(entry, str):
        if not entry:
            raise ValueError("index field name is empty")
        return [(entry, 1)], {}
    if not isinstance(entry, dict) or not isinstance(entry.get("keys"), dict) or not entry["keys"]:
        raise ValueError("index %r: expected a field name or {'keys': {...}}" % (entry,))
    unknown = set(entry) - {"keys", *INDEX_OPTIONS}
    if unknown:
        raise ValueError("index %r: unknown option(s) %s" % (entry, sorted(unknown)))
    keys = []
    for field, direction in entry["keys"].items():
        if direction not in DIRECTIONS or isinstance(direction, bool):
            raise ValueError("index %r: %r is not one of %r" % (entry, direction, DIRECTIONS))
        keys.append((field, direction))
    return keys, {k: entry[k] for k in INDEX_OPTIONS if k in entry}


def _registry(app: Any) -> List[Dict[str, Any]]:
    if not hasattr(app.state, "farm_models"):
        app.state.farm_models = []
        app.state.farm_index_errors = []

        @asynccontextmanager
        async def create_indexes(_app: Any) -> AsyncIterator[None]:
            await ensure_indexes(app)
            yield

        add_lifespan(app, create_indexes)
    return app.state.farm_models


def register_collection(app: Any, collection: str, indexes: Sequence[Any] = ()) -> None:
    """Record a collection; its indexes are created on app startup."""
    _register(app, None, collection, indexes)


def register_model(
    app: Any, model_cls: Any, collection: Optional[str] = None, indexes: Sequence[Any] = ()
) -> None:
    """Record a model and its collection (default: lowercase class name + 's')."""
    _register(app, model_cls, collection or model_cls.__name__.lower() + "s", indexes)


def _register(app: Any, model_cls: Any, collection: str, indexes: Sequence[Any]) -> None:
    indexes = list(indexes or [])
    for entry in indexes:
        index_spec(entry)  # a bad manifest entry fails at import, not at first request
    _registry(app).append({"model": model_cls, "collection": collection, "indexes": indexes})


def registered_models(app: Any) -> List[Dict[str, Any]]:
    """What was registered: [{"model", "collection", "indexes"}] in registration order."""
    return [dict(r, indexes=list(r["indexes"])) for r in getattr(app.state, "farm_models", [])]


async def ensure_indexes(app: Any) -> List[str]:
    """Create every registered index through the driver; returns the index names.

    A driver failure (e.g. no MongoDB reachable) is logged and kept in
    ``app.state.farm_index_errors`` instead of stopping the app, so /health still answers.
    """
    db = get_database()
    names = []
    for record in getattr(app.state, "farm_models", []):
        for entry in record["indexes"]:
            keys, options = index_spec(entry)
            try:
                names.append(await maybe_await(db[record["collection"]].create_index(keys, **options)))
            except Exception as exc:  # driver errors vary by backend
                log.error("index %r on %s failed: %s", entry, record["collection"], exc)
                app.state.farm_index_errors.append((record["collection"], entry, repr(exc)))
    return names
