"""``nx run backend:serve``: uvicorn, with a database chosen before the server starts.

    PYTHONPATH=apps/backend/src .venv/bin/python -m farm.serve main:app [uvicorn options]

Which database, first match wins (one line on stderr says which):

1. ``FARM_DATABASE=mongomock``: in memory, gone when the server stops.
2. ``FARM_MONGODB_URL`` (or its alias ``MONGODB_URL``): that server.
3. Otherwise the embedded default: FerretDB (``farm.local_mongo``) with its SQLite files in
   ``.farm/data/ferretdb/``, started here and stopped when uvicorn returns. Without the binary,
   mongomock as in 1, and a line saying how to build FerretDB.

Why this process owns FerretDB, not the app's lifespan: with ``--reload`` this process is
uvicorn's supervisor and the app runs in a child that is replaced on every code change; a
lifespan hook would restart the database on each reload (and two children could briefly
overlap on the same files). Here it starts once, before uvicorn, under the ``__main__`` guard —
the reloader's spawned child re-imports this module as ``__mp_main__``, so it never runs
``main()`` — and the child finds the database through the environment it inherits
(``FARM_DATABASE``, ``FARM_MONGODB_URL``, read by ``farm.database``).
"""
from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import List, MutableMapping, Optional
from urllib.parse import urlsplit, urlunsplit

from .local_mongo import FERRETDB_VERSION, LOG_NAME, FerretDBFailed, FerretDBMissing, LocalMongo, start_ferretdb
from .plugins import workspace_root

DATA_DIR = Path(".farm") / "data" / "ferretdb"  # in the workspace root
MEMORY_NOTE = "data is in memory and is lost when the server stops"


def main(argv: Optional[List[str]] = None) -> None:
    # uvicorn (without --reload) re-raises the signal that stopped it once it has shut down;
    # SIGTERM's default action would end this process before the finally below stops FerretDB.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        mongo = choose_database(os.environ)
    except FerretDBFailed as failed:
        banner(str(failed))
        raise SystemExit(1) from None
    try:
        run_uvicorn(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        raise SystemExit(130) from None  # Ctrl-C is how a dev server ends: no traceback
    finally:
        if mongo is not None:
            banner("stopping FerretDB")
            mongo.stop()


def choose_database(env: MutableMapping[str, str]) -> Optional[LocalMongo]:
    """Set ``FARM_DATABASE``/``FARM_MONGODB_URL`` in ``env`` for the server; returns the
    FerretDB it started, if any (the caller stops it)."""
    if env.get("FARM_DATABASE", "").strip().lower() == "mongomock":
        banner("database: mongomock (FARM_DATABASE=mongomock) — " + MEMORY_NOTE)
        return None
    for name in ("FARM_MONGODB_URL", "MONGODB_URL"):
        if env.get(name):
            env["FARM_MONGODB_URL"] = env[name]
            banner("database: %s (from %s)" % (redact(env[name]), name))
            return None
    try:
        mongo = start_ferretdb(workspace_root() / DATA_DIR)
    except FerretDBMissing as missing:
        env["FARM_DATABASE"] = "mongomock"
        banner("database: mongomock — " + MEMORY_NOTE)
        banner(str(missing))
        return None
    env["FARM_DATABASE"] = "mongodb"
    env["FARM_MONGODB_URL"] = mongo.url
    banner("database: FerretDB %s at %s, data in %s/ (log: %s)" % (FERRETDB_VERSION, mongo.url, DATA_DIR, LOG_NAME))
    return mongo


def run_uvicorn(args: List[str]) -> None:
    """uvicorn's own command line, in this process (so with --reload it is the supervisor)."""
    import uvicorn

    uvicorn.main.main(args=args, prog_name="farm.serve")


def redact(url: str) -> str:
    """The URL without its password, for the banner."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc="%s:***@%s" % (parts.username, host)))


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def banner(line: str) -> None:
    print("farm: " + line, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
