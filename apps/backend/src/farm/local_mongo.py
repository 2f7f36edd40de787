"""A local MongoDB-wire server: FerretDB v1 over SQLite, run as a child process.

Used by ``farm.serve`` (the embedded database of ``nx run backend:serve``) and by the backend's
integration tests (apps/backend/tests/integration). ``scripts/install-ferretdb.sh`` builds the
binary into ``.farm/bin/ferretdb``; nothing here builds or downloads it.

FerretDB runs in its own session (process group), so a Ctrl-C in the terminal reaches the server
first and the database is stopped after it, by :meth:`LocalMongo.stop`.
"""
from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, List, Optional

from .plugins import workspace_root

FERRETDB_VERSION = "v1.24.2"
INSTALL_COMMAND = "bash scripts/install-ferretdb.sh"
LOG_NAME = "ferretdb.log"
LOCK_NAME = "farm.lock"


class FerretDBMissing(RuntimeError):
    """The FerretDB binary has not been built."""


class FerretDBFailed(RuntimeError):
    """FerretDB did not start, or its data folder is in use."""


@dataclass
class LocalMongo:
    """A running FerretDB: ``url`` for the driver, ``stop()`` when done."""

    process: subprocess.Popen
    url: str
    data_dir: Path
    log_path: Path
    _lock: IO[str] = field(repr=False)
    _log: IO[bytes] = field(repr=False)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop FerretDB and whatever it started (its process group), then free the data folder."""
        if self.process.poll() is None:
            _signal_group(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                _signal_group(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()
        self._lock.close()  # releases the flock


def ferretdb_binary() -> Path:
    """Where scripts/install-ferretdb.sh puts it."""
    return workspace_root() / ".farm" / "bin" / "ferretdb"


def ferretdb_command(binary: Path, data_dir: Path, port: int) -> List[str]:
    """FerretDB v1's flags (``ferretdb --help``) for SQLite on 127.0.0.1 only."""
    return [
        str(binary),
        "--handler=sqlite",
        "--sqlite-url=" + data_dir.as_uri() + "/",  # a folder: one SQLite file per database
        "--listen-addr=127.0.0.1:%d" % port,
        "--state-dir=" + str(data_dir),  # state.json (instance UUID); the default is the cwd
        "--debug-addr=-",  # no metrics/pprof HTTP listener (default 127.0.0.1:8088)
        "--telemetry=disable",
        "--log-level=warn",
    ]


def start_ferretdb(
    data_dir: Path, port: Optional[int] = None, binary: Optional[Path] = None, timeout: float = 20.0
) -> LocalMongo:
    """Start FerretDB with its SQLite files in ``data_dir`` and return once it answers a ping.

    ``port`` defaults to a free one, ``binary`` to :func:`ferretdb_binary`. Raises
    :class:`FerretDBMissing` when the binary is not built, :class:`FerretDBFailed` when another
    FerretDB started here uses ``data_dir``, or FerretDB exits or stays silent (the message
    ends with its log).
    """
    binary = binary or ferretdb_binary()
    if not binary.is_file():
        raise FerretDBMissing(
            "FerretDB is not built (%s missing). Build it: %s" % (_show(binary), INSTALL_COMMAND)
        )
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = _lock_data_dir(data_dir)
    log_path = data_dir / LOG_NAME
    log = open(log_path, "wb")
    port = port or free_port()
    try:
        process = subprocess.Popen(
            ferretdb_command(binary, data_dir, port),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # FerretDB shares the lock: if this process dies without stopping it, the orphan
            # keeps the folder locked and a second FerretDB cannot open the same SQLite files.
            pass_fds=(lock.fileno(),),
        )
    except OSError:
        log.close()
        lock.close()
        raise
    lock.seek(0)
    lock.truncate()
    lock.write("%d\n" % process.pid)
    lock.flush()
    mongo = LocalMongo(process, "mongodb://127.0.0.1:%d" % port, data_dir, log_path, lock, log)
    try:
        _wait_until_ready(mongo, timeout)
    except BaseException:
        mongo.stop()
        raise
    return mongo


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lock_data_dir(data_dir: Path) -> IO[str]:
    lock = open(data_dir / LOCK_NAME, "a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        holder = lock.read().strip() or "?"
        lock.close()
        raise FerretDBFailed(
            "%s is in use by another FerretDB (pid %s, e.g. another `nx run backend:serve`); "
            "stop it first" % (_show(data_dir), holder)
        ) from None
    return lock


def _wait_until_ready(mongo: LocalMongo, timeout: float) -> None:
    """Until the server at ``mongo.url`` answers and is this FerretDB: another server already
    on the port would answer a ping while ours fails to bind it (serverStatus has the pid)."""
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    deadline = time.monotonic() + timeout
    client = MongoClient(mongo.url, serverSelectionTimeoutMS=250, connectTimeoutMS=250)
    try:
        while True:
            if mongo.process.poll() is not None:
                raise FerretDBFailed("FerretDB exited with code %s:\n%s" % (mongo.process.returncode, _tail(mongo)))
            try:
                answered = "pid %s" % client.admin.command("serverStatus").get("pid")
            except PyMongoError as exc:
                answered = "no answer: %s" % exc
            if answered == "pid %d" % mongo.process.pid:
                return
            if time.monotonic() > deadline:
                raise FerretDBFailed("FerretDB (pid %d) not ready at %s within %gs (%s):\n%s"
                                     % (mongo.process.pid, mongo.url, timeout, answered, _tail(mongo)))
            time.sleep(0.05)
    finally:
        client.close()


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass


def _tail(mongo: LocalMongo, lines: int = 20) -> str:
    mongo._log.flush()
    text = mongo.log_path.read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:]) or "(%s is empty)" % _show(mongo.log_path)


def _show(path: Path) -> str:
    """``path`` relative to the workspace when inside it: shorter messages, same meaning."""
    try:
        return str(path.relative_to(workspace_root()))
    except ValueError:
        return str(path)
