"""Opening a file as a cadence store: only ours, never through a link, and read even where it cannot be written.

A link where the store should be, a file that is not SQLite, or another
program's SQLite file is refused before anything touches it (SQLite's
`application_id` marks a store as cadence's). A home whose file system will not
take SQLite's shared memory (read-only, full) is read through `faults.as_it_is`,
and the reason comes back with the connection, for every write to be refused.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import NamedTuple

from cadence.errors import CadenceError
from cadence.store.migrations import SCHEMA_VERSION


class StoreError(CadenceError):
    """The store cannot be used; the message is one line for the person."""


APPLICATION_ID = 0x43444E43
"""'CDNC' in SQLite's header: this file is a cadence store."""
SQLITE_HEADER = b"SQLite format 3\x00"
READ_ONLY = "the home is read-only; cadence reads it but records nothing there"


def check_header(path: Path) -> None:
    """Refuse a file that is not SQLite at all (an empty file is a store being created)."""
    try:
        with open(path, "rb") as file:
            header = file.read(100)
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror or error}") from None
    if header and (not header.startswith(SQLITE_HEADER) or len(header) < 100):
        raise StoreError(f"{path} is not a usable cadence store: it is not an SQLite database")


def check_ours(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse, before anything is written through `connection`, a SQLite file that is not a cadence store.

    It is ours when it carries our application id, or none but a store version
    (stores made before the id), or nothing at all. Read through SQLite, never
    the bytes: a store in WAL mode keeps its newest header in the log.
    """
    application = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
    if application == APPLICATION_ID or (application == 0 and (version > 0 or tables == 0)):
        return
    connection.close()
    raise StoreError(f"{path} is another program's SQLite database, not a cadence store; it was left as it is")


def connect(path: Path, writable: bool, timeout_ms: int) -> sqlite3.Connection:
    """A connection that waits for other writers; read-only (as SQLite opens it) for a home that cannot be written."""
    where: str | Path = path if writable else f"{path.resolve().as_uri()}?mode=ro"
    connection = sqlite3.connect(where, uri=not writable, timeout=timeout_ms / 1000, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {timeout_ms}")
    return connection


class Opened(NamedTuple):
    connection: sqlite3.Connection
    path: Path
    refusal: str | None
    """Why it can be read but not written, or None."""
    version: int


def open_file(path: Path, create: bool, timeout_ms: int) -> Opened | None:
    """A connection to the store at `path` once it is known to be ours; None when absent and not `create`."""
    home = path.parent
    if os.path.islink(path):
        raise StoreError(f"{path} is a symbolic link; cadence keeps its store as a file in the home")
    if not path.exists():
        if not create:
            return None
        try:
            home.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600))
        except OSError as error:
            raise StoreError(f"cannot create the store in {home}: {error.strerror or error}") from None
    elif path.is_dir():
        raise StoreError(f"{path} is a directory, not a cadence store")
    else:
        check_header(path)
    writable = os.access(path, os.W_OK) and os.access(home, os.W_OK)
    refusal = None if writable else READ_ONLY
    connection: sqlite3.Connection | None = None
    try:
        connection = connect(path, writable, timeout_ms)
        try:
            check_ours(connection, path)  # the first read, and a read only: nothing is written to a file not ours
        except sqlite3.OperationalError as error:  # no room for SQLite's shared memory: read the file as it is
            from cadence.store import faults

            connection.close()
            refusal = faults.unshared(error, path, writable)
            connection = faults.as_it_is(path)
            check_ours(connection, path)
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{path} was written by a newer cadence (store version {version}; this one "
                f"knows up to {SCHEMA_VERSION}); upgrade cadence to use it"
            )
    except BaseException as error:
        if connection is not None:
            connection.close()
        if isinstance(error, sqlite3.DatabaseError):
            from cadence.store import faults

            raise faults.explain(error, path) from None
        raise
    return Opened(connection, path, refusal, version)
