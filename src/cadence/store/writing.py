"""Taking the write lock: BEGIN IMMEDIATE, waiting for another process's write, and which failures refuse one.

Functions of a connection, below the Store: a lock still held after the wait,
or a failure of the file, the disk or another process, is left to the Store,
which rolls the transaction back whole and raises the reason as its
StoreError (`store.faults` says it); a store that can only be read refuses
every write before it begins.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

READ_ONLY = "the home is read-only; cadence reads it but records nothing there"


def _name(error: sqlite3.Error) -> str:
    return str(getattr(error, "sqlite_errorname", "") or "")


def busy(error: sqlite3.Error) -> bool:
    """Another process holds the lock."""
    return _name(error).startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def of_the_file(error: sqlite3.Error) -> bool:
    """A failure of the file, the disk or another process, not of cadence's own statements."""
    return _name(error).startswith(
        ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CORRUPT")
    ) or _name(error).startswith(("SQLITE_NOTADB", "SQLITE_CANTOPEN"))


def begin(connection: sqlite3.Connection, wait: float, on_wait: Callable[[float], None] | None) -> None:
    """BEGIN IMMEDIATE, waiting up to `wait` seconds for another writer; `on_wait`, when given, is told
    after the first second (with `wait`), so a person hears why nothing happens yet.

    A lock still held after the wait raises SQLite's OperationalError, as any other failure to begin does.
    """
    patient = on_wait is not None and wait > 1
    _wait_up_to(connection, 1.0 if patient else wait)
    try:
        connection.execute("BEGIN IMMEDIATE")
        return
    except sqlite3.OperationalError as error:
        if not patient or not busy(error):
            raise
    assert on_wait is not None
    on_wait(wait)
    _wait_up_to(connection, wait - 1.0)
    connection.execute("BEGIN IMMEDIATE")


def _wait_up_to(connection: sqlite3.Connection, seconds: float) -> None:
    milliseconds = max(1, int(seconds * 1000))
    if connection.execute("PRAGMA busy_timeout").fetchone()[0] != milliseconds:
        connection.execute(f"PRAGMA busy_timeout = {milliseconds}")
